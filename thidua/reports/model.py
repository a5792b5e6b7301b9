"""The summary report as data: every sentence already written, every figure still a Decimal.

Renderers (thidua.reports.render) lay it out as .docx, PDF, Markdown or .xlsx; nothing here knows a format.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from thidua.documents.model import Bullets, Paragraph
from thidua.engine.model import ClusterKind

LeaderText = tuple[Paragraph | Bullets, ...]


@dataclass(frozen=True, slots=True)
class BallotFact:
    """A closed ballot of the year-end conference, as stored when it was closed (or as the chair decided)."""

    purpose: Literal["honour", "leader", "deputy"]
    unit: str | None  # the unit proposed (honour) or elected (leader, deputy); None when nobody was elected
    passed: bool
    votes: int | None = None  # votes for the unit
    base: int | None = None  # out of (the voters or the votes cast, as the ballot's threshold counts them)
    reason: str = ""  # the stored result ("Đạt: 8/10 phiếu đồng ý …")
    chair_reason: str = ""  # set when the chair decided instead of the count


@dataclass(frozen=True, slots=True)
class ConferenceFacts:
    """What the year-end conference and the register hold that the package does not."""

    held_on: date | None = None
    place: str = ""
    ballots: tuple[BallotFact, ...] = ()
    # Awards for achievements of the year granted to the members (register), by award; None without a register.
    awards: tuple[tuple[str, int], ...] | None = None


@dataclass(frozen=True, slots=True)
class ScoreComparison:
    """The columns people compare for one unit ("Tự chấm / Cụm chấm / Điểm duyệt"): its total on its own
    figures before verification, the total after verification, and the approved total (after agreed points;
    until there are any, the verified total)."""

    code: str
    own: Decimal | None  # None when the unit's own figures cannot be scored
    verified: Decimal
    approved: Decimal

    @property
    def difference(self) -> Decimal | None:
        """Điểm duyệt − Tự chấm: what verification and agreement changed."""
        return None if self.own is None else self.approved - self.own


def compare_scores(
    own: Mapping[str, Decimal] | None,
    verified: Mapping[str, Decimal],
    approved: Mapping[str, Decimal] | None = None,
) -> dict[str, ScoreComparison]:
    """The compared columns of every unit that has a verified total. The one place where they are worked out:
    the results page, its Excel export and the summary report all read them from here."""
    return {
        code: ScoreComparison(
            code=code,
            own=(own or {}).get(code),
            verified=total,
            approved=(approved or {}).get(code, total),
        )
        for code, total in verified.items()
    }


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """What the cluster leader decides about the document itself, not the data, and the conference's results
    when the report is made in the app (the command line, with a package only, has none)."""

    issued: date | None = None
    number: str | None = None
    signer: str | None = None
    shortcomings: LeaderText = ()
    directions: LeaderText = ()
    conference: ConferenceFacts | None = None
    # Made in the app: the compared columns by unit code (a package alone holds only one set of figures).
    comparison: Mapping[str, ScoreComparison] | None = None


@dataclass(frozen=True, slots=True)
class SectionPart:
    """The results of one section (nội dung): its criteria sentences and the distribution of its points."""

    code: str
    title: str
    max: Decimal
    criteria_count: int
    sentences: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RankingRow:
    """One unit's line of the ranking table."""

    rank: int | None
    code: str
    name: str
    sections: tuple[Decimal, ...]
    standard: Decimal
    bonus: Decimal
    deductions: Decimal
    total: Decimal
    band: str | None
    honour: str | None
    vetoed: str | None
    compared: ScoreComparison | None = None


@dataclass(frozen=True, slots=True)
class CriterionRow:
    """A criterion with a target, summed over the cluster (sums only when the unit is additive)."""

    code: str
    title: str
    unit: str | None
    lower: bool
    sum_target: Decimal | None
    sum_actual: Decimal | None
    ratio_percent: Decimal | None
    reached: int
    reported: int


@dataclass(frozen=True, slots=True)
class ClusterReport:
    """The year-end summary report of one cluster or block."""

    cluster_code: str
    cluster_name: str
    kind: ClusterKind
    scope: str | None
    year: int
    leader: str | None
    standard_points: Decimal
    bonus_cap: Decimal
    identification: tuple[str, ...]
    sections: tuple[SectionPart, ...]
    targets_summary: tuple[str, ...]
    criteria: tuple[CriterionRow, ...]
    ranking_sentences: tuple[str, ...]
    ranking: tuple[RankingRow, ...]
    section_titles: tuple[tuple[str, Decimal], ...]
    bonus_sentences: tuple[str, ...]
    deduction_sentences: tuple[str, ...]
    veto_sentences: tuple[str, ...]
    honour_sentences: tuple[str, ...]
    conference_sentences: tuple[str, ...]
    award_counts: tuple[tuple[str, int], ...]
    shortcomings: LeaderText
    directions: LeaderText
    options: ReportOptions


@dataclass(frozen=True, slots=True)
class ProvinceReport:
    """A province's year: every cluster's and block's report, summarised."""

    scope: str
    year: int
    clusters: tuple[ClusterReport, ...]
    sentences: tuple[str, ...]
    award_counts: tuple[tuple[str, int], ...]
    options: ReportOptions
