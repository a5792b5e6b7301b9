"""The year of a cluster in the API: the cycle's state and readiness, a member's report lines, saving a line
(with the version read, for compare-and-set), submitting, a verifier's queue, verifying a line and appealing.
Thin over the same selectors, services and permissions as the cycle pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from django import forms
from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status, UploadedFile

from thidua.agreements import permissions as agreement_permissions
from thidua.agreements.forms import number_text
from thidua.agreements.models import Agreement, BonusAward, CriterionLine, Deduction
from thidua.agreements.services.agreements import target_set
from thidua.core.errors import AccessDenied, InvalidInput, NotFound
from thidua.cycle import bonuses as bonus_selectors
from thidua.cycle import permissions, selectors
from thidua.cycle.lateness import reporting_deadline_preview
from thidua.cycle.lines import TO_CYCLE, cycle_of, lines_of
from thidua.cycle.models import STATE_ORDER, Appeal, Cycle, CycleState
from thidua.cycle.progress import cycle_progress
from thidua.cycle.results import results_in_force
from thidua.cycle.services import bonuses as bonus_services
from thidua.cycle.services import cycles, reporting, verification
from thidua.org import selectors as org_selectors
from thidua.org.api import ERRORS, ErrorOut
from thidua.org.models import ClusterYear, Unit

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


def _line_out(line: CriterionLine, value: str = "", title: str = "", data_source: str = "") -> LineOut:
    return LineOut(
        id=line.pk,
        cycle_id=cycle_of(line).pk,
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


def _one_line(line: CriterionLine) -> LineOut:
    """A line as its report shows it (value, criterion title and source) after a write."""
    fresh = CriterionLine.objects.select_related("unit", f"{TO_CYCLE}__cluster_year__cluster").get(pk=line.pk)
    report = selectors.unit_report(cycle_of(fresh), fresh.unit, with_score=False, only=fresh.criterion)
    for section in report.sections:
        for row in section.rows:
            if row.line.pk == fresh.pk:
                return _line_out(fresh, row.value_text, row.criterion.title, row.criterion.data_source)
    return _line_out(fresh)


@router.get(
    "/cluster-years/{cluster_year_id}/cycle",
    response={200: CycleOut, **ERRORS},
    summary="Giai đoạn và tiến độ năm thi đua của một cụm, khối",
)
def cycle_get(request: HttpRequest, cluster_year_id: int) -> CycleOut:
    return _cycle_out(request, _cycle_of(request, cluster_year_id))


def _cycle_out(request: HttpRequest, cycle: Cycle) -> CycleOut:
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
        _line_out(row.line, row.value_text, row.criterion.title, row.criterion.data_source)
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
        _line_out(item.line, item.value_text, item.criterion.title, item.criterion.data_source)
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


# --- bonus claims and deductions ----------------------------------------------------------------------------


class BonusClaimOut(Schema):
    id: int
    unit_id: int
    unit_code: str
    item: str
    status: str
    status_label: str
    note: str
    evidence_name: str
    claimed_by_name: str
    claimed_at: dt.datetime | None
    decided_by_name: str
    decided_at: dt.datetime | None
    decision_reason: str


class BonusDecisionIn(Schema):
    accept: bool
    reason: str = ""


class DeductionOut(Schema):
    id: int
    unit_id: int
    unit_code: str
    points: str
    reason: str
    criterion: str
    status: str
    status_label: str
    evidence_name: str
    recorded_by_name: str
    recorded_at: dt.datetime | None
    withdrawn_by_name: str
    withdrawn_at: dt.datetime | None
    withdraw_reason: str


class WithdrawIn(Schema):
    reason: str


def _claim_out(award: BonusAward) -> BonusClaimOut:
    return BonusClaimOut(
        id=award.pk,
        unit_id=award.unit_id,
        unit_code=award.unit.code,
        item=award.item,
        status=award.status,
        status_label=str(award.get_status_display()),
        note=award.note,
        evidence_name=award.evidence_name,
        claimed_by_name=award.claimed_by_name,
        claimed_at=award.claimed_at,
        decided_by_name=award.decided_by_name,
        decided_at=award.decided_at,
        decision_reason=award.decision_reason,
    )


def _deduction_out(deduction: Deduction) -> DeductionOut:
    return DeductionOut(
        id=deduction.pk,
        unit_id=deduction.unit_id,
        unit_code=deduction.unit.code,
        points=f"{deduction.points:f}",
        reason=deduction.reason,
        criterion=deduction.criterion,
        status=deduction.status,
        status_label=str(deduction.get_status_display()),
        evidence_name=deduction.evidence_name,
        recorded_by_name=deduction.recorded_by_name,
        recorded_at=deduction.recorded_at,
        withdrawn_by_name=deduction.withdrawn_by_name,
        withdrawn_at=deduction.withdrawn_at,
        withdraw_reason=deduction.withdraw_reason,
    )


@router.get(
    "/cluster-years/{cluster_year_id}/cycle/units/{unit_id}/bonus-claims",
    response={200: list[BonusClaimOut], **ERRORS},
    summary="Các đề nghị điểm thưởng của một thành viên",
)
def bonus_claims(request: HttpRequest, cluster_year_id: int, unit_id: int) -> list[BonusClaimOut]:
    cycle = _cycle_of(request, cluster_year_id)
    unit = selectors.unit_for_report(request.user, cycle, unit_id)
    return [_claim_out(row.award) for row in bonus_selectors.unit_claims(cycle, unit.pk) if row.award]


@router.post(
    "/cluster-years/{cluster_year_id}/cycle/units/{unit_id}/bonus-claims",
    response={201: BonusClaimOut, **WRITE_ERRORS},
    summary="Đề nghị một mục điểm thưởng của thang điểm, kèm minh chứng",
)
def bonus_claim(
    request: HttpRequest,
    cluster_year_id: int,
    unit_id: int,
    item: Form[str],
    note: Form[str] = "",
    file: File[UploadedFile | None] = None,
) -> Status[BonusClaimOut]:
    cycle = _cycle_of(request, cluster_year_id)
    unit = selectors.unit_for_report(request.user, cycle, unit_id)
    award = bonus_services.bonus_claim(
        actor=request.user,  # type: ignore[arg-type]
        cycle=cycle,
        unit=unit,
        item=item,
        note=note,
        upload=file,
    )
    return Status(201, _claim_out(award))


@router.post(
    "/bonus-claims/{claim_id}/decision",
    response={200: BonusClaimOut, **WRITE_ERRORS},
    summary="Chấp nhận hoặc không chấp nhận một đề nghị điểm thưởng (kèm lý do)",
)
def bonus_decide(request: HttpRequest, claim_id: int, payload: BonusDecisionIn) -> BonusClaimOut:
    cycle, award = bonus_selectors.claim_get_for_user(request.user, claim_id)
    bonus_services.bonus_decide(
        actor=request.user,  # type: ignore[arg-type]
        cycle=cycle,
        award=award,
        accept=payload.accept,
        reason=payload.reason,
    )
    return _claim_out(award)


@router.get(
    "/cluster-years/{cluster_year_id}/cycle/deductions",
    response={200: list[DeductionOut], **ERRORS},
    summary="Các điểm trừ của năm thi đua (đang ghi và đã rút)",
)
def deductions(request: HttpRequest, cluster_year_id: int) -> list[DeductionOut]:
    cycle = _cycle_of(request, cluster_year_id)
    return [_deduction_out(d) for d in bonus_selectors.deductions_visible(request.user, cycle)]


@router.post(
    "/cluster-years/{cluster_year_id}/cycle/units/{unit_id}/deductions",
    response={201: DeductionOut, **WRITE_ERRORS},
    summary="Ghi điểm trừ cho một thành viên (lý do, tiêu chí nếu có, minh chứng nếu có)",
)
def deduction_record(
    request: HttpRequest,
    cluster_year_id: int,
    unit_id: int,
    points: Form[str],
    reason: Form[str],
    criterion: Form[str] = "",
    file: File[UploadedFile | None] = None,
) -> Status[DeductionOut]:
    cycle = _cycle_of(request, cluster_year_id)
    # Who may record is the service's to say (with its message); here only that the unit is a member.
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None or unit.pk not in permissions.member_unit_ids(cycle):
        raise NotFound("Đơn vị không phải thành viên của năm thi đua này.")
    try:
        amount = Decimal(number_text(points))
    except forms.ValidationError as exc:
        raise InvalidInput(exc.messages[0], field="points") from exc
    deduction = bonus_services.deduction_record(
        actor=request.user,  # type: ignore[arg-type]
        cycle=cycle,
        unit=unit,
        points=amount,
        reason=reason,
        criterion=criterion,
        upload=file,
    )
    return Status(201, _deduction_out(deduction))


@router.post(
    "/deductions/{deduction_id}/withdraw",
    response={200: DeductionOut, **WRITE_ERRORS},
    summary="Rút một điểm trừ (kèm lý do) trước khi kết quả chính thức",
)
def deduction_withdraw(request: HttpRequest, deduction_id: int, payload: WithdrawIn) -> DeductionOut:
    cycle, deduction = bonus_selectors.deduction_get_for_user(request.user, deduction_id)
    bonus_services.deduction_withdraw(
        actor=request.user,  # type: ignore[arg-type]
        cycle=cycle,
        deduction=deduction,
        reason=payload.reason,
    )
    return _deduction_out(deduction)


class DeadlinesIn(Schema):
    signing_deadline: dt.date | None = None
    reporting_deadline: dt.date | None = None
    appeal_deadline: dt.date | None = None
    reason: str = ""
    confirm_lateness: bool = False


class LatenessChangeOut(Schema):
    unit_code: str
    unit_name: str
    submitted_on: dt.date
    days_before: int
    days_after: int
    points_before: Decimal
    points_after: Decimal
    text: str


class AdvanceIn(Schema):
    from_state: str
    reason: str = ""
    override: bool = False


class TargetIn(Schema):
    target: Decimal | None
    source: str = ""
    reason: str


class TargetOut(Schema):
    cluster_year_id: int
    unit_id: int
    criterion: str
    target: Decimal | None
    target_source: str


class CorrectionIn(Schema):
    line_id: int
    value: str
    reason: str


class RankedUnitOut(Schema):
    code: str
    name: str
    rank: int | None
    total: Decimal
    honour: str | None
    vetoed: str | None


class ResultsOut(Schema):
    cluster_year_id: int
    snapshot_id: int
    final: bool
    created_at: dt.datetime
    reason: str
    units: list[RankedUnitOut]


def _board_cycle(request: HttpRequest, cluster_year_id: int) -> Cycle:
    cycle = _cycle_of(request, cluster_year_id)
    if not permissions.cycle_actor(request.user, cycle).board:
        raise AccessDenied("Chỉ Ban Thi đua – Khen thưởng của tỉnh được điều hành năm thi đua.")
    return cycle


@router.post(
    "/cluster-years/{cluster_year_id}/cycle/deadlines/preview",
    response={200: list[LatenessChangeOut], **ERRORS},
    summary="Xem trước: hạn báo cáo mới làm đơn vị nào nộp muộn hoặc hết muộn",
)
def deadlines_preview(
    request: HttpRequest, cluster_year_id: int, payload: DeadlinesIn
) -> list[LatenessChangeOut]:
    cycle = _board_cycle(request, cluster_year_id)
    return [
        LatenessChangeOut(
            unit_code=c.unit_code,
            unit_name=c.unit_name,
            submitted_on=c.submitted_on,
            days_before=c.days_before,
            days_after=c.days_after,
            points_before=c.points_before,
            points_after=c.points_after,
            text=c.text(),
        )
        for c in reporting_deadline_preview(cycle, payload.reporting_deadline)
    ]


@router.put(
    "/cluster-years/{cluster_year_id}/cycle/deadlines",
    response={200: CycleOut, **WRITE_ERRORS},
    summary="Đặt hạn ký kết, hạn báo cáo, hạn kiến nghị (đổi hạn báo cáo cần xác nhận sau khi xem trước)",
)
def deadlines_set(request: HttpRequest, cluster_year_id: int, payload: DeadlinesIn) -> CycleOut:
    cycle = _cycle_of(request, cluster_year_id)
    cycle = cycles.cycle_set_deadlines(actor=request.user, cycle=cycle, **payload.dict())  # type: ignore[arg-type]
    return _cycle_out(request, cycle)


@router.post(
    "/cluster-years/{cluster_year_id}/cycle/advance",
    response={200: CycleOut, **WRITE_ERRORS},
    summary="Chuyển năm thi đua sang giai đoạn sau (công bố sớm kết quả chính thức: override và lý do)",
)
def cycle_advance(request: HttpRequest, cluster_year_id: int, payload: AdvanceIn) -> CycleOut:
    cycle = _cycle_of(request, cluster_year_id)
    cycle = cycles.cycle_advance(actor=request.user, cycle=cycle, **payload.dict())  # type: ignore[arg-type]
    return _cycle_out(request, cycle)


@router.put(
    "/cluster-years/{cluster_year_id}/targets/{unit_id}/{criterion}",
    response={200: TargetOut, **WRITE_ERRORS},
    summary="Đặt chỉ tiêu của một thành viên (trước khi đơn vị ký; sau khi ký phải qua đề nghị sửa chỉ tiêu)",
)
def target_put(
    request: HttpRequest, cluster_year_id: int, unit_id: int, criterion: str, payload: TargetIn
) -> TargetOut:
    cluster_year = org_selectors.cluster_year_get_for_user(request.user, cluster_year_id)
    agreement = Agreement.objects.filter(cluster_year=cluster_year).first()
    unit = cluster_year.memberships.select_related("unit").filter(unit_id=unit_id).first()
    if agreement is None or unit is None:
        raise NotFound("Không tìm thấy giao ước hoặc đơn vị không thuộc cụm năm này.")
    line = target_set(
        actor=request.user,  # type: ignore[arg-type]
        agreement=agreement,
        unit=unit.unit,
        criterion=criterion,
        target=payload.target,
        source=payload.source,
        reason=payload.reason,
    )
    return TargetOut(
        cluster_year_id=cluster_year.pk,
        unit_id=unit_id,
        criterion=criterion,
        target=line.target if line else None,
        target_source=line.target_source if line else "",
    )


@router.post(
    "/cluster-years/{cluster_year_id}/cycle/corrections",
    response={201: ResultsOut, **WRITE_ERRORS},
    summary="Điều chỉnh kết quả chính thức: chấm lại thành bản kết quả mới, lưu các chênh lệch",
)
def correction_create(
    request: HttpRequest, cluster_year_id: int, payload: CorrectionIn
) -> Status[ResultsOut]:
    cycle = _cycle_of(request, cluster_year_id)
    line = lines_of(cycle).filter(pk=payload.line_id).first()
    if line is None:
        raise NotFound("Không tìm thấy dòng báo cáo của năm thi đua này.")
    cycles.final_correct(
        actor=request.user,  # type: ignore[arg-type]
        cycle=cycle,
        line=line,
        value=payload.value,
        reason=payload.reason,
    )
    return Status(201, _results(request, cycle.cluster_year))


@router.get(
    "/cluster-years/{cluster_year_id}/results",
    response={200: ResultsOut, **ERRORS},
    summary="Kết quả đang có hiệu lực của một cụm, khối trong năm (chính thức, hoặc tạm thời khi chưa chính thức)",
)
def results_get(request: HttpRequest, cluster_year_id: int) -> ResultsOut:
    cluster_year = org_selectors.cluster_year_get_for_user(request.user, cluster_year_id)
    return _results(request, cluster_year)


def _results(request: HttpRequest, cluster_year: ClusterYear) -> ResultsOut:
    cycle = Cycle.objects.filter(cluster_year=cluster_year).select_related("cluster_year__cluster").first()
    allowed = (
        permissions.cycle_actor(request.user, cycle).sees_results
        if cycle is not None
        else agreement_permissions.can_view_scores(request.user, cluster_year)
    )
    snapshot = results_in_force(cluster_year, cycle=cycle) if allowed else None
    if snapshot is None:
        raise NotFound("Chưa có kết quả được công bố cho bạn.")
    return ResultsOut(
        cluster_year_id=cluster_year.pk,
        snapshot_id=snapshot.pk,
        final=cycle is not None and cycle.state == CycleState.FINAL,
        created_at=snapshot.created_at,
        reason=snapshot.reason,
        units=[
            RankedUnitOut(
                code=str(u["code"]),
                name=str(u["name"]),
                rank=u.get("rank"),
                total=Decimal(str(u["total"])),
                honour=u.get("honour"),
                vetoed=u.get("vetoed"),
            )
            for u in snapshot.results.get("units") or []
        ],
    )
