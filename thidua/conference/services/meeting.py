"""The conference itself: its record, vetoes, award proposals, and next year's leader and deputy."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from thidua.accounts import access
from thidua.accounts.access import Actor
from thidua.agreements.services.vetoes import agreement_veto_add, agreement_veto_withdraw
from thidua.conference import conf, permissions
from thidua.conference.models import (
    Ballot,
    BallotPurpose,
    BallotStatus,
    Conference,
    Proposal,
    Veto,
    VetoStatus,
)
from thidua.conference.proposals import GovernmentFlagQuota, HonourVote, award_proposals
from thidua.conference.results import FinalResults
from thidua.core import audit
from thidua.core.errors import AccessDenied, Conflict, InvalidInput
from thidua.org import services as org_services
from thidua.org.models import ClusterYear, MemberRole, Membership, Unit

CONFERENCE_FIELDS = ("held_on", "place", "chair_name", "secretary_name", "guests", "minutes_number")
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
# The first bytes of each accepted type: the name alone would let an HTML page in as "ket-luan.pdf".
EVIDENCE_SIGNATURES = {
    ".pdf": b"%PDF",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".png": b"\x89PNG\r\n\x1a\n",
    ".docx": b"PK\x03\x04",
    ".doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    ".xlsx": b"PK\x03\x04",
}
EVIDENCE_TYPES = tuple(EVIDENCE_SIGNATURES)


def _require_chair(actor: Actor, cluster_year: ClusterYear) -> None:
    if not permissions.can_chair_cluster_year(actor, cluster_year):
        raise AccessDenied(
            "Chỉ chủ tọa hội nghị (cụm trưởng hoặc Ban Thi đua – Khen thưởng) được làm việc này."
        )


def conference_save(
    *,
    actor: Actor,
    cluster_year: ClusterYear,
    held_on: dt.date,
    place: str,
    chair_name: str,
    secretary_name: str = "",
    guests: str = "",
    minutes_number: str = "",
) -> Conference:
    """Record (or correct) when and where the conference met and who chaired it, for the minutes."""
    _require_chair(actor, cluster_year)
    values = {
        "held_on": held_on,
        "place": place.strip(),
        "chair_name": chair_name.strip(),
        "secretary_name": secretary_name.strip(),
        "guests": guests.strip(),
        "minutes_number": minutes_number.strip(),
    }
    if not values["place"]:
        raise InvalidInput("Phải ghi địa điểm họp.", field="place")
    if not values["chair_name"]:
        raise InvalidInput("Phải ghi người chủ trì.", field="chair_name")
    if held_on.year not in (cluster_year.year, cluster_year.year + 1):
        raise InvalidInput(
            f"Hội nghị tổng kết năm {cluster_year.year} họp trong năm {cluster_year.year} hoặc {cluster_year.year + 1}.",
            field="held_on",
        )
    with transaction.atomic():
        existing = Conference.objects.select_for_update().filter(cluster_year=cluster_year).first()
        before = audit.snapshot(existing, CONFERENCE_FIELDS) if existing else {}
        conference, _ = Conference.objects.update_or_create(cluster_year=cluster_year, defaults=values)
        after = audit.snapshot(conference, CONFERENCE_FIELDS)
        old, new = audit.changed(before, after)
        if new:
            audit.record(
                actor=access.audit_actor(actor),
                action="conference.save",
                obj=conference,
                before=old,
                after=new,
            )
    return conference


def veto_record(
    *,
    actor: Actor,
    cluster_year: ClusterYear,
    unit: Unit,
    reason: str,
    evidence: UploadedFile | None = None,
) -> Veto:
    """Take a member out of the ranking and honours of the year, with the reason and a document as evidence.

    The scorer reads the agreement's vetoes, so the same veto goes there in this transaction: a snapshot made
    after the conference leaves the unit unranked."""
    _require_chair(actor, cluster_year)
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Phải ghi lý do không xét thi đua.", field="reason")
    if not Membership.objects.filter(cluster_year=cluster_year, unit=unit).exists():
        raise InvalidInput("Đơn vị không phải thành viên của cụm trong năm.", field="unit")
    if evidence is not None:
        name = (evidence.name or "").lower()
        if not name.endswith(EVIDENCE_TYPES):
            raise InvalidInput("Minh chứng phải là tệp PDF, ảnh, Word hoặc Excel.", field="evidence")
        if (evidence.size or 0) > EVIDENCE_MAX_BYTES:
            raise InvalidInput("Minh chứng không được lớn hơn 20 MB.", field="evidence")
        signature = EVIDENCE_SIGNATURES[name[name.rfind(".") :]]
        evidence.seek(0)
        head = evidence.read(len(signature))
        evidence.seek(0)
        if head != signature:
            raise InvalidInput("Nội dung minh chứng không đúng với loại tệp.", field="evidence")
    with transaction.atomic():
        if Veto.objects.filter(cluster_year=cluster_year, unit=unit, status=VetoStatus.ACTIVE).exists():
            raise Conflict(f"{unit.name} đã có trong danh sách không xét thi đua.")
        # Before the evidence is stored, so a refusal leaves no file behind.
        agreement_veto_add(actor=actor, cluster_year=cluster_year, unit=unit, reason=reason)
        veto = Veto(cluster_year=cluster_year, unit=unit, reason=reason)
        if evidence is not None:
            veto.evidence.save(evidence.name or "minh-chung", evidence, save=False)
        veto.save()
        audit.record(
            actor=access.audit_actor(actor),
            action="veto.record",
            obj=veto,
            after={"unit": unit.pk, "reason": reason, "evidence": veto.evidence.name or ""},
            reason=reason,
        )
    return veto


def veto_withdraw(*, actor: Actor, veto: Veto, reason: str) -> Veto:
    """Withdraw a veto recorded by mistake; the record stays, marked withdrawn, with the reason."""
    _require_chair(actor, veto.cluster_year)
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Phải ghi lý do rút.", field="reason")
    with transaction.atomic():
        changed = Veto.objects.filter(pk=veto.pk, status=VetoStatus.ACTIVE).update(
            status=VetoStatus.WITHDRAWN, withdrawn_reason=reason
        )
        if changed != 1:
            raise Conflict("Trường hợp này đã được rút trước đó.")
        veto.refresh_from_db()
        agreement_veto_withdraw(actor=actor, cluster_year=veto.cluster_year, unit=veto.unit, reason=reason)
        audit.record(
            actor=access.audit_actor(actor),
            action="veto.withdraw",
            obj=veto,
            before={"status": VetoStatus.ACTIVE},
            after={"status": VetoStatus.WITHDRAWN},
            reason=reason,
        )
    return veto


def latest_closed(cluster_year: ClusterYear, purpose: str) -> Ballot | None:
    """The election that decides: the most recent closed ballot of a purpose that met its quorum (a re-vote after a
    tie replaces the one before it; a ballot that failed its quorum decided nothing)."""
    for ballot in Ballot.objects.filter(
        cluster_year=cluster_year, purpose=purpose, status=BallotStatus.CLOSED
    ).order_by("-closed_at", "-pk"):
        if not ballot.quorum_failed:
            return ballot
    return None


def honour_votes(cluster_year: ClusterYear, codes: dict[int, str]) -> dict[str, HonourVote]:
    """The outcome of each unit's own suy tôn, by unit code: the first closed ballot about it that met its quorum
    (ballot_create refuses another one), else the last one that failed it. A ballot about one unit never
    changes another unit's outcome."""
    out: dict[str, HonourVote] = {}
    decided: set[str] = set()
    for ballot in Ballot.objects.filter(
        cluster_year=cluster_year, purpose=BallotPurpose.HONOUR, status=BallotStatus.CLOSED
    ).order_by("closed_at", "pk"):
        code = codes.get(ballot.subject_id or 0)
        if code is None or code in decided:
            continue
        summary = ballot.result_reason
        if ballot.is_overridden:
            verdict = "Đạt" if ballot.override_passed else "Không đạt"
            summary = f"{summary}; chủ tọa quyết định: {verdict}, lý do: {ballot.override_reason}"
        out[code] = HonourVote(unit=code, passed=bool(ballot.final_passed), summary=summary)
        if not ballot.quorum_failed:
            decided.add(code)
    return out


def _government_flag(cluster_year: ClusterYear) -> GovernmentFlagQuota:
    settings = conf.current()
    province_years = ClusterYear.objects.filter(
        cluster__province_id=cluster_year.cluster.province_id, year=cluster_year.year
    )
    already = (
        Proposal.objects.filter(cluster_year__in=province_years, award=settings.government_flag)
        .exclude(cluster_year=cluster_year)
        .count()
    )
    # Each cluster or block of the province has one leading unit a year.
    return GovernmentFlagQuota(
        award=settings.government_flag,
        percent=settings.government_flag_percent,
        leading_units=province_years.count(),
        already_proposed=already,
        rounding=settings.quota_rounding,
    )


def proposals_compute(*, actor: Actor, cluster_year: ClusterYear, results: FinalResults) -> list[Proposal]:
    """Make the conference's award proposals from the final results, the vetoes and the honouring vote."""
    _require_chair(actor, cluster_year)
    members = {
        m.unit.code: m.unit
        for m in Membership.objects.filter(cluster_year=cluster_year).select_related("unit")
    }
    unknown = sorted({u.code for u in results.units} - set(members))
    if unknown:
        raise InvalidInput(f"Kết quả có đơn vị không thuộc cụm trong năm: {', '.join(unknown)}.")
    codes = {unit.pk: code for code, unit in members.items()}
    vetoed = {
        codes[v.unit_id]: v.reason
        for v in Veto.objects.filter(cluster_year=cluster_year, status=VetoStatus.ACTIVE)
        if v.unit_id in codes
    }
    settings = conf.current()
    lines = award_proposals(
        units=results.units,
        vetoed=vetoed,
        honours=settings.honours,
        honour_votes=honour_votes(cluster_year, codes),
        honour_vote_rank=settings.honour_vote_rank,
        government_flag=_government_flag(cluster_year),
    )
    with transaction.atomic():
        ClusterYear.objects.select_for_update().get(pk=cluster_year.pk)
        before = _proposals_snapshot(cluster_year)
        Proposal.objects.filter(cluster_year=cluster_year).delete()
        Proposal.objects.bulk_create(
            [
                Proposal(
                    cluster_year=cluster_year,
                    unit=members[line.code],
                    rank=line.rank,
                    total=line.total,
                    award=line.award or "",
                    reason=line.reason,
                    order=i,
                )
                for i, line in enumerate(lines, start=1)
            ]
        )
        audit.record(
            actor=access.audit_actor(actor),
            action="proposals.compute",
            obj=cluster_year,
            before={"proposals": before},
            after={"proposals": _proposals_snapshot(cluster_year), "results": results.source},
        )
    return list(Proposal.objects.filter(cluster_year=cluster_year).select_related("unit"))


def _proposals_snapshot(cluster_year: ClusterYear) -> list[dict[str, Any]]:
    return [
        {"unit": p.unit.code, "award": p.award, "rank": p.rank}
        for p in Proposal.objects.filter(cluster_year=cluster_year).select_related("unit")
    ]


def _elected(cluster_year: ClusterYear, purpose: str, label: str) -> Unit:
    ballot = latest_closed(cluster_year, purpose)
    if ballot is None or not ballot.final_passed or ballot.final_winner_id is None:
        raise InvalidInput(f"Chưa có kết quả bầu {label} năm sau.")
    return Unit.objects.get(pk=ballot.final_winner_id)


def leadership_apply(*, actor: Actor, cluster_year: ClusterYear) -> ClusterYear:
    """Make the elected leader and deputy next year's, through the organisation's own services.

    Next year's members are this year's (in the agreed order) unless the board has already set them; the
    memberships of this and earlier years are never touched, so every past leader and deputy stays on record.
    """
    if not access.is_board_admin(actor, cluster_year.cluster.province_id):
        raise AccessDenied("Chỉ Ban Thi đua – Khen thưởng ghi nhận cụm trưởng, cụm phó năm sau.")
    leader = _elected(cluster_year, BallotPurpose.LEADER, "cụm trưởng")
    deputy = _elected(cluster_year, BallotPurpose.DEPUTY, "cụm phó")
    if leader.pk == deputy.pk:
        raise InvalidInput("Một đơn vị không thể vừa là cụm trưởng vừa là cụm phó.")
    cluster = cluster_year.cluster
    with transaction.atomic():
        following = ClusterYear.objects.filter(cluster=cluster, year=cluster_year.year + 1).first()
        if following is None:
            following = org_services.cluster_year_create(
                actor=actor, cluster=cluster, year=cluster_year.year + 1
            )
        source = following if following.memberships.exists() else cluster_year
        members = list(
            Membership.objects.filter(cluster_year=source).select_related("unit").order_by("order", "id")
        )
        if leader.pk not in {m.unit_id for m in members} or deputy.pk not in {m.unit_id for m in members}:
            raise InvalidInput("Đơn vị trúng cử không có trong danh sách thành viên năm sau.")

        def role(unit_id: int) -> str:
            if unit_id == leader.pk:
                return MemberRole.LEADER
            return MemberRole.DEPUTY if unit_id == deputy.pk else MemberRole.MEMBER

        org_services.membership_set(
            actor=actor,
            cluster_year=following,
            members=[
                org_services.MemberSpec(unit=m.unit, role=role(m.unit_id), order=m.order) for m in members
            ],
            reason=f"Kết quả bầu tại hội nghị tổng kết năm {cluster_year.year}",
        )
        audit.record(
            actor=access.audit_actor(actor),
            action="conference.leadership_apply",
            obj=following,
            after={"leader": leader.pk, "deputy": deputy.pk, "from_cluster_year": cluster_year.pk},
        )
    return following
