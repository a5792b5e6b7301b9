"""Pages of movements: the list with its filters and export, a movement, a unit's movements, the board's forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts import access
from thidua.accounts.models import Role
from thidua.core.errors import ThiduaError
from thidua.core.htmx import render_page
from thidua.core.views import board_required, role_required
from thidua.documents.xlsx import Sheet, SheetColumn, render_xlsx
from thidua.movements import selectors, services
from thidua.movements.forms import MovementFilterForm, MovementForm, ReasonForm, ReviewForm
from thidua.movements.models import Movement
from thidua.org import selectors as org_selectors
from thidua.org.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _board_provinces(user: Any) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=access.provinces_with_role(user, {Role.BOARD_ADMIN})).order_by("name")


def _filtered(request: HttpRequest) -> tuple[MovementFilterForm, list[Movement]]:
    form = MovementFilterForm(request.GET)
    movements: list[Movement] = []
    if form.is_valid():
        movements = list(selectors.movement_list(user=request.user, filters=form.filters()))
    return form, movements


@role_required
@require_GET
def movement_list(request: HttpRequest) -> HttpResponse:
    form, movements = _filtered(request)
    context = {
        "form": form,
        "movements": movements,
        "columns": selectors.MOVEMENT_COLUMNS,
        "rows": [(m, [c.value(m) for c in selectors.MOVEMENT_COLUMNS]) for m in movements],
        "can_create": access.is_board_admin_anywhere(request.user),
        "query": request.GET.urlencode(),
    }
    status = 200 if form.is_valid() else 400
    return render_page(
        request,
        "movements/movement_list.html",
        "movements/partials/movement_table.html",
        context,
        status=status,
    )


@role_required
@require_GET
def movement_export(request: HttpRequest) -> HttpResponse:
    """The list as on screen (same filters, same columns) as a workbook."""
    form, movements = _filtered(request)
    if not form.is_valid():
        return HttpResponse(_("Bộ lọc không hợp lệ."), status=400, content_type="text/plain; charset=utf-8")
    sheet = Sheet(
        name="Phong trào",
        title=("DANH SÁCH PHONG TRÀO THI ĐUA",),
        columns=tuple(SheetColumn(c.label, "text", 30) for c in selectors.MOVEMENT_COLUMNS),
        rows=tuple(tuple(c.value(m) for c in selectors.MOVEMENT_COLUMNS) for m in movements),
    )
    response = HttpResponse(render_xlsx([sheet]), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="phong-trao-thi-dua.xlsx"'
    return response


@role_required
@require_GET
def movement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    movement = selectors.movement_get_for_user(request.user, pk)
    return render(request, "movements/movement_detail.html", _detail_context(request, movement))


def _detail_context(request: HttpRequest, movement: Movement, **forms: Any) -> dict[str, Any]:
    return {
        "movement": movement,
        "can_manage": selectors.can_manage(request.user, movement),
        "review_form": forms.get("review_form") or ReviewForm(),
        "reason_form": ReasonForm(),
    }


@board_required
@require_http_methods(["GET", "POST"])
def movement_create(request: HttpRequest) -> HttpResponse:
    form = MovementForm(request.POST or None, provinces=_board_provinces(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            movement = services.movement_create(
                actor=request.user,  # type: ignore[arg-type]
                province=form.cleaned_data["province"],
                spec=form.spec(),
                reason=form.cleaned_data["reason"],
            )
        except ThiduaError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Đã phát động phong trào “%(name)s”.") % {"name": movement.name})
            return redirect("movements:detail", pk=movement.pk)
    status = 400 if form.errors else 200
    return render(request, "movements/movement_form.html", {"form": form, "movement": None}, status=status)


@role_required
@require_http_methods(["GET", "POST"])
def movement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    movement = selectors.movement_get_for_user(request.user, pk)
    if not selectors.can_manage(request.user, movement):
        raise PermissionDenied(_("Chỉ Ban Thi đua – Khen thưởng của tỉnh được sửa phong trào thi đua."))
    provinces = Unit.objects.filter(pk=movement.province_id)
    form = MovementForm(request.POST or None, provinces=provinces, initial=MovementForm.initial_of(movement))
    if request.method == "POST" and form.is_valid():
        try:
            services.movement_update(
                actor=request.user,  # type: ignore[arg-type]
                movement=movement,
                spec=form.spec(),
                reason=form.cleaned_data["reason"],
            )
        except ThiduaError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Đã lưu thay đổi của phong trào."))
            return redirect("movements:detail", pk=movement.pk)
    status = 400 if form.errors else 200
    return render(
        request, "movements/movement_form.html", {"form": form, "movement": movement}, status=status
    )


@role_required
@require_POST
def review_add(request: HttpRequest, pk: int) -> HttpResponse:
    movement = selectors.movement_get_for_user(request.user, pk)
    if not selectors.can_manage(request.user, movement):
        raise PermissionDenied(_("Chỉ Ban Thi đua – Khen thưởng của tỉnh được ghi sơ kết, tổng kết."))
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.movement_review_add(
                actor=request.user,  # type: ignore[arg-type]
                movement=movement,
                kind=form.cleaned_data["kind"],
                date=form.cleaned_data["date"],
                notes=form.cleaned_data["notes"],
            )
        except ThiduaError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Đã ghi đợt sơ kết, tổng kết."))
            return redirect("movements:detail", pk=movement.pk)
    movement = selectors.movement_get_for_user(request.user, pk)
    context = _detail_context(request, movement, review_form=form)
    return render(request, "movements/movement_detail.html", context, status=400)


@role_required
@require_POST
def review_delete(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get_for_user(request.user, pk)
    if not selectors.can_manage(request.user, review.movement):
        raise PermissionDenied(_("Chỉ Ban Thi đua – Khen thưởng của tỉnh được xóa sơ kết, tổng kết."))
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần ghi lý do xóa."))
    else:
        services.movement_review_delete(
            actor=request.user,  # type: ignore[arg-type]
            review=review,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("Đã xóa đợt sơ kết, tổng kết."))
    return redirect("movements:detail", pk=review.movement_id)


@role_required
@require_GET
def unit_movements(request: HttpRequest, pk: int) -> HttpResponse:
    unit = org_selectors.unit_get_for_user(request.user, pk)
    movements = list(selectors.movements_of_unit(user=request.user, unit=unit))
    return render(request, "movements/unit_movements.html", {"unit": unit, "movements": movements})
