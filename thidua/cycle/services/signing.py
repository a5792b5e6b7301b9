"""Signing the agreement (who signed for which unit, when, with the signed document) and amending a target after
signing: a request with its reason that the cluster leader (or the board) approves or rejects."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.urls import reverse

from thidua.accounts import access
from thidua.accounts.access import Actor
from thidua.agreements.models import CriterionLine
from thidua.agreements.services.agreements import target_set
from thidua.core import audit
from thidua.core.errors import AccessDenied, Conflict, InvalidInput
from thidua.cycle import permissions
from thidua.cycle.files import check_upload
from thidua.cycle.models import Amendment, Cycle, CycleState, RequestStatus, Signature
from thidua.cycle.services.common import (
    actor_name,
    actor_user,
    agreement_of,
    cycle_criteria,
    leaders_of,
    notify,
    now,
    officers_of,
)
from thidua.org.models import Unit


def signature_record(
    *, actor: Actor, cycle: Cycle, unit: Unit, document: object, signer_name: str = ""
) -> Signature:
    """The unit's officer signs for the unit; the board may record a signature collected on paper at the meeting."""
    if unit.pk not in permissions.member_unit_ids(cycle):
        raise InvalidInput(f"{unit.name} không phải thành viên của {cycle.cluster_year}.", field="unit")
    if not (
        permissions.cycle_actor(actor, cycle).reports_for_unit(unit)
        or permissions.cycle_actor(actor, cycle).board
    ):
        raise AccessDenied(f"Bạn không được ký giao ước thay {unit.name}.")
    if cycle.state != CycleState.SIGNING:
        raise InvalidInput("Chỉ ký giao ước trong giai đoạn ký kết.")
    checked = check_upload(document, field="document")  # type: ignore[arg-type]
    with transaction.atomic():
        if Signature.objects.filter(cycle=cycle, unit=unit).exists():
            raise Conflict(f"{unit.name} đã ký giao ước.")
        signature = Signature(
            cycle=cycle,
            unit=unit,
            signed_by=actor_user(actor),
            signer_name=signer_name.strip() or actor_name(actor),
            signed_at=now(),
            document_name=checked.name,
        )
        signature.document.save(checked.name, checked.upload, save=False)
        signature.save()
        audit.record(
            actor=access.audit_actor(actor),
            action="cycle.sign",
            obj=cycle,
            after={"unit": unit.code, "signer": signature.signer_name, "document": checked.name},
        )
        return signature


def amendment_request(
    *, actor: Actor, cycle: Cycle, unit: Unit, criterion: str, new_target: Decimal, reason: str
) -> Amendment:
    """Asking to change a target the unit has already signed for; before signing the leader edits targets directly."""
    if not (
        permissions.cycle_actor(actor, cycle).reports_for_unit(unit)
        or permissions.cycle_actor(actor, cycle).board
    ):
        raise AccessDenied(f"Bạn không được đề nghị sửa chỉ tiêu của {unit.name}.")
    if not reason.strip():
        raise InvalidInput("Phải ghi lý do sửa chỉ tiêu.", field="reason")
    if cycle.state in (CycleState.SETUP, CycleState.PROVISIONAL, CycleState.FINAL):
        raise InvalidInput("Chỉ đề nghị sửa chỉ tiêu sau khi ký và trước khi công bố kết quả.")
    if not Signature.objects.filter(cycle=cycle, unit=unit).exists():
        raise InvalidInput(f"{unit.name} chưa ký giao ước: chỉ tiêu còn được sửa trực tiếp.")
    known = cycle_criteria(cycle).get(criterion)
    if known is None or not known.needs_target:
        raise InvalidInput(f"Tiêu chí {criterion} không có chỉ tiêu để sửa.", field="criterion")
    line = CriterionLine.objects.filter(agreement=agreement_of(cycle), unit=unit, criterion=criterion).first()
    with transaction.atomic():
        amendment = Amendment.objects.create(
            cycle=cycle,
            unit=unit,
            criterion=criterion,
            old_target=line.target if line else None,
            new_target=new_target,  # type: ignore[misc]
            reason=reason.strip(),
            requested_by=actor_user(actor),
        )
        audit.record(
            actor=access.audit_actor(actor),
            action="cycle.amendment_request",
            obj=amendment,
            before={"target": amendment.old_target},
            after={"target": new_target},
            reason=reason.strip(),
        )
        notify(
            leaders_of(cycle, about=unit.pk),
            f"{unit.name} đề nghị sửa chỉ tiêu {criterion}: {reason.strip()}",
            reverse("cycle:detail", args=[cycle.pk]),
        )
        return amendment


def amendment_decide(*, actor: Actor, amendment: Amendment, approve: bool, reason: str) -> Amendment:
    cycle = amendment.cycle
    refusal = permissions.cycle_actor(actor, cycle).leader_refusal(amendment.unit_id, "Đề nghị này", "duyệt")
    if refusal is not None:
        raise AccessDenied(refusal)
    if not approve and not reason.strip():
        raise InvalidInput("Phải ghi lý do không chấp nhận.", field="reason")
    status = RequestStatus.ACCEPTED if approve else RequestStatus.REJECTED
    with transaction.atomic():
        updated = Amendment.objects.filter(pk=amendment.pk, status=RequestStatus.PENDING).update(
            status=status, decided_by=actor_user(actor), decided_at=now(), decision_reason=reason.strip()
        )
        if updated != 1:
            raise Conflict("Đề nghị này đã được xử lý.")
        amendment.refresh_from_db()
        if approve:
            target_set(
                actor=actor,
                agreement=agreement_of(cycle),
                unit=amendment.unit,
                criterion=amendment.criterion,
                target=amendment.new_target,
                source="",
                reason=f"Duyệt đề nghị sửa chỉ tiêu: {amendment.reason}",
                amendment=amendment,
            )
        audit.record(
            actor=access.audit_actor(actor),
            action="cycle.amendment_decide",
            obj=amendment,
            before={"status": RequestStatus.PENDING},
            after={"status": status, "target": amendment.new_target if approve else amendment.old_target},
            reason=reason.strip(),
        )
        verdict = "được chấp nhận" if approve else f"không được chấp nhận: {reason.strip()}"
        notify(
            officers_of([amendment.unit_id]),
            f"Đề nghị sửa chỉ tiêu {amendment.criterion} {verdict}",
            reverse("cycle:detail", args=[cycle.pk]),
        )
        return amendment
