"""The register: list with search and filters, its xlsx export, entry by hand, import, revocation, statistics,
certificates and the public verification page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts import access
from thidua.awards import selectors
from thidua.awards.documents.certificate import certificate_pdf, issuing_authority
from thidua.awards.documents.decision import decision_final_docx
from thidua.awards.forms import AwardEntryForm, RegisterFilterForm, RevokeForm, units_by_key
from thidua.awards.models import Level
from thidua.awards.rights import can_edit_register
from thidua.awards.services import register as register_services
from thidua.awards.views.common import acting_province, form_refusal, query_without_page
from thidua.core.errors import NotFound, ThiduaError
from thidua.core.htmx import render_page
from thidua.core.views import role_required
from thidua.documents.xlsx import Sheet, SheetColumn, render_xlsx

PAGE_SIZE = 50


def _filter_form(request: HttpRequest) -> RegisterFilterForm:
    form = RegisterFilterForm(
        request.GET or None, units=access.units_visible_to(request.user).order_by("name")
    )
    if request.GET:
        form.is_valid()
    return form


def _filters(form: RegisterFilterForm) -> selectors.RegisterFilters:
    if form.is_bound and form.is_valid():
        return form.filters()
    return selectors.RegisterFilters()


@role_required
@require_GET
def register_list(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    rows = selectors.register_rows(user=request.user, filters=_filters(form))
    page = selectors.register_page(rows, request.GET.get("page"), PAGE_SIZE)
    context = {
        "form": form,
        "page_obj": page,
        "count_exact": rows.exact,
        "columns": selectors.SCREEN_COLUMNS,
        "rows": [(record, selectors.register_cells(record)) for record in page.object_list],
        "decision": _shown_decision(request, form),
        "query_without_page": query_without_page(request),
        "can_edit": bool(access.provinces_with_role(request.user, {"board_admin"})),
        "status": 200 if not form.errors else 400,
    }
    status = 200 if not form.errors else 400
    return render_page(
        request, "awards/register.html", "awards/partials/register_table.html", context, status=status
    )


def _shown_decision(request: HttpRequest, form: RegisterFilterForm) -> Any:
    """The decision whose lines the page lists ("xem trong sổ"), when the user may see it."""
    wanted = _filters(form).decision
    if wanted is None:
        return None
    try:
        return selectors.decision_get_for_user(request.user, wanted)
    except NotFound:
        return None


EXPORT_KINDS = {"money": "integer", "integer": "integer", "date": "date"}
EXPORT_WIDTHS = {"award": 30, "recipient_name": 28, "unit": 28, "signer_title": 22, "status": 22}


@role_required
@require_GET
def register_export(request: HttpRequest) -> HttpResponse:
    """Every column of the register, header on row 1 with the import's titles, so the file imports back as it is:
    dates and numbers are real cells, names are shown as on the page (the import reads names or codes)."""
    form = _filter_form(request)
    rows = selectors.register_list(user=request.user, filters=_filters(form))
    columns = tuple(
        SheetColumn(c.header, EXPORT_KINDS.get(c.kind, "text"), EXPORT_WIDTHS.get(c.key, 14))  # type: ignore[arg-type]
        for c in selectors.REGISTER_COLUMNS
    )
    cells = tuple(
        tuple(c.cell(r) for c in selectors.REGISTER_COLUMNS) for r in rows.iterator(chunk_size=2000)
    )
    content = render_xlsx([Sheet(name="Sổ khen thưởng", columns=columns, rows=cells)])
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="so-khen-thuong.xlsx"'
    return response


@role_required
@require_http_methods(["GET", "POST"])
def record_create(request: HttpRequest) -> HttpResponse:
    province = acting_province(request.user, board=True)
    units = units_by_key(province)
    form = AwardEntryForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            result = register_services.award_record_create(
                actor=request.user, province=province, entry=form.entry()
            )
        except ThiduaError as exc:
            form_refusal(form, exc)
        else:
            messages.success(request, _("Đã ghi vào sổ khen thưởng."))
            for warning in result.warnings:
                messages.warning(request, warning)
            return redirect("awards:record_detail", pk=result.record.pk)
    status = 400 if form.errors else 200
    return render(request, "awards/record_form.html", {"form": form, "province": province}, status=status)


@role_required
@require_GET
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.record_get_for_user(request.user, pk)
    context = {
        "record": record,
        "cells": selectors.record_cells(record),
        "can_edit": can_edit_register(request.user, record.decision.province_id),
        "revoke_form": RevokeForm(),
    }
    return render(request, "awards/record_detail.html", context)


@role_required
@require_POST
def record_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.record_get_for_user(request.user, pk)
    if not can_edit_register(request.user, record.decision.province_id):
        raise PermissionDenied(_("Chỉ Ban Thi đua – Khen thưởng của tỉnh được thu hồi khen thưởng."))
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            register_services.award_revoke(actor=request.user, award_record=record, **form.cleaned_data)
        except ThiduaError as exc:
            form_refusal(form, exc)
        else:
            messages.success(request, _("Đã thu hồi khen thưởng."))
            return redirect("awards:record_detail", pk=record.pk)
    context = {
        "record": record,
        "cells": selectors.record_cells(record),
        "can_edit": True,
        "revoke_form": form,
    }
    return render(request, "awards/record_detail.html", context, status=400)


@role_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    tables = selectors.register_statistics(user=request.user, filters=_filters(form))
    return render(request, "awards/statistics.html", {"form": form, "tables": tables})


@role_required
@require_GET
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.record_get_for_user(request.user, pk)
    if record.is_revoked:
        raise Http404(_("Khen thưởng đã bị thu hồi, không cấp giấy chứng nhận."))
    url = request.build_absolute_uri(reverse("awards:verify", args=[record.verify_token]))
    response = HttpResponse(certificate_pdf(record, url), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="chung-nhan-{record.pk}.pdf"'
    return response


@require_GET
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Public: confirms an award from its certificate's QR code and shows nothing beyond the certificate."""
    try:
        record = selectors.record_by_token(token)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    context = {"record": record, "authority": issuing_authority(record)}
    response = render(request, "awards/verify.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


@role_required
@require_GET
def decision_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The recorded decision as .docx with its number and date, from its lines in the register."""
    try:
        decision = selectors.decision_get_for_user(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if decision.level != Level.PROVINCE:
        # The template is the chairman's decision; another level's decision is kept as its issuer wrote it.
        raise Http404(_("Chỉ lập được văn bản cho quyết định của Chủ tịch UBND tỉnh."))
    response = HttpResponse(
        decision_final_docx(decision),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    slug = "".join(
        char if char.isalnum() else "-" for char in decision.number.encode("ascii", "ignore").decode()
    )
    response["Content-Disposition"] = (
        f'attachment; filename="quyet-dinh-{slug.strip("-") or decision.pk}.docx"'
    )
    return response
