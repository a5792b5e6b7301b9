"""The board's set-up services: opening a year from last year, members with reasons, clusters, dissolving."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from thidua.conference.models import Ballot, BallotPurpose, BallotStatus, QuestionKind, VoterKind
from thidua.conftest import Org
from thidua.core.errors import InvalidInput
from thidua.core.models import AuditEvent
from thidua.core.testing import row_counts
from thidua.org import opening, services
from thidua.org.models import ClusterKind, ClusterYear, MemberRole, Membership, Unit, UnitLevel


def _members(cluster_year: ClusterYear) -> list[tuple[str, str, int]]:
    return [
        (m.unit.code, m.role, m.order)
        for m in Membership.objects.filter(cluster_year=cluster_year).select_related("unit").order_by("order")
    ]


def _elect(org: Org, purpose: str, unit: Unit) -> Ballot:
    return Ballot.objects.create(
        province=org.province,
        cluster_year=org.cluster_year,
        purpose=purpose,
        question=QuestionKind.CHOICE,
        title=f"Bầu {purpose}",
        voter_kind=VoterKind.UNITS,
        status=BallotStatus.CLOSED,
        closed_at=timezone.now(),
        passed=True,
        winner=unit,
    )


def _merge_thanh_loc_into_a_new_ward(org: Org, board_admin: User) -> Unit:
    ward, _ = services.unit_merge_into_new(
        actor=board_admin,
        predecessors=[org.units["THANH-LOC"]],
        province=org.province,
        level=UnitLevel.WARD,
        code="PHUONG-MOI",
        name="Phường Mới",
        date=dt.date(2027, 1, 1),
        decision_number="99/NQ-HĐND",
        note="Sáp nhập từ đầu năm 2027",
    )
    return ward


def test_it_opens_a_year_with_last_years_members_and_the_elected_leader_and_deputy(
    org: Org, board_admin: User
) -> None:
    _elect(org, BallotPurpose.LEADER, org.units["THANH-LOC"])
    _elect(org, BallotPurpose.DEPUTY, org.units["AN-MINH"])
    opened = services.cluster_year_open(actor=board_admin, cluster=org.cluster, year=2027)
    assert _members(opened) == [
        ("VINH-HOA", "member", 1),
        ("THANH-LOC", "leader", 2),
        ("AN-MINH", "deputy", 3),
    ]
    event = AuditEvent.objects.get(action="cluster_year.open", object_id=str(opened.pk))
    assert event.after["from_year"] == 2026
    assert event.after["roles"] == (
        "Xã Thạnh Lộc được bầu làm cụm trưởng tại hội nghị tổng kết năm 2026; "
        "Xã An Minh được bầu làm cụm phó tại hội nghị tổng kết năm 2026."
    )


def test_it_replaces_a_merged_member_by_its_successor_and_drops_a_dissolved_one(
    org: Org, board_admin: User
) -> None:
    ward = _merge_thanh_loc_into_a_new_ward(org, board_admin)
    services.unit_dissolve(
        actor=board_admin,
        unit=org.units["AN-MINH"],
        date=dt.date(2027, 1, 1),
        decision_number="7/QĐ-UBND",
        note="Giải thể từ đầu năm 2027",
    )
    plan = opening.opening_plan(org.cluster, 2027)
    assert [(m.unit.code, m.replaces.code if m.replaces else None) for m in plan.members] == [
        ("VINH-HOA", None),
        ("PHUONG-MOI", "THANH-LOC"),
    ]
    assert plan.replaced[0].how == "Xã Thạnh Lộc sáp nhập vào Phường Mới từ ngày 01/01/2027 (99/NQ-HĐND)"
    assert [(d.unit.code, d.why) for d in plan.dropped] == [
        ("AN-MINH", "Xã An Minh giải thể từ ngày 01/01/2027 (7/QĐ-UBND)")
    ]
    assert plan.roles_note.startswith(
        "Hội nghị tổng kết năm 2026 chưa bầu cụm trưởng, cụm phó năm 2027: vai trò để trống, "
        "Ban chọn sau khi mở năm. Gợi ý theo luân phiên:"
    )
    opened = services.cluster_year_open(actor=board_admin, cluster=org.cluster, year=2027)
    assert _members(opened) == [("VINH-HOA", "member", 1), ("PHUONG-MOI", "member", 2)]
    assert ward.pk in {m.unit_id for m in opened.memberships.all()}


def test_it_opens_the_year_for_every_cluster_of_the_province_at_once(org: Org, board_admin: User) -> None:
    opened = services.province_year_open(actor=board_admin, province=org.province, year=2027)
    assert [(cy.cluster.code, cy.year) for cy in opened] == [("CUM5", 2027), ("CUM6", 2027)]
    with pytest.raises(InvalidInput) as refusal:
        services.province_year_open(actor=board_admin, province=org.province, year=2027)
    assert refusal.value.message == "Mọi cụm, khối thi đua của Tỉnh Mẫu đã có năm 2027."


def test_it_adds_changes_and_removes_members_with_a_reason_each(org: Org, board_admin: User) -> None:
    cy = org.cluster_year
    services.membership_add(
        actor=board_admin, cluster_year=cy, unit=org.units["BINH-AN"], reason="Điều chỉnh cụm theo QĐ 12"
    )
    added = Membership.objects.get(cluster_year=cy, unit=org.units["BINH-AN"])
    assert (added.role, added.order) == ("member", 4)
    services.membership_change(
        actor=board_admin, membership=added, role=MemberRole.DEPUTY, order=2, reason="Bầu bổ sung"
    )
    assert _members(cy) == [
        ("VINH-HOA", "leader", 1),
        ("THANH-LOC", "member", 2),
        ("BINH-AN", "deputy", 2),
        ("AN-MINH", "member", 3),
    ]
    services.membership_remove(
        actor=board_admin,
        membership=Membership.objects.get(cluster_year=cy, unit=org.units["AN-MINH"]),
        reason="Chuyển sang cụm khác",
    )
    events = AuditEvent.objects.filter(object_id=str(cy.pk), action__startswith="membership.").order_by("id")
    assert [(e.action, e.reason) for e in events][-3:] == [
        ("membership.add", "Điều chỉnh cụm theo QĐ 12"),
        ("membership.role_change", "Bầu bổ sung"),
        ("membership.remove", "Chuyển sang cụm khác"),
    ]
    assert events.last().actor == board_admin  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            "no_reason",
            "Cụm thi đua số 5 năm 2026 đã có thành viên: "
            "mỗi thay đổi thành viên, vai trò hay thứ tự phải ghi rõ lý do.",
        ),
        (
            "demote_leader",
            "Mỗi năm thi đua phải có đúng một cụm trưởng (khối trưởng): để Xã Vĩnh Hòa thôi làm cụm trưởng, "
            "hãy chọn đơn vị khác làm cụm trưởng.",
        ),
        (
            "remove_leader",
            "Xã Vĩnh Hòa đang là cụm trưởng (khối trưởng) năm 2026: hãy chọn cụm trưởng mới trước khi bỏ đơn "
            "vị khỏi danh sách thành viên.",
        ),
        ("remove_without_reason", "Bỏ một đơn vị khỏi danh sách thành viên phải ghi rõ lý do."),
        ("add_twice", "Xã An Minh đã là thành viên năm 2026."),
    ],
)
def test_it_refuses_member_changes_that_break_the_rules(
    org: Org, board_admin: User, change: str, message: str
) -> None:
    cy = org.cluster_year
    leader = Membership.objects.get(cluster_year=cy, unit=org.units["VINH-HOA"])
    member = Membership.objects.get(cluster_year=cy, unit=org.units["AN-MINH"])
    before, members = row_counts(), _members(cy)
    with pytest.raises(InvalidInput) as refusal:
        if change == "no_reason":
            services.membership_change(actor=board_admin, membership=member, role=MemberRole.DEPUTY)
        elif change == "demote_leader":
            services.membership_change(actor=board_admin, membership=leader, role="member", reason="Thử")
        elif change == "remove_leader":
            services.membership_remove(actor=board_admin, membership=leader, reason="Thử")
        elif change == "remove_without_reason":
            services.membership_remove(actor=board_admin, membership=member)
        else:
            services.membership_add(actor=board_admin, cluster_year=cy, unit=member.unit, reason="Thử")
    assert refusal.value.message == message
    assert (row_counts(), _members(cy)) == (before, members)


def test_it_updates_a_cluster_and_refuses_a_kind_its_members_do_not_fit(org: Org, board_admin: User) -> None:
    services.cluster_update(
        actor=board_admin,
        cluster=org.cluster,
        kind=ClusterKind.CUM,
        code="CUM-5",
        name="Cụm thi đua số 5 (các xã phía Bắc)",
        decision_number="126/QĐ-UBND",
        decision_date=dt.date(2026, 3, 1),
        reason="Đổi tên theo QĐ 126",
    )
    event = AuditEvent.objects.get(action="cluster.update")
    assert event.before == {
        "code": "CUM5",
        "name": "Cụm thi đua số 5",
        "decision_number": "125/QĐ-UBND",
        "decision_date": "2026-02-10",
    }
    before = row_counts()
    with pytest.raises(InvalidInput) as refusal:
        services.cluster_update(
            actor=board_admin, cluster=org.cluster, kind=ClusterKind.KHOI, code="CUM-5", name="Khối"
        )
    assert refusal.value.message == (
        "Không đổi được thành Khối thi đua: Xã An Minh là thành viên mà Khối thi đua chỉ gồm "
        "sở, ban, ngành, cơ quan."
    )
    assert row_counts() == before


def test_it_needs_a_reason_to_dissolve_a_member_of_a_year_not_ended(org: Org, board_admin: User) -> None:
    before = row_counts()
    with pytest.raises(InvalidInput) as refusal:
        services.unit_dissolve(
            actor=board_admin, unit=org.units["AN-MINH"], date=dt.date(2026, 7, 1), decision_number="8/QĐ"
        )
    assert refusal.value.message == (
        "Xã An Minh là thành viên của Cụm thi đua số 5 năm 2026, năm thi đua chưa kết thúc vào ngày "
        "30/06/2026. Giải thể đơn vị trước khi năm thi đua kết thúc phải ghi rõ lý do."
    )
    assert row_counts() == before
    services.unit_dissolve(
        actor=board_admin,
        unit=org.units["AN-MINH"],
        date=dt.date(2026, 7, 1),
        decision_number="8/QĐ",
        note="Sắp xếp đơn vị hành chính; kết quả 6 tháng vẫn được tính",
    )
    event = AuditEvent.objects.get(action="unit.dissolution")
    assert event.reason == "Sắp xếp đơn vị hành chính; kết quả 6 tháng vẫn được tính"
