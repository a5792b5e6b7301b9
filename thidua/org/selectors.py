"""Reads of the organisation, always through what the user may see (thidua.accounts.access)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from thidua.accounts import access
from thidua.core.errors import NotFound
from thidua.org.models import (
    Cluster,
    ClusterYear,
    MemberRole,
    Membership,
    Unit,
    UnitLevel,
    UnitSuccession,
)


def valid_on(day: dt.date) -> Q:
    """Units in force on `day`."""
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def unit_list(
    *,
    user: Any,
    province: Unit | None = None,
    level: str = "",
    as_of: dt.date | None = None,
    search: str = "",
) -> QuerySet[Unit]:
    """The units the user may see, filtered; the one list behind the page, the API and the export."""
    units = access.units_visible_to(user).select_related("province", "parent")
    if province is not None:
        units = units.filter(Q(province=province) | Q(pk=province.pk))
    if level:
        units = units.filter(level=level)
    if as_of is not None:
        units = units.filter(valid_on(as_of))
    if search:
        units = units.filter(Q(name__icontains=search) | Q(code__icontains=search))
    return units.order_by("province_id", "level", "name")


def unit_get_for_user(user: Any, pk: int) -> Unit:
    """The unit, or NotFound when it does not exist or the user may not see it (the two look the same)."""
    unit = access.units_visible_to(user).select_related("province", "parent").filter(pk=pk).first()
    if unit is None:
        raise NotFound(_("Không tìm thấy đơn vị hoặc bạn không có quyền xem đơn vị này."))
    return unit


def province_list(*, user: Any) -> QuerySet[Unit]:
    return access.units_visible_to(user).filter(level=UnitLevel.PROVINCE).order_by("name")


@dataclass
class UnitNode:
    """A unit and the units under it on one date."""

    unit: Unit
    children: list[UnitNode] = field(default_factory=list)


def unit_tree(*, user: Any, province: Unit, as_of: dt.date) -> UnitNode:
    """The province and its units in force on `as_of`, nested by parent; a unit whose parent is not in force
    that day hangs under the province so nothing in force is hidden."""
    if not access.can_view_unit(user, province):
        raise NotFound(_("Không tìm thấy tỉnh hoặc bạn không có quyền xem."))
    units = list(
        access.units_visible_to(user)
        .filter(province=province)
        .filter(valid_on(as_of))
        .order_by("level", "name")
    )
    root = UnitNode(unit=province)
    nodes = {u.pk: UnitNode(unit=u) for u in units}
    for unit in units:
        parent = nodes.get(unit.parent_id) if unit.parent_id is not None else None
        (parent or root).children.append(nodes[unit.pk])
    return root


@dataclass
class UnitHistory:
    """Where a unit came from and where it went: every succession before and after it, transitively."""

    unit: Unit
    predecessors: list[UnitSuccession]
    successors: list[UnitSuccession]


def unit_history(*, user: Any, unit: Unit) -> UnitHistory:
    """The unit's predecessors and successors across mergers, dissolutions and renames, oldest first.

    History is shown even where a former unit belongs to a province the user does not run today: the province
    that absorbed it carries its history (access.province_lineage).
    """
    if not access.can_view_unit(user, unit):
        raise NotFound(_("Không tìm thấy đơn vị hoặc bạn không có quyền xem đơn vị này."))
    return UnitHistory(
        unit=unit,
        predecessors=_walk(unit.pk, backwards=True),
        successors=_walk(unit.pk, backwards=False),
    )


def _walk(start: int, *, backwards: bool) -> list[UnitSuccession]:
    seen_units = {start}
    found: dict[int, UnitSuccession] = {}
    frontier = [start]
    related = UnitSuccession.objects.select_related("predecessor", "successor")
    while frontier:
        if backwards:
            step = list(related.filter(successor_id__in=frontier))
            next_units = {s.predecessor_id for s in step}
        else:
            step = list(related.filter(predecessor_id__in=frontier))
            next_units = {s.successor_id for s in step if s.successor_id is not None}
        for succession in step:
            found[succession.pk] = succession
        frontier = list(next_units - seen_units)
        seen_units |= next_units
    return sorted(found.values(), key=lambda s: (s.date, s.pk))


def cluster_list(*, user: Any, province: Unit | None = None, kind: str = "") -> QuerySet[Cluster]:
    clusters = access.clusters_visible_to(user).select_related("province")
    if province is not None:
        clusters = clusters.filter(province=province)
    if kind:
        clusters = clusters.filter(kind=kind)
    return clusters.order_by("province_id", "kind", "code")


def cluster_get_for_user(user: Any, pk: int) -> Cluster:
    cluster = access.clusters_visible_to(user).select_related("province").filter(pk=pk).first()
    if cluster is None:
        raise NotFound(_("Không tìm thấy cụm, khối thi đua hoặc bạn không có quyền xem."))
    return cluster


def _with_members() -> Prefetch[Any]:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.select_related("unit").order_by("order", "unit__name"),
    )


def cluster_years_of_year(*, user: Any, year: int, province: Unit | None = None) -> QuerySet[ClusterYear]:
    """The clusters and blocks of one year with their members and roles, as the user may see them."""
    years = ClusterYear.objects.filter(
        year=year, cluster__in=access.clusters_visible_to(user).values("pk")
    ).select_related("cluster", "cluster__province")
    if province is not None:
        years = years.filter(cluster__province=province)
    return years.prefetch_related(_with_members()).order_by("cluster__kind", "cluster__code")


def cluster_year_list(*, user: Any, cluster: Cluster) -> QuerySet[ClusterYear]:
    if not access.can_view_cluster(user, cluster):
        raise NotFound(_("Không tìm thấy cụm, khối thi đua hoặc bạn không có quyền xem."))
    return (
        ClusterYear.objects.filter(cluster=cluster)
        .select_related("cluster", "cluster__province")
        .prefetch_related(_with_members())
        .order_by("-year")
    )


def cluster_year_get_for_user(user: Any, pk: int) -> ClusterYear:
    cluster_year = (
        ClusterYear.objects.filter(pk=pk, cluster__in=access.clusters_visible_to(user).values("pk"))
        .select_related("cluster", "cluster__province")
        .prefetch_related(_with_members())
        .first()
    )
    if cluster_year is None:
        raise NotFound(_("Không tìm thấy năm thi đua của cụm, khối hoặc bạn không có quyền xem."))
    return cluster_year


def leadership_history(*, user: Any, cluster: Cluster) -> list[Membership]:
    """Every leader and deputy of the cluster, year by year, newest first."""
    if not access.can_view_cluster(user, cluster):
        raise NotFound(_("Không tìm thấy cụm, khối thi đua hoặc bạn không có quyền xem."))
    return list(
        Membership.objects.filter(
            cluster_year__cluster=cluster, role__in=[MemberRole.LEADER, MemberRole.DEPUTY]
        )
        .select_related("unit", "cluster_year")
        .order_by("-cluster_year__year", "role")
    )


def memberships_of_unit(*, user: Any, unit: Unit) -> list[Membership]:
    """The clusters a unit was in, year by year, newest first."""
    if not access.can_view_unit(user, unit):
        raise NotFound(_("Không tìm thấy đơn vị hoặc bạn không có quyền xem đơn vị này."))
    visible = access.clusters_visible_to(user).values("pk")
    return list(
        Membership.objects.filter(unit=unit, cluster_year__cluster__in=visible)
        .select_related("cluster_year", "cluster_year__cluster")
        .order_by("-cluster_year__year")
    )


def membership_get_for_user(user: Any, pk: int) -> Membership:
    membership = (
        Membership.objects.filter(
            pk=pk, cluster_year__cluster__in=access.clusters_visible_to(user).values("pk")
        )
        .select_related("unit", "cluster_year", "cluster_year__cluster")
        .first()
    )
    if membership is None:
        raise NotFound(_("Không tìm thấy thành viên hoặc bạn không có quyền xem."))
    return membership


def unit_register(
    *, user: Any, province: Unit, level: str = "", search: str = "", status: str = "", today: dt.date
) -> QuerySet[Unit]:
    """The board's list of a province's units (the province itself left out) with how each one ended."""
    units = unit_list(user=user, province=province, level=level, search=search).exclude(pk=province.pk)
    if status == "current":
        units = units.filter(valid_on(today))
    elif status == "ended":
        units = units.filter(valid_to__lt=today)
    return units.prefetch_related(
        Prefetch("successions_out", queryset=UnitSuccession.objects.select_related("successor"))
    )


def units_in_force(*, user: Any, province: Unit, day: dt.date) -> QuerySet[Unit]:
    """The province's units in force on `day`, for the pickers of the set-up pages."""
    return unit_list(user=user, province=province, as_of=day).exclude(pk=province.pk).order_by("name")


def board_provinces(user: Any) -> QuerySet[Unit]:
    """The provinces the user runs as their board, for the set-up pages; empty for everyone else."""
    return Unit.objects.filter(pk__in=access.board_province_ids(user), level=UnitLevel.PROVINCE).order_by(
        "name"
    )
