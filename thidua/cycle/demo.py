"""The demo's year in progress: An Giang Cụm thi đua số 5 of 2026 walked through the cycle to the provisional
results, so a first-time visitor finds a living year on every cycle page.

Each step goes through the cycle services and runs only when the cycle stands before it, so loading the demo
again changes nothing. The board's steps (opening, deadlines, moving the state, verifying the agencies' criteria
that have no demo reviewer) are the installer's (SystemActor); a signature, a submission and an appeal need a
person, so the members' officers sign and submit for their own units, Sở Tài chính's reviewer and the cluster
leader verify their own criteria (the leader's own unit's lines go to its deputy, Xã Thạnh Lộc), and Xã An Minh
files one appeal for the leader to answer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.accounts.access import SystemActor, leadership_of
from thidua.agreements.models import LineStatus
from thidua.cycle import permissions
from thidua.cycle.lines import TO_CYCLE, lines_of
from thidua.cycle.models import Appeal, Cycle, CycleState, Signature
from thidua.cycle.services.common import cycle_criteria, today
from thidua.cycle.services.cycles import cycle_advance, cycle_create, cycle_set_deadlines, deadline_window
from thidua.cycle.services.reporting import report_submit
from thidua.cycle.services.signing import signature_record
from thidua.cycle.services.verification import appeal_file, line_verify
from thidua.org.models import ClusterYear, Unit

SYSTEM = SystemActor()
# What `thidua demo` prints about the year, so a visitor knows what to look for.
SUMMARY = (
    "Cụm thi đua số 5 năm 2026 đang ở giai đoạn “Công bố tạm thời, nhận kiến nghị”: cả 5 thành viên đã ký giao ước "
    "và nộp báo cáo, mọi dòng đã được thẩm định (Sở Tài chính: nguonsolieu; tiêu chí không do cơ quan nào cung cấp: "
    "cumtruong, riêng các dòng của Xã Vĩnh Hòa do cụm phó thanhloc; các cơ quan khác: Ban Thi đua – Khen thưởng), kết quả tạm thời đã công bố và Xã An Minh có một "
    "kiến nghị chờ cụm trưởng trả lời. Hàng chờ thẩm định của nguonsolieu đã trống; quansat chỉ xem được kết quả "
    "khi kết quả chính thức."
)
SIGNING_DEADLINE = dt.date(2026, 4, 15)
REPORTING_DEADLINE = dt.date(2026, 12, 15)
APPEAL_DAYS = 14
APPEAL_ARGUMENT = (
    "Đơn vị đề nghị xem lại số liệu tiêu chí này: số liệu quyết toán của Kho bạc cao hơn số đã báo cáo."
)


def _signed_pdf(unit: Unit) -> SimpleUploadedFile:
    body = f"%PDF-1.4\n% Giao uoc thi dua nam 2026 - {unit.code}\n%%EOF\n".encode()
    return SimpleUploadedFile(f"giao-uoc-2026-{unit.code.lower()}.pdf", body, content_type="application/pdf")


def _sign_and_submit(cycle: Cycle, officers: dict[int, User]) -> None:
    members = Unit.objects.filter(pk__in=permissions.member_unit_ids(cycle)).order_by("pk")
    if cycle.state == CycleState.SIGNING:
        signed = set(Signature.objects.filter(cycle=cycle).values_list("unit_id", flat=True))
        for unit in members:
            if unit.pk not in signed:
                signature_record(actor=officers[unit.pk], cycle=cycle, unit=unit, document=_signed_pdf(unit))
        cycle = cycle_advance(actor=SYSTEM, cycle=cycle, from_state=CycleState.SIGNING)
    if cycle.state == CycleState.REPORTING:
        for unit in members:
            if lines_of(cycle).filter(unit=unit, status=LineStatus.DRAFT).exists():
                report_submit(actor=officers[unit.pk], cycle=cycle, unit=unit)
        cycle_advance(actor=SYSTEM, cycle=cycle, from_state=CycleState.REPORTING)


def _verify(cycle: Cycle, reviewer: User, reviewer_agency: str, officers: dict[int, User]) -> None:
    """Sở Tài chính's reviewer verifies its criteria; the leader the others, except its own unit's lines, which
    its deputy verifies (nobody verifies their own unit); the board (the installer) the other agencies'."""
    criteria = cycle_criteria(cycle)
    leadership = leadership_of(cycle.cluster_year)
    for line in lines_of(cycle).filter(status=LineStatus.SUBMITTED).select_related("unit", TO_CYCLE):
        source = criteria[line.criterion].data_source
        candidates: list[Any] = [reviewer if source == reviewer_agency else None]
        candidates += [officers.get(u.pk) for u in (leadership.leader, leadership.deputy) if u is not None]
        verifier: Any = next(
            (
                who
                for who in candidates
                if who is not None and permissions.cycle_actor(who, cycle).may_verify(line.unit_id, source)
            ),
            SYSTEM,
        )
        line_verify(actor=verifier, line=line, version=line.version, verdict="accept")


def load_demo_cycle(
    *,
    cluster_year: ClusterYear,
    officers: dict[str, User],
    reviewer: User,
    reviewer_agency: str,
    appellant_unit: str,
) -> Cycle:
    """Bring the cluster-year's cycle to the provisional results with one open appeal; a later run does nothing.
    `officers` maps each member's code to the user who signs and reports for it."""
    cycle = Cycle.objects.filter(cluster_year=cluster_year).first()
    if cycle is None:
        cycle = cycle_create(actor=SYSTEM, cluster_year=cluster_year)
    if cycle.state == CycleState.SETUP:
        cycle = cycle_set_deadlines(
            actor=SYSTEM,
            cycle=cycle,
            signing_deadline=SIGNING_DEADLINE,
            reporting_deadline=REPORTING_DEADLINE,
            # The window is open whenever the demo is first loaded, so the appeal pages can be tried, within the
            # last day a deadline of the year may fall on.
            appeal_deadline=min(
                max(REPORTING_DEADLINE, today() + dt.timedelta(days=APPEAL_DAYS)),
                deadline_window(cluster_year.year)[1],
            ),
        )
        cycle = cycle_advance(actor=SYSTEM, cycle=cycle, from_state=CycleState.SETUP)
    by_id = {u.pk: officers[u.code] for u in Unit.objects.filter(pk__in=permissions.member_unit_ids(cycle))}
    _sign_and_submit(cycle, by_id)
    cycle.refresh_from_db()
    if cycle.state == CycleState.VERIFICATION:
        _verify(cycle, reviewer, reviewer_agency, by_id)
        cycle = cycle_advance(actor=SYSTEM, cycle=cycle, from_state=CycleState.VERIFICATION)
    # A demo loaded after the last day the 2026 year's deadlines may fall on has its appeal window closed.
    window_open = cycle.appeal_deadline is None or today() <= cycle.appeal_deadline
    if (
        cycle.state == CycleState.PROVISIONAL
        and window_open
        and not Appeal.objects.filter(line__agreement__cluster_year_id=cycle.cluster_year_id).exists()
    ):
        line = (
            lines_of(cycle)
            .filter(unit__code=appellant_unit)
            .select_related("unit", f"{TO_CYCLE}__cluster_year__cluster")
            .order_by("id")
            .first()
        )
        if line is not None:
            unit_id = line.unit_id
            appeal_file(actor=by_id[unit_id], line=line, argument=APPEAL_ARGUMENT)
    return cycle
