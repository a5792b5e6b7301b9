"""The facts of a version 2 criterion (issue 11, item 2), reported and verified one by one.

A unit reports every fact of a criterion on its line of the report page (số trường hợp, tỷ lệ, có/không, a label),
typed as Vietnamese write numbers; the save is the line's save (compare-and-set on the line's version, the same
editable states), and the facts are kept in `agreements.FactValue`, one row per (agreement, unit, criterion,
fact). The implicit fact `value` stays on the criterion's line and is saved as before. A verifier (the one rule
`cycle_actor(user, cycle).may_verify(unit, data_source)`) accepts, corrects (new value, reason) or returns
(reason) each fact; returning one returns the line to the unit, and when every fact is accepted or corrected the
line is verified. The scored package reads the stored facts, corrected ones as corrected."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from thidua.accounts import access
from thidua.accounts.access import Actor
from thidua.agreements.models import CriterionLine, FactStatus, FactValue, LineStatus
from thidua.core import audit
from thidua.core.errors import AccessDenied, InvalidInput
from thidua.core.numbers import NumberError, parse_number
from thidua.cycle import rules
from thidua.cycle.criteria import shown_value
from thidua.cycle.lines import cycle_of, lines_of
from thidua.cycle.models import Cycle, CycleState
from thidua.cycle.services.common import (
    actor_name,
    actor_user,
    agreement_of,
    compare_and_set,
    cycle_criteria,
    now,
    value_columns,
)
from thidua.cycle.services.reporting import _parse, _require_reporter, editable_statuses
from thidua.cycle.services.verification import verify_refusal
from thidua.engine import Value
from thidua.engine.terms import Fact
from thidua.org.models import Unit

YES = {"có", "co", "x", "đạt"}
NO = {"không", "khong"}
VERDICTS = {"accept": FactStatus.ACCEPTED, "correct": FactStatus.CORRECTED, "return": FactStatus.RETURNED}
KIND_LABELS = {
    "number": "số",
    "count": "số lượng",
    "percent": "tỷ lệ %",
    "yes_no": "có / không",
    "label": "chọn",
}


def reported_facts(cycle: Cycle, criterion: str) -> tuple[Fact, ...]:
    """The facts a unit reports for a criterion besides its line's own value (none for version 1)."""
    found = cycle_criteria(cycle).get(criterion)
    if found is None:
        return ()
    return tuple(fact for fact in found.node.facts if fact.name != "value")


def facts_missing(cycle: Cycle, unit: Unit) -> dict[str, bool]:
    """For each criterion with facts: whether the unit still has something to report. A fact with a default
    needs nothing (an unreported one counts as its default); one without needs a value; a criterion whose rule
    reads its own `value` needs the line's value as before (not in this map)."""
    agreement = agreement_of(cycle)
    have = set(FactValue.objects.filter(agreement=agreement, unit=unit).values_list("criterion", "fact"))
    out: dict[str, bool] = {}
    for code, criterion in cycle_criteria(cycle).items():
        names = {fact.name for fact in criterion.node.facts}
        if not names or "value" in names:
            continue
        out[code] = any(
            fact.default is None and (code, fact.name) not in have for fact in criterion.node.facts
        )
    return out


def takes_value(cycle: Cycle, criterion: str) -> bool:
    """Whether the criterion's line carries its own value (no facts, or `value` among them)."""
    found = cycle_criteria(cycle).get(criterion)
    names = {fact.name for fact in found.node.facts} if found is not None else set()
    return not names or "value" in names


def facts_by_line(cycle: Cycle, unit: Unit) -> dict[int, list[FactRow]]:
    """Line id → its facts as the report page shows them (only lines of criteria with facts)."""
    if not any(reported_facts(cycle, code) for code in cycle_criteria(cycle)):
        return {}
    agreement = agreement_of(cycle)
    stored = {
        (row.criterion, row.fact): row for row in FactValue.objects.filter(agreement=agreement, unit=unit)
    }
    out: dict[int, list[FactRow]] = {}
    for line in lines_of(cycle).filter(unit=unit):
        facts = reported_facts(cycle, line.criterion)
        if facts:
            out[line.pk] = [FactRow(fact=f, row=stored.get((line.criterion, f.name))) for f in facts]
    return out


def fact_name(fact: Fact) -> str:
    return fact.label or fact.name


def parse_fact(fact: Fact, text: str) -> Value | None:
    """The value typed for a fact, by its kind; None when left empty. InvalidInput names the fact."""
    typed = text.strip()
    if not typed:
        return None
    where = f"“{fact_name(fact)}”"
    if fact.kind == "yes_no":
        lowered = typed.lower()
        if lowered in YES:
            return True
        if lowered in NO:
            return False
        raise InvalidInput(f"{where}: chọn “có” hoặc “không”.", field=f"fact-{fact.name}")
    if fact.kind == "label":
        if fact.choices and typed not in fact.choices:
            raise InvalidInput(
                f"{where}: chọn một trong {', '.join(fact.choices)}.", field=f"fact-{fact.name}"
            )
        return typed
    try:
        number: Decimal = parse_number(typed)
    except NumberError as exc:
        raise InvalidInput(f"{where}: {exc.message}.", field=f"fact-{fact.name}") from exc
    if fact.kind == "count" and (number < 0 or number != number.to_integral_value()):
        raise InvalidInput(f"{where}: phải là số nguyên không âm.", field=f"fact-{fact.name}")
    return number


def _rows(cycle: Cycle, line: CriterionLine) -> dict[str, FactValue]:
    return {
        row.fact: row
        for row in FactValue.objects.filter(
            agreement=agreement_of(cycle), unit_id=line.unit_id, criterion=line.criterion
        )
    }


def facts_save(
    *,
    actor: Actor,
    line: CriterionLine,
    version: int,
    values: Mapping[str, str],
    comment: str,
    value: str | None = None,
) -> CriterionLine:
    """Save the facts the unit reports on one line (each typed as text; empty clears it). The line's version
    guards the whole save; a fact whose value changes is reported again (its earlier verdict no longer holds)."""
    cycle = cycle_of(line)
    _require_reporter(actor, cycle, line.unit_id)
    rules.refuse_if_final(
        actor=actor,
        cluster_year=cycle.cluster_year,
        attempted="cycle.facts_save",
        what=f"số liệu tiêu chí {line.criterion}",
        cycle=cycle,
    )
    facts = reported_facts(cycle, line.criterion)
    if not facts:
        raise InvalidInput(f"Tiêu chí {line.criterion} không có số liệu thành phần.")
    if line.status not in editable_statuses(cycle):
        raise InvalidInput(
            f"Dòng {line.criterion} đang ở trạng thái “{line.get_status_display()}”, không sửa được."
        )
    parsed = {fact.name: parse_fact(fact, values.get(fact.name, "")) for fact in facts}
    # The criterion's own value (a rule that reads `value` beside the facts) is saved on its line as before.
    own = _parse(cycle, line, value) if value is not None and takes_value(cycle, line.criterion) else None
    labels = {fact.name: fact_name(fact) for fact in facts}
    resubmit = cycle.state == CycleState.VERIFICATION
    with transaction.atomic():
        rows = _rows(cycle, line)
        before = {labels[n]: shown_value(rows[n].value) if n in rows else "" for n in parsed}
        summary = "; ".join(f"{labels[n]}: {shown_value(v)}" for n, v in parsed.items() if v is not None)
        compare_and_set(
            line,
            expected_version=version,
            statuses=editable_statuses(cycle),
            comment=comment.strip(),
            reported_value=summary[:200],
            status=LineStatus.SUBMITTED if resubmit else line.status,
            saved_by=actor_user(actor),
            saved_by_name=actor_name(actor),
            saved_at=now(),
            **(value_columns(own) if value is not None and takes_value(cycle, line.criterion) else {}),
        )
        agreement = agreement_of(cycle)
        for name, typed in parsed.items():
            row = rows.get(name)
            if typed is None:
                if row is not None:
                    row.delete()
                continue
            same = row is not None and row.value == typed and type(row.value) is type(typed)
            if same and row is not None and row.status != FactStatus.RETURNED:
                continue
            FactValue.objects.update_or_create(
                agreement=agreement,
                unit_id=line.unit_id,
                criterion=line.criterion,
                fact=name,
                defaults={
                    **FactValue.columns(typed),
                    "status": FactStatus.REPORTED,
                    "reported": shown_value(typed),
                },
            )
        after = {labels[n]: shown_value(v) for n, v in parsed.items()}
        old, new = audit.changed(before, after)
        audit.record(
            actor=access.audit_actor(actor),
            action="cycle.facts_resubmit" if resubmit else "cycle.facts_save",
            obj=line,
            object_repr=f"{line.criterion} – {line.unit}",
            before=old,
            after=new,
        )
    return line


@dataclass(frozen=True)
class FactRow:
    """One fact of a line as the pages show it: its declaration, the stored row (if any) and the typed text."""

    fact: Fact
    row: FactValue | None

    @property
    def text(self) -> str:
        return shown_value(self.row.value) if self.row is not None else ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.fact.kind, "")

    @property
    def default_text(self) -> str:
        return shown_value(self.fact.default) if self.fact.default is not None else ""


def fact_rows(cycle: Cycle, line: CriterionLine) -> list[FactRow]:
    declared = reported_facts(cycle, line.criterion)
    if not declared:
        return []
    rows = _rows(cycle, line)
    return [FactRow(fact=fact, row=rows.get(fact.name)) for fact in declared]


def fact_verify(
    *, actor: Actor, line: CriterionLine, fact: str, verdict: str, value: str = "", reason: str = ""
) -> FactValue:
    """Accept one fact, correct it (new value and reason) or return it to the unit (reason)."""
    cycle = cycle_of(line)
    declared = {f.name: f for f in reported_facts(cycle, line.criterion)}
    if fact not in declared:
        raise InvalidInput(f"Tiêu chí {line.criterion} không có số liệu “{fact}”.", field="fact")
    if verdict not in VERDICTS:
        raise InvalidInput("Kết quả thẩm định không hợp lệ.", field="verdict")
    refusal = verify_refusal(actor, line)
    if refusal is not None:
        raise AccessDenied(refusal)
    label = fact_name(declared[fact])
    rules.refuse_if_final(
        actor=actor,
        cluster_year=cycle.cluster_year,
        attempted="cycle.fact_verify",
        what=f"kết quả thẩm định “{label}” của tiêu chí {line.criterion}",
        cycle=cycle,
    )
    if cycle.state != CycleState.VERIFICATION:
        raise InvalidInput("Chỉ thẩm định trong giai đoạn thẩm định.")
    if line.status != LineStatus.SUBMITTED:
        raise InvalidInput(
            f"Dòng {line.criterion} đang ở trạng thái “{line.get_status_display()}”, không thẩm định được."
        )
    if verdict != "accept" and not reason.strip():
        raise InvalidInput("Phải ghi lý do điều chỉnh hoặc trả lại.", field="reason")
    corrected = parse_fact(declared[fact], value) if verdict == "correct" else None
    if verdict == "correct" and corrected is None:
        raise InvalidInput("Phải nhập giá trị điều chỉnh.", field="value")
    with transaction.atomic():
        locked = CriterionLine.objects.select_for_update().get(pk=line.pk)
        if locked.version != line.version or locked.status != LineStatus.SUBMITTED:
            raise InvalidInput("Dòng này vừa được thay đổi; hãy tải lại trang rồi thẩm định.")
        rows = _rows(cycle, line)
        row = rows.get(fact) or FactValue(
            agreement=agreement_of(cycle), unit_id=line.unit_id, criterion=line.criterion, fact=fact
        )
        before = {"value": shown_value(row.value), "status": row.status if row.pk else ""}
        if corrected is not None:
            for name, column in FactValue.columns(corrected).items():
                setattr(row, name, column)
        row.status = VERDICTS[verdict]
        row.verified_by = actor_user(actor)
        row.verified_by_name = actor_name(actor)
        row.verified_at = now()
        row.verification_reason = reason.strip()
        row.save()
        rows[fact] = row
        audit.record(
            actor=access.audit_actor(actor),
            action=f"cycle.fact_{verdict}",
            obj=row,
            object_repr=f"{line.criterion}.{label} – {line.unit}",
            before=before,
            after={"value": shown_value(row.value), "status": row.status},
            reason=reason.strip(),
        )
        _settle_line(actor, line, declared, rows, verdict, f"{label}: {reason.strip()}")
    return row


def _settle_line(
    actor: Actor,
    line: CriterionLine,
    declared: Mapping[str, Fact],
    rows: Mapping[str, FactValue],
    verdict: str,
    reason: str,
) -> None:
    """A returned fact returns the line to the unit; every fact accepted or corrected verifies the line."""
    done = {FactStatus.ACCEPTED, FactStatus.CORRECTED}
    if verdict == "return":
        status = LineStatus.RETURNED
    elif all(name in rows and rows[name].status in done for name in declared):
        corrected = any(rows[name].status == FactStatus.CORRECTED for name in declared)
        status = LineStatus.CORRECTED if corrected else LineStatus.ACCEPTED
        reason = "; ".join(
            f"{fact_name(declared[n])}: {rows[n].verification_reason}"
            for n in declared
            if rows[n].verification_reason
        )
    else:
        return
    compare_and_set(
        line,
        expected_version=line.version,
        statuses=[LineStatus.SUBMITTED],
        status=status,
        verified_by=actor_user(actor),
        verified_by_name=actor_name(actor),
        verified_at=now(),
        verification_reason=reason,
    )
    audit.record(
        actor=access.audit_actor(actor),
        action=f"cycle.line_{'return' if status == LineStatus.RETURNED else 'accept'}",
        obj=line,
        object_repr=f"{line.criterion} – {line.unit}",
        before={"status": LineStatus.SUBMITTED},
        after={"status": status},
        reason=reason,
    )
