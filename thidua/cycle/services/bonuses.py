"""Framework bonus items and deductions during the year: a member claims a bonus item with evidence while
reporting, the verifier (the leader, or the board) accepts or refuses the claim with a reason; the leader or the
board records a deduction with its reason (and may withdraw it, with a reason, before the results are final).
Only accepted claims and recorded deductions reach the engine (thidua.agreements.packaging.agreement_inputs)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django.db import transaction
from django.urls import reverse

from thidua.accounts import access
from thidua.accounts.access import Actor
from thidua.agreements.models import BonusAward, BonusStatus, Deduction, DeductionStatus
from thidua.agreements.packaging import version_framework
from thidua.core import audit
from thidua.core.errors import AccessDenied, Conflict, InvalidInput
from thidua.cycle import permissions
from thidua.cycle.files import CheckedFile, check_upload
from thidua.cycle.models import Cycle, CycleState
from thidua.cycle.rules import refuse_if_final
from thidua.cycle.services.common import (
    actor_name,
    actor_user,
    agreement_of,
    leaders_of,
    notify,
    now,
    officers_of,
)
from thidua.engine import Framework
from thidua.engine.model import BonusItem
from thidua.engine.numbers import vn_points
from thidua.org.models import Unit

# The states in which a verifier decides claims: as they arrive while reporting, and during verification.
DECIDING_STATES = (CycleState.REPORTING, CycleState.VERIFICATION)

BONUS_WHAT = "điểm thưởng, điểm trừ"


def refuse_after_final(cycle: Cycle, *, actor: Any, attempted: str) -> None:
    """After the results are final nothing that feeds them changes except through a correction (the one guard of
    the year's rules, which records who tried)."""
    refuse_if_final(
        actor=actor, cluster_year=cycle.cluster_year, attempted=attempted, what=BONUS_WHAT, cycle=cycle
    )


def _framework(cycle: Cycle) -> Framework:
    """The cycle's framework, read once per cycle object (as services.common.cycle_criteria does)."""
    cached: Framework | None = getattr(cycle, "_framework", None)
    if cached is None:
        cached = version_framework(agreement_of(cycle).framework_version)
        cycle._framework = cached  # type: ignore[attr-defined]
    return cached


def bonus_items_of(cycle: Cycle) -> dict[str, BonusItem]:
    """The framework's bonus items of the cycle, by code, in the framework's order."""
    return {item.code: item for item in _framework(cycle).bonus_items}


def node_codes_of(cycle: Cycle) -> list[str]:
    """Every node code of the cycle's framework (a deduction may name a section, a group or a leaf)."""
    framework = _framework(cycle)
    out: list[str] = []
    stack = list(reversed(framework.sections))
    while stack:
        node = stack.pop()
        out.append(node.code)
        stack.extend(reversed(node.children))
    return out


def may_decide(actor: Actor, cycle: Cycle, unit_id: int) -> bool:
    """Who decides about a member's bonus claim or deduction: the project's one "may verify" decision for what no
    data-source agency owns (the board; the leader; the deputy for the leader's own unit), never an officer about
    its own unit."""
    return permissions.cycle_actor(actor, cycle).may_verify(unit_id, "")


def _require_decider(actor: Actor, cycle: Cycle, unit_id: int, what: str) -> None:
    decider = permissions.cycle_actor(actor, cycle)
    if decider.may_verify(unit_id, ""):
        return
    if decider.reports_for_unit(unit_id) and (decider.leads or decider.deputises):
        raise AccessDenied(
            f"Không {what} cho chính đơn vị mình: cụm phó, khối phó hoặc Ban Thi đua – Khen thưởng thực hiện."
        )
    raise AccessDenied(f"Chỉ cụm trưởng, khối trưởng hoặc Ban Thi đua – Khen thưởng được {what}.")


def _evidence_fields(checked: CheckedFile | None) -> dict[str, Any]:
    if checked is None:
        return {}
    return {
        "evidence_name": checked.name,
        "evidence_type": checked.content_type,
        "evidence_size": checked.size,
    }


def _store_evidence(row: BonusAward | Deduction, checked: CheckedFile | None) -> None:
    if checked is not None:
        row.evidence.save(checked.name, checked.upload, save=False)


# --- bonus claims -------------------------------------------------------------------------------------------


def bonus_claim(
    *, actor: Actor, cycle: Cycle, unit: Unit, item: str, note: str = "", upload: object = None
) -> BonusAward:
    """A member's claim of one of the framework's bonus items, with the evidence file, while reporting."""
    if not permissions.cycle_actor(actor, cycle).reports_for_unit(unit.pk):
        if unit.pk not in permissions.member_unit_ids(cycle):
            raise AccessDenied(f"{unit.name} không phải thành viên của {cycle.cluster_year}.")
        raise AccessDenied("Chỉ cán bộ thi đua của đơn vị được đề nghị điểm thưởng cho đơn vị.")
    refuse_after_final(cycle, actor=actor, attempted="bonus.claim")
    if cycle.state != CycleState.REPORTING:
        raise InvalidInput(
            "Chỉ đề nghị điểm thưởng trong giai đoạn “Báo cáo cuối năm”; năm thi đua đang ở giai đoạn "
            f"“{cycle.get_state_display()}”."
        )
    items = bonus_items_of(cycle)
    if item not in items:
        raise InvalidInput(f"Thang điểm không có mục điểm thưởng mã “{item}”.", field="item")
    bonus_item = items[item]
    checked = check_upload(upload, field="file")  # type: ignore[arg-type]
    agreement = agreement_of(cycle)
    with transaction.atomic():
        existing = BonusAward.objects.filter(agreement=agreement, unit=unit, item=item).first()
        if existing is not None:
            raise Conflict(
                f"{unit.name} đã có mục điểm thưởng “{bonus_item.title}” "
                f"({existing.get_status_display()}); mỗi mục chỉ được đề nghị một lần."
            )
        award = BonusAward(
            agreement=agreement,
            unit=unit,
            item=item,
            status=BonusStatus.CLAIMED,
            note=note.strip(),
            claimed_by=actor_user(actor),
            claimed_by_name=actor_name(actor),
            claimed_at=now(),
            **_evidence_fields(checked),
        )
        _store_evidence(award, checked)
        award.save()
        audit.record(
            actor=access.audit_actor(actor),
            action="cycle.bonus_claim",
            obj=award,
            object_repr=f"{bonus_item.title} – {unit.name}",
            after={
                "unit": unit.code,
                "item": item,
                "points": bonus_item.points,
                "status": BonusStatus.CLAIMED,
                "note": award.note,
                "file": checked.name,
            },
        )
        notify(
            leaders_of(cycle),
            f"{unit.name} đề nghị điểm thưởng “{bonus_item.title}” (+{vn_points(bonus_item.points)}).",
            f"{reverse('cycle:verify_queue')}?nam={cycle.pk}",
        )
        return award


def bonus_decide(
    *, actor: Actor, cycle: Cycle, award: BonusAward, accept: bool, reason: str = ""
) -> BonusAward:
    """Accept the claim (it then counts) or refuse it with a reason; the unit is told either way."""
    _require_decider(actor, cycle, award.unit_id, "thẩm định đề nghị điểm thưởng")
    refuse_after_final(cycle, actor=actor, attempted="bonus.decide")
    if cycle.state not in DECIDING_STATES:
        raise InvalidInput(
            "Chỉ thẩm định đề nghị điểm thưởng trong giai đoạn báo cáo hoặc thẩm định; năm thi đua đang ở "
            f"giai đoạn “{cycle.get_state_display()}”."
        )
    if not accept and not reason.strip():
        raise InvalidInput("Phải ghi lý do không chấp nhận đề nghị điểm thưởng.", field="reason")
    status = BonusStatus.ACCEPTED if accept else BonusStatus.REFUSED
    title = bonus_items_of(cycle).get(award.item)
    label = title.title if title else award.item
    with transaction.atomic():
        updated = BonusAward.objects.filter(pk=award.pk, status=BonusStatus.CLAIMED).update(
            status=status,
            decided_by=actor_user(actor),
            decided_by_name=actor_name(actor),
            decided_at=now(),
            decision_reason=reason.strip(),
        )
        if updated != 1:
            current = BonusAward.objects.get(pk=award.pk)
            raise Conflict(
                f"Đề nghị điểm thưởng này đã được thẩm định ({current.get_status_display()}"
                f"{', ' + current.decided_by_name if current.decided_by_name else ''})."
            )
        award.refresh_from_db()
        audit.record(
            actor=access.audit_actor(actor),
            action="cycle.bonus_accept" if accept else "cycle.bonus_refuse",
            obj=award,
            object_repr=f"{label} – {award.unit.name}",
            before={"status": BonusStatus.CLAIMED},
            after={"status": status},
            reason=reason.strip(),
        )
        verdict = "được chấp nhận" if accept else "không được chấp nhận"
        notify(
            officers_of([award.unit_id]),
            f"Đề nghị điểm thưởng “{label}” của {award.unit.name} {verdict}"
            + (f": {reason.strip()}" if reason.strip() else "."),
            reverse("cycle:report", args=[cycle.pk, award.unit_id]),
        )
        return award


# --- deductions ---------------------------------------------------------------------------------------------


def _points(value: Decimal) -> Decimal:
    if not value.is_finite() or value <= 0:
        raise InvalidInput("Điểm trừ phải lớn hơn 0.", field="points")
    return value


def deduction_record(
    *,
    actor: Actor,
    cycle: Cycle,
    unit: Unit,
    points: Decimal,
    reason: str,
    criterion: str = "",
    upload: object = None,
) -> Deduction:
    """Record points removed from a member, with the reason, the criterion concerned if any, and an optional
    evidence file. `points` is already read from what the person typed, by the number parsing of the cycle's
    forms (NumberField), which the page and the API share."""
    if unit.pk not in permissions.member_unit_ids(cycle):
        raise InvalidInput(f"{unit.name} không phải thành viên của {cycle.cluster_year}.", field="unit")
    _require_decider(actor, cycle, unit.pk, "ghi điểm trừ")
    refuse_after_final(cycle, actor=actor, attempted="deduction.record")
    amount = _points(points)
    if not reason.strip():
        raise InvalidInput("Phải ghi lý do trừ điểm.", field="reason")
    code = criterion.strip()
    if code and code not in node_codes_of(cycle):
        raise InvalidInput(f"Thang điểm không có tiêu chí mã “{code}”.", field="criterion")
    checked = check_upload(upload, field="file") if upload is not None else None  # type: ignore[arg-type]
    agreement = agreement_of(cycle)
    with transaction.atomic():
        last = agreement.deductions.order_by("-position").values_list("position", flat=True).first()
        deduction = Deduction(
            agreement=agreement,
            unit=unit,
            points=cast(Any, amount),
            reason=reason.strip(),
            criterion=code,
            position=(last or 0) + 1,
            status=DeductionStatus.RECORDED,
            recorded_by=actor_user(actor),
            recorded_by_name=actor_name(actor),
            recorded_at=now(),
            **_evidence_fields(checked),
        )
        _store_evidence(deduction, checked)
        deduction.save()
        audit.record(
            actor=access.audit_actor(actor),
            action="cycle.deduction_record",
            obj=deduction,
            object_repr=f"−{vn_points(amount)} {unit.name}",
            after={
                "unit": unit.code,
                "points": amount,
                "reason": deduction.reason,
                "criterion": code,
                "status": DeductionStatus.RECORDED,
                "file": checked.name if checked else "",
            },
            reason=deduction.reason,
        )
        where = f" (tiêu chí {code})" if code else ""
        notify(
            officers_of([unit.pk]),
            f"{unit.name} bị trừ {vn_points(amount)} điểm{where}: {deduction.reason}",
            reverse("cycle:deductions", args=[cycle.pk]),
        )
        return deduction


def deduction_withdraw(*, actor: Actor, cycle: Cycle, deduction: Deduction, reason: str) -> Deduction:
    """Withdraw a recorded deduction before the results are final; it stays on record, no longer counted."""
    _require_decider(actor, cycle, deduction.unit_id, "rút điểm trừ")
    refuse_after_final(cycle, actor=actor, attempted="deduction.withdraw")
    if not reason.strip():
        raise InvalidInput("Phải ghi lý do rút điểm trừ.", field="reason")
    with transaction.atomic():
        updated = Deduction.objects.filter(pk=deduction.pk, status=DeductionStatus.RECORDED).update(
            status=DeductionStatus.WITHDRAWN,
            withdrawn_by=actor_user(actor),
            withdrawn_by_name=actor_name(actor),
            withdrawn_at=now(),
            withdraw_reason=reason.strip(),
        )
        if updated != 1:
            raise Conflict("Điểm trừ này đã được rút.")
        deduction.refresh_from_db()
        audit.record(
            actor=access.audit_actor(actor),
            action="cycle.deduction_withdraw",
            obj=deduction,
            object_repr=f"−{vn_points(deduction.points)} {deduction.unit.name}",
            before={
                "status": DeductionStatus.RECORDED,
                "points": deduction.points,
                "reason": deduction.reason,
            },
            after={"status": DeductionStatus.WITHDRAWN},
            reason=reason.strip(),
        )
        notify(
            officers_of([deduction.unit_id]),
            f"Đã rút điểm trừ {vn_points(deduction.points)} của {deduction.unit.name} "
            f"({deduction.reason}): {reason.strip()}",
            reverse("cycle:deductions", args=[cycle.pk]),
        )
        return deduction
