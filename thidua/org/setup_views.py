"""The board's set-up pages: units (create, edit, dissolve, merge), clusters and blocks, opening a year, and the
members of a year. Each page is the board's alone (core.views.board_required, then access.can_manage_* on the
object); the forms read input and thidua.org.services decides, writes and audits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thidua.accounts import access
from thidua.core.errors import ThiduaError
from thidua.core.htmx import render_page
from thidua.core.views import board_required
from thidua.org import opening, selectors, services
from thidua.org.forms import (
    MERGE_INTO_NEW,
    ClusterEditForm,
    ClusterForm,
    OpenYearForm,
    UnitCreateForm,
    UnitDissolveForm,
    UnitEditForm,
    UnitFilterForm,
    UnitMergeForm,
)
from thidua.org.models import Cluster, ClusterYear, Unit, UnitLevel

NOT_BOARD = "Chỉ Ban Thi đua – Khen thưởng của tỉnh được quản lý đơn vị, cụm, khối thi đua."


def request_actor(request: HttpRequest) -> Any:
    return request.user


def _province(request: HttpRequest) -> Unit:
    """The province the board works on: the one chosen on the page among those it runs, else its first."""
    provinces = selectors.board_provinces(request.user)
    wanted = request.POST.get("province") or request.GET.get("province")
    chosen = provinces.filter(pk=wanted).first() if wanted and wanted.isdigit() else provinces.first()
    if chosen is None:
        raise PermissionDenied(_(NOT_BOARD))
    return chosen


def _managed_unit(request: HttpRequest, pk: int) -> Unit:
    unit = selectors.unit_get_for_user(request.user, pk)
    if unit.level == UnitLevel.PROVINCE or not access.can_manage_unit(request.user, unit):
        raise PermissionDenied(_(NOT_BOARD))
    return unit


def _managed_cluster(request: HttpRequest, pk: int) -> Cluster:
    cluster = selectors.cluster_get_for_user(request.user, pk)
    if not access.can_manage_cluster(request.user, cluster):
        raise PermissionDenied(_(NOT_BOARD))
    return cluster


def managed_year(request: HttpRequest, pk: int) -> ClusterYear:
    cluster_year = selectors.cluster_year_get_for_user(request.user, pk)
    if not access.can_manage_cluster(request.user, cluster_year.cluster):
        raise PermissionDenied(_(NOT_BOARD))
    return cluster_year


def _form_page(request: HttpRequest, context: dict[str, Any], *, failed: bool) -> HttpResponse:
    return render(request, "org/setup_form.html", context, status=400 if failed else 200)


# ---- units -----------------------------------------------------------------------------------------------------


@board_required
@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    province = _province(request)
    form = UnitFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    units = selectors.unit_register(
        user=request.user,
        province=province,
        level=data.get("level", ""),
        search=data.get("q", "").strip(),
        status=data.get("status", ""),
        today=today,
    )
    context = {
        "province": province,
        "provinces": selectors.board_provinces(request.user),
        "form": form,
        "units": list(units),
        "today": today,
    }
    return render_page(request, "org/unit_list.html", "org/partials/unit_table.html", context)


def _province_units(request: HttpRequest, province: Unit, day: dt.date | None = None) -> Any:
    return selectors.units_in_force(user=request.user, province=province, day=day or timezone.localdate())


@board_required
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest) -> HttpResponse:
    province = _province(request)
    form = UnitCreateForm(request.POST or None, units=_province_units(request, province))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = services.unit_create(
                actor=request_actor(request),
                province=province,
                level=data["level"],
                code=data["code"],
                name=data["name"],
                parent=data["parent"],
                valid_from=data["valid_from"],
                is_data_source=data["is_data_source"],
            )
        except ThiduaError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Đã thêm đơn vị %(name)s.") % {"name": unit.name})
            return redirect("org:unit_detail", pk=unit.pk)
    context = {
        "title": _("Thêm đơn vị của %(province)s") % {"province": province.name},
        "form": form,
        "submit": _("Thêm đơn vị"),
        "cancel": reverse("org:unit_list"),
        "parent_link": (reverse("org:unit_list"), _("Đơn vị")),
    }
    return _form_page(request, context, failed=bool(form.errors))


@board_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _managed_unit(request, pk)
    assert unit.province is not None
    initial = {"name": unit.name, "parent": unit.parent_id, "is_data_source": unit.is_data_source}
    # The current parent stays choosable even when it is no longer in force, so saving a name keeps it.
    in_force = _province_units(request, unit.province).exclude(pk=unit.pk)
    choices = Unit.objects.filter(Q(pk__in=in_force.values("pk")) | Q(pk=unit.parent_id)).order_by("name")
    form = UnitEditForm(request.POST or None, initial=initial, units=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.unit_update(
                actor=request_actor(request),
                unit=unit,
                name=data["name"],
                parent=data["parent"],
                is_data_source=data["is_data_source"],
                reason=data["reason"],
            )
        except ThiduaError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Đã lưu đơn vị %(name)s.") % {"name": data["name"]})
            return redirect("org:unit_detail", pk=unit.pk)
    context = {
        "title": _("Sửa đơn vị %(name)s") % {"name": unit.name},
        "intro": _("Mã, cấp và ngày hiệu lực chỉ thay đổi qua sáp nhập, giải thể hoặc đổi tên."),
        "form": form,
        "submit": _("Lưu thay đổi"),
        "cancel": reverse("org:unit_detail", args=[unit.pk]),
        "parent_link": (reverse("org:unit_list"), _("Đơn vị")),
    }
    return _form_page(request, context, failed=bool(form.errors))


def _years_not_ended(unit: Unit, today: dt.date) -> list[ClusterYear]:
    return list(
        ClusterYear.objects.filter(memberships__unit=unit, year__gte=today.year)
        .select_related("cluster")
        .order_by("year")
    )


@board_required
@require_http_methods(["GET", "POST"])
def unit_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _managed_unit(request, pk)
    assert unit.province is not None
    form = UnitDissolveForm(
        request.POST or None, units=_province_units(request, unit.province).exclude(pk=unit.pk)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.unit_dissolve(
                actor=request_actor(request),
                unit=unit,
                date=data["date"],
                decision_number=data["decision_number"],
                successor=data["successor"],
                note=data["note"],
            )
        except ThiduaError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Đã ghi nhận giải thể %(name)s.") % {"name": unit.name})
            return redirect("org:unit_detail", pk=unit.pk)
    years = _years_not_ended(unit, timezone.localdate())
    warning = ""
    if years:
        listed = "; ".join(f"{cy.cluster.name} năm {cy.year}" for cy in years)
        warning = _(
            "%(name)s là thành viên của %(years)s. Giải thể trước khi năm thi đua kết thúc phải ghi rõ lý do; "
            "kết quả của đơn vị trong năm được giữ nguyên."
        ) % {"name": unit.name, "years": listed}
    context = {
        "title": _("Giải thể %(name)s") % {"name": unit.name},
        "warning": warning,
        "form": form,
        "submit": _("Ghi nhận giải thể"),
        "cancel": reverse("org:unit_detail", args=[unit.pk]),
        "parent_link": (reverse("org:unit_list"), _("Đơn vị")),
    }
    return _form_page(request, context, failed=bool(form.errors))


@board_required
@require_http_methods(["GET", "POST"])
def unit_merge(request: HttpRequest) -> HttpResponse:
    province = _province(request)
    form = UnitMergeForm(request.POST or None, units=_province_units(request, province))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            successor = _merge(request, province, data)
        except ThiduaError as exc:
            form.add_service_error(exc)
        else:
            names = ", ".join(u.name for u in data["predecessors"])
            messages.success(
                request,
                _("Đã ghi nhận sáp nhập %(names)s vào %(successor)s.")
                % {"names": names, "successor": successor.name},
            )
            return redirect("org:unit_detail", pk=successor.pk)
    context = {
        "title": _("Sáp nhập đơn vị của %(province)s") % {"province": province.name},
        "intro": _(
            "Mỗi đơn vị được sáp nhập hết hiệu lực từ ngày sáp nhập; lịch sử của nó được nối với đơn vị sau sáp nhập."
        ),
        "form": form,
        "submit": _("Ghi nhận sáp nhập"),
        "cancel": reverse("org:unit_list"),
        "parent_link": (reverse("org:unit_list"), _("Đơn vị")),
    }
    return _form_page(request, context, failed=bool(form.errors))


def _merge(request: HttpRequest, province: Unit, data: dict[str, Any]) -> Unit:
    predecessors = list(data["predecessors"])
    if data["mode"] == MERGE_INTO_NEW:
        successor, _successions = services.unit_merge_into_new(
            actor=request_actor(request),
            predecessors=predecessors,
            province=province,
            level=data["new_level"],
            code=data["new_code"],
            name=data["new_name"],
            date=data["date"],
            decision_number=data["decision_number"],
            note=data["note"],
        )
        return successor
    successor = data["successor"]
    services.unit_merge(
        actor=request_actor(request),
        predecessors=predecessors,
        successor=successor,
        date=data["date"],
        decision_number=data["decision_number"],
        note=data["note"],
    )
    return successor  # type: ignore[no-any-return]


# ---- clusters and blocks ---------------------------------------------------------------------------------------


@board_required
@require_GET
def cluster_list(request: HttpRequest) -> HttpResponse:
    province = _province(request)
    clusters = list(
        selectors.cluster_list(user=request.user, province=province).annotate(last_year=Max("years__year"))
    )
    context = {
        "province": province,
        "provinces": selectors.board_provinces(request.user),
        "clusters": clusters,
    }
    return render(request, "org/cluster_list.html", context)


@board_required
@require_http_methods(["GET", "POST"])
def cluster_create(request: HttpRequest) -> HttpResponse:
    province = _province(request)
    form = ClusterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cluster = services.cluster_create(
                actor=request_actor(request), province=province, **form.cleaned_data
            )
        except ThiduaError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Đã thêm %(name)s.") % {"name": cluster.name})
            return redirect("org:cluster_detail", pk=cluster.pk)
    context = {
        "title": _("Thêm cụm, khối thi đua của %(province)s") % {"province": province.name},
        "form": form,
        "submit": _("Thêm cụm, khối"),
        "cancel": reverse("org:cluster_list"),
        "parent_link": (reverse("org:cluster_list"), _("Quản lý cụm, khối")),
    }
    return _form_page(request, context, failed=bool(form.errors))


@board_required
@require_http_methods(["GET", "POST"])
def cluster_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = _managed_cluster(request, pk)
    initial = {
        "kind": cluster.kind,
        "code": cluster.code,
        "name": cluster.name,
        "decision_number": cluster.decision_number,
        "decision_date": cluster.decision_date,
    }
    form = ClusterEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.cluster_update(actor=request_actor(request), cluster=cluster, **form.cleaned_data)
        except ThiduaError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Đã lưu %(name)s.") % {"name": form.cleaned_data["name"]})
            return redirect("org:cluster_detail", pk=cluster.pk)
    context = {
        "title": _("Sửa %(name)s") % {"name": cluster.name},
        "form": form,
        "submit": _("Lưu thay đổi"),
        "cancel": reverse("org:cluster_detail", args=[cluster.pk]),
        "parent_link": (reverse("org:cluster_list"), _("Quản lý cụm, khối")),
    }
    return _form_page(request, context, failed=bool(form.errors))


# ---- opening a year --------------------------------------------------------------------------------------------


def _next_year(clusters: list[Cluster]) -> int:
    last = ClusterYear.objects.filter(cluster__in=clusters).aggregate(last=Max("year"))["last"]
    return int(last) + 1 if last else timezone.localdate().year


def _year_form(request: HttpRequest, default: int) -> tuple[OpenYearForm, int | None]:
    form = OpenYearForm(request.POST or request.GET or {"year": default})
    return form, form.cleaned_data["year"] if form.is_valid() else None


@board_required
@require_http_methods(["GET", "POST"])
def cluster_year_open(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = _managed_cluster(request, pk)
    form, year = _year_form(request, _next_year([cluster]))
    plan = opening.opening_plan(cluster, year) if year is not None else None
    error = ""
    if request.method == "POST" and year is not None:
        try:
            opened = services.cluster_year_open(actor=request_actor(request), cluster=cluster, year=year)
        except ThiduaError as exc:
            error = exc.message
        else:
            messages.success(request, _opened_message(cluster, year, plan))
            return redirect("org:members", pk=opened.pk)
    context = {"cluster": cluster, "form": form, "plan": plan, "year": year, "error": error}
    failed = bool(form.errors or error)
    return render_page(
        request,
        "org/year_open.html",
        "org/partials/opening_plan.html",
        context,
        status=400 if failed else 200,
    )


def _opened_message(cluster: Cluster, year: int, plan: opening.OpeningPlan | None) -> str:
    count = len(plan.members) if plan else 0
    return _("Đã mở năm thi đua %(year)s cho %(name)s với %(count)s thành viên.") % {
        "year": year,
        "name": cluster.name,
        "count": count,
    }


@board_required
@require_http_methods(["GET", "POST"])
def province_year_open(request: HttpRequest) -> HttpResponse:
    province = _province(request)
    clusters = list(selectors.cluster_list(user=request.user, province=province))
    form, year = _year_form(request, _next_year(clusters))
    plans = opening.province_opening_plans(clusters, year) if year is not None else []
    error = ""
    if request.method == "POST" and year is not None:
        try:
            opened = services.province_year_open(actor=request_actor(request), province=province, year=year)
        except ThiduaError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                _("Đã mở năm thi đua %(year)s cho %(count)s cụm, khối.")
                % {"year": year, "count": len(opened)},
            )
            return redirect(f"{reverse('org:cluster_years')}?year={year}")
    waiting = [p for p in plans if p.already_open is None]
    context = {
        "province": province,
        "provinces": selectors.board_provinces(request.user),
        "form": form,
        "plans": plans,
        "waiting": waiting,
        "year": year,
        "error": error,
    }
    failed = bool(form.errors or error)
    return render_page(
        request,
        "org/province_year_open.html",
        "org/partials/province_opening.html",
        context,
        status=400 if failed else 200,
    )
