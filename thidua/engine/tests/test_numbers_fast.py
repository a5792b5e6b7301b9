"""The engine writes numbers without Babel on its hot path; the text must be the one thidua.core.numbers writes."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from thidua.core.numbers import format_number, format_percent, format_points
from thidua.engine.numbers import vn, vn_percent, vn_points

WRITTEN = [
    "0",
    "-0",
    "-0.00",
    "0.005",
    "-0.004",
    "-0.005",
    "999.995",
    "1234.565",
    "1234567.125",
    "-1234.5",
    "12",
    "1E+3",
    "6.25E+3",
    "-1E-30",
    "123456789012345678.5",
    "0.1234567890123",
    "141.2857",
    "1" + "0" * 25,
    "1." + "3" * 50,
]


def _samples() -> list[Decimal]:
    rng = random.Random(2026)
    found = [Decimal(text) for text in WRITTEN]
    for _ in range(3000):
        found.append(Decimal(rng.randint(-(10**9), 10**9)).scaleb(rng.randint(-12, 6)))
    return found


@pytest.mark.parametrize("places", [None, 2, 0, 3])
def test_it_writes_every_number_as_the_products_formatter_does(places: int | None) -> None:
    for value in _samples():
        assert vn.__wrapped__(value, places) == format_number(value, places), value


def test_it_writes_points_percentages_and_whole_numbers_alike() -> None:
    for value in _samples():
        assert vn_points(value) == format_points(value), value
        assert vn_percent(value) == format_percent(value), value
    for whole in (0, 7, -12, 1200, 20802, 10**12):
        assert vn(whole) == format_number(whole)
    assert vn(Decimal("20802")) == "20.802"
    assert vn_points(Decimal("-0.004")) == "0,00"
    assert vn_percent(Decimal("141.2857")) == "141,29%"
