"""Ranking by total with the framework's tie-break keys, bands by total, honours by rank."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from thidua.engine.model import Framework, Honour
from thidua.engine.numbers import vn_points
from thidua.engine.results import UnitResult

if TYPE_CHECKING:
    from thidua.engine.scoring import _UnitScore


def tie_break_value(key: str, score: _UnitScore) -> Decimal:
    """A tie-break key as a number where smaller sorts first (better)."""
    if key.startswith("section:"):
        return -score.sections[key.removeprefix("section:")]
    if key == "bonus":
        return -score.bonus
    if key == "deductions":
        return score.deductions
    if key == "standard":
        return -score.standard
    raise ValueError(f"khóa phân định không hợp lệ: {key}")


def band_for(framework: Framework, total: Decimal) -> str | None:
    """The band with the highest minimum the total reaches."""
    best: tuple[Decimal, str] | None = None
    for band in framework.bands:
        if band.min <= total and (best is None or band.min > best[0]):
            best = (band.min, band.label)
    return best[1] if best else None


def honour_for(framework: Framework, rank: int, total: Decimal) -> tuple[str | None, Honour | None]:
    """The award proposed for a rank, and the honour refused for a too-low total (for a warning)."""
    refused: Honour | None = None
    for honour in framework.honours:
        if honour.rank != rank:
            continue
        if honour.min_total is None or total >= honour.min_total:
            return honour.award, None
        refused = refused or honour
    return None, refused


def finish(framework: Framework, scores: Sequence[_UnitScore], warnings: list[str]) -> tuple[UnitResult, ...]:
    """Units by rank (shared ranks listed by code), then vetoed units by code."""
    from thidua.engine.scoring import unit_result

    keys = framework.tie_break
    eligible = [score for score in scores if score.vetoed is None]

    def order(score: _UnitScore) -> tuple[Decimal, ...]:
        return (-score.total, *(tie_break_value(key, score) for key in keys))

    ranked = sorted(
        ((order(score), score.member.code, score) for score in eligible), key=lambda item: item[:2]
    )
    results: list[UnitResult] = []
    previous: tuple[Decimal, ...] | None = None
    rank = 0
    for position, (key, _code, score) in enumerate(ranked, start=1):
        if key != previous:
            rank, previous = position, key
        award, refused = honour_for(framework, rank, score.total)
        if refused is not None and refused.min_total is not None:
            warnings.append(
                f"Đơn vị {score.member.code} xếp hạng {rank} nhưng tổng điểm {vn_points(score.total)} chưa đạt "
                f"mức tối thiểu {vn_points(refused.min_total)} để đề nghị {refused.award}"
            )
        band = band_for(framework, score.total) if score.unbanded is None else None
        results.append(unit_result(score, framework, rank, band, award))
    for score in sorted((s for s in scores if s.vetoed is not None), key=lambda s: s.member.code):
        band = band_for(framework, score.total) if score.unbanded is None else None
        results.append(unit_result(score, framework, None, band, None))
    return tuple(results)
