"""Who may chair, see and vote in the conference's ballots; built on thidua.accounts.access, deny by default."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from thidua.accounts import access
from thidua.conference.models import Ballot, Voter, VoterKind
from thidua.org.models import ClusterYear


def can_chair_cluster_year(user: Any, cluster_year: ClusterYear) -> bool:
    """Run the conference of a cluster-year: the cluster's leader this year, or the province's board."""
    cluster = cluster_year.cluster
    return access.leads_cluster(user, cluster) or access.is_board_admin(user, cluster.province_id)


def can_chair(user: Any, ballot: Ballot) -> bool:
    """Open, close, enter paper totals and override: the cluster's chair, or the board for a council ballot."""
    if ballot.cluster_year is not None:
        return can_chair_cluster_year(user, ballot.cluster_year)
    return access.is_board_admin(user, ballot.province_id)


def can_view_ballot(user: Any, ballot: Ballot) -> bool:
    """Anyone who can see the cluster-year; a council ballot is seen by the province's readers and its voters."""
    if ballot.cluster_year is not None:
        return access.can_view_cluster_year(user, ballot.cluster_year)
    readers = access.provinces_with_role(user, access.PROVINCE_READERS)
    if ballot.province_id in readers:
        return True
    return bool(getattr(user, "pk", None)) and ballot.voters.filter(user_id=user.pk).exists()


def voters_for(user: Any, ballot: Ballot) -> QuerySet[Voter]:
    """The voters of the ballot this user may cast for: their own units' seats, or their own named seat."""
    if not getattr(user, "is_authenticated", False) or not access.has_any_role(user):
        return Voter.objects.none()
    if ballot.voter_kind == VoterKind.UNITS:
        return ballot.voters.filter(unit_id__in=access.officer_units(user))
    return ballot.voters.filter(Q(user_id=user.pk))
