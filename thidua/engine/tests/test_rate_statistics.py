"""Issue 11 item 18: a criterion measured in % is never summed across units; its statistics give the mean."""

from __future__ import annotations

from decimal import Decimal

from thidua.engine.model import is_rate
from thidua.engine.results import RatioStatistics


def stats(unit: str | None, reported: int = 3) -> RatioStatistics:
    return RatioStatistics(
        code="1.5",
        title="Tỷ lệ hộ nghèo",
        direction="lower",
        unit_of_measure=unit,
        sum_actual=Decimal("7.05"),
        sum_target=Decimal("7.5"),
        ratio_percent=Decimal("94.00"),
        reached=2,
        reported=reported,
        applicable=3,
        units=(),
    )


def test_it_knows_a_rate_by_its_unit_of_measure() -> None:
    assert [is_rate(unit) for unit in ("%", "% số hộ", "‰", "tỷ đồng", "người", None)] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]


def test_it_gives_the_mean_of_a_rate_instead_of_its_sum() -> None:
    rate = stats("%")
    assert rate.is_rate
    assert (rate.mean_actual, rate.mean_target) == (Decimal("2.35"), Decimal("2.5"))
    assert not stats("tỷ đồng").is_rate


def test_it_has_no_mean_when_nobody_reported() -> None:
    assert (stats("%", reported=0).mean_actual, stats("%", reported=0).mean_target) == (None, None)
