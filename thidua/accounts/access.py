"""The one place that decides who may see and do what. Pages, the API and exports all ask here.

Deny by default: a user sees nothing until a role grants it, an inactive user has no roles, and a Django
superuser gets no product rights from that flag (the admin site is read-only for the same reason).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from django.db.models import Q, QuerySet

from thidua.accounts.models import Role, RoleAssignment, ScopeKind
from thidua.org.models import (
    Cluster,
    ClusterYear,
    MemberRole,
    Membership,
    Unit,
    UnitLevel,
    UnitSuccession,
)

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


@dataclass(frozen=True)
class SystemActor:
    """The installer itself (demo loading, first set-up): only code builds one, never a request."""

    name: str = "hệ thống"


# Roles that read everything in their province: the board runs it, the council judges it, data-source agencies
# confirm figures for every unit of it.
PROVINCE_READERS = frozenset(
    {Role.BOARD_ADMIN, Role.COUNCIL_MEMBER, Role.OBSERVER, Role.DATA_SOURCE_REVIEWER}
)

_CACHE_ATTR = "_thidua_roles_cache"


def roles_of(user: Any) -> list[RoleAssignment]:
    """The user's active role assignments, read once per user object (a request reuses them)."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return []
    cached: list[RoleAssignment] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(RoleAssignment.objects.active().filter(user=user).select_related("unit", "cluster"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user: Any) -> None:
    """Drop the cached roles after they change, so the same user object sees the new rights."""
    if user is not None and hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def province_lineage(province_id: int) -> set[int]:
    """The province and every province merged into it, transitively: their history is now its history."""
    seen = {province_id}
    frontier = [province_id]
    while frontier:
        earlier = set(
            UnitSuccession.objects.filter(
                successor_id__in=frontier, predecessor__level=UnitLevel.PROVINCE
            ).values_list("predecessor_id", flat=True)
        )
        frontier = list(earlier - seen)
        seen |= earlier
    return seen


def _province_of_assignment(assignment: RoleAssignment) -> int:
    if assignment.cluster_id is not None:
        assert assignment.cluster is not None
        return assignment.cluster.province_id
    assert assignment.unit is not None
    return assignment.unit.province_or_self_id


def provinces_with_role(user: Any, roles: Iterable[str]) -> set[int]:
    """Ids of the provinces (with their merged predecessors) where the user holds a province-wide role."""
    wanted = set(roles)
    out: set[int] = set()
    for assignment in roles_of(user):
        if assignment.role not in wanted:
            continue
        if assignment.scope_kind == ScopeKind.PROVINCE or assignment.role == Role.DATA_SOURCE_REVIEWER:
            out |= province_lineage(_province_of_assignment(assignment))
    return out


def board_province_ids(user: Any) -> list[int]:
    """The provinces where the user is the board, as assigned (without the provinces merged into them)."""
    ids = [a.unit_id for a in roles_of(user) if a.role == Role.BOARD_ADMIN and a.unit_id is not None]
    return list(dict.fromkeys(ids))


def is_system(actor: Any) -> bool:
    return isinstance(actor, SystemActor)


def is_board_admin(user: Any, province: Unit | int) -> bool:
    """May the user run this province (or a province merged into it)?"""
    if is_system(user):
        return True
    province_id = province if isinstance(province, int) else province.province_or_self_id
    return province_id in provinces_with_role(user, {Role.BOARD_ADMIN})


def is_board_admin_anywhere(user: Any) -> bool:
    return is_system(user) or any(a.role == Role.BOARD_ADMIN for a in roles_of(user))


def _scoped_cluster_ids(user: Any) -> set[int]:
    return {
        a.cluster_id for a in roles_of(user) if a.scope_kind == ScopeKind.CLUSTER and a.cluster_id is not None
    }


def _scoped_unit_ids(user: Any) -> set[int]:
    return {a.unit_id for a in roles_of(user) if a.scope_kind == ScopeKind.UNIT and a.unit_id is not None}


def clusters_visible_to(user: Any) -> QuerySet[Cluster]:
    """Clusters of the user's provinces, the clusters they lead or observe, and those their unit is in."""
    if is_system(user):
        return Cluster.objects.all()
    provinces = provinces_with_role(user, PROVINCE_READERS)
    own_clusters = _scoped_cluster_ids(user)
    own_units = _scoped_unit_ids(user)
    if not (provinces or own_clusters or own_units):
        return Cluster.objects.none()
    condition = Q(province_id__in=provinces) | Q(pk__in=own_clusters)
    if own_units:
        condition |= Q(years__memberships__unit_id__in=own_units)
    return Cluster.objects.filter(condition).distinct()


def units_visible_to(user: Any) -> QuerySet[Unit]:
    """Units of the user's provinces, plus the members of every cluster the user can see through a narrower role.

    A unit officer sees the other members of their clusters because they cross-score and vote on them.
    """
    if is_system(user):
        return Unit.objects.all()
    provinces = provinces_with_role(user, PROVINCE_READERS)
    own_units = _scoped_unit_ids(user)
    cluster_ids = set(
        clusters_visible_to(user).exclude(province_id__in=provinces).values_list("pk", flat=True)
    )
    if not (provinces or own_units or cluster_ids):
        return Unit.objects.none()
    condition = Q(pk__in=provinces) | Q(province_id__in=provinces) | Q(pk__in=own_units)
    if cluster_ids:
        member_ids = Membership.objects.filter(cluster_year__cluster_id__in=cluster_ids).values("unit_id")
        condition |= Q(pk__in=member_ids)
    return Unit.objects.filter(condition)


def can_view_unit(user: Any, unit: Unit) -> bool:
    return units_visible_to(user).filter(pk=unit.pk).exists()


def can_view_cluster(user: Any, cluster: Cluster) -> bool:
    return clusters_visible_to(user).filter(pk=cluster.pk).exists()


def can_view_cluster_year(user: Any, cluster_year: ClusterYear) -> bool:
    return can_view_cluster(user, cluster_year.cluster)


def can_manage_unit(user: Any, unit: Unit) -> bool:
    """Create, change, merge or dissolve units: the board of the unit's province."""
    return is_board_admin(user, unit.province_or_self_id)


def can_manage_cluster(user: Any, cluster: Cluster) -> bool:
    """Set up clusters, years and members: the board of the cluster's province."""
    return is_board_admin(user, cluster.province_id)


def officer_units(user: Any) -> set[int]:
    """Ids of the units for which the user reports, signs and votes."""
    return {a.unit_id for a in roles_of(user) if a.role == Role.UNIT_OFFICER and a.unit_id is not None}


@dataclass(frozen=True)
class Leadership:
    """Which member leads and which seconds a cluster-year: its memberships' roles, the one source of the
    leader's and the deputy's powers (so electing next year's moves them when that year's membership is set)."""

    leader: Unit | None
    deputy: Unit | None


def leadership_of(cluster_year: ClusterYear) -> Leadership:
    """The cluster-year's leading and deputy units as its memberships say now (never cached on the object: a
    membership change must move the powers at once)."""
    found = {
        m.role: m.unit
        for m in Membership.objects.filter(
            cluster_year_id=cluster_year.pk, role__in=[MemberRole.LEADER, MemberRole.DEPUTY]
        ).select_related("unit")
    }
    return Leadership(leader=found.get(MemberRole.LEADER), deputy=found.get(MemberRole.DEPUTY))


def leads_cluster_year(user: Any, cluster_year: ClusterYear) -> bool:
    """Is the user an officer of the unit that leads the cluster in that year (its membership role)?"""
    leader = leadership_of(cluster_year).leader
    return leader is not None and leader.pk in officer_units(user)


def deputises_cluster_year(user: Any, cluster_year: ClusterYear) -> bool:
    """Is the user an officer of the unit that seconds the cluster in that year?"""
    deputy = leadership_of(cluster_year).deputy
    return deputy is not None and deputy.pk in officer_units(user)


def cluster_years_led_by(user: Any) -> QuerySet[ClusterYear]:
    """The cluster-years whose leading unit the user is an officer of."""
    own = officer_units(user)
    if not own:
        return ClusterYear.objects.none()
    return ClusterYear.objects.filter(memberships__unit_id__in=own, memberships__role=MemberRole.LEADER)


def data_source_agencies(user: Any) -> set[int]:
    """Ids of the agencies whose figures the user confirms."""
    return {
        a.unit_id for a in roles_of(user) if a.role == Role.DATA_SOURCE_REVIEWER and a.unit_id is not None
    }


def has_any_role(user: Any) -> bool:
    return bool(roles_of(user))


Actor: TypeAlias = "AbstractBaseUser | SystemActor"


def audit_actor(actor: Any) -> Any:
    """What thidua.core.audit.record takes as actor: the user, or the system's name as text."""
    return actor.name if isinstance(actor, SystemActor) else actor
