"""Who may do what in a cluster's year, on top of thidua.accounts.access; deny by default.

- the board of the province runs the cycle (deadlines, states, publishing, freezing) and may verify any line;
- the officers of a member unit sign, report, submit and appeal for that unit only;
- a data-source reviewer verifies the lines whose criterion's data source is their agency, in every cluster of the
  province; the cluster leader verifies the other criteria of the cluster and approves target amendments;
- the leader or the board answers appeals; members see the provisional results; observers see final results only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from thidua.accounts import access
from thidua.accounts.models import Role
from thidua.cycle.models import Cycle, CycleState
from thidua.org.models import Unit


def _province_id(cycle: Cycle) -> int:
    return cycle.cluster_year.cluster.province_id


def is_board(user: Any, cycle: Cycle) -> bool:
    return access.is_board_admin(user, _province_id(cycle))


def is_leader(user: Any, cycle: Cycle) -> bool:
    return access.leads_cluster(user, cycle.cluster_year.cluster)


def member_unit_ids(cycle: Cycle) -> set[int]:
    cached: set[int] | None = getattr(cycle, "_member_ids", None)
    if cached is None:
        cached = set(cycle.cluster_year.memberships.values_list("unit_id", flat=True))
        cycle._member_ids = cached  # type: ignore[attr-defined]
    return cached


def reports_for(user: Any, cycle: Cycle, unit: Unit | int) -> bool:
    """Is the user an officer of this member unit (signs, reports, appeals for it)?"""
    unit_id = unit if isinstance(unit, int) else unit.pk
    return unit_id in access.officer_units(user) and unit_id in member_unit_ids(cycle)


def own_member_units(user: Any, cycle: Cycle) -> set[int]:
    return access.officer_units(user) & member_unit_ids(cycle)


def can_view_cycle(user: Any, cycle: Cycle) -> bool:
    return access.can_view_cluster_year(user, cycle.cluster_year)


def can_manage(user: Any, cycle: Cycle) -> bool:
    return is_board(user, cycle)


def can_follow(user: Any, cycle: Cycle) -> bool:
    """Readiness and every member's lines: the board, the leader and the province's council."""
    if is_board(user, cycle) or is_leader(user, cycle):
        return True
    return _province_id(cycle) in access.provinces_with_role(user, {Role.COUNCIL_MEMBER})


def agency_names(user: Any) -> dict[str, set[int]]:
    """The agencies the user reviews for, by name (a criterion's data_source text names its agency), each with the
    provinces it serves: its own and those merged into it. Names repeat across provinces (every province has a Sở
    Tài chính), so a name alone never grants anything."""
    ids = access.data_source_agencies(user)
    if not ids:
        return {}
    out: dict[str, set[int]] = {}
    for name, province_id in Unit.objects.filter(pk__in=ids).values_list("name", "province_id"):
        if province_id is not None:
            out.setdefault(name, set()).update(access.province_lineage(province_id))
    return out


def can_verify(
    user: Any, cycle: Cycle, data_source: str, agencies: set[str], reviewer_names: Mapping[str, set[int]]
) -> bool:
    """`agencies`: names of the province's data-source agencies; `reviewer_names`: the user's own agencies with
    the provinces each serves (agency_names). A criterion whose source is an agency belongs to the reviewers of
    the agency of that name in the cycle's province; the rest to the leader."""
    if is_board(user, cycle):
        return True
    if data_source and data_source in agencies:
        return _province_id(cycle) in reviewer_names.get(data_source, set())
    return is_leader(user, cycle)


def can_see_results(user: Any, cycle: Cycle) -> bool:
    """Provisional results go to the members, the leader, the board and the council; final ones to every reader."""
    if cycle.state == CycleState.FINAL:
        return can_view_cycle(user, cycle)
    if cycle.state != CycleState.PROVISIONAL:
        return False
    return can_follow(user, cycle) or bool(own_member_units(user, cycle))


def can_answer_appeals(user: Any, cycle: Cycle) -> bool:
    return is_board(user, cycle) or is_leader(user, cycle)
