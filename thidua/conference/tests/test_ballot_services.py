"""Ballot services per persona: who may prepare, open, vote, enter paper, close and override; what is stored."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from thidua.accounts.models import Role
from thidua.conference.models import Ballot, BallotPurpose, BallotStatus, PaperTally, Vote, VoterReceipt
from thidua.conference.services import ballots
from thidua.conference.tests.conftest import election, honour_ballot, voter_of
from thidua.conftest import Org, make_persona
from thidua.core.errors import AccessDenied, Conflict, InvalidInput
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_it_lets_the_deputy_prepare_the_ballot_about_the_leading_unit_with_one_seat_per_member(
    org: Org, cluster_leader: User, cluster_deputy: User
) -> None:
    with pytest.raises(AccessDenied) as refused:
        ballots.ballot_create(
            actor=cluster_leader,
            cluster_year=org.cluster_year,
            purpose=BallotPurpose.HONOUR,
            title="Suy tôn đơn vị dẫn đầu",
            subject=org.units["VINH-HOA"],
        )
    assert refused.value.message == "Cuộc bỏ phiếu này về đơn vị của bạn (Xã Vĩnh Hòa): cụm phó chủ trì."
    assert not Ballot.objects.exists()
    ballot = ballots.ballot_create(
        actor=cluster_deputy,
        cluster_year=org.cluster_year,
        purpose=BallotPurpose.HONOUR,
        title="Suy tôn đơn vị dẫn đầu",
        subject=org.units["VINH-HOA"],
    )
    assert ballot.status == BallotStatus.DRAFT
    assert sorted(ballot.voters.values_list("unit__code", flat=True)) == ["AN-MINH", "THANH-LOC", "VINH-HOA"]
    assert (ballot.quorum_numerator, ballot.quorum_denominator) == (2, 3)
    assert (
        ballot.threshold_comparison,
        ballot.threshold_numerator,
        ballot.threshold_denominator,
        ballot.threshold_base,
    ) == (
        "more_than",
        1,
        2,
        "voters",
    )
    event = AuditEvent.objects.get(action="ballot.create")
    assert event.actor == cluster_deputy and event.object_id == str(ballot.pk)


@pytest.mark.parametrize(
    "persona", ["unit_officer", "observer", "council_member", "data_source_reviewer", "outsider"]
)
def test_it_refuses_to_prepare_a_ballot_for_anyone_but_the_chair(
    org: Org, persona: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    with pytest.raises(AccessDenied):
        ballots.ballot_create(
            actor=user,
            cluster_year=org.cluster_year,
            purpose=BallotPurpose.HONOUR,
            title="Suy tôn",
            subject=org.units["VINH-HOA"],
        )
    assert not Ballot.objects.exists() and not AuditEvent.objects.filter(action="ballot.create").exists()


def test_it_refuses_a_subject_outside_the_cluster(org: Org, cluster_leader: User) -> None:
    with pytest.raises(InvalidInput) as refused:
        ballots.ballot_create(
            actor=cluster_leader,
            cluster_year=org.cluster_year,
            purpose=BallotPurpose.HONOUR,
            title="Suy tôn",
            subject=org.units["BINH-AN"],
        )
    assert refused.value.message == "Phải chọn đơn vị được đề nghị suy tôn trong số thành viên của cụm."
    assert not Ballot.objects.exists()


def test_it_opens_by_compare_and_set_only_once(org: Org, cluster_deputy: User) -> None:
    ballot = honour_ballot(org, present=None)
    ballots.ballot_open(actor=cluster_deputy, ballot=ballot, present=3)
    stale = Ballot.objects.get(pk=ballot.pk)
    stale.status = BallotStatus.DRAFT
    with pytest.raises(Conflict):
        ballots.ballot_open(actor=cluster_deputy, ballot=stale, present=2)
    ballot.refresh_from_db()
    assert (ballot.status, ballot.present) == (BallotStatus.OPEN, 3)
    assert AuditEvent.objects.filter(action="ballot.open").count() == 1


def test_it_records_a_secret_vote_with_a_receipt_and_no_link_between_them(
    org: Org, ballot: Ballot, unit_officer: User
) -> None:
    receipt = ballots.ballot_cast(actor=unit_officer, ballot=ballot, choice="approve")
    assert receipt.voter.unit == org.units["AN-MINH"]
    assert list(Vote.objects.filter(ballot=ballot).values_list("choice", flat=True)) == ["approve"]
    event = AuditEvent.objects.get(action="ballot.cast")
    assert event.after == {"voter": "Xã An Minh"}
    assert "approve" not in str(event.after) + str(event.before)


def test_it_counts_one_vote_per_unit_however_often_its_officer_submits(
    org: Org, ballot: Ballot, unit_officer: User
) -> None:
    ballots.ballot_cast(actor=unit_officer, ballot=ballot, choice="approve")
    with pytest.raises(Conflict) as refused:
        ballots.ballot_cast(actor=unit_officer, ballot=ballot, choice="reject")
    assert refused.value.message == "Xã An Minh đã bỏ phiếu; mỗi đại biểu chỉ bỏ một phiếu."
    assert Vote.objects.filter(ballot=ballot).count() == 1
    assert VoterReceipt.objects.filter(ballot=ballot).count() == 1
    assert AuditEvent.objects.filter(action="ballot.cast").count() == 1


@pytest.mark.parametrize(
    "persona", ["observer", "council_member", "data_source_reviewer", "outsider", "board_admin"]
)
def test_it_refuses_a_vote_from_someone_without_a_seat(
    ballot: Ballot, persona: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    with pytest.raises(AccessDenied):
        ballots.ballot_cast(actor=user, ballot=ballot, choice="approve")
    assert not Vote.objects.exists() and not VoterReceipt.objects.exists()


def test_it_refuses_a_vote_before_opening_and_after_closing(
    org: Org, unit_officer: User, cluster_deputy: User
) -> None:
    draft = honour_ballot(org, present=None)
    with pytest.raises(Conflict, match="không mở"):
        ballots.ballot_cast(actor=unit_officer, ballot=draft, choice="approve")
    ballots.ballot_open(actor=cluster_deputy, ballot=draft, present=3)
    ballots.ballot_close(actor=cluster_deputy, ballot=draft)
    with pytest.raises(Conflict, match="không mở"):
        ballots.ballot_cast(actor=unit_officer, ballot=draft, choice="approve")
    assert not Vote.objects.exists() and not VoterReceipt.objects.exists()


def test_it_adds_paper_totals_and_closes_with_the_reason(
    org: Org, ballot: Ballot, unit_officer: User, cluster_leader: User, cluster_deputy: User
) -> None:
    ballots.ballot_cast(actor=unit_officer, ballot=ballot, choice="approve")
    ballots.ballot_cast(actor=cluster_leader, ballot=ballot, choice="abstain")
    ballots.ballot_paper_set(
        actor=cluster_deputy, ballot=ballot, paper_voters=[voter_of(ballot, org, "THANH-LOC")], approve=1
    )
    closed = ballots.ballot_close(actor=cluster_deputy, ballot=ballot)
    assert closed.status == BallotStatus.CLOSED
    assert closed.passed is True
    assert closed.result_reason == "Đạt: 2/3 phiếu đồng ý (66,67%) > 50% tổng số đại biểu"
    assert closed.totals["approve"] == 2 and closed.totals["abstain"] == 1 and closed.totals["cast"] == 3
    event = AuditEvent.objects.get(action="ballot.close")
    assert event.after["passed"] is True and event.after["result_reason"] == closed.result_reason


def test_it_refuses_paper_ballots_from_a_delegate_who_voted_online(
    org: Org, ballot: Ballot, unit_officer: User, cluster_deputy: User
) -> None:
    ballots.ballot_cast(actor=unit_officer, ballot=ballot, choice="approve")
    with pytest.raises(InvalidInput) as refused:
        ballots.ballot_paper_set(
            actor=cluster_deputy, ballot=ballot, paper_voters=[voter_of(ballot, org, "AN-MINH")], approve=1
        )
    assert refused.value.message == "Có đại biểu trong danh sách đã bỏ phiếu điện tử."
    assert not PaperTally.objects.exists()
    assert VoterReceipt.objects.filter(on_paper=True).count() == 0


def test_it_refuses_paper_totals_that_do_not_match_the_paper_voters(
    org: Org, ballot: Ballot, cluster_deputy: User
) -> None:
    with pytest.raises(InvalidInput) as refused:
        ballots.ballot_paper_set(
            actor=cluster_deputy, ballot=ballot, paper_voters=[voter_of(ballot, org, "THANH-LOC")], approve=2
        )
    assert refused.value.message == "Tổng số phiếu giấy (2) phải bằng số đại biểu bỏ phiếu giấy (1)."
    assert not PaperTally.objects.exists()


def test_it_blocks_online_voting_for_a_delegate_who_voted_on_paper(
    org: Org, ballot: Ballot, unit_officer: User, cluster_deputy: User
) -> None:
    ballots.ballot_paper_set(
        actor=cluster_deputy, ballot=ballot, paper_voters=[voter_of(ballot, org, "AN-MINH")], reject=1
    )
    with pytest.raises(Conflict):
        ballots.ballot_cast(actor=unit_officer, ballot=ballot, choice="approve")
    assert not Vote.objects.exists()


def test_it_refuses_paper_entry_by_a_delegate(org: Org, ballot: Ballot, unit_officer: User) -> None:
    with pytest.raises(AccessDenied):
        ballots.ballot_paper_set(
            actor=unit_officer, ballot=ballot, paper_voters=[voter_of(ballot, org, "THANH-LOC")], approve=1
        )
    assert not PaperTally.objects.exists()


def test_it_fails_a_ballot_without_quorum(org: Org, cluster_deputy: User, unit_officer: User) -> None:
    ballot = honour_ballot(org, present=1)
    ballots.ballot_cast(actor=unit_officer, ballot=ballot, choice="approve")
    closed = ballots.ballot_close(actor=cluster_deputy, ballot=ballot)
    assert closed.passed is False
    assert closed.result_reason == (
        "Không đạt: không đủ số đại biểu dự họp (1/3 có mặt, cần ít nhất 2, tức 2/3 tổng số đại biểu)"
    )


def test_it_refuses_to_close_with_more_ballots_than_people_present(
    org: Org, cluster_leader: User, cluster_deputy: User, unit_officer: User
) -> None:
    ballot = honour_ballot(org, present=1)
    ballots.ballot_cast(actor=unit_officer, ballot=ballot, choice="approve")
    ballots.ballot_cast(actor=cluster_leader, ballot=ballot, choice="approve")
    with pytest.raises(InvalidInput) as refused:
        ballots.ballot_close(actor=cluster_deputy, ballot=ballot)
    assert refused.value.message == "Chưa thể kết thúc: Số phiếu đã bỏ (2) nhiều hơn số đại biểu có mặt (1)."
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.OPEN and ballot.passed is None
    ballots.ballot_attendance_set(actor=cluster_deputy, ballot=ballot, present=2, reason="Đại biểu đến muộn")
    assert ballots.ballot_close(actor=cluster_deputy, ballot=ballot).passed is True


def test_it_reports_a_tie_in_an_election_and_the_chairs_override(
    org: Org, cluster_leader: User, unit_officer: User
) -> None:
    ballot = election(org, BallotPurpose.LEADER, ["THANH-LOC", "AN-MINH"], present=3)
    thanh_loc, an_minh = list(ballot.candidates.order_by("order"))
    ballots.ballot_cast(actor=unit_officer, ballot=ballot, choice="candidate", candidate=thanh_loc)
    ballots.ballot_cast(actor=cluster_leader, ballot=ballot, choice="candidate", candidate=an_minh)
    ballots.ballot_paper_set(
        actor=cluster_leader, ballot=ballot, paper_voters=[voter_of(ballot, org, "THANH-LOC")], abstain=1
    )
    closed = ballots.ballot_close(actor=cluster_leader, ballot=ballot)
    assert (closed.passed, closed.winner) == (False, None)
    assert (
        closed.result_reason
        == "Không có người trúng: Xã Thạnh Lộc và Xã An Minh cùng được 1 phiếu (hòa phiếu), cần bầu lại"
    )
    ballots.ballot_override(
        actor=cluster_leader,
        ballot=closed,
        passed=True,
        winner=org.units["THANH-LOC"],
        reason="Hội nghị thống nhất theo thứ tự luân phiên",
    )
    closed.refresh_from_db()
    assert closed.final_passed is True and closed.final_winner_id == org.units["THANH-LOC"].pk
    assert closed.passed is False and closed.result_reason.startswith("Không có người trúng")
    event = AuditEvent.objects.get(action="ballot.override")
    assert event.reason == "Hội nghị thống nhất theo thứ tự luân phiên"
    assert event.before == {"override_passed": None, "override_winner": None, "override_reason": ""}
    assert event.after["override_winner"] == org.units["THANH-LOC"].pk


def test_it_refuses_an_override_without_reason_or_by_a_delegate(
    org: Org, ballot: Ballot, cluster_deputy: User, unit_officer: User
) -> None:
    closed = ballots.ballot_close(actor=cluster_deputy, ballot=ballot)
    with pytest.raises(InvalidInput):
        ballots.ballot_override(actor=cluster_deputy, ballot=closed, passed=True, reason=" ")
    with pytest.raises(AccessDenied):
        ballots.ballot_override(actor=unit_officer, ballot=closed, passed=True, reason="Vì muốn thế")
    closed.refresh_from_db()
    assert closed.override_passed is None and not AuditEvent.objects.filter(action="ballot.override").exists()


def test_it_runs_a_council_ballot_of_named_persons(
    org: Org, board_admin: User, council_member: User, observer: User
) -> None:
    second = make_persona(
        "hoidong2", "Thành viên Hội đồng thứ hai", [(Role.COUNCIL_MEMBER, org.province, None)]
    )
    ballot = ballots.council_ballot_create(
        actor=board_admin,
        province=org.province,
        title="Đề nghị tặng Cờ thi đua của UBND tỉnh cho Xã Vĩnh Hòa",
        subject=org.units["VINH-HOA"],
        voters=[council_member, second],
    )
    ballots.ballot_open(actor=board_admin, ballot=ballot, present=2)
    ballots.ballot_cast(actor=council_member, ballot=ballot, choice="approve")
    with pytest.raises(AccessDenied):
        ballots.ballot_cast(actor=observer, ballot=ballot, choice="reject")
    closed = ballots.ballot_close(actor=board_admin, ballot=ballot)
    assert (
        closed.result_reason
        == "Không đạt: thiếu 1 phiếu (1/2 phiếu đồng ý (50,00%); cần > 50% tổng số đại biểu, tức 2 phiếu)"
    )


def test_it_refuses_a_council_ballot_from_the_cluster_leader(
    org: Org, cluster_leader: User, council_member: User
) -> None:
    with pytest.raises(AccessDenied):
        ballots.council_ballot_create(
            actor=cluster_leader,
            province=org.province,
            title="x",
            subject=org.units["VINH-HOA"],
            voters=[council_member],
        )
    assert not Ballot.objects.exists()


def test_it_keeps_the_rule_a_ballot_was_created_with(
    org: Org, settings: object, cluster_leader: User, cluster_deputy: User, unit_officer: User
) -> None:
    ballot = honour_ballot(org)
    settings.THIDUA_CONFERENCE = {"THRESHOLD": ("at_least", 90, 100, "voters")}  # type: ignore[attr-defined]
    ballots.ballot_cast(actor=unit_officer, ballot=ballot, choice="approve")
    ballots.ballot_cast(actor=cluster_leader, ballot=ballot, choice="approve")
    assert ballots.ballot_close(actor=cluster_deputy, ballot=ballot).passed is True
    # Another unit's suy tôn: the one about Xã Vĩnh Hòa has its outcome and is never held again.
    later = ballots.ballot_create(
        actor=cluster_leader,
        cluster_year=org.cluster_year,
        purpose=BallotPurpose.HONOUR,
        title="Suy tôn Xã Thạnh Lộc",
        subject=org.units["THANH-LOC"],
    )
    assert (later.threshold_comparison, later.threshold_numerator, later.threshold_denominator) == (
        "at_least",
        90,
        100,
    )
