"""The home page for each role, the audit pages, and the guards every page of the site uses."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from thidua.accounts import access
from thidua.accounts.models import Role, RoleAssignment, ScopeKind
from thidua.core import audit_display
from thidua.core import selectors as audit_selectors
from thidua.core.errors import AccessDenied, NotFound
from thidua.core.forms import AuditFilterForm
from thidua.core.htmx import render_page
from thidua.core.models import AuditEvent
from thidua.core.work import WorkItem
from thidua.org import selectors as org
from thidua.org.models import ClusterKind, ClusterYear, Membership, Unit, UnitLevel

View = Callable[..., HttpResponse]


def refusals_as_http(view: View) -> View:
    """Turn the services' and selectors' refusals into 404 / 403, so views need no try/except of their own."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except AccessDenied as exc:
            raise PermissionDenied(exc.message) from exc

    return wrapper


def role_required(view: View) -> View:
    """Logged in (else the login page) and holding at least one active role (else 403): deny by default."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access.has_any_role(request.user):
            raise PermissionDenied(_("Bạn chưa được phân công vai trò nào."))
        return view(request, *args, **kwargs)

    return login_required(refusals_as_http(wrapper))


def board_required(view: View) -> View:
    """Only the provincial board (Ban Thi đua – Khen thưởng) of some province."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access.is_board_admin_anywhere(request.user):
            raise PermissionDenied(_("Chỉ Ban Thi đua – Khen thưởng được xem trang này."))
        return view(request, *args, **kwargs)

    return login_required(refusals_as_http(wrapper))


# ---------------------------------------------------------------------------------------------------------------
# Home


@dataclass
class ProvinceOverview:
    """What the board sees first: the province's clusters this year and how many units are in force today."""

    province: Unit
    cluster_years: list[ClusterYear]
    unit_counts: list[tuple[str, int]]
    cluster_count: int = 0
    block_count: int = 0


@dataclass
class HomeSections:
    year: int
    provinces: list[ProvinceOverview] = field(default_factory=list)
    led_years: list[ClusterYear] = field(default_factory=list)
    officer_units: list[tuple[Unit, list[Membership]]] = field(default_factory=list)
    agencies: list[Unit] = field(default_factory=list)
    served_years: list[ClusterYear] = field(default_factory=list)
    readable_provinces: list[Unit] = field(default_factory=list)
    observed_units: list[Unit] = field(default_factory=list)
    observed_clusters: list[ClusterYear] = field(default_factory=list)
    recent_events: list[AuditEvent] = field(default_factory=list)


def _province_overview(user: Any, province: Unit, year: int) -> ProvinceOverview:
    today = timezone.localdate()
    cluster_years = list(org.cluster_years_of_year(user=user, year=year, province=province))
    in_force = org.unit_list(user=user, province=province, as_of=today).exclude(pk=province.pk)
    by_level = {level: 0 for level in UnitLevel.values}
    for level in in_force.values_list("level", flat=True):
        by_level[level] += 1
    labels = dict(UnitLevel.choices)
    return ProvinceOverview(
        province=province,
        cluster_years=cluster_years,
        unit_counts=[(str(labels[level]), n) for level, n in by_level.items() if n],
        cluster_count=sum(1 for cy in cluster_years if cy.cluster.kind == ClusterKind.CUM),
        block_count=sum(1 for cy in cluster_years if cy.cluster.kind == ClusterKind.KHOI),
    )


def _latest_year_of(user: Any, cluster_id: int) -> ClusterYear | None:
    years = org.cluster_year_list(user=user, cluster=org.cluster_get_for_user(user, cluster_id))
    return years.first()


def _home_sections(user: Any, roles: list[RoleAssignment]) -> HomeSections:
    year = timezone.localdate().year
    sections = HomeSections(year=year)
    seen_provinces: set[int] = set()
    for assignment in roles:
        unit = assignment.unit
        if assignment.role == Role.BOARD_ADMIN and unit is not None and unit.pk not in seen_provinces:
            seen_provinces.add(unit.pk)
            sections.provinces.append(_province_overview(user, unit, year))
        elif assignment.role == Role.UNIT_OFFICER and unit is not None:
            memberships = org.memberships_of_unit(user=user, unit=unit)
            sections.officer_units.append((unit, memberships))
        elif assignment.role == Role.DATA_SOURCE_REVIEWER and unit is not None:
            sections.agencies.append(unit)
            province = unit.province if unit.province_id is not None else unit
            if province is not None and province.pk not in seen_provinces:
                seen_provinces.add(province.pk)
                sections.served_years.extend(
                    org.cluster_years_of_year(user=user, year=year, province=province)
                )
        elif assignment.scope_kind == ScopeKind.PROVINCE and unit is not None:
            sections.readable_provinces.append(unit)
        elif assignment.scope_kind == ScopeKind.UNIT and unit is not None:
            sections.observed_units.append(unit)
        elif assignment.scope_kind == ScopeKind.CLUSTER and assignment.cluster_id is not None:
            latest = _latest_year_of(user, assignment.cluster_id)
            if latest is not None:
                sections.observed_clusters.append(latest)
    # The leader's powers follow the year's membership: the newest year of each cluster the user's unit leads.
    for led in access.cluster_years_led_by(user).select_related("cluster__province").order_by("-year", "pk"):
        if all(known.cluster_id != led.cluster_id for known in sections.led_years):
            sections.led_years.append(led)
    if sections.provinces:
        sections.recent_events = audit_display.present(
            audit_selectors.audit_events_visible_to(user).select_related("actor")[:10], changes=False
        )
    return sections


def _work_of(request: HttpRequest) -> list[WorkItem]:
    """The "Việc cần làm" panel: each area's selector lists the user's work with the rules of its own pages."""
    # Imported here: core sits below the areas, which import its guards (as in templatetags/shell.py).
    from thidua.awards import selectors as awards
    from thidua.conference import selectors as conference
    from thidua.cycle import selectors as cycle

    user = request.user
    notices = cycle.notification_work(user)
    # The header shows the same unread count; it reads it from the request instead of counting again.
    request._thidua_unread = notices[0].count if notices else 0  # type: ignore[attr-defined]
    return cycle.cycle_work(user) + conference.ballot_work(user) + awards.dossier_work(user) + notices


@login_required
@refusals_as_http
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    roles = access.roles_of(request.user)
    if not roles:
        # Deny by default: an account with no assignment learns that, and nothing about the province.
        return render(request, "core/home_unassigned.html")
    context = {"sections": _home_sections(request.user, roles), "work": _work_of(request)}
    return render(request, "core/home.html", context)


# ---------------------------------------------------------------------------------------------------------------
# Audit


def _object_visible(user: Any, object_type: str, object_id: str) -> bool:
    """Units, clusters and cluster-years have their own visibility, wider than the board's: their whole history
    is as visible as they are. Any other object's history is read through the board's province (see selectors)."""
    if not object_id.isdigit():
        return False
    pk = int(object_id)
    if object_type == "org.unit":
        return access.units_visible_to(user).filter(pk=pk).exists()
    if object_type == "org.cluster":
        return access.clusters_visible_to(user).filter(pk=pk).exists()
    if object_type == "org.clusteryear":
        return ClusterYear.objects.filter(pk=pk, cluster__in=access.clusters_visible_to(user)).exists()
    return False


@role_required
@require_GET
def object_history(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    visible = _object_visible(request.user, object_type, object_id)
    events = audit_display.present(
        audit_selectors.object_events_for_user(
            request.user, object_type=object_type, object_id=object_id, object_visible=visible
        ).select_related("actor")[:500]
    )
    if not (visible or events):
        # Another province's object and an unknown one answer alike, so the page tells nothing of what exists.
        raise Http404(_("Không tìm thấy đối tượng hoặc bạn không có quyền xem."))
    title = events[0].object_repr if events else f"{object_type} #{object_id}"
    context = {
        "events": events,
        "title": title,
        "object_type": object_type,
        "object_id": object_id,
        "page_url": audit_display.object_page_url(object_type, object_id),
    }
    return render(request, "core/object_history.html", context)


AUDIT_PAGE_SIZE = 50


@board_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events = audit_selectors.audit_events_visible_to(request.user).select_related("actor")
    if form.is_valid():
        events = form.apply(events)
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "events": audit_display.present(page.object_list),
        "query_without_page": query.urlencode(),
    }
    return render_page(request, "core/audit_log.html", "core/partials/audit_table.html", context)
