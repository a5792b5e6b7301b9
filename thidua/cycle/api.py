"""The year of a cluster in the API: the cycle's state and readiness, a member's report lines, saving a line
(with the version read, for compare-and-set), submitting, a verifier's queue, verifying a line and appealing.
Thin over the same selectors, services and permissions as the cycle pages."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status

from thidua.core.errors import NotFound
from thidua.cycle import permissions, selectors
from thidua.cycle.models import STATE_ORDER, Appeal, Cycle, LineState
from thidua.cycle.progress import cycle_progress
from thidua.cycle.services import reporting, verification
from thidua.org.api import ERRORS, ErrorOut
from thidua.org.models import ClusterYear

router = Router(tags=["Năm thi đua"])
WRITE_ERRORS: dict[int, type[Schema]] = {**ERRORS, 409: ErrorOut}


class MemberReadinessOut(Schema):
    unit_id: int
    unit_code: str
    unit_name: str
    signed_at: dt.datetime | None
    submitted_on: dt.date | None
    lines: int
    draft: int
    waiting: int
    verified: int
    returned: int


class CycleOut(Schema):
    id: int
    cluster_year_id: int
    state: str
    state_label: str
    next_state: str | None
    signing_deadline: dt.date | None
    reporting_deadline: dt.date | None
    appeal_deadline: dt.date | None
    provisional_snapshot_id: int | None
    final_snapshot_id: int | None
    open_appeals: int
    members: list[MemberReadinessOut]


class LineOut(Schema):
    id: int
    cycle_id: int
    unit_id: int
    unit_name: str
    criterion: str
    title: str
    data_source: str
    status: str
    version: int
    value: str
    reported_value: str
    comment: str
    verified_by_name: str
    verification_reason: str


class LineSaveIn(Schema):
    version: int
    value: str
    comment: str = ""


class VerifyIn(Schema):
    version: int
    verdict: Literal["accept", "correct", "return"]
    value: str = ""
    reason: str = ""


class SubmissionOut(Schema):
    unit_id: int
    submitted_on: dt.date


class AppealIn(Schema):
    argument: str


class AppealOut(Schema):
    id: int
    line_id: int
    argument: str
    status: str
    filed_at: dt.datetime


def _cycle_of(request: HttpRequest, cluster_year_id: int) -> Cycle:
    cluster_year = ClusterYear.objects.filter(pk=cluster_year_id).first()
    cycle = selectors.cycle_of_cluster_year(request.user, cluster_year) if cluster_year else None
    if cycle is None:
        raise NotFound("Không tìm thấy năm thi đua hoặc năm thi đua chưa được mở.")
    return cycle


def _line_out(line: LineState, value: str = "", title: str = "", data_source: str = "") -> LineOut:
    return LineOut(
        id=line.pk,
        cycle_id=line.cycle_id,
        unit_id=line.unit_id,
        unit_name=line.unit.name,
        criterion=line.criterion,
        title=title,
        data_source=data_source,
        status=line.status,
        version=line.version,
        value=value,
        reported_value=line.reported_value,
        comment=line.comment,
        verified_by_name=line.verified_by_name,
        verification_reason=line.verification_reason,
    )


def _one_line(line: LineState) -> LineOut:
    """A line as its report shows it (value, criterion title and source) after a write."""
    fresh = LineState.objects.select_related("unit", "cycle__cluster_year__cluster").get(pk=line.pk)
    report = selectors.unit_report(fresh.cycle, fresh.unit, with_score=False, only=fresh.criterion)
    for section in report.sections:
        for row in section.rows:
            if row.state.pk == fresh.pk:
                return _line_out(fresh, row.value_text, row.criterion.title, row.criterion.data_source)
    return _line_out(fresh)


@router.get(
    "/cluster-years/{cluster_year_id}/cycle",
    response={200: CycleOut, **ERRORS},
    summary="Giai đoạn và tiến độ năm thi đua của một cụm, khối",
)
def cycle_get(request: HttpRequest, cluster_year_id: int) -> CycleOut:
    cycle = _cycle_of(request, cluster_year_id)
    progress = cycle_progress(cycle)
    # Every member's readiness for those who follow the cycle; a member's officer sees its own units only.
    own = set(permissions.cycle_actor(request.user, cycle).reports_for)
    follows = permissions.cycle_actor(request.user, cycle).follows
    index = STATE_ORDER.index(cycle.state)
    return CycleOut(
        id=cycle.pk,
        cluster_year_id=cycle.cluster_year_id,
        state=cycle.state,
        state_label=str(cycle.get_state_display()),
        next_state=STATE_ORDER[index + 1] if index + 1 < len(STATE_ORDER) else None,
        signing_deadline=cycle.signing_deadline,
        reporting_deadline=cycle.reporting_deadline,
        appeal_deadline=cycle.appeal_deadline,
        provisional_snapshot_id=cycle.provisional_snapshot_id,
        final_snapshot_id=cycle.final_snapshot_id,
        open_appeals=progress.open_appeals if follows else 0,
        members=[
            MemberReadinessOut(
                unit_id=m.membership.unit_id,
                unit_code=m.membership.unit.code,
                unit_name=m.membership.unit.name,
                signed_at=m.signed_at,
                submitted_on=m.submitted_on,
                lines=m.lines,
                draft=m.draft,
                waiting=m.waiting,
                verified=m.verified,
                returned=m.returned,
            )
            for m in progress.members
            if follows or m.membership.unit_id in own
        ],
    )


@router.get(
    "/cluster-years/{cluster_year_id}/cycle/units/{unit_id}/lines",
    response={200: list[LineOut], **ERRORS},
    summary="Các dòng báo cáo của một thành viên",
)
def report_lines(request: HttpRequest, cluster_year_id: int, unit_id: int) -> list[LineOut]:
    cycle = _cycle_of(request, cluster_year_id)
    unit = selectors.unit_for_report(request.user, cycle, unit_id)
    report = selectors.unit_report(cycle, unit, with_score=False)
    return [
        _line_out(row.state, row.value_text, row.criterion.title, row.criterion.data_source)
        for section in report.sections
        for row in section.rows
    ]


@router.post(
    "/cluster-years/{cluster_year_id}/cycle/units/{unit_id}/submit",
    response={200: SubmissionOut, **WRITE_ERRORS},
    summary="Nộp báo cáo của một thành viên",
)
def report_submit(request: HttpRequest, cluster_year_id: int, unit_id: int) -> SubmissionOut:
    cycle = _cycle_of(request, cluster_year_id)
    unit = selectors.unit_for_report(request.user, cycle, unit_id)
    submission = reporting.report_submit(actor=request.user, cycle=cycle, unit=unit)  # type: ignore[arg-type]
    return SubmissionOut(unit_id=unit.pk, submitted_on=submission.submitted_on)


@router.put(
    "/cycle-lines/{line_id}",
    response={200: LineOut, **WRITE_ERRORS},
    summary="Lưu số liệu một dòng (kèm phiên bản đã đọc)",
)
def line_save(request: HttpRequest, line_id: int, payload: LineSaveIn) -> LineOut:
    line = selectors.line_get_for_user(request.user, line_id)
    reporting.line_save(
        actor=request.user,  # type: ignore[arg-type]
        line=line,
        version=payload.version,
        value=payload.value,
        comment=payload.comment,
    )
    return _one_line(line)


@router.get(
    "/cycle-queue", response={200: list[LineOut], **ERRORS}, summary="Các dòng chờ người gọi thẩm định"
)
def verify_queue(request: HttpRequest) -> list[LineOut]:
    return [
        _line_out(item.state, item.value_text, item.criterion.title, item.criterion.data_source)
        for item in selectors.verification_queue(request.user)
    ]


@router.post(
    "/cycle-lines/{line_id}/verify",
    response={200: LineOut, **WRITE_ERRORS},
    summary="Xác nhận, điều chỉnh hoặc trả lại một dòng",
)
def line_verify(request: HttpRequest, line_id: int, payload: VerifyIn) -> LineOut:
    line = selectors.line_get_for_user(request.user, line_id)
    verification.line_verify(actor=request.user, line=line, **payload.dict())  # type: ignore[arg-type]
    return _one_line(line)


@router.post(
    "/cycle-lines/{line_id}/appeals",
    response={201: AppealOut, **WRITE_ERRORS},
    summary="Kiến nghị về kết quả một dòng",
)
def appeal_file(request: HttpRequest, line_id: int, payload: AppealIn) -> Status[AppealOut]:
    line = selectors.line_get_for_user(request.user, line_id)
    appeal: Appeal = verification.appeal_file(
        actor=request.user,  # type: ignore[arg-type]
        line=line,
        argument=payload.argument,
    )
    return Status(
        201,
        AppealOut(
            id=appeal.pk,
            line_id=line.pk,
            argument=appeal.argument,
            status=appeal.status,
            filed_at=appeal.filed_at,
        ),
    )
