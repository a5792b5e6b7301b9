"""What a late year-end report costs in a cycle, in the words the cycle page and the report page show. The rule
itself is decided once, by the package builder (thidua.agreements.packaging.applied_late_report): the framework's
late_report gives the rate, the board's reporting deadline of the year (else the framework's own) is the deadline.
Reads only."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from thidua.agreements.models import Submission
from thidua.agreements.packaging import applied_late_report, version_framework
from thidua.core.errors import NotFound
from thidua.core.numbers import format_any, format_number
from thidua.core.templatetags.vn import vn_date
from thidua.cycle.models import Cycle, CycleState
from thidua.cycle.services.common import agreement_of


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


def _rule_for(cycle: Cycle, reporting_deadline: dt.date | None) -> LateRule:
    """The cycle's rule as it would be with `reporting_deadline` as the board's deadline (None: the framework's)."""
    current = late_rule(cycle)
    if current.points_per_day is None:
        return dataclasses.replace(current, deadline=reporting_deadline)
    if reporting_deadline is None:
        try:
            framework = version_framework(agreement_of(cycle).framework_version)
        except NotFound:
            return current
        own = framework.late_report.deadline if framework.late_report else None
        return dataclasses.replace(current, deadline=own, from_cycle=False)
    return dataclasses.replace(current, deadline=reporting_deadline, from_cycle=True)


@dataclass(frozen=True)
class LatenessChange:
    """One submission whose late-report deduction a new reporting deadline would change."""

    unit_code: str
    unit_name: str
    submitted_on: dt.date
    days_before: int
    days_after: int
    points_before: Decimal
    points_after: Decimal

    @property
    def becomes_late(self) -> bool:
        return self.days_before == 0 and self.days_after > 0

    @property
    def stops_being_late(self) -> bool:
        return self.days_before > 0 and self.days_after == 0

    def text(self) -> str:
        """One sentence of the preview: "Xã An Minh (nộp 10/12/2026): đúng hạn → trễ 3 ngày, trừ 0 → 3 điểm"."""

        def state(days: int) -> str:
            return _("trễ %(days)s ngày") % {"days": days} if days else _("đúng hạn")

        return _("%(unit)s (nộp %(day)s): %(before)s → %(after)s, điểm trừ %(p_before)s → %(p_after)s") % {
            "unit": self.unit_name,
            "day": vn_date(self.submitted_on),
            "before": state(self.days_before),
            "after": state(self.days_after),
            "p_before": format_number(self.points_before, 2),
            "p_after": format_number(self.points_after, 2),
        }


def reporting_deadline_preview(cycle: Cycle, reporting_deadline: dt.date | None) -> list[LatenessChange]:
    """Which submissions a new reporting deadline makes late, less late, later or no longer late, and by how many
    points, computed by the same rule the scorer applies; empty when nothing changes."""
    before, after = late_rule(cycle), _rule_for(cycle, reporting_deadline)
    if before.deadline == after.deadline:
        return []
    submissions = Submission.objects.filter(agreement__cluster_year_id=cycle.cluster_year_id).select_related(
        "unit"
    )
    changes = [
        LatenessChange(
            unit_code=s.unit.code,
            unit_name=s.unit.name,
            submitted_on=s.submitted_on,
            days_before=before.days_late(s.submitted_on),
            days_after=after.days_late(s.submitted_on),
            points_before=before.points_for(s.submitted_on),
            points_after=after.points_for(s.submitted_on),
        )
        for s in submissions
    ]
    return sorted(
        (c for c in changes if (c.days_before, c.points_before) != (c.days_after, c.points_after)),
        key=lambda c: (c.submitted_on, c.unit_code),
    )


def submit_warning(cycle: Cycle, unit_id: int, day: dt.date) -> str:
    """The warning shown next to the submit button of a unit that has not submitted yet, on `day`."""
    if cycle.state != CycleState.REPORTING:
        return ""
    if Submission.objects.filter(agreement__cluster_year_id=cycle.cluster_year_id, unit_id=unit_id).exists():
        return ""  # the first submission's date stays, so submitting again costs nothing more
    return late_rule(cycle).warning(day)
