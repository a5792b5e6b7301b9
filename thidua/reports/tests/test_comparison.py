"""Issue 11 item 16: the compared columns (Tự chấm / Cụm chấm / Điểm duyệt / Chênh lệch) are worked out once."""

from __future__ import annotations

from decimal import Decimal

from thidua.reports.model import ScoreComparison, compare_scores


def test_it_approves_the_verified_total_until_points_are_agreed() -> None:
    found = compare_scores({"A": Decimal("96.5")}, {"A": Decimal("94.25")})
    assert found == {"A": ScoreComparison("A", Decimal("96.5"), Decimal("94.25"), Decimal("94.25"))}
    assert found["A"].difference == Decimal("-2.25")


def test_it_takes_agreed_points_as_the_approved_total() -> None:
    found = compare_scores({"A": Decimal(90)}, {"A": Decimal("115.7")}, {"A": Decimal("118.4")})
    assert (found["A"].approved, found["A"].difference) == (Decimal("118.4"), Decimal("28.4"))


def test_it_has_no_difference_when_the_units_own_figures_cannot_be_scored() -> None:
    found = compare_scores(None, {"A": Decimal(80), "B": Decimal(70)})
    assert [(c.own, c.difference) for c in found.values()] == [(None, None), (None, None)]
