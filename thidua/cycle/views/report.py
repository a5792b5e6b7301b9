"""A member's report page: lines grouped by section with the input each rule takes, evidence, comments and the
self-score recomputed by the engine after every save (HTMX swaps the line and the score); the Excel round trip
with its preview; submitting."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core import signing
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.agreements.models import CriterionLine
from thidua.core.errors import Conflict, NotFound, ThiduaError
from thidua.core.htmx import is_fragment_request
from thidua.core.views import role_required
from thidua.cycle import permissions, selectors
from thidua.cycle.bonuses import bonus_context
from thidua.cycle.forms import EvidenceForm, LineForm, UploadForm
from thidua.cycle.lateness import submit_warning
from thidua.cycle.lines import TO_CYCLE, cycle_of, lines_of
from thidua.cycle.models import Cycle
from thidua.cycle.services import facts, reporting
from thidua.cycle.services.common import today
from thidua.cycle.views.common import done, refused, user_of
from thidua.cycle.workbook import read_report_workbook, report_workbook
from thidua.org.models import Unit

IMPORT_SALT = "thidua.cycle.report_import"


def _editable(cycle: Cycle, report: selectors.UnitReport) -> set[str]:
    statuses = reporting.editable_statuses(cycle)
    return {
        row.criterion.code
        for section in report.sections
        for row in section.rows
        if row.line.status in statuses
    }


def _context(request: HttpRequest, cycle: Cycle, unit: Unit, report: selectors.UnitReport) -> dict[str, Any]:
    return {
        "cycle": cycle,
        "unit": unit,
        "report": report,
        "can_edit": permissions.cycle_actor(request.user, cycle).reports_for_unit(unit),
        "editable": _editable(cycle, report),
        "evidence_form": EvidenceForm(),
        "upload_form": UploadForm(),
        # Version 2: the facts of each line, one input each (thidua.cycle.services.facts).
        "facts": facts.facts_by_line(cycle, unit),
    }


@role_required
@require_GET
def report_page(request: HttpRequest, pk: int, unit: int) -> HttpResponse:
    cycle = selectors.cycle_get_for_user(request.user, pk)
    found = selectors.unit_for_report(request.user, cycle, unit)
    report = selectors.unit_report(cycle, found)
    context = _context(request, cycle, found, report)
    if context["can_edit"] and context["editable"]:
        context["late_warning"] = submit_warning(cycle, found.pk, today())
    context |= bonus_context(request, cycle, found)
    return render(request, "cycle/report.html", context)


def _line_response(
    request: HttpRequest,
    line: CriterionLine,
    *,
    error: str = "",
    conflict: dict[str, Any] | None = None,
    typed: str = "",
    status: int = 200,
) -> HttpResponse:
    cycle = cycle_of(line)
    report = selectors.unit_report(cycle, line.unit)
    row = next(r for s in report.sections for r in s.rows if r.line.pk == line.pk)
    context = _context(request, cycle, line.unit, report) | {
        "row": row,
        "error": error,
        "conflict": conflict,
        "typed": typed,
    }
    return render(request, "cycle/partials/line_saved.html", context, status=status)


@role_required
@require_POST
def line_save(request: HttpRequest, pk: int) -> HttpResponse:
    line = selectors.line_get_for_user(request.user, pk)
    form = LineForm(request.POST)
    if not form.is_valid():
        return _line_response(request, line, error=_("Dữ liệu gửi lên không hợp lệ."), status=400)
    data = form.cleaned_data
    try:
        reporting.line_save(
            actor=user_of(request),
            line=line,
            version=data["version"],
            value=data["value"],
            comment=data["comment"],
        )
    except Conflict as exc:
        line.refresh_from_db()
        if not is_fragment_request(request):
            return refused(request, exc, "cycle:report", cycle_of(line).pk, line.unit_id)
        return _line_response(
            request, line, error=exc.message, conflict=exc.details, typed=data["value"], status=400
        )
    except ThiduaError as exc:
        if not is_fragment_request(request):
            return refused(request, exc, "cycle:report", cycle_of(line).pk, line.unit_id)
        return _line_response(request, line, error=exc.message, typed=data["value"], status=400)
    line.refresh_from_db()
    if not is_fragment_request(request):
        return done(
            request,
            _("Đã lưu tiêu chí %(code)s.") % {"code": line.criterion},
            "cycle:report",
            cycle_of(line).pk,
            line.unit_id,
        )
    return _line_response(request, line)


@role_required
@require_POST
def facts_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the facts of a version 2 line (fields `fact-<name>`), and its own value when the rule reads one."""
    line = selectors.line_get_for_user(request.user, pk)
    form = LineForm(request.POST)
    if not form.is_valid():
        return _line_response(request, line, error=_("Dữ liệu gửi lên không hợp lệ."), status=400)
    data = form.cleaned_data
    typed = {
        key.removeprefix("fact-"): str(text) for key, text in request.POST.items() if key.startswith("fact-")
    }
    try:
        facts.facts_save(
            actor=user_of(request),
            line=line,
            version=data["version"],
            values=typed,
            comment=data["comment"],
            value=data["value"] if "value" in request.POST else None,
        )
    except ThiduaError as exc:
        line.refresh_from_db()
        if not is_fragment_request(request):
            return refused(request, exc, "cycle:report", cycle_of(line).pk, line.unit_id)
        return _line_response(request, line, error=exc.message, status=400)
    line.refresh_from_db()
    if not is_fragment_request(request):
        return done(
            request,
            _("Đã lưu tiêu chí %(code)s.") % {"code": line.criterion},
            "cycle:report",
            cycle_of(line).pk,
            line.unit_id,
        )
    return _line_response(request, line)


@role_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    line = selectors.line_get_for_user(request.user, pk)
    form = EvidenceForm(request.POST, request.FILES)
    try:
        reporting.evidence_add(actor=user_of(request), line=line, upload=form.files.get("file"))
    except ThiduaError as exc:
        return refused(request, exc, "cycle:report", cycle_of(line).pk, line.unit_id)
    return done(
        request,
        _("Đã thêm minh chứng cho tiêu chí %(code)s.") % {"code": line.criterion},
        "cycle:report",
        cycle_of(line).pk,
        line.unit_id,
    )


@role_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = selectors.evidence_get_for_user(request.user, pk)
    line = evidence.line
    try:
        reporting.evidence_remove(actor=user_of(request), evidence=evidence)
    except ThiduaError as exc:
        return refused(request, exc, "cycle:report", cycle_of(line).pk, line.unit_id)
    return done(request, _("Đã xóa minh chứng."), "cycle:report", cycle_of(line).pk, line.unit_id)


@role_required
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = selectors.evidence_get_for_user(request.user, pk)
    response = cast(
        HttpResponse,
        FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name),
    )
    response["Content-Type"] = evidence.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@role_required
@require_GET
def report_download(request: HttpRequest, pk: int, unit: int) -> HttpResponse:
    cycle = selectors.cycle_get_for_user(request.user, pk)
    found = selectors.unit_for_report(request.user, cycle, unit)
    report = selectors.unit_report(cycle, found, with_score=False)
    content = report_workbook(report, _editable(cycle, report))
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="bao-cao-{found.code}-{cycle.cluster_year.year}.xlsx"'
    )
    return response


@role_required
@require_http_methods(["GET", "POST"])
def report_upload(request: HttpRequest, pk: int, unit: int) -> HttpResponse:
    cycle = selectors.cycle_get_for_user(request.user, pk)
    found = selectors.unit_for_report(request.user, cycle, unit)
    if not permissions.cycle_actor(request.user, cycle).reports_for_unit(found):
        raise NotFound(_("Chỉ cán bộ thi đua của đơn vị được nhập báo cáo."))
    form = UploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"cycle": cycle, "unit": found, "form": form}
    if request.method == "POST" and form.is_valid():
        report = selectors.unit_report(cycle, found, with_score=False)
        reading = read_report_workbook(form.cleaned_data["file"].read(), report, _editable(cycle, report))
        context["reading"] = reading
        if not reading.problems and reading.changes:
            payload = {
                "unit": found.pk,
                "changes": [[c.line_id, c.version, c.value, c.comment_after] for c in reading.changes],
            }
            context["token"] = signing.dumps(payload, salt=IMPORT_SALT)
        status = 400 if reading.problems else 200
        return render(request, "cycle/report_upload.html", context, status=status)
    return render(request, "cycle/report_upload.html", context)


@role_required
@require_POST
def report_upload_apply(request: HttpRequest, pk: int, unit: int) -> HttpResponse:
    cycle = selectors.cycle_get_for_user(request.user, pk)
    found = selectors.unit_for_report(request.user, cycle, unit)
    try:
        payload = signing.loads(request.POST.get("token", ""), salt=IMPORT_SALT, max_age=3600)
    except signing.BadSignature:
        messages.error(request, _("Bản xem trước đã hết hạn hoặc không hợp lệ; hãy tải tệp lên lại."))
        return redirect("cycle:report_upload", pk, unit)
    if payload.get("unit") != found.pk:
        raise NotFound(_("Bản xem trước không thuộc đơn vị này."))
    lines = {line.pk: line for line in lines_of(cycle).filter(unit=found).select_related(TO_CYCLE, "unit")}
    changes = [
        reporting.LineChange(line=lines[line_id], version=version, value=value, comment=comment)
        for line_id, version, value, comment in payload["changes"]
        if line_id in lines
    ]
    try:
        count = reporting.report_import_apply(
            actor=user_of(request), cycle=cycle, unit=found, changes=changes
        )
    except ThiduaError as exc:
        return refused(request, exc, "cycle:report_upload", pk, unit)
    return done(
        request, _("Đã cập nhật %(n)s tiêu chí từ tệp Excel.") % {"n": count}, "cycle:report", pk, unit
    )


@role_required
@require_POST
def report_submit(request: HttpRequest, pk: int, unit: int) -> HttpResponse:
    cycle = selectors.cycle_get_for_user(request.user, pk)
    found = selectors.unit_for_report(request.user, cycle, unit)
    try:
        submission = reporting.report_submit(actor=user_of(request), cycle=cycle, unit=found)
    except ThiduaError as exc:
        return refused(request, exc, "cycle:report", pk, unit)
    text = _("Đã nộp báo cáo ngày %(day)s.") % {"day": submission.submitted_on.strftime("%d/%m/%Y")}
    if cycle.reporting_deadline and submission.submitted_on > cycle.reporting_deadline:
        text += " " + _("Báo cáo nộp sau hạn %(day)s.") % {
            "day": cycle.reporting_deadline.strftime("%d/%m/%Y")
        }
    return done(request, text, "cycle:report", pk, unit)
