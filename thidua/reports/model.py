"""The summary report as data: every sentence already written, every figure still a Decimal.

Renderers (thidua.reports.render) lay it out as .docx, PDF, Markdown or .xlsx; nothing here knows a format.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from thidua.documents.model import Bullets, Paragraph
from thidua.engine.model import ClusterKind

LeaderText = tuple[Paragraph | Bullets, ...]


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """What the cluster leader decides about the document itself, not the data."""

    issued: date | None = None
    number: str | None = None
    signer: str | None = None
    shortcomings: LeaderText = ()
    directions: LeaderText = ()


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
