"""What a late year-end report costs in a cycle, in the words the cycle page and the report page show. The rule
itself is decided once, by the package builder (thidua.agreements.packaging.applied_late_report): the framework's
late_report gives the rate, the board's reporting deadline of the year (else the framework's own) is the deadline.
Also every deduction of a published snapshot with its reason. Reads only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from thidua.agreements.models import ScoreSnapshot, Submission
from thidua.agreements.packaging import applied_late_report, version_framework
from thidua.core.errors import NotFound
from thidua.core.numbers import format_any
from thidua.core.templatetags.vn import vn_date
from thidua.cycle.models import Cycle, CycleState
from thidua.cycle.services.common import agreement_of
from thidua.engine.results import DeductionEntry
from thidua.packages import read_package


@dataclass(frozen=True)
class LateRule:
    """The late-report deduction of a cycle: None fields when the framework has no late_report."""

    deadline: dt.date | None
    points_per_day: Decimal | None
    cap: Decimal | None
    from_cycle: bool

    @property
    def applies(self) -> bool:
        return self.deadline is not None and self.points_per_day is not None and self.cap is not None

    def days_late(self, day: dt.date) -> int:
        return max((day - self.deadline).days, 0) if self.deadline else 0

    def points_for(self, day: dt.date) -> Decimal:
        if not self.applies:
            return Decimal(0)
        assert self.points_per_day is not None and self.cap is not None
        return min(self.points_per_day * self.days_late(day), self.cap)

    def text(self) -> str:
        """One sentence for the cycle page."""
        if not self.applies:
            return _("Theo thang điểm này, nộp báo cáo trễ không bị trừ điểm.")
        source = (
            _("hạn báo cáo Ban Thi đua – Khen thưởng đặt cho năm thi đua này")
            if self.from_cycle
            else _("hạn nộp báo cáo trong thang điểm")
        )
        return _(
            "Hạn nộp báo cáo %(day)s (%(source)s): nộp trễ bị trừ %(per_day)s điểm mỗi ngày, tối đa %(cap)s "
            "điểm; đơn vị không nộp báo cáo bị trừ %(cap)s điểm."
        ) % {
            "day": vn_date(self.deadline),
            "source": source,
            "per_day": format_any(self.points_per_day),
            "cap": format_any(self.cap),
        }

    def warning(self, day: dt.date) -> str:
        """What the report page says before a late submission; empty when submitting on `day` is in time."""
        if self.deadline is None or day <= self.deadline:
            return ""
        if not self.applies:
            return _("Đã quá hạn nộp báo cáo %(day)s; theo thang điểm này nộp trễ không bị trừ điểm.") % {
                "day": vn_date(self.deadline)
            }
        return _(
            "Đã quá hạn nộp báo cáo %(day)s %(days)s ngày; theo quy định sẽ bị trừ %(per_day)s điểm mỗi ngày, "
            "tối đa %(cap)s điểm: nộp hôm nay bị trừ %(points)s điểm."
        ) % {
            "day": vn_date(self.deadline),
            "days": self.days_late(day),
            "per_day": format_any(self.points_per_day),
            "cap": format_any(self.cap),
            "points": format_any(self.points_for(day), 2),
        }


def late_rule(cycle: Cycle) -> LateRule:
    """The cycle's late-report rule, as the scorer will apply it (no rate while the year has no agreement)."""
    try:
        agreement = agreement_of(cycle)
    except NotFound:
        agreement = None
    framework = version_framework(agreement.framework_version) if agreement else None
    late = applied_late_report(cycle.cluster_year, framework) if framework else None
    if late is None:
        return LateRule(deadline=cycle.reporting_deadline, points_per_day=None, cap=None, from_cycle=True)
    return LateRule(
        deadline=late.deadline,
        points_per_day=late.points_per_day,
        cap=late.cap,
        from_cycle=cycle.reporting_deadline is not None,
    )


def submit_warning(cycle: Cycle, unit_id: int, day: dt.date) -> str:
    """The warning shown next to the submit button of a unit that has not submitted yet, on `day`."""
    if cycle.state != CycleState.REPORTING:
        return ""
    if Submission.objects.filter(agreement__cluster_year_id=cycle.cluster_year_id, unit_id=unit_id).exists():
        return ""  # the first submission's date stays, so submitting again costs nothing more
    return late_rule(cycle).warning(day)


def published_deductions(snapshot: ScoreSnapshot, unit_code: str) -> tuple[DeductionEntry, ...]:
    """A unit's deductions in a stored snapshot, each with its reason. The thidua.results/1 document keeps only
    their sum, so the snapshot's frozen package is scored again; the engine gives the same numbers every time."""
    package, _problems = read_package(snapshot.inputs)
    if package is None:
        return ()
    result = package.score()
    found = next((unit for unit in result.units if unit.code == unit_code), None)
    return found.deduction_entries if found else ()
