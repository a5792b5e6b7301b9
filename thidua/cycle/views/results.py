"""Verification queue, provisional and final results (ranking with charts, a unit's results down to each
criterion's inputs), appeals, corrections after freezing, the public page of final totals, notifications."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.agreements.selectors import snapshot_compare
from thidua.core.errors import ThiduaError
from thidua.core.views import role_required
from thidua.cycle import charts, permissions, selectors
from thidua.cycle.bonuses import claims_queue, published_unit
from thidua.cycle.comparison import own_package, score_comparison
from thidua.cycle.forms import AnswerForm, AppealForm, CorrectionForm, VerifyForm
from thidua.cycle.lines import TO_CYCLE, cycle_of, lines_of
from thidua.cycle.models import Appeal, CycleState, RequestStatus
from thidua.cycle.ranking import ranking_columns, ranking_lines, ranking_sheet
from thidua.cycle.results import finalisation, published_chain, results_in_force
from thidua.cycle.services import agreed, facts, verification
from thidua.cycle.services import cycles as cycle_services
from thidua.cycle.services.common import cycle_criteria, notifications_mark_read
from thidua.cycle.views.common import done, refused, user_of
from thidua.documents.xlsx import render_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@role_required
@require_GET
def verify_queue(request: HttpRequest) -> HttpResponse:
    cycle = None
    if request.GET.get("nam"):
        cycle = selectors.cycle_get_for_user(
            request.user, int(request.GET["nam"]) if request.GET["nam"].isdigit() else 0
        )
    items = selectors.verification_queue(request.user, cycle=cycle)
    claims = claims_queue(request.user, [cycle] if cycle else list(selectors.cycles_visible_to(request.user)))
    notes = selectors.verification_notes(request.user, cycle=cycle)
    fact_rows = {item.line.pk: facts.fact_rows(cycle_of(item.line), item.line) for item in items}
    return render(
        request,
        "cycle/verify_queue.html",
        {
            "items": items,
            "claims": claims,
            "cycle": cycle,
            "form": VerifyForm(),
            "notes": notes,
            "facts": {pk: rows for pk, rows in fact_rows.items() if rows},
        },
    )


@role_required
@require_POST
def line_verify(request: HttpRequest, pk: int) -> HttpResponse:
    line = selectors.line_get_for_user(request.user, pk)
    form = VerifyForm(request.POST)
    back = request.POST.get("next") or ""
    if not form.is_valid():
        return refused(request, ThiduaError(_("Yêu cầu không hợp lệ.")), "cycle:verify_queue")
    try:
        verification.line_verify(actor=user_of(request), line=line, **form.cleaned_data)
    except ThiduaError as exc:
        return refused(request, exc, "cycle:verify_queue")
    text = {
        "accept": _("Đã xác nhận tiêu chí %(code)s của %(unit)s."),
        "correct": _("Đã điều chỉnh tiêu chí %(code)s của %(unit)s."),
        "return": _("Đã trả lại tiêu chí %(code)s cho %(unit)s."),
    }[form.cleaned_data["verdict"]] % {"code": line.criterion, "unit": line.unit.name}
    if back.isdigit():
        messages.success(request, text)
        return redirect(reverse("cycle:verify_queue") + f"?nam={back}")
    return done(request, text, "cycle:verify_queue")


@role_required
@require_POST
def fact_verify(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept, correct or return one fact of a version 2 line."""
    line = selectors.line_get_for_user(request.user, pk)
    back = request.POST.get("next") or ""
    fact = request.POST.get("fact", "")
    verdict = request.POST.get("verdict", "")
    try:
        row = facts.fact_verify(
            actor=user_of(request),
            line=line,
            fact=fact,
            verdict=verdict,
            value=request.POST.get("value", ""),
            reason=request.POST.get("reason", ""),
        )
    except ThiduaError as exc:
        return refused(request, exc, "cycle:verify_queue")
    label = next(
        (facts.fact_name(f) for f in facts.reported_facts(cycle_of(line), line.criterion) if f.name == fact),
        fact,
    )
    text = _("Đã ghi kết quả thẩm định “%(fact)s” của tiêu chí %(code)s, %(unit)s: %(status)s.") % {
        "fact": label,
        "code": line.criterion,
        "unit": line.unit.name,
        "status": row.get_status_display(),
    }
    if back.isdigit():
        messages.success(request, text)
        return redirect(reverse("cycle:verify_queue") + f"?nam={back}")
    return done(request, text, "cycle:verify_queue")


def _results_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    cycle = selectors.cycle_get_for_user(request.user, pk)
    if not permissions.cycle_actor(request.user, cycle).sees_results:
        raise PermissionDenied(_("Kết quả chưa được công bố cho bạn."))
    snapshot = results_in_force(cycle.cluster_year, cycle=cycle)
    if snapshot is None:
        raise Http404(_("Chưa có kết quả."))
    units = snapshot.results["units"]
    framework = cycle_criteria(cycle)
    sections: list[tuple[str, str]] = []
    for criterion in framework.values():
        if (criterion.section.code, criterion.section.title) not in sections:
            sections.append((criterion.section.code, criterion.section.title))
    totals, stacked = charts.totals_chart(units, sections)
    previous = selectors.previous_final(cycle)
    last_year = {u["code"]: Decimal(u["total"]) for u in previous.results["units"]} if previous else {}
    columns = ranking_columns(sections, with_last_year=bool(last_year))
    own = own_package(cycle)
    lines = ranking_lines(units, columns, score_comparison(cycle, snapshot, own), last_year)
    return {
        # Item 8 of issue 11: a member without a target for a target-based criterion is named, not silent.
        "target_warnings": [warning.message for warning in own.warnings()],
        "columns": columns,
        "lines": lines,
        "cycle": cycle,
        "snapshot": snapshot,
        "units": units,
        "sections": sections,
        "totals_chart": totals,
        "sections_chart": stacked,
        "change_chart": charts.change_chart(units, last_year),
        "last_year": {code: value for code, value in last_year.items()},
        "own_codes": set(),
        "finalisation": finalisation(cycle),
    }


@role_required
@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    context = _results_context(request, pk)
    cycle = context["cycle"]
    own = set(permissions.cycle_actor(request.user, cycle).reports_for)
    members = selectors.units_by_code(cycle)
    context["members"] = members
    context["own_codes"] = {code for code, unit in members.items() if unit.pk in own}
    context["follows"] = permissions.cycle_actor(request.user, cycle).follows
    if cycle.state == CycleState.FINAL and permissions.cycle_actor(request.user, cycle).board:
        history = published_chain(cycle)
        context["history"] = [
            (before, after, snapshot_compare(before, after)) for before, after in itertools.pairwise(history)
        ]
    return render(request, "cycle/results.html", context)


@role_required
@require_GET
def results_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The ranking as on the page (same columns, same figures) as a workbook."""
    context = _results_context(request, pk)
    cycle = context["cycle"]
    heading = _("KẾT QUẢ CHÍNH THỨC") if cycle.state == CycleState.FINAL else _("KẾT QUẢ TẠM THỜI")
    title = (str(cycle.cluster_year).upper(), heading)
    sheet = ranking_sheet(title, context["columns"], context["lines"])
    response = HttpResponse(render_xlsx([sheet]), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="ket-qua-{cycle.cluster_year.cluster.code}-{cycle.cluster_year.year}.xlsx"'
    )
    return response


@role_required
@require_GET
def unit_results(request: HttpRequest, pk: int, unit: int) -> HttpResponse:
    context = _results_context(request, pk)
    cycle = context["cycle"]
    members = selectors.units_by_code(cycle)
    found = next((u for u in members.values() if u.pk == unit), None)
    if found is None:
        raise Http404(_("Đơn vị không phải thành viên."))
    result = next((u for u in context["units"] if u["code"] == found.code), None)
    report = selectors.unit_report(cycle, found, with_score=False)
    scored = published_unit(context["snapshot"], found.code) if result else None
    context |= {
        "unit": found,
        "result": result,
        "scored": scored,
        "deductions": scored.deduction_entries if scored else (),
        "report": report,
        "can_appeal": cycle.state == CycleState.PROVISIONAL
        and permissions.cycle_actor(request.user, cycle).reports_for_unit(found),
        "appeal_form": AppealForm(),
        "can_correct": cycle.state == CycleState.FINAL and permissions.cycle_actor(request.user, cycle).board,
        "correction_form": CorrectionForm(),
    }
    context |= agreed.agreed_context(request.user, cycle, found)
    return render(request, "cycle/unit_results.html", context)


@role_required
@require_POST
def agreed_points(request: HttpRequest, pk: int, unit: int) -> HttpResponse:
    """Record (or withdraw, with `withdraw`) the points agreed for one criterion of a member."""
    cycle = selectors.cycle_get_for_user(request.user, pk)
    found = next((u for u in selectors.units_by_code(cycle).values() if u.pk == unit), None)
    if found is None:
        raise Http404(_("Đơn vị không phải thành viên."))
    criterion = request.POST.get("criterion", "")
    reason = request.POST.get("reason", "")
    try:
        if request.POST.get("withdraw"):
            agreed.agreed_points_withdraw(
                actor=user_of(request), cycle=cycle, unit=found, criterion=criterion, reason=reason
            )
            text = _("Đã bỏ điểm thống nhất tiêu chí %(code)s.") % {"code": criterion}
        else:
            agreed.agreed_points_record(
                actor=user_of(request),
                cycle=cycle,
                unit=found,
                criterion=criterion,
                points=request.POST.get("points", ""),
                reason=reason,
            )
            text = _("Đã ghi điểm thống nhất tiêu chí %(code)s.") % {"code": criterion}
    except ThiduaError as exc:
        return refused(request, exc, "cycle:unit_results", pk, unit)
    return done(request, text, "cycle:unit_results", pk, unit)


@role_required
@require_POST
def appeal_file(request: HttpRequest, pk: int) -> HttpResponse:
    line = selectors.line_get_for_user(request.user, pk)
    form = AppealForm(request.POST)
    if not form.is_valid():
        return refused(
            request,
            ThiduaError(_("Phải ghi nội dung kiến nghị.")),
            "cycle:unit_results",
            cycle_of(line).pk,
            line.unit_id,
        )
    try:
        verification.appeal_file(actor=user_of(request), line=line, argument=form.cleaned_data["argument"])
    except ThiduaError as exc:
        return refused(request, exc, "cycle:unit_results", cycle_of(line).pk, line.unit_id)
    return done(
        request,
        _("Đã gửi kiến nghị về tiêu chí %(code)s.") % {"code": line.criterion},
        "cycle:unit_results",
        cycle_of(line).pk,
        line.unit_id,
    )


@role_required
@require_GET
def appeals(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = selectors.cycle_get_for_user(request.user, pk)
    actor = permissions.cycle_actor(request.user, cycle)
    if not (actor.follows or actor.reports_for):
        raise PermissionDenied(_("Bạn không xem được kiến nghị của năm thi đua này."))
    found = selectors.appeals_of(cycle)
    if not actor.follows:
        found = [a for a in found if a.line.unit_id in actor.reports_for]
    for appeal in found:
        # Who may answer each one: never about one's own unit, and the page says who does instead.
        appeal.may_answer = actor.leader_refusal(appeal.line.unit_id, "Kiến nghị này", "trả lời") is None  # type: ignore[attr-defined]
        appeal.refusal_note = (  # type: ignore[attr-defined]
            actor.own_unit_refusal(appeal.line.unit_id, "Kiến nghị này", "trả lời")
            if actor.answers_appeals
            else None
        )
    context = {
        "cycle": cycle,
        "appeals": found,
        "can_answer": actor.answers_appeals and cycle.state == CycleState.PROVISIONAL,
        "form": AnswerForm(),
    }
    return render(request, "cycle/appeals.html", context)


@role_required
@require_POST
def appeal_answer(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = get_object_or_404(
        Appeal.objects.select_related(f"line__{TO_CYCLE}__cluster_year__cluster"), pk=pk
    )
    cycle = selectors.cycle_get_for_user(request.user, cycle_of(appeal.line).pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return refused(request, ThiduaError(_("Phải ghi nội dung trả lời.")), "cycle:appeals", cycle.pk)
    try:
        verification.appeal_answer(actor=user_of(request), appeal=appeal, **form.cleaned_data)
    except ThiduaError as exc:
        return refused(request, exc, "cycle:appeals", cycle.pk)
    return done(request, _("Đã trả lời kiến nghị."), "cycle:appeals", cycle.pk)


@role_required
@require_POST
def final_correct(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = selectors.cycle_get_for_user(request.user, pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        return refused(request, ThiduaError(_("Phải ghi giá trị mới và lý do.")), "cycle:results", pk)
    line = get_object_or_404(lines_of(cycle), pk=form.cleaned_data["line"])
    try:
        cycle_services.final_correct(
            actor=user_of(request),
            cycle=cycle,
            line=line,
            value=form.cleaned_data["value"],
            reason=form.cleaned_data["reason"],
        )
    except ThiduaError as exc:
        return refused(request, exc, "cycle:unit_results", pk, line.unit_id)
    return done(
        request, _("Đã điều chỉnh và chấm lại; các thay đổi được liệt kê bên dưới."), "cycle:results", pk
    )


@role_required
@require_GET
def public_results(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = selectors.cycle_get_for_user(request.user, pk)
    if cycle.state != CycleState.FINAL or cycle.final_snapshot_id is None:
        raise Http404(_("Kết quả chính thức chưa được công bố."))
    snapshot = results_in_force(cycle.cluster_year, cycle=cycle)
    assert snapshot is not None
    return render(
        request,
        "cycle/public.html",
        {"cycle": cycle, "snapshot": snapshot, "units": snapshot.results["units"]},
    )


@role_required
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    found = selectors.notifications_of(request.user)
    return render(
        request, "cycle/notifications.html", {"notifications": found, "pending": RequestStatus.PENDING}
    )


@role_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    notifications_mark_read(actor=user_of(request))
    return done(request, _("Đã đánh dấu tất cả là đã đọc."), "cycle:notifications")
