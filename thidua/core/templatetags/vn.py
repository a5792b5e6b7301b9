"""Numbers and dates the way Vietnamese documents write them: "141,29", "20.802", "07/03/2017".

The format does not follow the interface language: scores, targets and decision dates are quoted from legal
documents and reports, and an English page must show the same figures the minutes show.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import timezone

register = template.Library()


def format_number(value: Any, places: int | None = None) -> str:
    """Group thousands with "." and separate decimals with ","; `places` rounds half up, as scores are."""
    if value is None or value == "":
        return ""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    text = f"{abs(number):f}"
    whole, _, fraction = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    grouped = ".".join(groups)
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


@register.filter
def vn_number(value: Any, places: Any = None) -> str:
    """`{{ score|vn_number:2 }}` → "141,29"; `{{ count|vn_number }}` → "20.802"."""
    try:
        digits = None if places in (None, "") else int(places)
    except (TypeError, ValueError):
        digits = None
    return format_number(value, digits)


@register.filter
def vn_date(value: Any) -> str:
    """dd/mm/yyyy; an aware datetime is shown on the province's clock first. An ISO date string, as package
    documents store dates ("2026-02-10"), is read as that date; any other text is shown as it is."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            return str(value)
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return str(value.strftime("%d/%m/%Y"))
    if isinstance(value, dt.date):
        return str(value.strftime("%d/%m/%Y"))
    return str(value)


@register.filter
def vn_datetime(value: Any) -> str:
    """dd/mm/yyyy HH:MM on the province's clock."""
    if not isinstance(value, dt.datetime):
        return vn_date(value)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return str(value.strftime("%d/%m/%Y %H:%M"))
