"""Bonus claims and deductions in the browser: a unit claims a bonus item from its report page, the verifier
decides from the verification queue, the leader or the board records and withdraws deductions on the year's
deductions page; the evidence files are served only to those who may see them."""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.agreements.models import BonusAward, Deduction
from thidua.core.errors import ThiduaError
from thidua.core.views import role_required
from thidua.cycle import bonuses as bonus_selectors
from thidua.cycle import permissions, selectors
from thidua.cycle.forms import BonusClaimForm, BonusDecisionForm, DeductionForm, WithdrawForm
from thidua.cycle.services import bonuses as bonus_services
from thidua.cycle.services.common import cycle_criteria
from thidua.cycle.views.common import done, refused, user_of
from thidua.engine.numbers import vn_points
from thidua.org.models import Unit


@role_required
@require_POST
def bonus_claim(request: HttpRequest, pk: int, unit: int) -> HttpResponse:
    cycle = selectors.cycle_get_for_user(request.user, pk)
    found = selectors.unit_for_report(request.user, cycle, unit)
    form = BonusClaimForm(request.POST, request.FILES)
    if not form.is_valid():
        return refused(request, ThiduaError(_("Phải chọn mục điểm thưởng.")), "cycle:report", pk, unit)
    try:
        bonus_services.bonus_claim(
            actor=user_of(request),
            cycle=cycle,
            unit=found,
            item=form.cleaned_data["item"],
            note=form.cleaned_data["note"],
            upload=form.files.get("file"),
        )
    except ThiduaError as exc:
        return refused(request, exc, "cycle:report", pk, unit)
    return done(request, _("Đã gửi đề nghị điểm thưởng; chờ cụm trưởng thẩm định."), "cycle:report", pk, unit)


@role_required
@require_POST
def bonus_decide(request: HttpRequest, pk: int) -> HttpResponse:
    cycle, award = bonus_selectors.claim_get_for_user(request.user, pk)
    form = BonusDecisionForm(request.POST)
    back = reverse("cycle:verify_queue") + f"?nam={cycle.pk}"
    if not form.is_valid():
        return refused(request, ThiduaError(_("Yêu cầu không hợp lệ.")), back)
    try:
        bonus_services.bonus_decide(actor=user_of(request), cycle=cycle, award=award, **form.cleaned_data)
    except ThiduaError as exc:
        return refused(request, exc, back)
    text = (
        _("Đã chấp nhận đề nghị điểm thưởng của %(unit)s.")
        if form.cleaned_data["accept"]
        else _("Đã không chấp nhận đề nghị điểm thưởng của %(unit)s.")
    ) % {"unit": award.unit.name}
    return done(request, text, back)


def _file(row: BonusAward | Deduction) -> HttpResponse:
    if not row.evidence:
        raise PermissionDenied(_("Không có tệp minh chứng."))
    response = cast(
        HttpResponse, FileResponse(row.evidence.open("rb"), as_attachment=True, filename=row.evidence_name)
    )
    response["Content-Type"] = row.evidence_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@role_required
@require_GET
def claim_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    _cycle, award = bonus_selectors.claim_get_for_user(request.user, pk)
    return _file(award)


@role_required
@require_GET
def deduction_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    _cycle, deduction = bonus_selectors.deduction_get_for_user(request.user, pk)
    return _file(deduction)


@role_required
@require_GET
def deductions(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = selectors.cycle_get_for_user(request.user, pk)
    if not bonus_selectors.can_see_deductions(request.user, cycle):
        raise PermissionDenied(_("Bạn không xem được điểm trừ của năm thi đua này."))
    members = [m.unit for m in cycle.cluster_year.memberships.select_related("unit").order_by("order", "id")]
    context = {
        "cycle": cycle,
        "deductions": bonus_selectors.deductions_visible(request.user, cycle),
        "can_record": bonus_selectors.can_record_deductions(request.user, cycle),
        "members": members,
        "criteria": list(cycle_criteria(cycle).values()),
        "form": DeductionForm(),
        "withdraw_form": WithdrawForm(),
    }
    return render(request, "cycle/deductions.html", context)


@role_required
@require_POST
def deduction_record(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = selectors.cycle_get_for_user(request.user, pk)
    form = DeductionForm(request.POST, request.FILES)
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        return refused(request, ThiduaError(str(first)), "cycle:deductions", pk)
    data = form.cleaned_data
    unit = Unit.objects.filter(pk=data["unit"]).first()
    if unit is None or unit.pk not in permissions.member_unit_ids(cycle):
        return refused(
            request,
            ThiduaError(_("Đơn vị không phải thành viên của năm thi đua này.")),
            "cycle:deductions",
            pk,
        )
    try:
        deduction = bonus_services.deduction_record(
            actor=user_of(request),
            cycle=cycle,
            unit=unit,
            points=Decimal(data["points"]),
            reason=data["reason"],
            criterion=data["criterion"],
            upload=form.files.get("file"),
        )
    except ThiduaError as exc:
        return refused(request, exc, "cycle:deductions", pk)
    return done(
        request,
        _("Đã ghi điểm trừ −%(points)s của %(unit)s.")
        % {"points": vn_points(deduction.points), "unit": unit.name},
        "cycle:deductions",
        pk,
    )


@role_required
@require_POST
def deduction_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    cycle, deduction = bonus_selectors.deduction_get_for_user(request.user, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return refused(request, ThiduaError(_("Phải ghi lý do rút điểm trừ.")), "cycle:deductions", cycle.pk)
    try:
        bonus_services.deduction_withdraw(
            actor=user_of(request), cycle=cycle, deduction=deduction, reason=form.cleaned_data["reason"]
        )
    except ThiduaError as exc:
        return refused(request, exc, "cycle:deductions", cycle.pk)
    return done(
        request,
        _("Đã rút điểm trừ của %(unit)s.") % {"unit": deduction.unit.name},
        "cycle:deductions",
        cycle.pk,
    )
