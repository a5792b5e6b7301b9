"""Vietnamese wording shared by the rules: ratings, scopes, dates, percentages, lists of years."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from thidua.core.numbers import format_number

# Best first: the order is what "hoàn thành tốt nhiệm vụ trở lên" compares against.
RATINGS: tuple[str, ...] = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
RATING_NAMES: dict[str, str] = {
    "HTXSNV": "hoàn thành xuất sắc nhiệm vụ",
    "HTTNV": "hoàn thành tốt nhiệm vụ",
    "HTNV": "hoàn thành nhiệm vụ",
    "KHTNV": "không hoàn thành nhiệm vụ",
}

# Narrowest first: a nationwide initiative also has effect in the whole province.
SCOPES: tuple[str, ...] = ("co_so", "tinh", "toan_quoc")
SCOPE_NAMES: dict[str, str] = {"co_so": "cấp cơ sở", "tinh": "cấp tỉnh", "toan_quoc": "toàn quốc"}


def rating_at_least(rating: str, required: str) -> bool:
    return RATINGS.index(rating) <= RATINGS.index(required)


def rating_requirement(required: str) -> str:
    """'hoàn thành tốt nhiệm vụ trở lên', or just the name for the best rating."""
    name = RATING_NAMES[required]
    return name if required == RATINGS[0] else f"{name} trở lên"


def scope_at_least(scope: str, required: str) -> bool:
    return SCOPES.index(scope) >= SCOPES.index(required)


def date_vn(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def percent_vn(value: Decimal) -> str:
    """75.5 → '75,50'; two fraction digits, rounded half up, Vietnamese decimal comma."""
    return format_number(value, 2)


def number_vn(value: Decimal) -> str:
    """A threshold as written in the rule: 50 → '50', 12.5 → '12,5'."""
    return format_number(value)


def years_vn(years: Iterable[int]) -> str:
    return ", ".join(str(year) for year in years)
