"""Dossiers: list, creation, recipients with their eligibility, attachments, moves between levels, the draft
decision and the recorded decision."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts import access
from thidua.awards import selectors
from thidua.awards.documents.decision import DecisionDetails, decision_draft_docx, proposal_draft_docx
from thidua.awards.forms import (
    AttachmentForm,
    DecisionDetailsForm,
    DecisionDraftForm,
    DossierForm,
    ProposalReferenceForm,
    ReasonForm,
    RecipientForm,
)
from thidua.awards.models import Dossier, DossierStatus
from thidua.awards.services import dossiers as dossier_services
from thidua.awards.views.common import form_refusal
from thidua.core.errors import AccessDenied, ThiduaError
from thidua.core.views import role_required


@role_required
@require_GET
def dossier_list(request: HttpRequest) -> HttpResponse:
    dossiers = selectors.dossiers_visible_to(request.user).order_by("-created_at", "-id")[:200]
    rows = [(d, dossier_services.holds(request.user, d)) for d in dossiers]
    can_create = bool(access.officer_units(request.user)) or access.is_board_admin_anywhere(request.user)
    return render(request, "awards/dossiers.html", {"rows": rows, "can_create": can_create})


def _creatable_units(user: Any) -> Any:
    units = access.units_visible_to(user)
    return units if access.is_board_admin_anywhere(user) else units.filter(pk__in=access.officer_units(user))


@role_required
@require_http_methods(["GET", "POST"])
def dossier_create(request: HttpRequest) -> HttpResponse:
    form = DossierForm(request.POST or None, units=_creatable_units(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            dossier = dossier_services.dossier_create(actor=request.user, **form.cleaned_data)
        except ThiduaError as exc:
            form_refusal(form, exc)
        else:
            return redirect("awards:dossier_detail", pk=dossier.pk)
    return render(request, "awards/dossier_form.html", {"form": form}, status=400 if form.errors else 200)


DRAFTING = (DossierStatus.AT_BOARD, DossierStatus.AT_COUNCIL, DossierStatus.AT_CHAIRMAN)


def _detail_context(request: HttpRequest, dossier: Dossier, **forms: Any) -> dict[str, Any]:
    holder = dossier_services.holds(request.user, dossier)
    route = dossier_services.route_of(dossier)
    return {
        "dossier": dossier,
        "holder": holder,
        "route": [(status, DossierStatus(status).label, status == dossier.status) for status in route],
        "recipients": dossier.recipients.select_related("unit"),
        "attachments": dossier.attachments.all(),
        "steps": dossier.steps.all(),
        "can_recall": dossier.sent_by_id is not None and dossier.sent_by_id == request.user.pk,
        "can_forward": holder and dossier.status not in (DossierStatus.AT_CHAIRMAN, DossierStatus.APPROVED),
        "can_return": holder and dossier.status not in (DossierStatus.DRAFT, DossierStatus.APPROVED),
        "can_approve": holder and dossier.status == DossierStatus.AT_CHAIRMAN,
        # The board drafts the tờ trình and the decision from its appraisal until the chairman decides.
        "can_draft": dossier.status in DRAFTING and access.is_board_admin(request.user, dossier.province_id),
        "proposal_form": forms.get("proposal_form") or ProposalReferenceForm(),
        "is_draft": dossier.status == DossierStatus.DRAFT,
        "recipient_form": forms.get("recipient_form")
        or RecipientForm(subjects=selectors.subjects_visible_to(request.user).filter(unit=dossier.unit)),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
        "reason_form": forms.get("reason_form") or ReasonForm(),
        "decision_form": forms.get("decision_form") or DecisionDetailsForm(),
    }


@role_required
@require_GET
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = selectors.dossier_get_for_user(request.user, pk)
    return render(request, "awards/dossier_detail.html", _detail_context(request, dossier))


def _refuse(exc: ThiduaError) -> None:
    if isinstance(exc, AccessDenied):
        raise PermissionDenied(exc.message) from exc


@role_required
@require_POST
def recipient_add(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = selectors.dossier_get_for_user(request.user, pk)
    subjects = selectors.subjects_visible_to(request.user).filter(unit=dossier.unit)
    form = RecipientForm(request.POST, subjects=subjects)
    if form.is_valid():
        subject = form.cleaned_data["subject"]
        proposal = dossier_services.Proposal(
            kind=subject.kind if subject else form.cleaned_data["kind"],
            name=subject.name if subject else form.cleaned_data["name"],
            unit=subject.unit if subject else None,
            position=subject.position if subject else form.cleaned_data["position"],
            category=subject.category if subject else form.cleaned_data["category"],
            subject=subject,
        )
        try:
            dossier_services.dossier_recipient_add(actor=request.user, dossier=dossier, proposal=proposal)
        except ThiduaError as exc:
            _refuse(exc)
            form_refusal(form, exc)
        else:
            return redirect("awards:dossier_detail", pk=dossier.pk)
    context = _detail_context(request, dossier, recipient_form=form)
    return render(request, "awards/dossier_detail.html", context, status=400)


@role_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = selectors.dossier_get_for_user(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            dossier_services.dossier_attachment_add(
                actor=request.user,
                dossier=dossier,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ThiduaError as exc:
            _refuse(exc)
            form_refusal(form, exc)
        else:
            return redirect("awards:dossier_detail", pk=dossier.pk)
    context = _detail_context(request, dossier, attachment_form=form)
    return render(request, "awards/dossier_detail.html", context, status=400)


@role_required
@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    dossier = selectors.dossier_get_for_user(request.user, pk)
    attachment = dossier.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404(_("Không có tài liệu này."))
    # At most 10 MB each (see dossier_attachment_add), so reading it whole is fine and keeps one response type.
    with attachment.file.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type=attachment.content_type)
    response["Content-Disposition"] = (
        content_disposition_header(True, attachment.original_name) or "attachment"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@role_required
@require_POST
def dossier_move(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    dossier = selectors.dossier_get_for_user(request.user, pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "") if form.is_valid() else ""
    moves: dict[str, Callable[..., Dossier]] = {
        "chuyen": dossier_services.dossier_forward,
        "tra-lai": dossier_services.dossier_return,
        "rut-lai": dossier_services.dossier_recall,
    }
    move = moves.get(action)
    if move is None:
        raise Http404(_("Không có thao tác này."))
    try:
        move(actor=request.user, dossier=dossier, reason=reason)
    except ThiduaError as exc:
        _refuse(exc)
        form_refusal(form, exc)
        return render(
            request,
            "awards/dossier_detail.html",
            _detail_context(request, dossier, reason_form=form),
            status=400,
        )
    messages.success(
        request, _("Hồ sơ đã chuyển sang bước: %(status)s.") % {"status": dossier.get_status_display()}
    )
    return redirect("awards:dossier_detail", pk=dossier.pk)


@role_required
@require_POST
def dossier_approve(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = selectors.dossier_get_for_user(request.user, pk)
    form = DecisionDetailsForm(request.POST)
    if form.is_valid():
        try:
            dossier_services.dossier_approve(actor=request.user, dossier=dossier, **form.cleaned_data)
        except ThiduaError as exc:
            _refuse(exc)
            form_refusal(form, exc)
        else:
            messages.success(request, _("Đã ghi quyết định; các khen thưởng đã vào sổ."))
            return redirect("awards:dossier_detail", pk=dossier.pk)
    context = _detail_context(request, dossier, decision_form=form)
    return render(request, "awards/dossier_detail.html", context, status=400)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _draft_details(request: HttpRequest, dossier: Dossier) -> DecisionDetails | HttpResponse:
    """The typed details of a draft, or the dossier page with the form's errors (an invalid date is an error in
    Vietnamese, never a blank draft)."""
    form = DecisionDraftForm(request.GET)
    if not form.is_valid():
        context = _detail_context(
            request,
            dossier,
            # Unbound: a draft may leave them blank, so "required" must not be said of them here.
            decision_form=DecisionDetailsForm(initial=request.GET.dict()),
            proposal_form=ProposalReferenceForm(request.GET),
        )
        context["draft_errors"] = [error for errors in form.errors.values() for error in errors]
        return render(request, "awards/dossier_detail.html", context, status=400)
    data = form.cleaned_data
    return DecisionDetails(
        number=data["decision_number"].strip(),
        date=data["decision_date"],
        signer_name=data["signer_name"].strip(),
        signer_title=data["signer_title"].strip() or "Chủ tịch",
        proposal_number=data["proposal_number"].strip(),
        proposal_date=data["proposal_date"],
    )


def _docx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@role_required
@require_GET
def decision_draft(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = selectors.dossier_get_for_user(request.user, pk)
    details = _draft_details(request, dossier)
    if isinstance(details, HttpResponse):
        return details
    return _docx(decision_draft_docx(dossier, details), f"du-thao-quyet-dinh-{dossier.pk}.docx")


@role_required
@require_GET
def proposal_draft(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = selectors.dossier_get_for_user(request.user, pk)
    details = _draft_details(request, dossier)
    if isinstance(details, HttpResponse):
        return details
    return _docx(proposal_draft_docx(dossier, details), f"du-thao-to-trinh-{dossier.pk}.docx")
