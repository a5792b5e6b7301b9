"""Numbers as the JSON carries them ("906.00" for points, "6250" for exact sums), and the names the engine uses
for numbers as Vietnamese readers write them ("141,29%", "20.802", "192,583"), from thidua.core.numbers."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from thidua.core.numbers import format_measure, format_number, format_percent, format_points

CENT = Decimal("0.01")


def quantize(value: Decimal, places: int = 2) -> Decimal:
    """Round half up to `places` decimals, the rounding every regulation uses."""
    return value.quantize(CENT if places == 2 else Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def plain(value: Decimal) -> str:
    """Every digit, no exponent, no trailing zeros: Decimal("6.25E+3") → "6250", Decimal("297.70") → "297.7"."""
    text = f"{value.normalize():f}"
    return "0" if text in ("-0", "0") else text


def fixed(value: Decimal, places: int = 2) -> str:
    """Exactly `places` fraction digits with a point, for JSON: "906.00"."""
    return f"{quantize(value, places):f}"


# The words people read are written in one place for the whole product (thidua.core.numbers, pure Python like
# this engine); these names are kept because the engine and its explanations say vn_points, vn_percent, vn_measure.
vn = format_number
vn_points = format_points
vn_percent = format_percent
vn_measure = format_measure
