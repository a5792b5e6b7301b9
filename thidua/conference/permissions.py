"""Who may chair, see and vote in the conference's ballots; built on thidua.accounts.access, deny by default."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from thidua.accounts import access
from thidua.conference.models import Ballot, Voter, VoterKind
from thidua.org.models import ClusterKind, ClusterYear

CHAIR_ONLY = "Chỉ chủ tọa hội nghị (cụm trưởng hoặc Ban Thi đua – Khen thưởng) được làm việc này."


def can_chair_cluster_year(user: Any, cluster_year: ClusterYear) -> bool:
    """Run the conference of a cluster-year: the officers of the unit leading the cluster that year (its membership
    role, so the powers move with the election), or the province's board."""
    return access.is_board_admin(user, cluster_year.cluster.province_id) or access.leads_cluster_year(
        user, cluster_year
    )


def units_concerned(ballot: Ballot) -> set[int]:
    """The units a ballot is about: the proposed unit of a suy tôn, the candidates of an election."""
    concerned = {c.unit_id for c in ballot.candidates.all()}
    if ballot.subject_id is not None:
        concerned.add(ballot.subject_id)
    return concerned


def chair_refusal(user: Any, cluster_year: ClusterYear, concerned: Iterable[int]) -> str | None:
    """Why the user may not chair a ballot of the cluster-year about these units, or None when they may.

    Nobody chairs a vote about their own unit: the deputy chairs the one about the leading unit, the leader the
    one about the deputy's, the board any of them."""
    if access.is_board_admin(user, cluster_year.cluster.province_id):
        return None
    concerned = set(concerned)
    leadership = access.leadership_of(cluster_year)
    leader_word, deputy_word = (
        ("khối trưởng", "khối phó")
        if cluster_year.cluster.kind == ClusterKind.KHOI
        else ("cụm trưởng", "cụm phó")
    )
    own = access.officer_units(user)
    for unit in (leadership.leader, leadership.deputy):
        if unit is not None and unit.pk in own and unit.pk in concerned:
            instead = leader_word if unit == leadership.deputy else deputy_word
            if unit == leadership.leader and leadership.deputy is None:
                instead = "Ban Thi đua – Khen thưởng"
            return f"Cuộc bỏ phiếu này về đơn vị của bạn ({unit.name}): {instead} chủ trì."
    if access.leads_cluster_year(user, cluster_year):
        return None
    if (
        leadership.leader is not None
        and leadership.leader.pk in concerned
        and access.deputises_cluster_year(user, cluster_year)
    ):
        return None
    return CHAIR_ONLY


def can_chair(user: Any, ballot: Ballot) -> bool:
    """Open, close, enter paper totals and re-run: the cluster's chair for that ballot, or the board for a council
    ballot."""
    if ballot.cluster_year is not None:
        return chair_refusal(user, ballot.cluster_year, units_concerned(ballot)) is None
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
