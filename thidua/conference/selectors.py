"""Reads of the conference, scoped by the reader's rights; pages, the API and documents all use these."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.accounts import access
from thidua.awards.models import Dossier, DossierStatus
from thidua.awards.selectors import dossiers_visible_to
from thidua.conference import permissions
from thidua.conference.models import (
    Ballot,
    BallotStatus,
    Conference,
    Proposal,
    Veto,
    VetoStatus,
    Voter,
    VoterKind,
    VoterReceipt,
)
from thidua.core.errors import NotFound
from thidua.core.work import WorkItem
from thidua.engine.model import Veto as EngineVeto
from thidua.org import selectors as org_selectors
from thidua.org.models import ClusterYear, Unit


def cluster_year_get_for_user(user: Any, pk: int) -> ClusterYear:
    return org_selectors.cluster_year_get_for_user(user, pk)


def cluster_years_for_user(user: Any) -> QuerySet[ClusterYear]:
    """The cluster-years whose conference the user may follow, newest first."""
    visible = access.clusters_visible_to(user).values("pk")
    return (
        ClusterYear.objects.filter(cluster__in=visible)
        .select_related("cluster", "cluster__province")
        .order_by("-year", "cluster__code")
    )


def conference_of(cluster_year: ClusterYear) -> Conference | None:
    return Conference.objects.filter(cluster_year=cluster_year).first()


def ballots_of(*, user: Any, cluster_year: ClusterYear) -> QuerySet[Ballot]:
    if not access.can_view_cluster_year(user, cluster_year):
        return Ballot.objects.none()
    return Ballot.objects.filter(cluster_year=cluster_year).select_related(
        "subject", "winner", "override_winner"
    )


def ballot_get_for_user(user: Any, pk: int) -> Ballot:
    """A ballot the user may see; one they may not see does not exist for them."""
    ballot = (
        Ballot.objects.select_related(
            "cluster_year__cluster", "subject", "winner", "override_winner", "province"
        )
        .filter(pk=pk)
        .first()
    )
    if ballot is None or not permissions.can_view_ballot(user, ballot):
        raise NotFound(_("Không tìm thấy cuộc bỏ phiếu."))
    return ballot


def council_ballots_for_user(user: Any) -> QuerySet[Ballot]:
    """Council ballots the user may see (permissions.can_view_ballot): those of the provinces the user reads,
    and those where the user holds a seat; newest first."""
    if not getattr(user, "is_authenticated", False) or not access.has_any_role(user):
        return Ballot.objects.none()
    readers = access.provinces_with_role(user, access.PROVINCE_READERS)
    return (
        Ballot.objects.filter(cluster_year__isnull=True)
        .filter(Q(province_id__in=readers) | Q(voters__user_id=user.pk))
        .distinct()
        .select_related("province", "subject", "dossier")
        .order_by("-pk")
    )


def council_seats_to_vote(user: Any) -> set[int]:
    """Ids of the open council ballots where the user holds a seat that has not voted yet."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Voter.objects.filter(
            user_id=user.pk, ballot__cluster_year__isnull=True, ballot__status=BallotStatus.OPEN
        )
        .exclude(receipts__isnull=False)
        .values_list("ballot_id", flat=True)
    )


def council_dossiers(*, user: Any, province: Any) -> QuerySet[Dossier]:
    """Dossiers a council ballot may judge: the province's, waiting for the council, that the user may see."""
    return (
        dossiers_visible_to(user)
        .filter(province_id=province.pk, status=DossierStatus.AT_COUNCIL)
        .order_by("-year", "title")
    )


def seats_voted(ballot: Ballot) -> set[int]:
    """Voter ids that hold a receipt: shown to the chair as 'đã bỏ phiếu', never joined to a choice."""
    return set(VoterReceipt.objects.filter(ballot=ballot).values_list("voter_id", flat=True))


def vetoes_of(*, user: Any, cluster_year: ClusterYear) -> QuerySet[Veto]:
    """Vetoes are visible to every member of the cluster: they change everybody's ranking."""
    if not access.can_view_cluster_year(user, cluster_year):
        return Veto.objects.none()
    return Veto.objects.filter(cluster_year=cluster_year).select_related("unit")


def veto_get_for_user(user: Any, pk: int) -> Veto:
    veto = Veto.objects.select_related("cluster_year__cluster", "unit").filter(pk=pk).first()
    if veto is None or not access.can_view_cluster_year(user, veto.cluster_year):
        raise NotFound(_("Không tìm thấy trường hợp không xét thi đua."))
    return veto


def engine_vetoes(cluster_year: ClusterYear) -> tuple[EngineVeto, ...]:
    """The active vetoes in the engine's form, for rescoring the cluster-year (no reader: the scorer calls it)."""
    return tuple(
        EngineVeto(unit=veto.unit.code, reason=veto.reason)
        for veto in Veto.objects.filter(cluster_year=cluster_year, status=VetoStatus.ACTIVE)
        .select_related("unit")
        .order_by("unit__code")
    )


def proposals_of(*, user: Any, cluster_year: ClusterYear) -> QuerySet[Proposal]:
    if not access.can_view_cluster_year(user, cluster_year):
        return Proposal.objects.none()
    return Proposal.objects.filter(cluster_year=cluster_year).select_related("unit")


def conference_record(*, user: Any, cluster_year: ClusterYear) -> Any:
    """Everything the minutes and the dossier say, read through the user's rights."""
    from thidua.conference.documents import ConferenceRecord
    from thidua.conference.results import results_visible_to

    if not access.can_view_cluster_year(user, cluster_year):
        raise NotFound(_("Không tìm thấy năm thi đua."))
    return ConferenceRecord(
        cluster_year=cluster_year,
        conference=conference_of(cluster_year),
        members=list(cluster_year.memberships.select_related("unit").order_by("order", "id")),
        vetoes=list(vetoes_of(user=user, cluster_year=cluster_year)),
        ballots=list(ballots_of(user=user, cluster_year=cluster_year).order_by("pk")),
        proposals=list(proposals_of(user=user, cluster_year=cluster_year)),
        results=results_visible_to(user, cluster_year, after_conference=True),
    )


def ballot_work(user: Any) -> list[WorkItem]:
    """Open ballots where the user holds a seat that has not voted yet (their units' seats, or their own named
    seat), among the ballots they may see, as lines of the home page's work list; one query."""
    if not getattr(user, "is_authenticated", False) or not access.has_any_role(user):
        return []
    seats = Voter.objects.filter(
        Q(ballot__voter_kind=VoterKind.UNITS, unit_id__in=access.officer_units(user))
        | Q(ballot__voter_kind=VoterKind.PERSONS, user_id=user.pk)
    ).exclude(receipts__isnull=False)
    # The rule of permissions.can_view_ballot: a cluster's ballot with its cluster-year; a council ballot for the
    # province's readers, and for its voters, which every ballot with a seat of the user's is.
    visible = Q(cluster_year__isnull=True) | Q(
        cluster_year__cluster__in=access.clusters_visible_to(user).values("pk")
    )
    ballots = (
        Ballot.objects.filter(visible, status=BallotStatus.OPEN, pk__in=seats.values("ballot_id"))
        .select_related("cluster_year__cluster")
        .order_by("opened_at", "pk")
    )
    items = []
    for ballot in ballots:
        if ballot.cluster_year is not None:
            context = _("Hội nghị %(cluster)s năm %(year)s") % {
                "cluster": ballot.cluster_year.cluster.name,
                "year": ballot.cluster_year.year,
            }
        else:
            context = _("Hội đồng Thi đua – Khen thưởng")
        items.append(
            WorkItem(
                text=_("Bỏ phiếu: %(title)s") % {"title": ballot.title},
                url=reverse("conference:ballot", args=[ballot.pk]),
                context=context,
            )
        )
    return items


def leadership_elected(cluster_year: ClusterYear) -> tuple[Unit | None, Unit | None]:
    """Next year's leader and deputy as this year's conference elected them: the winner of the ballot in force
    of each purpose (meeting.latest_closed), or None where no ballot elected anyone. The board's opening of the
    next year reads it (thidua.org.opening) after checking its own rights."""
    from thidua.conference.models import BallotPurpose
    from thidua.conference.services.meeting import latest_closed

    elected: list[Unit | None] = []
    for purpose in (BallotPurpose.LEADER, BallotPurpose.DEPUTY):
        ballot = latest_closed(cluster_year, purpose)
        winner_id = ballot.final_winner_id if ballot is not None and ballot.final_passed else None
        elected.append(Unit.objects.filter(pk=winner_id).first() if winner_id is not None else None)
    return elected[0], elected[1]
