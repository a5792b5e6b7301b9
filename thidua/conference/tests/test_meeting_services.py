"""Conference record, vetoes, award proposals and next year's leadership, per persona, with the audit rows."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.agreements.models import Agreement
from thidua.conference import selectors
from thidua.conference.models import BallotPurpose, Conference, Proposal, Veto, VetoStatus
from thidua.conference.proposals import RotationMember, rotation_suggestion
from thidua.conference.results import FinalResults, RankedUnit, parse_results
from thidua.conference.services import ballots, meeting
from thidua.conference.tests.conftest import SYSTEM, election, honour_ballot
from thidua.conftest import Org
from thidua.core.errors import AccessDenied, InvalidInput
from thidua.core.models import AuditEvent
from thidua.engine.model import Veto as EngineVeto
from thidua.org.models import ClusterYear, Membership

pytestmark = pytest.mark.django_db
EXAMPLE_RESULTS = (
    Path(__file__).resolve().parents[3].parent / "shared" / "examples" / "cum-mau-2026.results.json"
)


def results(*rows: tuple[str, str, int | None, str, str | None]) -> FinalResults:
    return FinalResults(
        units=tuple(
            RankedUnit(code, name, rank, Decimal(total), honour, None)
            for code, name, rank, total, honour in rows
        ),
        source="bài kiểm thử",
    )


CUM5 = results(
    ("VINH-HOA", "Xã Vĩnh Hòa", 1, "906.00", "Cờ thi đua của UBND tỉnh"),
    ("THANH-LOC", "Xã Thạnh Lộc", 2, "880.50", "Bằng khen của Chủ tịch UBND tỉnh"),
    ("AN-MINH", "Xã An Minh", 3, "700.00", None),
)


def test_it_records_the_conference_and_audits_changes(org: Org, cluster_leader: User) -> None:
    meeting.conference_save(
        actor=cluster_leader,
        cluster_year=org.cluster_year,
        held_on=dt.date(2027, 1, 15),
        place="UBND xã Vĩnh Hòa",
        chair_name="Nguyễn Văn A",
    )
    meeting.conference_save(
        actor=cluster_leader,
        cluster_year=org.cluster_year,
        held_on=dt.date(2027, 1, 16),
        place="UBND xã Vĩnh Hòa",
        chair_name="Nguyễn Văn A",
    )
    assert Conference.objects.get().held_on == dt.date(2027, 1, 16)
    last = AuditEvent.objects.filter(action="conference.save").first()
    assert (
        last is not None
        and last.before == {"held_on": "2027-01-15"}
        and last.after == {"held_on": "2027-01-16"}
    )


def test_it_refuses_the_conference_record_to_a_delegate(org: Org, unit_officer: User) -> None:
    with pytest.raises(AccessDenied):
        meeting.conference_save(
            actor=unit_officer,
            cluster_year=org.cluster_year,
            held_on=dt.date(2027, 1, 15),
            place="x",
            chair_name="y",
        )
    assert not Conference.objects.exists()


def test_it_records_a_veto_with_evidence_visible_to_members(
    org: Org, agreement: Agreement, cluster_leader: User, unit_officer: User
) -> None:
    evidence = SimpleUploadedFile("ket-luan.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    veto = meeting.veto_record(
        actor=cluster_leader,
        cluster_year=org.cluster_year,
        unit=org.units["THANH-LOC"],
        reason="Để xảy ra vụ việc phức tạp về an ninh trật tự",
        evidence=evidence,
    )
    assert veto.evidence.name.startswith("conference/vetoes/")
    assert list(selectors.vetoes_of(user=unit_officer, cluster_year=org.cluster_year)) == [veto]
    assert selectors.engine_vetoes(org.cluster_year) == (
        EngineVeto(unit="THANH-LOC", reason="Để xảy ra vụ việc phức tạp về an ninh trật tự"),
    )
    event = AuditEvent.objects.get(action="veto.record")
    assert (
        event.reason == "Để xảy ra vụ việc phức tạp về an ninh trật tự"
        and event.after["unit"] == org.units["THANH-LOC"].pk
    )
    veto.evidence.delete(save=False)


def test_it_hides_vetoes_from_outsiders(
    org: Org, agreement: Agreement, cluster_leader: User, outsider: User
) -> None:
    meeting.veto_record(
        actor=cluster_leader, cluster_year=org.cluster_year, unit=org.units["AN-MINH"], reason="Vi phạm"
    )
    assert not selectors.vetoes_of(user=outsider, cluster_year=org.cluster_year).exists()


def test_it_refuses_a_veto_from_a_delegate_or_on_a_non_member(
    org: Org, unit_officer: User, cluster_leader: User
) -> None:
    with pytest.raises(AccessDenied):
        meeting.veto_record(
            actor=unit_officer, cluster_year=org.cluster_year, unit=org.units["VINH-HOA"], reason="x"
        )
    with pytest.raises(InvalidInput, match="không phải thành viên"):
        meeting.veto_record(
            actor=cluster_leader, cluster_year=org.cluster_year, unit=org.units["BINH-AN"], reason="x"
        )
    assert not Veto.objects.exists()


def test_it_withdraws_a_veto_and_drops_it_from_the_engine_list(
    org: Org, agreement: Agreement, cluster_leader: User
) -> None:
    veto = meeting.veto_record(
        actor=cluster_leader, cluster_year=org.cluster_year, unit=org.units["AN-MINH"], reason="Nhầm"
    )
    meeting.veto_withdraw(actor=cluster_leader, veto=veto, reason="Ghi nhầm đơn vị")
    assert Veto.objects.get().status == VetoStatus.WITHDRAWN
    assert selectors.engine_vetoes(org.cluster_year) == ()
    assert AuditEvent.objects.get(action="veto.withdraw").reason == "Ghi nhầm đơn vị"


def _honour(org: Org, leader: User, officer: User, *, approvals: int) -> None:
    ballot = honour_ballot(org)
    ballots.ballot_cast(actor=officer, ballot=ballot, choice="approve" if approvals >= 1 else "reject")
    ballots.ballot_cast(actor=leader, ballot=ballot, choice="approve" if approvals >= 2 else "reject")
    ballots.ballot_close(
        actor=SYSTEM, ballot=ballot
    )  # the deputy or the board: it is about the leader's unit


def test_it_proposes_awards_from_the_ranking_and_the_honouring_vote(
    org: Org, cluster_leader: User, unit_officer: User
) -> None:
    _honour(org, cluster_leader, unit_officer, approvals=2)
    meeting.proposals_compute(actor=cluster_leader, cluster_year=org.cluster_year, results=CUM5)
    lines = {(p.unit.code, p.award): p.reason for p in Proposal.objects.all()}
    assert lines[("VINH-HOA", "Cờ thi đua của UBND tỉnh")] == (
        "Đề nghị Cờ thi đua của UBND tỉnh: hạng 1, 906,00 điểm, được suy tôn "
        "(Đạt: 2/3 phiếu đồng ý (66,67%) > 50% tổng số đại biểu)"
    )
    # Two cluster-years in the province: 20% of 2 leading units is 0 by the floor rounding.
    assert lines[("VINH-HOA", "")] == (
        "Không đề nghị Cờ thi đua của Chính phủ: đã hết chỉ tiêu (tối đa 20% của 2 đơn vị dẫn đầu là 0, đã đề nghị 0)"
    )
    assert (
        lines[("THANH-LOC", "Bằng khen của Chủ tịch UBND tỉnh")]
        == "Đề nghị Bằng khen của Chủ tịch UBND tỉnh: hạng 2, 880,50 điểm"
    )
    assert (
        lines[("AN-MINH", "")]
        == "Không đề nghị: hạng 3, 700,00 điểm, không đạt mức khen thưởng của khung tiêu chí"
    )
    assert AuditEvent.objects.get(action="proposals.compute").after["results"] == "bài kiểm thử"


def test_it_withholds_the_flag_when_the_honouring_vote_fails(
    org: Org, cluster_leader: User, unit_officer: User
) -> None:
    _honour(org, cluster_leader, unit_officer, approvals=1)
    meeting.proposals_compute(actor=cluster_leader, cluster_year=org.cluster_year, results=CUM5)
    vinh_hoa = Proposal.objects.get(unit__code="VINH-HOA")
    assert vinh_hoa.award == ""
    assert vinh_hoa.reason.startswith(
        "Không đề nghị Cờ thi đua của UBND tỉnh: hạng 1, 906,00 điểm, không được suy tôn (Không đạt: thiếu 1 phiếu"
    )


def test_it_reranks_after_a_conference_veto(org: Org, agreement: Agreement, cluster_leader: User) -> None:
    meeting.veto_record(
        actor=cluster_leader,
        cluster_year=org.cluster_year,
        unit=org.units["VINH-HOA"],
        reason="Vi phạm pháp luật",
    )
    meeting.proposals_compute(actor=cluster_leader, cluster_year=org.cluster_year, results=CUM5)
    lines = {p.unit.code: (p.rank, p.award, p.reason) for p in Proposal.objects.all()}
    assert lines["VINH-HOA"] == (None, "", "Không đề nghị: không xét thi đua (Vi phạm pháp luật)")
    assert lines["THANH-LOC"] == (
        1,
        "",
        "Chưa đề nghị Cờ thi đua của UBND tỉnh: hạng 1, hạng 2 trước khi loại đơn vị không xét thi đua, 880,50 điểm, "
        "chưa có kết quả biểu quyết suy tôn",
    )
    assert lines["AN-MINH"] == (
        2,
        "Bằng khen của Chủ tịch UBND tỉnh",
        "Đề nghị Bằng khen của Chủ tịch UBND tỉnh: hạng 2, hạng 3 trước khi loại đơn vị không xét thi đua, 700,00 điểm",
    )


def test_it_reads_the_example_results_document(org: Org, cluster_leader: User) -> None:
    document = json.loads(EXAMPLE_RESULTS.read_text(encoding="utf-8"))
    parsed = parse_results(document)
    assert [(u.code, u.rank) for u in parsed.units][:3] == [("VINH-HOA", 1), ("AN-MINH", 2), ("RACH-GIA", 3)]
    assert parsed.units[0].total == Decimal("906.00") and parsed.units[0].rank == 1
    with pytest.raises(InvalidInput, match="không thuộc cụm"):
        meeting.proposals_compute(actor=cluster_leader, cluster_year=org.cluster_year, results=parsed)
    assert not Proposal.objects.exists()


def test_it_refuses_proposals_to_a_delegate(org: Org, unit_officer: User) -> None:
    with pytest.raises(AccessDenied):
        meeting.proposals_compute(actor=unit_officer, cluster_year=org.cluster_year, results=CUM5)
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    ("leading_unit_leads", "leader", "deputy"),
    [(False, "B", "C"), (True, "D", "E")],
)
def test_it_suggests_the_rotation(leading_unit_leads: bool, leader: str, deputy: str) -> None:
    members = [
        RotationMember("A", "Huyện An Minh", 1, "leader"),
        RotationMember("B", "Huyện An Biên", 2, "deputy"),
        RotationMember("C", "Huyện U Minh Thượng", 3, "member"),
        RotationMember("D", "Huyện Vĩnh Thuận", 4, "member"),
        RotationMember("E", "Huyện Gò Quao", 5, "member"),
    ]
    suggestion = rotation_suggestion(members, leading_unit="D", leading_unit_leads=leading_unit_leads)
    assert (suggestion.leader, suggestion.deputy) == (leader, deputy)


def test_it_wraps_the_rotation_round_the_end_of_the_order() -> None:
    members = [
        RotationMember("A", "A", 1, "member"),
        RotationMember("B", "B", 2, "leader"),
        RotationMember("C", "C", 3, "deputy"),
    ]
    suggestion = rotation_suggestion(members)
    assert (suggestion.leader, suggestion.deputy) == ("C", "A")
    assert (
        suggestion.reason
        == "C là cụm phó năm nay nên làm cụm trưởng; A là đơn vị kế tiếp theo thứ tự luân phiên nên làm cụm phó."
    )


def test_it_makes_the_elected_units_next_years_leader_and_deputy(
    org: Org, cluster_leader: User, unit_officer: User, board_admin: User
) -> None:
    leader_ballot = election(org, BallotPurpose.LEADER, ["THANH-LOC", "AN-MINH"])
    thanh_loc = leader_ballot.candidates.get(unit=org.units["THANH-LOC"])
    ballots.ballot_cast(actor=unit_officer, ballot=leader_ballot, choice="candidate", candidate=thanh_loc)
    ballots.ballot_cast(actor=cluster_leader, ballot=leader_ballot, choice="candidate", candidate=thanh_loc)
    ballots.ballot_close(actor=cluster_leader, ballot=leader_ballot)
    deputy_ballot = election(org, BallotPurpose.DEPUTY, ["AN-MINH"])
    an_minh = deputy_ballot.candidates.get()
    ballots.ballot_cast(actor=unit_officer, ballot=deputy_ballot, choice="candidate", candidate=an_minh)
    ballots.ballot_cast(actor=cluster_leader, ballot=deputy_ballot, choice="candidate", candidate=an_minh)
    ballots.ballot_close(actor=cluster_leader, ballot=deputy_ballot)

    with pytest.raises(AccessDenied):
        meeting.leadership_apply(actor=cluster_leader, cluster_year=org.cluster_year)
    assert not ClusterYear.objects.filter(cluster=org.cluster, year=2027).exists()

    following = meeting.leadership_apply(actor=board_admin, cluster_year=org.cluster_year)
    assert following.year == 2027
    roles = {m.unit.code: (m.role, m.order) for m in Membership.objects.filter(cluster_year=following)}
    assert roles == {"VINH-HOA": ("member", 1), "THANH-LOC": ("leader", 2), "AN-MINH": ("deputy", 3)}
    this_year = {m.unit.code: m.role for m in Membership.objects.filter(cluster_year=org.cluster_year)}
    assert this_year == {"VINH-HOA": "leader", "THANH-LOC": "deputy", "AN-MINH": "member"}
    assert AuditEvent.objects.filter(
        action="conference.leadership_apply", object_id=str(following.pk)
    ).exists()
    assert AuditEvent.objects.filter(action="membership.set", object_id=str(following.pk)).exists()


def test_it_refuses_to_apply_leadership_before_the_elections(org: Org, board_admin: User) -> None:
    with pytest.raises(InvalidInput) as refused:
        meeting.leadership_apply(actor=board_admin, cluster_year=org.cluster_year)
    assert refused.value.message == "Chưa có kết quả bầu cụm trưởng năm sau."
    assert not ClusterYear.objects.filter(cluster=org.cluster, year=2027).exists()


def test_it_keeps_the_first_honour_ballots_effect_when_another_unit_is_voted_on(
    org: Org, cluster_leader: User, unit_officer: User
) -> None:
    _honour(org, cluster_leader, unit_officer, approvals=2)
    other = ballots.ballot_create(
        actor=cluster_leader,
        cluster_year=org.cluster_year,
        purpose=BallotPurpose.HONOUR,
        title="Suy tôn Xã Thạnh Lộc",
        subject=org.units["THANH-LOC"],
    )
    ballots.ballot_open(actor=cluster_leader, ballot=other, present=3)
    ballots.ballot_cast(actor=unit_officer, ballot=other, choice="reject")
    ballots.ballot_close(actor=cluster_leader, ballot=other)
    meeting.proposals_compute(actor=cluster_leader, cluster_year=org.cluster_year, results=CUM5)
    vinh_hoa = Proposal.objects.get(unit__code="VINH-HOA", award="Cờ thi đua của UBND tỉnh")
    assert vinh_hoa.reason.endswith("được suy tôn (Đạt: 2/3 phiếu đồng ý (66,67%) > 50% tổng số đại biểu)")
