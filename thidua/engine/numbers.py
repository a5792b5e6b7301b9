"""Numbers as the JSON carries them ("906.00" for points, "6250" for exact sums), and the names the engine uses
for numbers as Vietnamese readers write them ("141,29%", "20.802", "192,583"), from thidua.core.numbers."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal
from functools import lru_cache

from thidua.core.numbers import format_measure, format_number

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
# The engine writes numbers for thousands of units (a framework's caps, every leader's total in a warning) and
# Babel's formatter costs more than scoring a criterion. So ordinary numbers are written here by Python's own
# grouping with the separators swapped, which gives the same text as Babel's "vi" patterns ("#,##0.###",
# "#,##0.00"; test_numbers_fast checks it), and what was written is remembered. Numbers too long for that path go to
# thidua.core.numbers. Equal numbers are written alike whatever their exponent, so equal keys are safe to share.
_WIDE = Context(prec=60)
_SWAP = str.maketrans(",.", ".,")


@lru_cache(maxsize=16384)
def vn(value: Decimal | int, places: int | None = None) -> str:
    number = value if isinstance(value, Decimal) else Decimal(value)
    if (
        places not in (None, 2)
        or not number.is_finite()
        or not -20 < number.adjusted() < 20
        or len(number.as_tuple().digits) > 40
    ):
        return format_number(value, places)
    if places is None:
        shown = _WIDE.normalize(number)
        if shown.is_zero():
            return "0"
        return f"{shown:,f}".translate(_SWAP)
    shown = number.quantize(CENT, ROUND_HALF_UP, context=_WIDE)
    if shown.is_zero():
        shown = abs(shown)  # never "-0,00"
    return f"{shown:,f}".translate(_SWAP)


def vn_points(value: Decimal) -> str:
    """Points with two decimals: "40,00" (thidua.core.numbers.format_points)."""
    return vn(value, 2)


def vn_percent(value: Decimal) -> str:
    """A percentage with two decimals and its sign: "141,29%" (thidua.core.numbers.format_percent)."""
    return f"{vn(value, 2)}%"


vn_measure = format_measure
