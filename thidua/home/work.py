"""The "Việc cần làm" panel of the home page, gathered from each area's selectors in the order the page shows:
the year's work, ballots, dossiers, then unread notifications. Each area builds its own WorkItem (thidua.core.work)
with the access rules of the page the line links to; this module only gathers them."""

from __future__ import annotations

from django.http import HttpRequest

from thidua.awards import selectors as awards
from thidua.conference import selectors as conference
from thidua.core.work import WorkItem
from thidua.cycle import selectors as cycle


def work_of(request: HttpRequest) -> list[WorkItem]:
    """The "Việc cần làm" panel: each area's selector lists the user's work with the rules of its own pages."""
    user = request.user
    notices = cycle.notification_work(user)
    # The header shows the same unread count; it reads it from the request instead of counting again.
    request._thidua_unread = notices[0].count if notices else 0  # type: ignore[attr-defined]
    return cycle.cycle_work(user) + conference.ballot_work(user) + awards.dossier_work(user) + notices
