"""Numbers as Vietnamese readers write them (decimal comma, dot between thousands) and as the JSON carries them.

"141,29%", "20.802", "192,583" for people; "906.00" for points and "6250" for exact sums in JSON.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

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


def _group(text: str) -> str:
    """Turn a plain "-1234.5" into Vietnamese "-1.234,5"."""
    sign = "-" if text.startswith("-") else ""
    digits = text.lstrip("-")
    whole, _, fraction = digits.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = sign + ".".join(groups)
    return f"{out},{fraction}" if fraction else out


def vn(value: Decimal, places: int | None = None) -> str:
    """Vietnamese style; with `places` rounded half up to that many decimals, without it every digit:
    vn(Decimal("20802")) → "20.802", vn(Decimal("192.583")) → "192,583", vn(Decimal("141.2857"), 2) → "141,29"."""
    text = fixed(value, places) if places is not None else plain(value)
    if text.startswith("-") and text.strip("-0.") == "":
        text = text[1:]
    return _group(text)


def vn_points(value: Decimal) -> str:
    """Points with two decimals: "40,00"."""
    return vn(value, 2)


def vn_percent(value: Decimal) -> str:
    """A percentage with two decimals and its sign: "141,29%"."""
    return f"{vn(value, 2)}%"


def vn_measure(value: Decimal) -> str:
    """A reported figure with at least two decimals and every digit it was given: "45,00", "67,97", "0,425"."""
    exponent = value.normalize().as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return vn(value, places)
