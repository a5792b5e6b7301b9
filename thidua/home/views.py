"""The home page of each role: what the user's roles give them to see this year, and the "Việc cần làm" panel.

It sits above the areas (it reads org, accounts, cycle, conference and awards) so that core, which every area
imports, imports none of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from thidua.accounts import access
from thidua.accounts.models import Role, RoleAssignment, ScopeKind
from thidua.core import audit_display
from thidua.core import selectors as audit_selectors
from thidua.core.models import AuditEvent
from thidua.core.views import refusals_as_http
from thidua.home.work import work_of
from thidua.org import selectors as org
from thidua.org.models import ClusterKind, ClusterYear, Membership, Unit, UnitLevel


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


@login_required
@refusals_as_http
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    roles = access.roles_of(request.user)
    if not roles:
        # Deny by default: an account with no assignment learns that, and nothing about the province.
        return render(request, "home/home_unassigned.html")
    context = {"sections": _home_sections(request.user, roles), "work": work_of(request)}
    return render(request, "home/home.html", context)
