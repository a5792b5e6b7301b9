"""The cycle of a cluster-year: created by the board, deadlines, moving forward one state at a time when its
preconditions hold (or with the board's stated reason when they do not), moving back with a reason, publishing
the provisional results and freezing the final ones. Every change is a compare-and-set on the state, audited."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any, NoReturn

from django.db import transaction
from django.db.models import F
from django.urls import reverse

from thidua.accounts import access
from thidua.accounts.access import Actor
from thidua.agreements.models import (
    Agreement,
    BonusAward,
    BonusStatus,
    CriterionLine,
    LineStatus,
    ScoreSnapshot,
)
from thidua.agreements.services.snapshots import snapshot_create
from thidua.core import audit
from thidua.core.errors import AccessDenied, Conflict, InvalidInput, ThiduaError
from thidua.cycle import permissions
from thidua.cycle.criteria import ValueError_, parse_value, shown_value
from thidua.cycle.lateness import late_rule, reporting_deadline_preview
from thidua.cycle.models import STATE_ORDER, Cycle, CycleState
from thidua.cycle.progress import cycle_progress
from thidua.cycle.services.common import (
    actor_name,
    actor_user,
    agreement_of,
    cycle_criteria,
    notify,
    now,
    officers_of,
    today,
    value_columns,
)
from thidua.cycle.services.corrections import replace_final
from thidua.org.models import ClusterYear

DEADLINE_FIELDS = ("signing_deadline", "reporting_deadline", "appeal_deadline")


def _require_board(actor: Actor, cycle: Cycle) -> None:
    if not permissions.cycle_actor(actor, cycle).board:
        raise AccessDenied("Chỉ Ban Thi đua – Khen thưởng của tỉnh được điều hành năm thi đua.")


def cycle_create(*, actor: Actor, cluster_year: ClusterYear) -> Cycle:
    """Open the year's workflow once the cluster-year has its agreement (framework and targets)."""
    if not access.is_board_admin(actor, cluster_year.cluster.province_id):
        raise AccessDenied("Chỉ Ban Thi đua – Khen thưởng của tỉnh được điều hành năm thi đua.")
    if not Agreement.objects.filter(cluster_year=cluster_year).exists():
        raise InvalidInput(f"{cluster_year} chưa có giao ước: hãy nhập thang điểm và chỉ tiêu trước.")
    with transaction.atomic():
        if Cycle.objects.filter(cluster_year=cluster_year).exists():
            raise Conflict(f"{cluster_year} đã được mở.")
        cycle = Cycle.objects.create(cluster_year=cluster_year)
        audit.record(
            actor=access.audit_actor(actor), action="cycle.create", obj=cycle, after={"state": cycle.state}
        )
        return cycle


def deadline_window(year: int) -> tuple[dt.date, dt.date]:
    """The days a deadline of the `year` may fall on: from 1 January of the year to 31 March of the next, when the
    year-end conference (January–February) has met; the signing deadline within the year itself."""
    return dt.date(year, 1, 1), dt.date(year + 1, 3, 31)


DEADLINE_LABELS = {
    "signing_deadline": "Hạn ký kết",
    "reporting_deadline": "Hạn báo cáo",
    "appeal_deadline": "Hạn kiến nghị",
}


def _deadline_problem(year: int, days: dict[str, dt.date | None]) -> InvalidInput | None:
    """The first rule the deadlines break (outside the year's window, or out of order), or None."""
    start, end = deadline_window(year)
    for field, day in days.items():
        if day is None:
            continue
        label = DEADLINE_LABELS[field]
        last = dt.date(year, 12, 31) if field == "signing_deadline" else end
        if not start <= day <= last:
            where = (
                f"giao ước năm {year} được ký trong năm {year} (từ {start:%d/%m/%Y} đến {last:%d/%m/%Y})"
                if field == "signing_deadline"
                else f"các hạn của năm {year} phải từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}, trước khi hội nghị "
                f"tổng kết năm {year} họp trong quý I năm {year + 1}"
            )
            return InvalidInput(
                f"{label} {day:%d/%m/%Y} không thuộc năm thi đua {year}: {where}.",
                field=field,
                details={"rule": "deadline_window"},
            )
    ordered = [(field, day) for field, day in days.items() if day is not None]
    for (first, first_day), (second, second_day) in itertools.pairwise(ordered):
        if second_day < first_day:
            return InvalidInput(
                f"{DEADLINE_LABELS[second]} ({second_day:%d/%m/%Y}) không được trước "
                f"{DEADLINE_LABELS[first].lower()} ({first_day:%d/%m/%Y}): thứ tự phải là hạn ký kết, hạn báo "
                "cáo, rồi hạn kiến nghị.",
                field=second,
                details={"rule": "deadline_order"},
            )
    return None


def cycle_set_deadlines(
    *,
    actor: Actor,
    cycle: Cycle,
    signing_deadline: dt.date | None,
    reporting_deadline: dt.date | None,
    appeal_deadline: dt.date | None,
    reason: str = "",
    confirm_lateness: bool = False,
) -> Cycle:
    """The board sets the year's deadlines. Each lies within the year's window and they keep their order. A new
    reporting deadline that changes whom the late-report deduction hits (lateness.reporting_deadline_preview) is
    saved only with `confirm_lateness`, after the board has seen that preview; the audit row lists the changes."""
    _require_board(actor, cycle)
    days = {
        "signing_deadline": signing_deadline,
        "reporting_deadline": reporting_deadline,
        "appeal_deadline": appeal_deadline,
    }
    attempt = {**days, "reason": reason.strip()}
    if cycle.state == CycleState.FINAL:
        _refuse_deadlines(
            actor, cycle, InvalidInput("Kết quả đã chính thức, không đổi hạn được nữa."), attempt
        )
    problem = _deadline_problem(cycle.cluster_year.year, days)
    if problem is not None:
        _refuse_deadlines(actor, cycle, problem, attempt)
    lateness = reporting_deadline_preview(cycle, reporting_deadline)
    if lateness and not confirm_lateness:
        _refuse_deadlines(
            actor,
            cycle,
            InvalidInput(
                f"Đổi hạn báo cáo từ {_day(cycle.reporting_deadline or late_rule(cycle).deadline)} sang {_day(reporting_deadline)} làm thay "
                f"đổi điểm trừ nộp trễ của {len(lateness)} đơn vị đã nộp: xem trước danh sách và xác nhận "
                "trước khi lưu.",
                field="reporting_deadline",
                details={"rule": "deadline_needs_confirmation", "lateness": [c.text() for c in lateness]},
            ),
            attempt,
        )
    with transaction.atomic():
        locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
        before = audit.snapshot(locked, DEADLINE_FIELDS)
        locked.signing_deadline = signing_deadline
        locked.reporting_deadline = reporting_deadline
        locked.appeal_deadline = appeal_deadline
        after = audit.snapshot(locked, DEADLINE_FIELDS)
        if before == after:
            return locked
        locked.save(update_fields=[*DEADLINE_FIELDS, "updated_at"])
        old, new = audit.changed(before, after)
        if lateness:
            new["lateness"] = [c.text() for c in lateness]
        audit.record(
            actor=access.audit_actor(actor),
            action="cycle.deadlines",
            obj=locked,
            before=old,
            after=new,
            reason=reason.strip(),
        )
        parts = [
            f"{label}: {day:%d/%m/%Y}"
            for label, day in (
                ("ký kết", signing_deadline),
                ("báo cáo", reporting_deadline),
                ("kiến nghị", appeal_deadline),
            )
            if day
        ]
        notify(
            officers_of(permissions.member_unit_ids(locked)),
            f"{locked.cluster_year}: hạn " + ", ".join(parts) + ".",
            reverse("cycle:detail", args=[locked.pk]),
        )
        return locked


def _day(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "(chưa đặt)"


def _unmet(cycle: Cycle, target: str) -> list[str]:
    """What keeps the cycle from entering `target`, in words; empty when it may."""
    progress = cycle_progress(cycle)
    if target == CycleState.SIGNING:
        missing = (
            []
            if cycle.signing_deadline and cycle.reporting_deadline
            else ["chưa đặt hạn ký kết và hạn báo cáo"]
        )
        # Targets are only missing when some criterion is scored against one (a framework of thresholds on the
        # figures themselves is signed as it is).
        needs_targets = any(criterion.needs_target for criterion in cycle_criteria(cycle).values())
        if (
            needs_targets
            and not CriterionLine.objects.filter(agreement__cluster_year_id=cycle.cluster_year_id).exists()
        ):
            missing.append("giao ước chưa có chỉ tiêu nào")
        return missing
    if target == CycleState.REPORTING:
        return [f"{m.membership.unit.name} chưa ký giao ước" for m in progress.unsigned()]
    if target == CycleState.VERIFICATION:
        return [f"{m.membership.unit.name} chưa nộp báo cáo" for m in progress.unsubmitted()]
    if target == CycleState.PROVISIONAL:
        missing = [
            f"{m.membership.unit.name}: {m.waiting} dòng chờ thẩm định, {m.returned} dòng trả lại"
            for m in progress.unverified()
        ]
        claims = BonusAward.objects.filter(
            agreement__cluster_year_id=cycle.cluster_year_id, status=BonusStatus.CLAIMED
        ).count()
        if claims:
            missing.append(f"{claims} đề nghị điểm thưởng chờ thẩm định")
        return missing + ([] if cycle.appeal_deadline else ["chưa đặt hạn kiến nghị"])
    return []


def _refuse(
    actor: Actor, cycle: Cycle, error: ThiduaError, attempt: dict[str, Any], attempted: str = "cycle.advance"
) -> NoReturn:
    """Record who tried what and why it was refused, then refuse; nothing else is written."""
    audit.record_refusal(
        actor=access.audit_actor(actor),
        attempted=attempted,
        obj=cycle,
        message=error.message,
        attempt=attempt,
    )
    raise error


def _refuse_deadlines(actor: Actor, cycle: Cycle, error: ThiduaError, attempt: dict[str, Any]) -> NoReturn:
    _refuse(actor, cycle, error, attempt, attempted="cycle.deadlines")


def _finalising_early(actor: Actor, cycle: Cycle, reason: str, early: bool) -> bool:
    """The rule of freezing: only the board makes results final, never while an appeal waits for its answer, and
    before the appeal deadline has passed only with its stated decision to do so early. Every refusal records
    who tried. Returns whether the results become final before the deadline."""
    attempt: dict[str, Any] = {"state": CycleState.FINAL, "early": early, "reason": reason}
    if not permissions.cycle_actor(actor, cycle).board:
        _refuse(
            actor,
            cycle,
            AccessDenied(
                "Chỉ Ban Thi đua – Khen thưởng được công bố kết quả chính thức; cụm trưởng, khối trưởng không "
                "được chốt kết quả."
            ),
            attempt,
        )
    open_appeals = cycle_progress(cycle).open_appeals
    if open_appeals:
        _refuse(
            actor,
            cycle,
            InvalidInput(
                f"Còn {open_appeals} kiến nghị chưa trả lời: kết quả chỉ chính thức khi mọi kiến nghị đã được "
                "trả lời.",
                details={"rule": "no_open_appeal"},
            ),
            attempt,
        )
    deadline = cycle.appeal_deadline
    if deadline is not None and today() > deadline:
        return False
    window = f"Hạn kiến nghị đến hết ngày {deadline:%d/%m/%Y}" if deadline else "Chưa đặt hạn kiến nghị"
    if not early:
        _refuse(
            actor,
            cycle,
            InvalidInput(
                f"{window}: kết quả chỉ chính thức sau hạn kiến nghị. Muốn công bố sớm hơn, Ban Thi đua – Khen "
                "thưởng chọn “công bố sớm” và ghi lý do.",
                details={
                    "rule": "appeal_deadline",
                    "appeal_deadline": deadline.isoformat() if deadline else None,
                },
            ),
            attempt,
        )
    if not reason:
        _refuse(
            actor,
            cycle,
            InvalidInput(
                f"{window}: công bố kết quả chính thức trước hạn kiến nghị phải ghi lý do.", field="reason"
            ),
            attempt,
        )
    return True


def _open_lines(cycle: Cycle) -> int:
    """A line for every member and every criterion, so each can be reported, verified and returned alone; a
    figure already in the agreement (an imported package) is what the unit reported until it saves another.
    Returns how many lines are open and never saved."""
    agreement = agreement_of(cycle)
    stored = {(line.unit_id, line.criterion): line for line in agreement.lines.all()}
    wanted = [
        (unit_id, code)
        for unit_id in sorted(permissions.member_unit_ids(cycle))
        for code in cycle_criteria(cycle)
    ]
    fresh = [
        CriterionLine(agreement=agreement, unit_id=unit_id, criterion=code)
        for unit_id, code in wanted
        if (unit_id, code) not in stored
    ]
    CriterionLine.objects.bulk_create(fresh)
    unsaved = [stored[key] for key in wanted if key in stored and stored[key].version == 0]
    reported = [line for line in unsaved if not line.reported_value and line.value is not None]
    for line in reported:
        line.reported_value = shown_value(line.value)
    CriterionLine.objects.bulk_update(reported, ["reported_value"])
    return len(fresh) + len(unsaved)


def _snapshot(actor: Actor, cycle: Cycle, reason: str) -> ScoreSnapshot:
    # The board is also allowed to score by the agreements' rules, so the snapshot is taken as the same actor.
    return snapshot_create(actor=actor, cluster_year=cycle.cluster_year, reason=reason)


def cycle_advance(
    *, actor: Actor, cycle: Cycle, from_state: str, reason: str = "", override: bool = False
) -> Cycle:
    """Move one state forward. Unmet preconditions refuse, unless the board overrides them with a reason (a member
    that never signs or reports must not hold the whole cluster back); the override is written in the audit row.
    Making the results final has its own rule (_finalising_early): `override` there means "final before the
    appeal deadline", which only the board decides, with a reason, and never while an appeal is open."""
    if from_state == CycleState.FINAL or from_state not in STATE_ORDER:
        _require_board(actor, cycle)
        raise InvalidInput("Năm thi đua đã ở giai đoạn cuối.")
    target = STATE_ORDER[STATE_ORDER.index(from_state) + 1]
    early = False
    if target == CycleState.FINAL and cycle.state == from_state:
        early = _finalising_early(actor, cycle, reason.strip(), override)
        unmet = [f"công bố sớm, trước hạn kiến nghị {_day(cycle.appeal_deadline)}"] if early else []
    else:
        _require_board(actor, cycle)
        unmet = _unmet(cycle, target)
    if unmet and not override:
        raise InvalidInput("Chưa chuyển được: " + "; ".join(unmet) + ".", details={"unmet": unmet})
    if unmet and not reason.strip():
        raise InvalidInput("Chuyển giai đoạn khi chưa đủ điều kiện phải ghi lý do.", field="reason")
    with transaction.atomic():
        changes: dict[str, Any] = {"state": target}
        snapshot = None
        if target == CycleState.PROVISIONAL:
            snapshot = _snapshot(actor, cycle, reason.strip() or "Công bố kết quả tạm thời")
            changes["provisional_snapshot"] = snapshot
        elif target == CycleState.FINAL:
            snapshot = _snapshot(actor, cycle, reason.strip() or "Kết quả chính thức")
            changes["final_snapshot"] = snapshot
        if Cycle.objects.filter(pk=cycle.pk, state=from_state).update(**changes) != 1:
            raise Conflict("Năm thi đua vừa được người khác chuyển giai đoạn; hãy tải lại trang.")
        cycle.refresh_from_db()
        opened = _open_lines(cycle) if target == CycleState.REPORTING else 0
        after: dict[str, Any] = {"state": target}
        if snapshot is not None:
            after["snapshot"] = snapshot.pk
        if unmet:
            after["unmet"] = unmet
        if target == CycleState.FINAL:
            after["early"] = early
            after["appeal_deadline"] = cycle.appeal_deadline
        if opened:
            after["lines_opened"] = opened
        audit.record(
            actor=access.audit_actor(actor),
            action="cycle.advance",
            obj=cycle,
            before={"state": from_state},
            after=after,
            reason=reason.strip(),
        )
        _announce(cycle, target)
        return cycle


def _announce(cycle: Cycle, target: str) -> None:
    url = reverse("cycle:detail", args=[cycle.pk])
    label = CycleState(target).label
    if target == CycleState.PROVISIONAL:
        url = reverse("cycle:results", args=[cycle.pk])
        text = f"{cycle.cluster_year}: đã công bố kết quả tạm thời; hạn kiến nghị {cycle.appeal_deadline:%d/%m/%Y}."
    elif target == CycleState.FINAL:
        url = reverse("cycle:results", args=[cycle.pk])
        text = f"{cycle.cluster_year}: kết quả đã chính thức."
    else:
        text = f"{cycle.cluster_year} chuyển sang giai đoạn “{label}”."
    notify(officers_of(permissions.member_unit_ids(cycle)), text, url)


def cycle_move_back(*, actor: Actor, cycle: Cycle, from_state: str, reason: str) -> Cycle:
    """One state back, always with a reason. Final results never move back: a correction is a new snapshot."""
    _require_board(actor, cycle)
    if not reason.strip():
        raise InvalidInput("Phải ghi lý do quay lại giai đoạn trước.", field="reason")
    if from_state in (CycleState.SETUP, CycleState.FINAL) or from_state not in STATE_ORDER:
        raise InvalidInput("Không quay lại được từ giai đoạn này.")
    target = STATE_ORDER[STATE_ORDER.index(from_state) - 1]
    with transaction.atomic():
        changes: dict[str, Any] = {"state": target}
        if from_state == CycleState.PROVISIONAL:
            changes["provisional_snapshot"] = None
        if Cycle.objects.filter(pk=cycle.pk, state=from_state).update(**changes) != 1:
            raise Conflict("Năm thi đua vừa được người khác chuyển giai đoạn; hãy tải lại trang.")
        cycle.refresh_from_db()
        audit.record(
            actor=access.audit_actor(actor),
            action="cycle.move_back",
            obj=cycle,
            before={"state": from_state},
            after={"state": target},
            reason=reason.strip(),
        )
        notify(
            officers_of(permissions.member_unit_ids(cycle)),
            f"{cycle.cluster_year} quay lại giai đoạn “{CycleState(target).label}”: {reason.strip()}",
            reverse("cycle:detail", args=[cycle.pk]),
        )
        return cycle


def final_correct(
    *, actor: Actor, cycle: Cycle, line: CriterionLine, value: str, reason: str
) -> ScoreSnapshot:
    """A correction after the results are final: the value changes, a new snapshot is taken (the old ones stay)
    and the audit row names every number that moved."""
    _require_board(actor, cycle)
    if cycle.state != CycleState.FINAL or cycle.final_snapshot_id is None:
        raise InvalidInput("Chỉ điều chỉnh sau khi kết quả đã chính thức.")
    if not reason.strip():
        raise InvalidInput("Phải ghi lý do điều chỉnh kết quả chính thức.", field="reason")
    criterion = cycle_criteria(cycle)[line.criterion]
    try:
        parsed = parse_value(criterion, value)
    except ValueError_ as exc:
        raise InvalidInput(f"Tiêu chí {criterion.code}: {exc}.", field="value") from exc
    with transaction.atomic():
        before_value = shown_value(line.value)
        CriterionLine.objects.filter(pk=line.pk).update(
            status=LineStatus.CORRECTED,
            verified_by=actor_user(actor),
            verified_by_name=actor_name(actor),
            verified_at=now(),
            verification_reason=reason.strip(),
            version=F("version") + 1,
            updated_at=now(),
            **value_columns(parsed),
        )
        snapshot, _differences = replace_final(
            actor=actor,
            cycle=cycle,
            reason=reason.strip(),
            before={"line": f"{line.criterion}.{line.unit_id}", "value": before_value},
            after={"value": shown_value(parsed)},
            what=criterion.code,
        )
        return snapshot
