"""Read-only admin of the conference; votes and receipts are deliberately absent, so nobody browses them side by side."""

from __future__ import annotations

from django.contrib import admin

from thidua.conference.models import Ballot, Conference, Proposal, Veto
from thidua.org.admin import ReadOnlyAdmin


@admin.register(Conference)
class ConferenceAdmin(ReadOnlyAdmin):
    list_display = ("cluster_year", "held_on", "place", "chair_name")


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdmin):
    list_display = ("title", "purpose", "status", "passed", "override_passed", "closed_at")
    list_filter = ("purpose", "status")
    exclude = ("totals",)


@admin.register(Veto)
class VetoAdmin(ReadOnlyAdmin):
    list_display = ("cluster_year", "unit", "status")


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ("cluster_year", "unit", "rank", "award")
