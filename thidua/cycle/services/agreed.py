"""Agreed points (issue 11, item 15): the leader or the board records, for one criterion of one member, the points
agreed after verification (“Đoàn thẩm định thống nhất …”), with the reason required. The engine puts them in the
totals in place of the computed net points, which stay beside them in the results and the explanation.

Who: the one rule of verification, `cycle_actor(user, cycle).verify_refusal(unit, "")` with no data source: the
board any member, the leader the other members, the deputy the leader's own unit; never one's own unit. An agency
reviewing a criterion verifies its facts, not the points agreed on it. When: during verification and the
provisional results (answering an appeal may end in agreed points); refused once the results are final."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from thidua.accounts import access
from thidua.accounts.access import Actor
from thidua.agreements.models import AgreedPoints
from thidua.agreements.packaging import version_framework
from thidua.core import audit
from thidua.core.errors import AccessDenied, InvalidInput
from thidua.core.numbers import NumberError, parse_number
from thidua.cycle import permissions, rules
from thidua.cycle.models import Cycle, CycleState
from thidua.cycle.services.common import actor_name, actor_user, agreement_of, cycle_criteria
from thidua.org.models import Unit

OPEN_STATES = (CycleState.VERIFICATION, CycleState.PROVISIONAL)


def agreed_refusal(actor: Actor, cycle: Cycle, unit: Unit) -> str | None:
    """Why the actor may not agree points for this member (the Vietnamese message), or None when they may."""
    refusal = permissions.cycle_actor(actor, cycle).verify_refusal(unit.pk, "")
    if refusal is None:
        return None
    return f"Bạn không ghi điểm thống nhất cho {unit.name}: {refusal}"


def _guard(actor: Actor, cycle: Cycle, unit: Unit, criterion: str, attempted: str) -> None:
    if criterion not in cycle_criteria(cycle):
        raise InvalidInput(f"Không có tiêu chí {criterion} trong thang điểm.", field="criterion")
    if version_framework(agreement_of(cycle).framework_version).version < 2:
        # A version 1 package has no agreed points: the year's export would not say them.
        raise InvalidInput(
            "Điểm thống nhất chỉ ghi được khi thang điểm theo định dạng 2 (thidua.package/2); "
            "với thang điểm này hãy điều chỉnh số liệu khi thẩm định."
        )
    refusal = agreed_refusal(actor, cycle, unit)
    if refusal is not None:
        raise AccessDenied(refusal)
    rules.refuse_if_final(
        actor=actor,
        cluster_year=cycle.cluster_year,
        attempted=attempted,
        what=f"điểm thống nhất tiêu chí {criterion} của {unit.name}",
        attempt={"unit": unit.code, "criterion": criterion},
        cycle=cycle,
    )
    if cycle.state not in OPEN_STATES:
        raise InvalidInput(
            "Chỉ ghi điểm thống nhất trong giai đoạn thẩm định hoặc công bố tạm thời, nhận kiến nghị."
        )


def _shown(row: AgreedPoints | None) -> dict[str, str] | None:
    if row is None:
        return None
    return {"points": f"{row.points:f}", "reason": row.reason, "by": row.by}


def agreed_points_record(
    *, actor: Actor, cycle: Cycle, unit: Unit, criterion: str, points: str, reason: str
) -> AgreedPoints:
    """Record (or change) the points agreed for `criterion` of `unit`, typed as people type numbers ("5,5")."""
    _guard(actor, cycle, unit, criterion, "cycle.agreed_points_record")
    try:
        number: Decimal = parse_number(points)
    except NumberError as exc:
        raise InvalidInput(f"Điểm thống nhất: {exc}.", field="points") from exc
    if not reason.strip():
        raise InvalidInput("Phải ghi lý do thống nhất điểm khác với điểm tính theo quy định.", field="reason")
    agreement = agreement_of(cycle)
    with transaction.atomic():
        found = (
            AgreedPoints.objects.select_for_update()
            .filter(agreement=agreement, unit=unit, criterion=criterion)
            .first()
        )
        before = _shown(found)
        if found is None:
            position = AgreedPoints.objects.filter(agreement=agreement).count()
            found = AgreedPoints(agreement=agreement, unit=unit, criterion=criterion, position=position)
        found.points = number
        found.reason = reason.strip()
        found.by = actor_name(actor)
        found.recorded_by = actor_user(actor)
        found.save()
        audit.record(
            actor=access.audit_actor(actor),
            action="cycle.agreed_points_record",
            obj=found,
            before=before,
            after=_shown(found),
            reason=found.reason,
        )
    return found


def agreed_points_withdraw(*, actor: Actor, cycle: Cycle, unit: Unit, criterion: str, reason: str) -> None:
    """Take back the agreed points of a criterion: the computed points count again."""
    _guard(actor, cycle, unit, criterion, "cycle.agreed_points_withdraw")
    if not reason.strip():
        raise InvalidInput("Phải ghi lý do bỏ điểm thống nhất.", field="reason")
    agreement = agreement_of(cycle)
    with transaction.atomic():
        found = (
            AgreedPoints.objects.select_for_update()
            .filter(agreement=agreement, unit=unit, criterion=criterion)
            .first()
        )
        if found is None:
            raise InvalidInput(f"Tiêu chí {criterion} của {unit.name} chưa có điểm thống nhất.")
        before = _shown(found)
        audit.record(
            actor=access.audit_actor(actor),
            action="cycle.agreed_points_withdraw",
            obj=found,
            before=before,
            after=None,
            reason=reason.strip(),
        )
        found.delete()


def agreed_context(user: Any, cycle: Cycle, unit: Unit) -> dict[str, Any]:
    """What the unit's results page shows of agreed points: the rows recorded now (they count from the next
    scoring), the criteria to choose from, and whether this user may record them."""
    agreement = agreement_of(cycle)
    is_version_2 = version_framework(agreement.framework_version).version >= 2
    return {
        "agreed_rows": list(AgreedPoints.objects.filter(agreement=agreement, unit=unit)),
        "agreed_criteria": list(cycle_criteria(cycle).values()),
        "can_agree": is_version_2
        and cycle.state in OPEN_STATES
        and agreed_refusal(user, cycle, unit) is None,
    }
