from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from thidua.conftest import Org
from thidua.core.errors import AccessDenied, InvalidInput
from thidua.core.models import AuditEvent
from thidua.org import services
from thidua.org.models import (
    Cluster,
    ClusterKind,
    ClusterYear,
    MemberRole,
    Membership,
    SuccessionKind,
    Unit,
    UnitLevel,
    UnitSuccession,
)


def _counts() -> tuple[int, int, int, int, int, int]:
    return (
        Unit.objects.count(),
        UnitSuccession.objects.count(),
        Cluster.objects.count(),
        ClusterYear.objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
    )


def _roles(cluster_year: ClusterYear) -> dict[str, str]:
    return dict(Membership.objects.filter(cluster_year=cluster_year).values_list("unit__code", "role"))


def test_it_creates_a_unit_and_audits_it(org: Org, board_admin: User) -> None:
    unit = services.unit_create(
        actor=board_admin,
        province=org.province,
        level=UnitLevel.WARD,
        code="vinh-lac",
        name=" Phường  Vĩnh Lạc ",
    )
    unit.refresh_from_db()
    assert (unit.code, unit.name, unit.province, unit.valid_from) == (
        "VINH-LAC",
        "Phường Vĩnh Lạc",
        org.province,
        org.province.valid_from,
    )
    event = AuditEvent.objects.filter(action="unit.create", object_id=str(unit.pk)).get()
    assert event.actor == board_admin
    assert event.after["code"] == "VINH-LAC" and event.after["level"] == "ward"


@pytest.mark.parametrize(
    "persona",
    ["council_member", "cluster_leader", "unit_officer", "data_source_reviewer", "observer", "outsider"],
)
def test_it_refuses_unit_create_to_everyone_but_the_board_and_changes_nothing(
    org: Org, persona: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    before = _counts()
    with pytest.raises(AccessDenied) as refusal:
        services.unit_create(
            actor=user, province=org.province, level=UnitLevel.COMMUNE, code="X", name="Xã X"
        )
    assert refusal.value.message == "Bạn không có quyền quản lý đơn vị, cụm, khối của tỉnh này."
    assert _counts() == before


def test_it_refuses_the_board_of_one_province_in_another(org: Org, board_admin: User) -> None:
    before = _counts()
    with pytest.raises(AccessDenied):
        services.unit_create(
            actor=board_admin, province=org.other_province, level=UnitLevel.COMMUNE, code="X", name="Xã X"
        )
    assert _counts() == before


def test_it_refuses_a_duplicate_code_naming_the_field(org: Org, board_admin: User) -> None:
    before = _counts()
    with pytest.raises(InvalidInput) as refusal:
        services.unit_create(
            actor=board_admin, province=org.province, level=UnitLevel.COMMUNE, code="an-minh", name="Xã khác"
        )
    assert (refusal.value.message, refusal.value.field) == ("Tỉnh đã có đơn vị mã AN-MINH.", "code")
    assert _counts() == before


def test_it_updates_a_unit_and_audits_only_what_changed(org: Org, board_admin: User) -> None:
    unit = org.units["AN-MINH"]
    services.unit_update(actor=board_admin, unit=unit, name="Xã An Minh Bắc", reason="Sai chính tả")
    unit.refresh_from_db()
    assert unit.name == "Xã An Minh Bắc"
    event = AuditEvent.objects.get(action="unit.update")
    assert (event.before, event.after, event.reason) == (
        {"name": "Xã An Minh"},
        {"name": "Xã An Minh Bắc"},
        "Sai chính tả",
    )


def test_it_merges_units_ending_each_the_day_before(org: Org, board_admin: User) -> None:
    a, b = org.units["THANH-LOC"], org.units["BINH-AN"]
    successor = org.units["VINH-HOA"]
    day = dt.date(2026, 9, 1)
    successions = services.unit_merge(
        actor=board_admin,
        predecessors=[a, b],
        successor=successor,
        date=day,
        decision_number="12/NQ-UBTVQH15",
        note="Sáp nhập giữa năm theo nghị quyết của Ủy ban Thường vụ Quốc hội",
    )
    assert len(successions) == 2
    for unit in (a, b):
        unit.refresh_from_db()
        assert unit.valid_to == dt.date(2026, 8, 31)
        succession = UnitSuccession.objects.get(predecessor=unit)
        assert (succession.successor, succession.kind, succession.decision_number) == (
            successor,
            SuccessionKind.MERGER,
            "12/NQ-UBTVQH15",
        )
    events = AuditEvent.objects.filter(action="unit.merger")
    assert events.count() == 2
    assert events.first().after["successor"] == successor.pk  # type: ignore[union-attr]


def test_it_refuses_merging_a_unit_twice_and_keeps_the_first_merger(org: Org, board_admin: User) -> None:
    unit = org.units["BINH-AN"]
    services.unit_merge(
        actor=board_admin,
        predecessors=[unit],
        successor=org.units["VINH-HOA"],
        date=dt.date(2026, 1, 1),
        decision_number="1",
        note="Sáp nhập trước khi năm 2026 bắt đầu",
    )
    before = _counts()
    with pytest.raises(InvalidInput) as refusal:
        services.unit_merge(
            actor=board_admin,
            predecessors=[unit],
            successor=org.units["AN-MINH"],
            date=dt.date(2026, 6, 1),
            decision_number="2",
        )
    assert refusal.value.message == "Xã Bình An không còn hiệu lực vào ngày 31/05/2026."
    assert _counts() == before


def test_it_refuses_merging_a_unit_into_itself(org: Org, board_admin: User) -> None:
    unit = org.units["BINH-AN"]
    before = _counts()
    with pytest.raises(InvalidInput, match="chính nó"):
        services.unit_merge(
            actor=board_admin,
            predecessors=[unit],
            successor=unit,
            date=dt.date(2026, 1, 1),
            decision_number="1",
        )
    assert _counts() == before
    unit.refresh_from_db()
    assert unit.valid_to is None


def test_it_dissolves_a_unit_without_successor(org: Org, board_admin: User) -> None:
    unit = org.units["BINH-AN"]
    services.unit_dissolve(
        actor=board_admin,
        unit=unit,
        date=dt.date(2026, 1, 1),
        decision_number="5/QĐ-UBND",
        note="Giải thể trước khi năm 2026 bắt đầu",
    )
    unit.refresh_from_db()
    assert unit.valid_to == dt.date(2025, 12, 31)
    succession = UnitSuccession.objects.get(predecessor=unit)
    assert (succession.kind, succession.successor) == (SuccessionKind.DISSOLUTION, None)
    assert AuditEvent.objects.filter(action="unit.dissolution", object_id=str(unit.pk)).exists()


def test_it_renames_into_a_new_record_that_keeps_the_old_name_in_history(org: Org, board_admin: User) -> None:
    old = org.units["BINH-AN"]
    new = services.unit_rename(
        actor=board_admin,
        unit=old,
        date=dt.date(2026, 3, 1),
        decision_number="9/NQ",
        new_name="Xã Bình An Đông",
        new_code="BINH-AN-DONG",
    )
    old.refresh_from_db()
    assert (new.name, new.valid_from, old.name, old.valid_to) == (
        "Xã Bình An Đông",
        dt.date(2026, 3, 1),
        "Xã Bình An",
        dt.date(2026, 2, 28),
    )
    assert UnitSuccession.objects.get(predecessor=old).successor == new


def test_it_creates_a_cluster_and_a_year(org: Org, board_admin: User) -> None:
    cluster = services.cluster_create(
        actor=board_admin,
        province=org.province,
        kind=ClusterKind.KHOI,
        code="khoi1",
        name="Khối thi đua số 1",
    )
    year = services.cluster_year_create(actor=board_admin, cluster=cluster, year=2027)
    assert (cluster.code, year.year, year.cluster) == ("KHOI1", 2027, cluster)
    assert AuditEvent.objects.filter(action="cluster.create", object_id=str(cluster.pk)).exists()
    assert AuditEvent.objects.filter(action="cluster_year.create", object_id=str(year.pk)).exists()


def test_it_refuses_a_second_year_of_the_same_number(org: Org, board_admin: User) -> None:
    before = _counts()
    with pytest.raises(InvalidInput, match="đã có năm 2026"):
        services.cluster_year_create(actor=board_admin, cluster=org.cluster, year=2026)
    assert _counts() == before


def test_it_sets_members_swapping_leader_and_deputy(org: Org, board_admin: User) -> None:
    u = org.units
    services.membership_set(
        actor=board_admin,
        cluster_year=org.cluster_year,
        members=[
            services.MemberSpec(unit=u["THANH-LOC"], role=MemberRole.LEADER, order=1),
            services.MemberSpec(unit=u["VINH-HOA"], role=MemberRole.DEPUTY, order=2),
            services.MemberSpec(unit=u["BINH-AN"], role=MemberRole.MEMBER, order=3),
        ],
        reason="Bầu tại hội nghị",
    )
    assert _roles(org.cluster_year) == {"THANH-LOC": "leader", "VINH-HOA": "deputy", "BINH-AN": "member"}
    event = AuditEvent.objects.filter(action="membership.set").latest("id")
    assert event.after["members"][0] == {"unit": "THANH-LOC", "role": "leader", "order": 1}
    assert {m["unit"] for m in event.before["members"]} == {"VINH-HOA", "THANH-LOC", "AN-MINH"}
    assert event.reason == "Bầu tại hội nghị"


@pytest.mark.parametrize(
    ("codes_roles", "message"),
    [
        ([("VINH-HOA", "leader"), ("AN-MINH", "leader")], "Mỗi năm chỉ có một cụm trưởng (khối trưởng)."),
        ([("SO-TAI-CHINH", "member")], "Cụm thi đua chỉ gồm đơn vị hành chính."),
        ([("XA-KHAC", "member")], "Đơn vị không thuộc tỉnh của cụm, khối."),
        ([("AN-MINH", "member"), ("AN-MINH", "member")], "Đơn vị có tên hai lần trong danh sách."),
    ],
)
def test_it_refuses_wrong_members_and_changes_nothing(
    org: Org, board_admin: User, codes_roles: list[tuple[str, str]], message: str
) -> None:
    before, roles = _counts(), _roles(org.cluster_year)
    specs = [services.MemberSpec(unit=org.units[c], role=r) for c, r in codes_roles]
    with pytest.raises(InvalidInput) as refusal:
        services.membership_set(actor=board_admin, cluster_year=org.cluster_year, members=specs)
    assert refusal.value.message == message
    assert (_counts(), _roles(org.cluster_year)) == (before, roles)


def test_it_refuses_a_cluster_leader_setting_members(org: Org, cluster_leader: User) -> None:
    before, roles = _counts(), _roles(org.cluster_year)
    with pytest.raises(AccessDenied):
        services.membership_set(actor=cluster_leader, cluster_year=org.cluster_year, members=[])
    assert (_counts(), _roles(org.cluster_year)) == (before, roles)


def test_it_changes_a_role_and_demotes_the_previous_holder(org: Org, board_admin: User) -> None:
    membership = Membership.objects.get(cluster_year=org.cluster_year, unit=org.units["AN-MINH"])
    services.membership_role_change(
        actor=board_admin, membership=membership, role=MemberRole.LEADER, reason="Bầu lại"
    )
    assert _roles(org.cluster_year) == {"AN-MINH": "leader", "VINH-HOA": "member", "THANH-LOC": "deputy"}
    event = AuditEvent.objects.get(action="membership.role_change")
    assert event.reason == "Bầu lại"
    # The year's history holds every change of its members, with the whole list before and after.
    assert event.object_id == str(org.cluster_year.pk)
    assert {"unit": "AN-MINH", "role": "leader", "order": 3} in event.after["members"]
