"""Secret ballots: create, open, cast, paper totals, close with the computed result, the chair's override."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from thidua.accounts import access
from thidua.accounts.access import Actor
from thidua.accounts.models import Role, RoleAssignment
from thidua.awards.models import Dossier
from thidua.conference import conf, permissions
from thidua.conference.models import (
    Ballot,
    BallotPurpose,
    BallotStatus,
    Candidate,
    PaperTally,
    QuestionKind,
    Vote,
    VoteChoice,
    Voter,
    VoterKind,
    VoterReceipt,
)
from thidua.conference.tally import (
    Attendance,
    Counts,
    Outcome,
    Share,
    TallyError,
    Threshold,
    tally_approval,
    tally_choice,
)
from thidua.core import audit
from thidua.core.errors import AccessDenied, Conflict, InvalidInput
from thidua.org.models import ClusterYear, Membership, Unit

SETTING_FIELDS = (
    "quorum_numerator",
    "quorum_denominator",
    "threshold_comparison",
    "threshold_numerator",
    "threshold_denominator",
    "threshold_base",
)
RESULT_FIELDS = ("status", "present", "passed", "winner", "result_reason", "totals")
OVERRIDE_FIELDS = ("override_passed", "override_winner", "override_reason")


def _require_chair(actor: Actor, ballot: Ballot) -> None:
    if ballot.cluster_year is not None:
        refusal = permissions.chair_refusal(actor, ballot.cluster_year, permissions.units_concerned(ballot))
        if refusal is not None:
            raise AccessDenied(refusal)
    elif not access.is_board_admin(actor, ballot.province_id):
        raise AccessDenied("Chỉ Ban Thi đua – Khen thưởng được tổ chức biểu quyết của Hội đồng.")


def _standing_ballot(
    cluster_year: ClusterYear, purpose: str, subject: Unit | None
) -> tuple[Ballot, str] | None:
    """A ballot of the same question whose outcome stands (or is still to come), with what to tell the chair: a
    new ballot would silently replace it. A ballot that failed its quorum decided nothing and is re-run instead;
    an election without a winner (a tie) may be held again."""
    same = Ballot.objects.filter(cluster_year=cluster_year, purpose=purpose)
    if purpose == BallotPurpose.HONOUR:
        same = same.filter(subject=subject)
    for ballot in same.select_related("subject").order_by("pk"):
        if ballot.status != BallotStatus.CLOSED:
            return ballot, f"Cuộc bỏ phiếu “{ballot.title}” chưa kết thúc."
        if ballot.quorum_failed:
            if not Ballot.objects.filter(rerun_of=ballot).exists():
                return ballot, (
                    f"Cuộc bỏ phiếu “{ballot.title}” không đủ số đại biểu dự họp tối thiểu: "
                    "hãy tổ chức bỏ phiếu lại cuộc đó."
                )
            continue
        if purpose == BallotPurpose.HONOUR or ballot.final_winner_id is not None:
            return ballot, (
                f"Cuộc bỏ phiếu “{ballot.title}” đã có kết quả ({ballot.result_reason}); kết quả của một cuộc bỏ "
                "phiếu không bị thay bằng cuộc bỏ phiếu khác."
            )
    return None


def _transition(ballot: Ballot, old: str, new: str, **fields: Any) -> None:
    """Compare-and-set: the ballot moves only if nobody moved it first."""
    if Ballot.objects.filter(pk=ballot.pk, status=old).update(status=new, **fields) != 1:
        raise Conflict("Cuộc bỏ phiếu vừa được người khác thay đổi trạng thái; hãy tải lại trang.")
    ballot.refresh_from_db()


def _rule(quorum: Share | None, threshold: Threshold | None) -> dict[str, Any]:
    settings = conf.current()
    chosen_quorum = quorum or settings.quorum
    chosen = threshold or settings.threshold
    return {
        "quorum_numerator": chosen_quorum.numerator,
        "quorum_denominator": chosen_quorum.denominator,
        "threshold_comparison": chosen.comparison,
        "threshold_numerator": chosen.share.numerator,
        "threshold_denominator": chosen.share.denominator,
        "threshold_base": chosen.base,
    }


def ballot_create(
    *,
    actor: Actor,
    cluster_year: ClusterYear,
    purpose: str,
    title: str,
    subject: Unit | None = None,
    candidates: Sequence[Unit] = (),
    suggested: Sequence[Unit] = (),
    quorum: Share | None = None,
    threshold: Threshold | None = None,
) -> Ballot:
    """Prepare a ballot of a cluster-year; each member unit gets one seat (one delegate votes for it)."""
    concerned = {unit.pk for unit in candidates} | ({subject.pk} if subject is not None else set())
    refusal = permissions.chair_refusal(actor, cluster_year, concerned)
    if refusal is not None:
        raise AccessDenied(refusal)
    if purpose not in (BallotPurpose.HONOUR, BallotPurpose.LEADER, BallotPurpose.DEPUTY):
        raise InvalidInput("Mục đích bỏ phiếu không hợp lệ.", field="purpose")
    title = title.strip()
    if not title:
        raise InvalidInput("Phải ghi nội dung biểu quyết.", field="title")
    members = {
        m.unit_id: m.unit for m in Membership.objects.filter(cluster_year=cluster_year).select_related("unit")
    }
    if not members:
        raise InvalidInput("Cụm chưa có thành viên nên chưa thể bỏ phiếu.")
    question = QuestionKind.APPROVAL if purpose == BallotPurpose.HONOUR else QuestionKind.CHOICE
    if question == QuestionKind.APPROVAL and (subject is None or subject.pk not in members):
        raise InvalidInput(
            "Phải chọn đơn vị được đề nghị suy tôn trong số thành viên của cụm.", field="subject"
        )
    if question == QuestionKind.CHOICE:
        subject = None
        if not candidates:
            raise InvalidInput("Phải có ít nhất một ứng viên.", field="candidates")
        if any(unit.pk not in members for unit in candidates):
            raise InvalidInput("Ứng viên phải là thành viên của cụm.", field="candidates")
        if len({unit.pk for unit in candidates}) != len(candidates):
            raise InvalidInput("Một ứng viên có tên hai lần.", field="candidates")
    standing = _standing_ballot(cluster_year, purpose, subject)
    if standing is not None:
        raise Conflict(standing[1])
    try:
        rule = _rule(quorum, threshold)
    except TallyError as exc:
        raise InvalidInput(str(exc), field="threshold") from exc
    with transaction.atomic():
        ballot = Ballot.objects.create(
            province_id=cluster_year.cluster.province_id,
            cluster_year=cluster_year,
            purpose=purpose,
            question=question,
            title=title,
            subject=subject,
            voter_kind=VoterKind.UNITS,
            **rule,
        )
        Voter.objects.bulk_create([Voter(ballot=ballot, unit_id=unit_id) for unit_id in members])
        chosen = {unit.pk for unit in suggested}
        Candidate.objects.bulk_create(
            [
                Candidate(ballot=ballot, unit=unit, order=i, suggested=unit.pk in chosen)
                for i, unit in enumerate(candidates, start=1)
            ]
        )
        audit.record(
            actor=access.audit_actor(actor),
            action="ballot.create",
            obj=ballot,
            after={
                "title": title,
                "purpose": purpose,
                "subject": subject.pk if subject else None,
                "candidates": [unit.pk for unit in candidates],
                "voters": sorted(members),
                **rule,
            },
        )
    return ballot


def council_members(province: Unit) -> QuerySet[User]:
    """The active users holding the council_member role in the province (or a province merged into it)."""
    assignments = RoleAssignment.objects.active().filter(
        role=Role.COUNCIL_MEMBER, unit_id__in=access.province_lineage(province.province_or_self_id)
    )
    return User.objects.filter(pk__in=assignments.values("user_id")).order_by("first_name", "username")


def council_ballot_create(
    *,
    actor: Actor,
    province: Unit,
    title: str,
    voters: Sequence[User],
    subject: Unit | None = None,
    dossier: Dossier | None = None,
    quorum: Share | None = None,
    threshold: Threshold | None = None,
) -> Ballot:
    """A council ballot of named voters (members of the provincial council) on a proposed unit or a dossier."""
    if not access.is_board_admin(actor, province.province_or_self_id):
        raise AccessDenied("Chỉ Ban Thi đua – Khen thưởng được tổ chức biểu quyết của Hội đồng.")
    title = title.strip()
    if not title:
        raise InvalidInput("Phải ghi nội dung biểu quyết.", field="title")
    if not voters or any(not user.is_active for user in voters):
        raise InvalidInput(
            "Danh sách người bỏ phiếu phải gồm những người dùng đang hoạt động.", field="voters"
        )
    if len({user.pk for user in voters}) != len(voters):
        raise InvalidInput("Một người có tên hai lần trong danh sách bỏ phiếu.", field="voters")
    members = set(council_members(province).values_list("pk", flat=True))
    if any(user.pk not in members for user in voters):
        raise InvalidInput(
            "Người bỏ phiếu phải là thành viên Hội đồng Thi đua – Khen thưởng của tỉnh.", field="voters"
        )
    lineage = access.province_lineage(province.province_or_self_id)
    if subject is not None and subject.province_or_self_id not in lineage:
        raise InvalidInput("Đơn vị được đề nghị phải thuộc tỉnh.", field="subject")
    if dossier is not None and dossier.province_id not in lineage:
        raise InvalidInput("Hồ sơ đề nghị khen thưởng phải là hồ sơ của tỉnh.", field="dossier")
    try:
        rule = _rule(quorum, threshold)
    except TallyError as exc:
        raise InvalidInput(str(exc), field="threshold") from exc
    with transaction.atomic():
        ballot = Ballot.objects.create(
            province=province,
            purpose=BallotPurpose.COUNCIL,
            question=QuestionKind.APPROVAL,
            title=title,
            subject=subject,
            dossier=dossier,
            voter_kind=VoterKind.PERSONS,
            **rule,
        )
        Voter.objects.bulk_create([Voter(ballot=ballot, user=user) for user in voters])
        audit.record(
            actor=access.audit_actor(actor),
            action="ballot.create",
            obj=ballot,
            after={
                "title": ballot.title,
                "purpose": ballot.purpose,
                "subject": subject.pk if subject else None,
                "dossier": dossier.pk if dossier else None,
                "voters": [u.pk for u in voters],
                **rule,
            },
        )
    return ballot


def _check_present(ballot: Ballot, present: int) -> None:
    seats = ballot.voters.count()
    if not 0 <= present <= seats:
        raise InvalidInput(f"Số đại biểu có mặt phải từ 0 đến {seats}.", field="present")


def ballot_open(*, actor: Actor, ballot: Ballot, present: int) -> Ballot:
    """Open voting, with the number of voters present that the quorum is counted on."""
    _require_chair(actor, ballot)
    _check_present(ballot, present)
    with transaction.atomic():
        _transition(ballot, BallotStatus.DRAFT, BallotStatus.OPEN, present=present, opened_at=timezone.now())
        audit.record(
            actor=access.audit_actor(actor),
            action="ballot.open",
            obj=ballot,
            before={"status": BallotStatus.DRAFT},
            after={"status": ballot.status, "present": present},
        )
    return ballot


def ballot_attendance_set(*, actor: Actor, ballot: Ballot, present: int, reason: str = "") -> Ballot:
    """Correct the number present while the ballot is open (a delegate arrived late or left)."""
    _require_chair(actor, ballot)
    _check_present(ballot, present)
    with transaction.atomic():
        before = ballot.present
        if Ballot.objects.filter(pk=ballot.pk, status=BallotStatus.OPEN).update(present=present) != 1:
            raise Conflict("Chỉ sửa số đại biểu có mặt khi đang bỏ phiếu.")
        ballot.refresh_from_db()
        audit.record(
            actor=access.audit_actor(actor),
            action="ballot.attendance",
            obj=ballot,
            before={"present": before},
            after={"present": present},
            reason=reason,
        )
    return ballot


def _seat(actor: Actor, ballot: Ballot, voter: Voter | None) -> Voter:
    seats = permissions.voters_for(actor, ballot)
    if voter is not None:
        if not seats.filter(pk=voter.pk).exists():
            raise AccessDenied("Bạn không được bỏ phiếu thay cho đại biểu này.")
        return voter
    found = list(seats[:2])
    if not found:
        raise AccessDenied("Bạn không có quyền bỏ phiếu trong cuộc bỏ phiếu này.")
    if len(found) > 1:
        raise InvalidInput("Bạn là đại biểu của nhiều đơn vị: hãy chọn đơn vị bỏ phiếu.", field="voter")
    return found[0]


def _validated_choice(ballot: Ballot, choice: str, candidate: Candidate | None) -> None:
    if ballot.question == QuestionKind.APPROVAL:
        if choice not in (VoteChoice.APPROVE, VoteChoice.REJECT, VoteChoice.ABSTAIN) or candidate is not None:
            raise InvalidInput("Phiếu phải là đồng ý, không đồng ý hoặc không biểu quyết.", field="choice")
        return
    if choice == VoteChoice.ABSTAIN and candidate is None:
        return
    if choice != VoteChoice.CANDIDATE or candidate is None or candidate.ballot_id != ballot.pk:
        raise InvalidInput("Phải chọn một ứng viên của cuộc bầu này, hoặc không bầu ai.", field="choice")


def ballot_cast(
    *,
    actor: Actor,
    ballot: Ballot,
    choice: str,
    candidate: Candidate | None = None,
    voter: Voter | None = None,
) -> VoterReceipt:
    """Cast one secret vote: the receipt (who) and the vote (what) land together or not at all.

    The unique (ballot, voter) constraint on the receipt refuses a second vote even when two requests race;
    the losing transaction rolls back its vote with it, so no vote is ever counted without its receipt.
    """
    seat = _seat(actor, ballot, voter)
    _validated_choice(ballot, choice, candidate)
    try:
        with transaction.atomic():
            # Read the state inside the transaction: voting after the close must not slip in.
            if not Ballot.objects.filter(pk=ballot.pk, status=BallotStatus.OPEN).exists():
                raise Conflict("Cuộc bỏ phiếu không mở.")
            receipt = VoterReceipt.objects.create(ballot=ballot, voter=seat)
            Vote.objects.create(ballot=ballot, choice=choice, candidate=candidate)
            # The audit names who voted and never what: the choice exists only in the Vote row.
            audit.record(
                actor=access.audit_actor(actor),
                action="ballot.cast",
                obj=ballot,
                after={"voter": str(seat)},
            )
    except IntegrityError as exc:
        raise Conflict(f"{seat} đã bỏ phiếu; mỗi đại biểu chỉ bỏ một phiếu.") from exc
    return receipt


def ballot_paper_set(
    *,
    actor: Actor,
    ballot: Ballot,
    paper_voters: Sequence[Voter],
    approve: int = 0,
    reject: int = 0,
    abstain: int = 0,
    candidate_counts: Mapping[int, int] | None = None,
) -> PaperTally:
    """Enter (or correct) the counted paper ballots and who voted on paper, so nobody also votes online."""
    _require_chair(actor, ballot)
    by_candidate = {int(k): int(v) for k, v in (candidate_counts or {}).items() if int(v)}
    try:
        counts = Counts(
            approve=approve,
            reject=reject,
            abstain=abstain,
            candidates={str(k): v for k, v in by_candidate.items()},
        )
    except TallyError as exc:
        raise InvalidInput(str(exc)) from exc
    if ballot.question == QuestionKind.APPROVAL and by_candidate:
        raise InvalidInput("Phiếu tán thành không có ứng viên.")
    if ballot.question == QuestionKind.CHOICE and (approve or reject):
        raise InvalidInput("Phiếu bầu chỉ ghi ứng viên hoặc không bầu ai.")
    if set(by_candidate) - set(ballot.candidates.values_list("pk", flat=True)):
        raise InvalidInput("Có số phiếu cho người không phải ứng viên.")
    seats = {v.pk for v in paper_voters}
    if len(seats) != len(paper_voters) or ballot.voters.filter(pk__in=seats).count() != len(seats):
        raise InvalidInput(
            "Danh sách bỏ phiếu giấy phải là các đại biểu của cuộc bỏ phiếu, mỗi người một lần."
        )
    if counts.cast != len(seats):
        raise InvalidInput(
            f"Tổng số phiếu giấy ({counts.cast}) phải bằng số đại biểu bỏ phiếu giấy ({len(seats)}).",
            field="paper_voters",
        )
    with transaction.atomic():
        if not Ballot.objects.select_for_update().filter(pk=ballot.pk, status=BallotStatus.OPEN).exists():
            raise Conflict("Chỉ nhập phiếu giấy khi đang bỏ phiếu.")
        if VoterReceipt.objects.filter(ballot=ballot, voter_id__in=seats, on_paper=False).exists():
            raise InvalidInput("Có đại biểu trong danh sách đã bỏ phiếu điện tử.", field="paper_voters")
        existing = PaperTally.objects.filter(ballot=ballot).first()
        before = _paper_snapshot(existing, ballot)
        VoterReceipt.objects.filter(ballot=ballot, on_paper=True).delete()
        VoterReceipt.objects.bulk_create(
            [VoterReceipt(ballot=ballot, voter_id=pk, on_paper=True) for pk in sorted(seats)]
        )
        paper, _ = PaperTally.objects.update_or_create(
            ballot=ballot,
            defaults={
                "approve": approve,
                "reject": reject,
                "abstain": abstain,
                "candidate_counts": {str(k): v for k, v in by_candidate.items()},
            },
        )
        audit.record(
            actor=access.audit_actor(actor),
            action="ballot.paper",
            obj=ballot,
            before=before,
            after=_paper_snapshot(paper, ballot),
        )
    return paper


def _paper_snapshot(paper: PaperTally | None, ballot: Ballot) -> dict[str, Any]:
    if paper is None:
        return {}
    voters = VoterReceipt.objects.filter(ballot=ballot, on_paper=True).values_list("voter_id", flat=True)
    return {
        "approve": paper.approve,
        "reject": paper.reject,
        "abstain": paper.abstain,
        "candidates": dict(paper.candidate_counts),
        "paper_voters": sorted(voters),
    }


def ballot_counts(ballot: Ballot) -> Counts:
    """Electronic votes plus the paper totals; candidates keyed by candidate id as text."""
    electronic = Counts(
        approve=ballot.votes.filter(choice=VoteChoice.APPROVE).count(),
        reject=ballot.votes.filter(choice=VoteChoice.REJECT).count(),
        abstain=ballot.votes.filter(choice=VoteChoice.ABSTAIN).count(),
        candidates={
            str(candidate_id): ballot.votes.filter(candidate_id=candidate_id).count()
            for candidate_id in ballot.candidates.values_list("pk", flat=True)
        },
    )
    paper = PaperTally.objects.filter(ballot=ballot).first()
    if paper is None:
        return electronic
    return electronic + Counts(
        approve=paper.approve,
        reject=paper.reject,
        abstain=paper.abstain,
        candidates={str(k): int(v) for k, v in paper.candidate_counts.items()},
    )


def threshold_of(ballot: Ballot) -> Threshold:
    return Threshold(
        Share(ballot.threshold_numerator, ballot.threshold_denominator),
        "at_least" if ballot.threshold_comparison == "at_least" else "more_than",
        "cast" if ballot.threshold_base == "cast" else "voters",
    )


def compute(ballot: Ballot) -> Outcome:
    """The outcome of the ballot's current counts under its own rule (stored rule, not today's settings)."""
    counts = ballot_counts(ballot)
    attendance = Attendance(voters=ballot.voters.count(), present=ballot.present or 0)
    quorum = Share(ballot.quorum_numerator, ballot.quorum_denominator)
    if ballot.question == QuestionKind.APPROVAL:
        return tally_approval(
            attendance=attendance, counts=counts, threshold=threshold_of(ballot), quorum=quorum
        )
    candidates = list(ballot.candidates.select_related("unit"))
    return tally_choice(
        attendance=attendance,
        counts=counts,
        candidates=[str(c.pk) for c in candidates],
        names={str(c.pk): c.unit.name for c in candidates},
        threshold=threshold_of(ballot),
        quorum=quorum,
    )


def ballot_close(*, actor: Actor, ballot: Ballot) -> Ballot:
    """Close voting and store the computed result with its reason; the stored result never changes after."""
    _require_chair(actor, ballot)
    with transaction.atomic():
        locked = Ballot.objects.select_for_update().get(pk=ballot.pk)
        if locked.status != BallotStatus.OPEN:
            raise Conflict("Cuộc bỏ phiếu không ở trạng thái đang bỏ phiếu.")
        try:
            outcome = compute(locked)
        except TallyError as exc:
            raise InvalidInput(f"Chưa thể kết thúc: {exc}") from exc
        winner_unit = (
            Candidate.objects.get(pk=int(outcome.winner)).unit_id if outcome.winner is not None else None
        )
        totals = {
            "approve": outcome.counts.approve,
            "reject": outcome.counts.reject,
            "abstain": outcome.counts.abstain,
            "candidates": dict(outcome.counts.candidates),
            "cast": outcome.counts.cast,
            "voters": locked.voters.count(),
            "needed": outcome.needed,
            "quorum_met": outcome.quorum_met,
        }
        _transition(
            locked,
            BallotStatus.OPEN,
            BallotStatus.CLOSED,
            closed_at=timezone.now(),
            passed=outcome.passed,
            winner_id=winner_unit,
            result_reason=outcome.reason,
            totals=totals,
        )
        audit.record(
            actor=access.audit_actor(actor),
            action="ballot.close",
            obj=locked,
            before={"status": BallotStatus.OPEN},
            after=audit.snapshot(locked, RESULT_FIELDS),
        )
    ballot.refresh_from_db()
    return ballot


def ballot_override(
    *, actor: Actor, ballot: Ballot, passed: bool, reason: str, winner: Unit | None = None
) -> Ballot:
    """Record the chair's justified decision beside the computed result (which stays as it was)."""
    _require_chair(actor, ballot)
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Phải ghi lý do khi chủ tọa quyết định khác kết quả kiểm phiếu.", field="reason")
    if ballot.question == QuestionKind.CHOICE:
        if passed and (winner is None or not ballot.candidates.filter(unit=winner).exists()):
            raise InvalidInput("Phải chọn đơn vị trúng cử trong số ứng viên.", field="winner")
        if not passed:
            winner = None
    elif winner is not None:
        raise InvalidInput("Biểu quyết suy tôn không có người trúng cử.", field="winner")
    with transaction.atomic():
        locked = Ballot.objects.select_for_update().get(pk=ballot.pk)
        if locked.status != BallotStatus.CLOSED:
            raise Conflict("Chỉ quyết định sau khi đã kết thúc bỏ phiếu.")
        if locked.quorum_failed:
            raise InvalidInput(quorum_rule_refusal(locked))
        before = audit.snapshot(locked, OVERRIDE_FIELDS)
        Ballot.objects.filter(pk=locked.pk).update(
            override_passed=passed, override_winner=winner, override_reason=reason
        )
        locked.refresh_from_db()
        audit.record(
            actor=access.audit_actor(actor),
            action="ballot.override",
            obj=locked,
            before=before,
            after=audit.snapshot(locked, OVERRIDE_FIELDS),
            reason=reason,
        )
    ballot.refresh_from_db()
    return ballot


def quorum_rule_refusal(ballot: Ballot) -> str:
    share = Share(ballot.quorum_numerator, ballot.quorum_denominator)
    return (
        f"Cuộc bỏ phiếu không đủ số đại biểu dự họp tối thiểu ({share.label} tổng số đại biểu) nên không có kết "
        "quả: chủ tọa không được quyết định thay, chỉ được tổ chức bỏ phiếu lại."
    )


def ballot_rerun(*, actor: Actor, ballot: Ballot) -> Ballot:
    """Hold again a vote that failed its quorum: a new ballot with the same question, voters, candidates and
    rule, linked to the failed one, which stays on record (and in the minutes) as it was."""
    _require_chair(actor, ballot)
    with transaction.atomic():
        locked = Ballot.objects.select_for_update().get(pk=ballot.pk)
        if not locked.quorum_failed:
            raise InvalidInput(
                "Chỉ bỏ phiếu lại cuộc bỏ phiếu đã kết thúc mà không đủ số đại biểu dự họp tối thiểu."
            )
        if Ballot.objects.filter(rerun_of=locked).exists():
            raise Conflict(f"Cuộc bỏ phiếu “{locked.title}” đã được tổ chức bỏ phiếu lại.")
        rerun = Ballot.objects.create(
            province_id=locked.province_id,
            cluster_year=locked.cluster_year,
            purpose=locked.purpose,
            question=locked.question,
            title=locked.title,
            subject=locked.subject,
            dossier=locked.dossier,
            voter_kind=locked.voter_kind,
            rerun_of=locked,
            **{name: getattr(locked, name) for name in SETTING_FIELDS},
        )
        Voter.objects.bulk_create(
            [Voter(ballot=rerun, unit_id=v.unit_id, user_id=v.user_id) for v in locked.voters.order_by("pk")]
        )
        Candidate.objects.bulk_create(
            [
                Candidate(ballot=rerun, unit_id=c.unit_id, order=c.order, suggested=c.suggested)
                for c in locked.candidates.order_by("order", "pk")
            ]
        )
        audit.record(
            actor=access.audit_actor(actor),
            action="ballot.rerun",
            obj=rerun,
            before={"ballot": locked.pk, "result": locked.result_reason},
            after={"ballot": rerun.pk, "rerun_of": locked.pk, "title": rerun.title},
            reason="Bỏ phiếu lại do không đủ số đại biểu dự họp tối thiểu",
        )
    return rerun
