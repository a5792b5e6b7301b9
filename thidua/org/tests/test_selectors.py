from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User

from thidua.accounts import access
from thidua.conftest import SYSTEM, Org
from thidua.core.errors import NotFound
from thidua.org import selectors, services

ALL_OF_PROVINCE = {"TINH-MAU", "VINH-HOA", "THANH-LOC", "AN-MINH", "BINH-AN", "SO-TAI-CHINH"}
CUM5 = {"VINH-HOA", "THANH-LOC", "AN-MINH"}


@pytest.mark.parametrize(
    ("persona", "units", "clusters"),
    [
        ("board_admin", ALL_OF_PROVINCE, {"CUM5", "CUM6"}),
        ("council_member", ALL_OF_PROVINCE, {"CUM5", "CUM6"}),
        ("data_source_reviewer", ALL_OF_PROVINCE, {"CUM5", "CUM6"}),
        ("observer", ALL_OF_PROVINCE, {"CUM5", "CUM6"}),
        ("cluster_leader", CUM5, {"CUM5"}),
        ("unit_officer", CUM5, {"CUM5"}),
        ("outsider", set(), set()),
    ],
)
def test_it_shows_each_persona_only_its_scope(
    org: Org, persona: str, units: set[str], clusters: set[str], request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    assert set(access.units_visible_to(user).values_list("code", flat=True)) == units
    assert set(access.clusters_visible_to(user).values_list("code", flat=True)) == clusters
    assert access.can_view_unit(user, org.units["XA-KHAC"]) is False


def test_it_shows_nothing_to_a_deactivated_user(org: Org, board_admin: User, observer: User) -> None:
    from thidua.accounts.services import user_deactivate

    user_deactivate(actor=board_admin, user=observer)
    observer.refresh_from_db()
    assert not access.units_visible_to(observer).exists()


def test_it_builds_the_tree_as_of_a_date(org: Org, board_admin: User) -> None:
    services.unit_merge(
        actor=SYSTEM,
        predecessors=[org.units["BINH-AN"]],
        successor=org.units["AN-MINH"],
        date=dt.date(2026, 1, 1),
        decision_number="1",
        note="Sáp nhập theo nghị quyết; Xã Bình An thôi là thành viên Cụm số 6 năm 2026",
    )
    before = selectors.unit_tree(user=board_admin, province=org.province, as_of=dt.date(2025, 12, 31))
    after = selectors.unit_tree(user=board_admin, province=org.province, as_of=dt.date(2026, 1, 1))
    assert "BINH-AN" in {n.unit.code for n in before.children}
    assert "BINH-AN" not in {n.unit.code for n in after.children}
    assert before.unit == org.province


def test_it_follows_history_transitively_both_ways(org: Org) -> None:
    u = org.units
    services.unit_merge(
        actor=SYSTEM,
        predecessors=[u["BINH-AN"]],
        successor=u["AN-MINH"],
        date=dt.date(2026, 1, 1),
        decision_number="1",
        note="Sáp nhập theo nghị quyết; Xã Bình An thôi là thành viên Cụm số 6 năm 2026",
    )
    services.unit_merge(
        actor=SYSTEM,
        predecessors=[u["AN-MINH"]],
        successor=u["VINH-HOA"],
        date=dt.date(2027, 1, 1),
        decision_number="2",
    )
    latest = selectors.unit_history(user=SYSTEM, unit=u["VINH-HOA"])
    assert [(s.predecessor.code, s.successor.code) for s in latest.predecessors] == [  # type: ignore[union-attr]
        ("BINH-AN", "AN-MINH"),
        ("AN-MINH", "VINH-HOA"),
    ]
    oldest = selectors.unit_history(user=SYSTEM, unit=u["BINH-AN"])
    assert [s.successor.code for s in oldest.successors] == ["AN-MINH", "VINH-HOA"]  # type: ignore[union-attr]
    assert oldest.predecessors == []


def test_it_hides_a_unit_outside_the_scope_as_not_found(org: Org, unit_officer: User) -> None:
    with pytest.raises(NotFound):
        selectors.unit_get_for_user(unit_officer, org.units["BINH-AN"].pk)
    with pytest.raises(NotFound):
        selectors.cluster_year_get_for_user(unit_officer, org.other_cluster_year.pk)


def test_it_lists_the_clusters_of_a_year_with_members_in_order(
    org: Org, observer: User, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(4):
        years = list(selectors.cluster_years_of_year(user=observer, year=2026, province=org.province))
        rows = [(cy.cluster.code, [(m.unit.code, m.role) for m in cy.memberships.all()]) for cy in years]
    assert rows == [
        ("CUM5", [("VINH-HOA", "leader"), ("THANH-LOC", "deputy"), ("AN-MINH", "member")]),
        ("CUM6", [("BINH-AN", "leader")]),
    ]


def test_it_lists_leaders_and_deputies_across_years(org: Org, board_admin: User) -> None:
    year = services.cluster_year_create(actor=board_admin, cluster=org.cluster, year=2027)
    services.membership_set(
        actor=board_admin,
        cluster_year=year,
        members=[
            services.MemberSpec(unit=org.units["THANH-LOC"], role="leader"),
            services.MemberSpec(unit=org.units["AN-MINH"], role="deputy"),
        ],
    )
    history = selectors.leadership_history(user=board_admin, cluster=org.cluster)
    assert [(m.cluster_year.year, m.role, m.unit.code) for m in history] == [
        (2027, "deputy", "AN-MINH"),
        (2027, "leader", "THANH-LOC"),
        (2026, "deputy", "THANH-LOC"),
        (2026, "leader", "VINH-HOA"),
    ]
