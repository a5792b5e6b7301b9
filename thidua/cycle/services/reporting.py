"""A member's year-end report, line by line: saving a value and a comment (compare-and-set on the line's version),
evidence files, applying an uploaded one-unit workbook all or nothing, and submitting the report (a late one is
recorded with its date; the framework's late_report rate applies from the cycle's reporting deadline)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from thidua.accounts import access
from thidua.accounts.access import Actor
from thidua.agreements.models import CriterionLine, LineStatus, Submission
from thidua.core import audit
from thidua.core.errors import AccessDenied, InvalidInput
from thidua.cycle import permissions, rules
from thidua.cycle.criteria import ValueError_, parse_value, shown_value
from thidua.cycle.files import check_upload
from thidua.cycle.lines import cycle_of
from thidua.cycle.models import Cycle, CycleState, Evidence
from thidua.cycle.services.common import (
    actor_name,
    actor_user,
    agreement_of,
    compare_and_set,
    cycle_criteria,
    now,
    today,
    value_columns,
)
from thidua.engine import Value
from thidua.org.models import Unit


def editable_statuses(cycle: Cycle) -> tuple[str, ...]:
    """While reporting, the unit edits its draft lines; during verification only the lines returned to it."""
    if cycle.state == CycleState.REPORTING:
        return (LineStatus.DRAFT, LineStatus.RETURNED)
    if cycle.state == CycleState.VERIFICATION:
        return (LineStatus.RETURNED,)
    return ()


def _require_reporter(actor: Actor, cycle: Cycle, unit_id: int) -> None:
    if not permissions.cycle_actor(actor, cycle).reports_for_unit(unit_id):
        raise AccessDenied("Chỉ cán bộ thi đua của đơn vị được báo cáo cho đơn vị.")


def _parse(cycle: Cycle, line: CriterionLine, text: str) -> Value | None:
    criterion = cycle_criteria(cycle)[line.criterion]
    try:
        return parse_value(criterion, text)
    except ValueError_ as exc:
        raise InvalidInput(f"Tiêu chí {criterion.code}: {exc}.", field="value") from exc


def _save(
    actor: Actor, cycle: Cycle, line: CriterionLine, *, version: int, value: Value | None, comment: str
) -> str:
    """The compare-and-set and the value write of one line; returns the audit action."""
    before = {
        "value": shown_value(line.value),
        "comment": line.comment,
        "status": line.status,
    }
    # A returned line saved during verification goes back to its verifier: that save is the resubmission.
    resubmit = cycle.state == CycleState.VERIFICATION
    status = LineStatus.SUBMITTED if resubmit else line.status
    compare_and_set(
        line,
        expected_version=version,
        statuses=editable_statuses(cycle),
        comment=comment.strip(),
        reported_value=shown_value(value),
        status=status,
        saved_by=actor_user(actor),
        saved_by_name=actor_name(actor),
        saved_at=now(),
        **value_columns(value),
    )
    action = "cycle.line_resubmit" if resubmit else "cycle.line_save"
    after = {"value": shown_value(value), "comment": line.comment, "status": line.status}
    old, new = audit.changed(before, after)
    audit.record(
        actor=access.audit_actor(actor),
        action=action,
        obj=line,
        object_repr=f"{line.criterion} – {line.unit}",
        before=old,
        after=new,
    )
    return action


def line_save(*, actor: Actor, line: CriterionLine, version: int, value: str, comment: str) -> CriterionLine:
    """Save what the unit reports on one line. `version` is the one the user's form was built from: if someone
    saved the line since, nothing is written and the Conflict carries the other person's value."""
    cycle = cycle_of(line)
    _require_reporter(actor, cycle, line.unit_id)
    rules.refuse_if_final(
        actor=actor,
        cluster_year=cycle.cluster_year,
        attempted="cycle.line_save",
        what=f"số liệu tiêu chí {line.criterion}",
        cycle=cycle,
    )
    if line.status not in editable_statuses(cycle):
        raise InvalidInput(
            f"Dòng {line.criterion} đang ở trạng thái “{line.get_status_display()}”, không sửa được."
        )
    parsed = _parse(cycle, line, value)
    with transaction.atomic():
        _save(actor, cycle, line, version=version, value=parsed, comment=comment)
    return line


@dataclass(frozen=True)
class LineChange:
    """One line of an uploaded workbook that differs from what is stored."""

    line: CriterionLine
    version: int
    value: str
    comment: str


def report_import_apply(*, actor: Actor, cycle: Cycle, unit: Unit, changes: Sequence[LineChange]) -> int:
    """Apply the previewed differences of an uploaded workbook: every line or none (a line changed since the
    preview aborts the whole import, as does any invalid value)."""
    _require_reporter(actor, cycle, unit.pk)
    rules.refuse_if_final(
        actor=actor,
        cluster_year=cycle.cluster_year,
        attempted="cycle.report_import",
        what="số liệu báo cáo",
        cycle=cycle,
    )
    if not changes:
        raise InvalidInput("Tệp không có thay đổi nào so với số liệu đã lưu.")
    parsed = []
    for change in changes:
        if change.line.unit_id != unit.pk or change.line.agreement.cluster_year_id != cycle.cluster_year_id:
            raise InvalidInput("Tệp có dòng không thuộc báo cáo của đơn vị.")
        if change.line.status not in editable_statuses(cycle):
            raise InvalidInput(f"Dòng {change.line.criterion} không còn mở để sửa.")
        parsed.append((change, _parse(cycle, change.line, change.value)))
    with transaction.atomic():
        for change, value in parsed:
            _save(actor, cycle, change.line, version=change.version, value=value, comment=change.comment)
        audit.record(
            actor=access.audit_actor(actor),
            action="cycle.report_import",
            obj=cycle,
            after={"unit": unit.code, "lines": [c.line.criterion for c in changes]},
        )
    return len(changes)


def report_submit(*, actor: Actor, cycle: Cycle, unit: Unit) -> Submission:
    """Send the unit's report to verification. Every line needs a value (or the framework's not-applicable mark).
    The first submission's date stays: resubmitting never moves a late report back into time."""
    _require_reporter(actor, cycle, unit.pk)
    if cycle.state != CycleState.REPORTING:
        raise InvalidInput("Chỉ nộp báo cáo trong giai đoạn báo cáo.")
    agreement = agreement_of(cycle)
    lines = list(agreement.lines.filter(unit=unit, status=LineStatus.DRAFT))
    from thidua.cycle.services.facts import facts_missing

    missing = facts_missing(cycle, unit)
    empty = [
        line.criterion
        for line in lines
        if missing.get(line.criterion, line.value is None) and not line.not_applicable
    ]
    if empty:
        raise InvalidInput(
            f"Còn {len(empty)} tiêu chí chưa có số liệu: {', '.join(empty[:10])}.", details={"empty": empty}
        )
    day = today()
    late = bool(cycle.reporting_deadline and day > cycle.reporting_deadline)
    with transaction.atomic():
        CriterionLine.objects.filter(pk__in=[line.pk for line in lines], status=LineStatus.DRAFT).update(
            status=LineStatus.SUBMITTED
        )
        submission, created = Submission.objects.get_or_create(
            agreement=agreement, unit=unit, defaults={"submitted_on": day}
        )
        audit.record(
            actor=access.audit_actor(actor),
            action="cycle.report_submit",
            obj=cycle,
            after={
                "unit": unit.code,
                "submitted_on": submission.submitted_on,
                "late": late,
                "lines": len(lines),
                "first": created,
            },
        )
        return submission


def evidence_add(*, actor: Actor, line: CriterionLine, upload: object) -> Evidence:
    cycle = cycle_of(line)
    _require_reporter(actor, cycle, line.unit_id)
    rules.refuse_if_final(
        actor=actor,
        cluster_year=cycle.cluster_year,
        attempted="cycle.line_save",
        what=f"số liệu tiêu chí {line.criterion}",
        cycle=cycle,
    )
    if line.status not in editable_statuses(cycle):
        raise InvalidInput(f"Dòng {line.criterion} không còn mở để thêm minh chứng.")
    checked = check_upload(upload, field="file")  # type: ignore[arg-type]
    with transaction.atomic():
        evidence = Evidence(
            line=line,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=actor_user(actor),
        )
        evidence.file.save(checked.name, checked.upload, save=False)
        evidence.save()
        audit.record(
            actor=access.audit_actor(actor),
            action="cycle.evidence_add",
            obj=line,
            object_repr=f"{line.criterion} – {line.unit}",
            after={"file": checked.name, "size": checked.size, "type": checked.content_type},
        )
        return evidence


def evidence_remove(*, actor: Actor, evidence: Evidence) -> None:
    line = evidence.line
    cycle = cycle_of(line)
    _require_reporter(actor, cycle, line.unit_id)
    if line.status not in editable_statuses(cycle):
        raise InvalidInput(f"Dòng {line.criterion} không còn mở để sửa minh chứng.")
    with transaction.atomic():
        name = evidence.original_name
        stored = evidence.file.name
        evidence.delete()
        audit.record(
            actor=access.audit_actor(actor),
            action="cycle.evidence_remove",
            obj=line,
            object_repr=f"{line.criterion} – {line.unit}",
            before={"file": name},
        )
        # The file goes only once the row's removal is committed; a rollback keeps both.
        transaction.on_commit(lambda: evidence.file.storage.delete(stored))
