"""Where each member of a cycle stands (signed, submitted, lines verified), read in a fixed number of queries.
The readiness page shows it and the cycle's transitions check their preconditions with it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q

from thidua.agreements.models import LineStatus, Submission
from thidua.cycle.lines import lines_of
from thidua.cycle.models import Appeal, Cycle, RequestStatus, Signature
from thidua.org.models import Membership


@dataclass
class MemberProgress:
    """One member's standing in the cycle."""

    membership: Membership
    signed_at: dt.datetime | None = None
    submitted_on: dt.date | None = None
    lines: int = 0
    waiting: int = 0  # submitted, not yet verified
    verified: int = 0
    returned: int = 0
    draft: int = 0

    @property
    def unit(self) -> object:
        return self.membership.unit


@dataclass
class Progress:
    """Every member's standing and the cycle's open appeals."""

    members: list[MemberProgress] = field(default_factory=list)
    open_appeals: int = 0

    def unsigned(self) -> list[MemberProgress]:
        return [m for m in self.members if m.signed_at is None]

    def unsubmitted(self) -> list[MemberProgress]:
        return [m for m in self.members if m.submitted_on is None]

    def unverified(self) -> list[MemberProgress]:
        return [m for m in self.members if m.waiting or m.returned]


def cycle_progress(cycle: Cycle) -> Progress:
    memberships = list(cycle.cluster_year.memberships.select_related("unit").order_by("order", "id"))
    signed = dict(Signature.objects.filter(cycle=cycle).values_list("unit_id", "signed_at"))
    submitted = dict(
        Submission.objects.filter(agreement__cluster_year_id=cycle.cluster_year_id).values_list(
            "unit_id", "submitted_on"
        )
    )
    counts = {
        row["unit_id"]: row
        for row in lines_of(cycle)
        .values("unit_id")
        .annotate(
            lines=Count("id"),
            waiting=Count("id", filter=Q(status=LineStatus.SUBMITTED)),
            verified=Count("id", filter=Q(status__in=[LineStatus.ACCEPTED, LineStatus.CORRECTED])),
            returned=Count("id", filter=Q(status=LineStatus.RETURNED)),
            draft=Count("id", filter=Q(status=LineStatus.DRAFT)),
        )
    }
    out = Progress(
        open_appeals=Appeal.objects.filter(
            line__agreement__cluster_year_id=cycle.cluster_year_id, status=RequestStatus.PENDING
        ).count()
    )
    for membership in memberships:
        row = counts.get(membership.unit_id, {})
        out.members.append(
            MemberProgress(
                membership=membership,
                signed_at=signed.get(membership.unit_id),
                submitted_on=submitted.get(membership.unit_id),
                lines=row.get("lines", 0),
                waiting=row.get("waiting", 0),
                verified=row.get("verified", 0),
                returned=row.get("returned", 0),
                draft=row.get("draft", 0),
            )
        )
    return out
