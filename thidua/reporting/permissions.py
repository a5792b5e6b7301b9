"""Who may write the leader's sections and ask for, or download, report documents. Deny by default.

Reports carry the scores, so they follow thidua.agreements: whoever may see a cluster-year's scores may read its
report; the province report is for the board and the council of the province.
"""

from __future__ import annotations

from typing import Any

from thidua.accounts import access
from thidua.accounts.models import Role
from thidua.agreements.permissions import can_view_scores
from thidua.org.models import ClusterYear


def can_write_sections(user: Any, cluster_year: ClusterYear) -> bool:
    """The leader of the cluster writes its shortcomings and directions; nobody writes them in its place."""
    return access.leads_cluster_year(user, cluster_year)


def can_read_cluster_report(user: Any, cluster_year: ClusterYear) -> bool:
    return can_view_scores(user, cluster_year)


def can_request_cluster_report(user: Any, cluster_year: ClusterYear) -> bool:
    return access.is_board_admin(user, cluster_year.cluster.province_id) or access.leads_cluster_year(
        user, cluster_year
    )


def can_read_province_report(user: Any, province_id: int) -> bool:
    return province_id in access.provinces_with_role(user, {Role.BOARD_ADMIN, Role.COUNCIL_MEMBER}) or (
        access.is_system(user)
    )


def can_request_province_report(user: Any, province_id: int) -> bool:
    return access.is_board_admin(user, province_id)
