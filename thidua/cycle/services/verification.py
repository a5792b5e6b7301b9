"""Verifying reported lines one at a time (accept, correct with a reason, return to the unit with a reason) and the
appeals against the provisional results (a member's argument; the leader's or the board's answer)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.urls import reverse

from thidua.accounts import access
from thidua.accounts.access import Actor
from thidua.agreements.models import CriterionLine, LineStatus
from thidua.core import audit
from thidua.core.errors import AccessDenied, Conflict, InvalidInput
from thidua.cycle import permissions, rules
from thidua.cycle.criteria import ValueError_, parse_value, shown_value
from thidua.cycle.lines import cycle_of
from thidua.cycle.models import Appeal, CycleState, RequestStatus
from thidua.cycle.services.common import (
    actor_name,
    actor_user,
    compare_and_set,
    cycle_criteria,
    leaders_of,
    notify,
    now,
    officers_of,
    value_columns,
)

VERDICTS = {"accept": LineStatus.ACCEPTED, "correct": LineStatus.CORRECTED, "return": LineStatus.RETURNED}


def verify_refusal(actor: Actor, line: CriterionLine) -> str | None:
    """Why the actor may not verify this line (the Vietnamese message), or None when they may."""
    cycle = cycle_of(line)
    criterion = cycle_criteria(cycle)[line.criterion]
    refusal = permissions.cycle_actor(actor, cycle).verify_refusal(line.unit_id, criterion.data_source)
    if refusal is None:
        return None
    return f"Bạn không thẩm định tiêu chí {line.criterion} của {line.unit}: {refusal}"


def line_verify(
    *, actor: Actor, line: CriterionLine, version: int, verdict: str, value: str = "", reason: str = ""
) -> CriterionLine:
    """Accept the line, correct it (new value and reason) or return it to the unit (reason): that line alone."""
    cycle = cycle_of(line)
    if verdict not in VERDICTS:
        raise InvalidInput("Kết quả thẩm định không hợp lệ.", field="verdict")
    refusal = verify_refusal(actor, line)
    if refusal is not None:
        raise AccessDenied(refusal)
    rules.refuse_if_final(
        actor=actor,
        cluster_year=cycle.cluster_year,
        attempted="cycle.line_verify",
        what=f"kết quả thẩm định tiêu chí {line.criterion}",
        cycle=cycle,
    )
    if cycle.state != CycleState.VERIFICATION:
        raise InvalidInput("Chỉ thẩm định trong giai đoạn thẩm định.")
    if verdict != "accept" and not reason.strip():
        raise InvalidInput("Phải ghi lý do điều chỉnh hoặc trả lại.", field="reason")
    corrected = None
    if verdict == "correct":
        criterion = cycle_criteria(cycle)[line.criterion]
        try:
            corrected = parse_value(criterion, value)
        except ValueError_ as exc:
            raise InvalidInput(f"Tiêu chí {criterion.code}: {exc}.", field="value") from exc
        if corrected is None:
            raise InvalidInput("Phải nhập giá trị điều chỉnh.", field="value")
    status = VERDICTS[verdict]
    with transaction.atomic():
        before_value = shown_value(line.value)
        compare_and_set(
            line,
            expected_version=version,
            statuses=[LineStatus.SUBMITTED],
            status=status,
            verified_by=actor_user(actor),
            verified_by_name=actor_name(actor),
            verified_at=now(),
            verification_reason=reason.strip(),
            **(value_columns(corrected) if verdict == "correct" else {}),
        )
        after: dict[str, str] = {"status": status}
        if verdict == "correct":
            after["value"] = shown_value(corrected)
        audit.record(
            actor=access.audit_actor(actor),
            action=f"cycle.line_{verdict}",
            obj=line,
            object_repr=f"{line.criterion} – {line.unit}",
            before={"status": LineStatus.SUBMITTED, "value": before_value},
            after=after,
            reason=reason.strip(),
        )
        if verdict != "accept":
            what = "trả lại" if verdict == "return" else f"điều chỉnh thành {shown_value(corrected)}"
            notify(
                officers_of([line.unit_id]),
                f"Tiêu chí {line.criterion} của {line.unit} được {what}: {reason.strip()}",
                reverse("cycle:report", args=[cycle.pk, line.unit_id]),
            )
        return line


def appeal_file(*, actor: Actor, line: CriterionLine, argument: str) -> Appeal:
    cycle = cycle_of(line)
    if not permissions.cycle_actor(actor, cycle).reports_for_unit(line.unit_id):
        raise AccessDenied("Chỉ cán bộ thi đua của đơn vị được kiến nghị về kết quả của đơn vị.")
    if cycle.state != CycleState.PROVISIONAL:
        raise InvalidInput("Chỉ kiến nghị khi kết quả đang công bố tạm thời.")
    if cycle.appeal_deadline and now().date() > cycle.appeal_deadline:
        raise InvalidInput(f"Đã hết hạn kiến nghị ({cycle.appeal_deadline:%d/%m/%Y}).")
    if not argument.strip():
        raise InvalidInput("Phải ghi nội dung kiến nghị.", field="argument")
    with transaction.atomic():
        if Appeal.objects.filter(line=line, status=RequestStatus.PENDING).exists():
            raise Conflict(f"Tiêu chí {line.criterion} đã có kiến nghị đang chờ trả lời.")
        appeal = Appeal.objects.create(line=line, argument=argument.strip(), filed_by=actor_user(actor))
        audit.record(
            actor=access.audit_actor(actor),
            action="cycle.appeal_file",
            obj=appeal,
            after={"line": f"{line.criterion}.{line.unit_id}", "argument": appeal.argument},
        )
        notify(
            leaders_of(cycle, about=line.unit_id),
            f"{line.unit} kiến nghị về tiêu chí {line.criterion}: {appeal.argument[:200]}",
            reverse("cycle:appeals", args=[cycle.pk]),
        )
        return appeal


def appeal_answer(*, actor: Actor, appeal: Appeal, accept: bool, value: str = "", answer: str) -> Appeal:
    """Accepting writes the corrected value (the final snapshot will score it); rejecting needs a reason."""
    line = appeal.line
    cycle = cycle_of(line)
    refusal = permissions.cycle_actor(actor, cycle).leader_refusal(line.unit_id, "Kiến nghị này", "trả lời")
    if refusal is not None:
        raise AccessDenied(refusal)
    rules.refuse_if_final(
        actor=actor,
        cluster_year=cycle.cluster_year,
        attempted="cycle.appeal_answer",
        what=f"số liệu tiêu chí {line.criterion} qua trả lời kiến nghị",
        cycle=cycle,
    )
    if cycle.state != CycleState.PROVISIONAL:
        raise InvalidInput("Chỉ trả lời kiến nghị khi kết quả đang công bố tạm thời.")
    if not answer.strip():
        raise InvalidInput("Phải ghi nội dung trả lời.", field="answer")
    corrected = None
    if accept:
        criterion = cycle_criteria(cycle)[line.criterion]
        try:
            corrected = parse_value(criterion, value)
        except ValueError_ as exc:
            raise InvalidInput(f"Tiêu chí {criterion.code}: {exc}.", field="value") from exc
        if corrected is None:
            raise InvalidInput("Chấp nhận kiến nghị phải nhập giá trị điều chỉnh.", field="value")
    status = RequestStatus.ACCEPTED if accept else RequestStatus.REJECTED
    with transaction.atomic():
        updated = Appeal.objects.filter(pk=appeal.pk, status=RequestStatus.PENDING).update(
            status=status,
            answered_by=actor_user(actor),
            answered_at=now(),
            answer=answer.strip(),
            corrected_value=shown_value(corrected),
        )
        if updated != 1:
            raise Conflict("Kiến nghị này đã được trả lời.")
        before_value = shown_value(line.value)
        if accept:
            CriterionLine.objects.filter(pk=line.pk).update(
                status=LineStatus.CORRECTED,
                verified_by=actor_user(actor),
                verified_by_name=actor_name(actor),
                verified_at=now(),
                verification_reason=f"Chấp nhận kiến nghị: {answer.strip()}",
                version=F("version") + 1,
                updated_at=now(),
                **value_columns(corrected),
            )
        appeal.refresh_from_db()
        audit.record(
            actor=access.audit_actor(actor),
            action="cycle.appeal_answer",
            obj=appeal,
            before={"status": RequestStatus.PENDING, "value": before_value},
            after={"status": status, "value": shown_value(corrected) if accept else before_value},
            reason=answer.strip(),
        )
        verdict = (
            f"được chấp nhận, giá trị mới {shown_value(corrected)}" if accept else "không được chấp nhận"
        )
        notify(
            [appeal.filed_by],
            f"Kiến nghị về tiêu chí {line.criterion} {verdict}: {answer.strip()}",
            reverse("cycle:results", args=[cycle.pk]),
        )
        return appeal
