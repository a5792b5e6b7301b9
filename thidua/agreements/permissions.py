"""Who may see and change frameworks, agreements, imports and scores; built on thidua.accounts.access, deny by
default. Frameworks are the province's published regulations; provisional scores are not shown to members or the
public before issue 4's publishing step, so only those who compute or judge them see snapshots."""

from __future__ import annotations

from typing import Any

from thidua.accounts import access
from thidua.accounts.models import Role
from thidua.org.models import ClusterYear, Unit


def provinces_seen_by(user: Any) -> set[int]:
    """Provinces whose frameworks the user may read: any province where the user can see a cluster."""
    if access.is_system(user):
        return set(Unit.objects.filter(province__isnull=True).values_list("pk", flat=True))
    return set(
        access.clusters_visible_to(user).values_list("province_id", flat=True)
    ) | access.provinces_with_role(user, access.PROVINCE_READERS)


def can_edit_frameworks(user: Any, province_id: int) -> bool:
    return access.is_board_admin(user, province_id)


def can_view_agreement(user: Any, cluster_year: ClusterYear) -> bool:
    return access.can_view_cluster_year(user, cluster_year)


def can_edit_targets(user: Any, cluster_year: ClusterYear) -> bool:
    """The board of the province and the officers of the leading unit set targets at the agreement meeting."""
    cluster = cluster_year.cluster
    return access.is_board_admin(user, cluster.province_id) or access.leads_cluster_year(user, cluster_year)


def can_import(user: Any, cluster_year: ClusterYear) -> bool:
    return access.is_board_admin(user, cluster_year.cluster.province_id)


def can_score(user: Any, cluster_year: ClusterYear) -> bool:
    return can_edit_targets(user, cluster_year)


def can_view_scores(user: Any, cluster_year: ClusterYear) -> bool:
    cluster = cluster_year.cluster
    if can_score(user, cluster_year):
        return True
    return cluster.province_id in access.provinces_with_role(user, {Role.COUNCIL_MEMBER})


def can_export_package(user: Any, cluster_year: ClusterYear) -> bool:
    """The package carries every stored figure of every member, from which the scores follow: it goes to those
    who may see the scores, not to observers or to one member about the others."""
    return can_view_scores(user, cluster_year)
