"""The rules of the year that guard writes made outside the cycle's own services (a target, a bonus award, a
deduction): each write calls the guard first, and a refusal records who tried, names the rule in Vietnamese and
changes nothing else."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from thidua.accounts import access
from thidua.core import audit
from thidua.core.errors import InvalidInput
from thidua.cycle.models import Amendment, Cycle, CycleState, RequestStatus, Signature
from thidua.cycle.results import cycle_of
from thidua.org.models import ClusterYear, Unit


def final_rule_message(cluster_year: ClusterYear, what: str) -> str:
    return (
        f"Kết quả {cluster_year} đã chính thức: không sửa {what} được nữa. Sau khi kết quả chính thức, mọi thay "
        "đổi phải qua điều chỉnh kết quả chính thức của Ban Thi đua – Khen thưởng (ghi lý do, chấm điểm lại "
        "thành bản kết quả mới và lưu các chênh lệch)."
    )


def refuse_if_final(
    *,
    actor: Any,
    cluster_year: ClusterYear,
    attempted: str,
    what: str,
    attempt: dict[str, Any] | None = None,
    cycle: Cycle | None = None,
) -> None:
    """The guard every write that feeds the results calls first: once the results are final it records who tried
    and refuses with the rule's words; before that it does nothing. `cycle`: the cluster-year's cycle when the
    caller has it already."""
    cycle = cycle if cycle is not None else cycle_of(cluster_year)
    if cycle is None or cycle.state != CycleState.FINAL:
        return
    message = final_rule_message(cluster_year, what)
    audit.record_refusal(
        actor=access.audit_actor(actor), attempted=attempted, obj=cycle, message=message, attempt=attempt
    )
    raise InvalidInput(message, details={"rule": "final_results_frozen"})


def signed_rule_message(cluster_year: ClusterYear, unit: Unit) -> str:
    return (
        f"{unit.name} đã ký giao ước {cluster_year}: chỉ tiêu đã ký chỉ được sửa qua đề nghị sửa chỉ tiêu "
        "(ghi lý do, cụm trưởng, khối trưởng hoặc Ban Thi đua – Khen thưởng duyệt, đơn vị được thông báo)."
    )


def refuse_if_signed(
    *,
    actor: Any,
    cluster_year: ClusterYear,
    unit: Unit,
    criterion: str,
    target: Decimal | None,
    amendment: Amendment | None,
) -> None:
    """A target the unit has signed changes only by carrying out an approved amendment of exactly that target;
    before the unit signs, the board and the leader edit it directly."""
    cycle = cycle_of(cluster_year)
    if cycle is None or not Signature.objects.filter(cycle=cycle, unit=unit).exists():
        return
    if (
        amendment is not None
        and amendment.cycle_id == cycle.pk
        and amendment.status == RequestStatus.ACCEPTED
        and amendment.unit_id == unit.pk
        and amendment.criterion == criterion
        and amendment.new_target == target
    ):
        return
    message = signed_rule_message(cluster_year, unit)
    audit.record_refusal(
        actor=access.audit_actor(actor),
        attempted="agreement.target_set",
        obj=cycle,
        message=message,
        attempt={"unit": unit.code, "criterion": criterion, "target": target},
    )
    raise InvalidInput(message, field="target", details={"rule": "signed_targets_need_amendment"})
