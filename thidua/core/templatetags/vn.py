"""Numbers and dates the way Vietnamese documents write them: "141,29", "20.802", "07/03/2017".

The format does not follow the interface language: scores, targets and decision dates are quoted from legal
documents and reports, and an English page must show the same figures the minutes show.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

from thidua.core.numbers import format_any

register = template.Library()


@register.filter
def vn_number(value: Any, places: Any = None) -> str:
    """`{{ score|vn_number:2 }}` → "141,29"; `{{ count|vn_number }}` → "20.802"."""
    try:
        digits = None if places in (None, "") else int(places)
    except (TypeError, ValueError):
        digits = None
    return format_any(value, digits)


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
