"""Members taken out of the ranking and the honours of a cluster-year (không xét thi đua). These rows are what the
scorer reads; the year-end conference records and withdraws its vetoes through here, in its own transaction."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from thidua.accounts import access
from thidua.accounts.access import Actor
from thidua.agreements.models import Agreement, Veto
from thidua.agreements.permissions import can_edit_targets
from thidua.core import audit
from thidua.core.errors import AccessDenied, Conflict, InvalidInput
from thidua.org.models import ClusterYear, Unit


def _require(actor: Actor, cluster_year: ClusterYear) -> None:
    # The chair of the conference is the leading unit or the board: the same people who set the targets.
    if not can_edit_targets(actor, cluster_year):
        raise AccessDenied(
            "Chỉ Ban Thi đua – Khen thưởng hoặc cụm trưởng, khối trưởng được ghi trường hợp không xét thi đua."
        )


def _agreement(cluster_year: ClusterYear) -> Agreement:
    agreement = Agreement.objects.select_for_update().filter(cluster_year=cluster_year).first()
    if agreement is None:
        raise InvalidInput(
            f"{cluster_year} chưa có giao ước nên chưa ghi được trường hợp không xét thi đua.", field="unit"
        )
    return agreement


def agreement_veto_add(*, actor: Actor, cluster_year: ClusterYear, unit: Unit, reason: str) -> Veto:
    """Take a member out of the ranking and the honours of the year; the next snapshot gives it no rank."""
    _require(actor, cluster_year)
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Phải ghi lý do không xét thi đua.", field="reason")
    if not cluster_year.memberships.filter(unit=unit).exists():
        raise InvalidInput("Đơn vị không phải thành viên của cụm trong năm.", field="unit")
    with transaction.atomic():
        agreement = _agreement(cluster_year)
        if agreement.vetoes.filter(unit=unit).exists():
            raise Conflict(f"{unit.name} đã có trong danh sách không xét thi đua.")
        last = agreement.vetoes.aggregate(top=Max("position"))["top"]
        veto = Veto.objects.create(
            agreement=agreement, unit=unit, reason=reason, position=0 if last is None else last + 1
        )
        audit.record(
            actor=access.audit_actor(actor),
            action="agreement.veto_add",
            obj=agreement,
            before={"veto": None},
            after={"veto": {"unit": unit.code, "reason": reason}},
            reason=reason,
        )
        return veto


def agreement_veto_withdraw(*, actor: Actor, cluster_year: ClusterYear, unit: Unit, reason: str) -> int:
    """Put a member back into the ranking; returns how many veto rows went (0 when it had none: nothing is
    written then, e.g. a package imported since the conference had already left it out)."""
    _require(actor, cluster_year)
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Phải ghi lý do rút.", field="reason")
    with transaction.atomic():
        agreement = _agreement(cluster_year)
        found = list(agreement.vetoes.filter(unit=unit))
        if not found:
            return 0
        Veto.objects.filter(pk__in=[veto.pk for veto in found]).delete()
        audit.record(
            actor=access.audit_actor(actor),
            action="agreement.veto_withdraw",
            obj=agreement,
            before={"veto": [{"unit": unit.code, "reason": veto.reason} for veto in found]},
            after={"veto": None},
            reason=reason,
        )
        return len(found)
