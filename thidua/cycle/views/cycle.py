"""The list of years, a year's page (state, deadlines, readiness of every member, signing, amendments) and the
board's transitions. Thin: selectors read, services write."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts import access
from thidua.agreements.models import Agreement
from thidua.core.errors import ThiduaError
from thidua.core.views import role_required
from thidua.cycle import permissions, selectors
from thidua.cycle.forms import AmendmentForm, DeadlinesForm, DecisionForm, SignForm, TransitionForm
from thidua.cycle.lateness import LatenessChange, late_rule, reporting_deadline_preview
from thidua.cycle.models import STATE_ORDER, Amendment, CycleState, RequestStatus, Signature
from thidua.cycle.progress import cycle_progress
from thidua.cycle.results import finalisation
from thidua.cycle.services import cycles as cycle_services
from thidua.cycle.services import signing as signing_services
from thidua.cycle.views.common import done, refused, user_of
from thidua.org import selectors as org_selectors
from thidua.org.models import Unit


@role_required
@require_GET
def cycle_list(request: HttpRequest) -> HttpResponse:
    cycles = list(
        selectors.cycles_visible_to(request.user).order_by(
            "-cluster_year__year", "cluster_year__cluster__name"
        )
    )
    provinces = access.provinces_with_role(request.user, {"board_admin"})
    openable = list(
        Agreement.objects.filter(
            cluster_year__cluster__province_id__in=provinces, cluster_year__cycle__isnull=True
        )
        .select_related("cluster_year__cluster")
        .order_by("-cluster_year__year")
    )
    return render(request, "cycle/cycle_list.html", {"cycles": cycles, "openable": openable})


@role_required
@require_POST
def cycle_open(request: HttpRequest, cluster_year: int) -> HttpResponse:
    found = org_selectors.cluster_year_get_for_user(request.user, cluster_year)
    try:
        cycle = cycle_services.cycle_create(actor=user_of(request), cluster_year=found)
    except ThiduaError as exc:
        return refused(request, exc, "cycle:list")
    return done(request, _("Đã mở năm thi đua."), "cycle:detail", cycle.pk)


def _amendments(actor: permissions.CycleActor, follows: bool) -> list[Amendment]:
    """The amendments the user sees, each marked with whether they may decide it, or why not (their own unit)."""
    found = Amendment.objects.filter(cycle=actor.cycle).select_related("unit", "requested_by")
    if not follows:
        found = found.filter(unit_id__in=actor.reports_for)
    out = list(found)
    for amendment in out:
        refusal = actor.leader_refusal(amendment.unit_id, "Đề nghị này", "duyệt")
        amendment.may_decide = refusal is None  # type: ignore[attr-defined]
        amendment.refusal_note = (  # type: ignore[attr-defined]
            actor.own_unit_refusal(amendment.unit_id, "Đề nghị này", "duyệt")
            if actor.leads or actor.deputises
            else None
        )
    return out


@role_required
@require_GET
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = selectors.cycle_get_for_user(request.user, pk)
    actor = permissions.cycle_actor(request.user, cycle)
    follows = actor.follows
    own = set(actor.reports_for)
    progress = cycle_progress(cycle)
    visible = progress.members if follows else [m for m in progress.members if m.membership.unit_id in own]
    index = STATE_ORDER.index(cycle.state)
    context = {
        "cycle": cycle,
        "progress": progress,
        "members": visible,
        "follows": follows,
        "own": own,
        "states": [(s, CycleState(s).label, i < index, i == index) for i, s in enumerate(STATE_ORDER)],
        "can_manage": actor.board,
        "is_leader": actor.leads,
        "next_state": CycleState(STATE_ORDER[index + 1]).label if index + 1 < len(STATE_ORDER) else "",
        "previous_state": CycleState(STATE_ORDER[index - 1]).label
        if 0 < index < len(STATE_ORDER) - 1
        else "",
        "deadlines_form": DeadlinesForm(
            initial={
                "signing_deadline": cycle.signing_deadline,
                "reporting_deadline": cycle.reporting_deadline,
                "appeal_deadline": cycle.appeal_deadline,
            }
        ),
        "transition_form": TransitionForm(initial={"from_state": cycle.state}),
        "sign_form": SignForm(),
        "amendment_form": AmendmentForm(),
        "decision_form": DecisionForm(),
        "amendments": _amendments(actor, follows),
        "signable": [
            m for m in visible if m.signed_at is None and (m.membership.unit_id in own or actor.board)
        ],
        "amendable": [m for m in visible if m.signed_at is not None and m.membership.unit_id in own],
        "can_see_results": actor.sees_results,
        "late_rule": late_rule(cycle),
        "finalisation": finalisation(cycle),
    }
    return render(request, "cycle/cycle_detail.html", context)


@role_required
@require_http_methods(["GET", "POST"])
def cycle_deadlines(request: HttpRequest, pk: int) -> HttpResponse:
    """The board's deadlines of the year. A new reporting deadline is shown first as a preview of whose
    submissions turn late or stop being late, and by how many points; saving it then needs the confirmation."""
    cycle = selectors.cycle_get_for_user(request.user, pk)
    if not permissions.cycle_actor(request.user, cycle).board:
        raise PermissionDenied(_("Chỉ Ban Thi đua – Khen thưởng của tỉnh được đặt các hạn của năm thi đua."))
    form = DeadlinesForm(
        request.POST or None,
        initial={
            "signing_deadline": cycle.signing_deadline,
            "reporting_deadline": cycle.reporting_deadline,
            "appeal_deadline": cycle.appeal_deadline,
        },
    )
    preview: list[LatenessChange] = []
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            data = form.cleaned_data
            preview = reporting_deadline_preview(cycle, data["reporting_deadline"])
            if "preview" not in request.POST:
                try:
                    cycle_services.cycle_set_deadlines(
                        actor=user_of(request),
                        cycle=cycle,
                        signing_deadline=data["signing_deadline"],
                        reporting_deadline=data["reporting_deadline"],
                        appeal_deadline=data["appeal_deadline"],
                        reason=data["reason"],
                        confirm_lateness=data["confirm_lateness"],
                    )
                except ThiduaError as exc:
                    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                    status = 400
                else:
                    return done(request, _("Đã lưu các hạn."), "cycle:detail", pk)
    start, end = cycle_services.deadline_window(cycle.cluster_year.year)
    context = {
        "cycle": cycle,
        "form": form,
        "preview": preview,
        "previewed": request.method == "POST",
        "window_start": start,
        "window_end": end,
        "late_rule": late_rule(cycle),
    }
    return render(request, "cycle/deadlines.html", context, status=status)


@role_required
@require_POST
def cycle_transition(request: HttpRequest, pk: int, direction: str) -> HttpResponse:
    cycle = selectors.cycle_get_for_user(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return refused(request, ThiduaError(_("Yêu cầu không hợp lệ.")), "cycle:detail", pk)
    data = form.cleaned_data
    try:
        if direction == "tien":
            cycle_services.cycle_advance(
                actor=user_of(request),
                cycle=cycle,
                from_state=data["from_state"],
                reason=data["reason"],
                override=data["override"],
            )
        else:
            cycle_services.cycle_move_back(
                actor=user_of(request), cycle=cycle, from_state=data["from_state"], reason=data["reason"]
            )
    except ThiduaError as exc:
        return refused(request, exc, "cycle:detail", pk)
    cycle.refresh_from_db()
    return done(
        request,
        _("Năm thi đua chuyển sang giai đoạn “%(state)s”.") % {"state": cycle.get_state_display()},
        "cycle:detail",
        pk,
    )


@role_required
@require_POST
def cycle_sign(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = selectors.cycle_get_for_user(request.user, pk)
    form = SignForm(request.POST, request.FILES)
    if not form.is_valid():
        return refused(
            request, ThiduaError(_("Phải ghi người ký và chọn văn bản đã ký.")), "cycle:detail", pk
        )
    unit = get_object_or_404(Unit, pk=form.cleaned_data["unit"])
    try:
        signing_services.signature_record(
            actor=user_of(request),
            cycle=cycle,
            unit=unit,
            document=form.cleaned_data["document"],
            signer_name=form.cleaned_data["signer_name"],
        )
    except ThiduaError as exc:
        return refused(request, exc, "cycle:detail", pk)
    return done(request, _("Đã ghi nhận %(unit)s ký giao ước.") % {"unit": unit.name}, "cycle:detail", pk)


@role_required
@require_GET
def signature_document(request: HttpRequest, pk: int) -> HttpResponse:
    signature = get_object_or_404(Signature.objects.select_related("cycle__cluster_year__cluster"), pk=pk)
    if not permissions.cycle_actor(request.user, signature.cycle).visible:
        raise PermissionDenied(_("Bạn không có quyền xem văn bản này."))
    response = cast(
        HttpResponse,
        FileResponse(signature.document.open("rb"), as_attachment=True, filename=signature.document_name),
    )
    return response


@role_required
@require_POST
def amendment_request(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = selectors.cycle_get_for_user(request.user, pk)
    form = AmendmentForm(request.POST)
    if not form.is_valid():
        return refused(
            request, ThiduaError(_("Phải ghi tiêu chí, chỉ tiêu mới và lý do.")), "cycle:detail", pk
        )
    unit = get_object_or_404(Unit, pk=form.cleaned_data["unit"])
    from decimal import Decimal

    try:
        signing_services.amendment_request(
            actor=user_of(request),
            cycle=cycle,
            unit=unit,
            criterion=form.cleaned_data["criterion"].strip(),
            new_target=Decimal(form.cleaned_data["new_target"]),
            reason=form.cleaned_data["reason"],
        )
    except ThiduaError as exc:
        return refused(request, exc, "cycle:detail", pk)
    return done(request, _("Đã gửi đề nghị sửa chỉ tiêu tới cụm trưởng."), "cycle:detail", pk)


@role_required
@require_POST
def amendment_decide(request: HttpRequest, pk: int, amendment: int) -> HttpResponse:
    cycle = selectors.cycle_get_for_user(request.user, pk)
    found = get_object_or_404(Amendment, pk=amendment, cycle=cycle, status=RequestStatus.PENDING)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return refused(request, ThiduaError(_("Yêu cầu không hợp lệ.")), "cycle:detail", pk)
    try:
        signing_services.amendment_decide(
            actor=user_of(request),
            amendment=found,
            approve=form.cleaned_data["approve"],
            reason=form.cleaned_data["reason"],
        )
    except ThiduaError as exc:
        return refused(request, exc, "cycle:detail", pk)
    return done(request, _("Đã xử lý đề nghị sửa chỉ tiêu."), "cycle:detail", pk)
