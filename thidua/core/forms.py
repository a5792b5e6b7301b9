"""Form pieces every area uses: the Vietnamese number field, the date picker, and the filters of the board's
audit log."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core import numbers
from thidua.core.models import AuditEvent


class VietnameseDecimalField(forms.DecimalField):
    """A Decimal typed the Vietnamese way ("1.200,5"), read by the one reader of numbers; an ambiguous "1.5" is
    refused with both readings. The saved value is shown back the same way."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return numbers.parse_number(str(value))
        except numbers.NumberError as exc:
            raise forms.ValidationError(exc.message, code="invalid") from exc

    def prepare_value(self, value: Any) -> Any:
        return (
            numbers.format_any(value)
            if isinstance(value, Decimal | int) and not isinstance(value, bool)
            else value
        )

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # A text box: a number box would refuse "1.200,5" in the browser before the server could read it.
        attrs = forms.Field.widget_attrs(self, widget)
        attrs["inputmode"] = "decimal"
        return attrs


class DateInput(forms.DateInput):
    """The browser's own date picker; it submits yyyy-mm-dd whatever the language of the page."""

    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Người thực hiện"), required=False, max_length=150)
    action = forms.CharField(
        label=_("Hành động"), required=False, max_length=80, help_text=_("Ví dụ: unit.merge, role.assign")
    )
    object_type = forms.CharField(label=_("Loại đối tượng"), required=False, max_length=80)
    date_from = forms.DateField(label=_("Từ ngày"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=DateInput())
    text = forms.CharField(label=_("Đối tượng hoặc lý do có chứa"), required=False, max_length=200)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
        return data

    def apply(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        data = self.cleaned_data
        if data["actor"]:
            events = events.filter(actor_name__icontains=data["actor"])
        if data["action"]:
            events = events.filter(action__startswith=data["action"])
        if data["object_type"]:
            events = events.filter(object_type=data["object_type"])
        # Days are the province's days: an event at 23:30 on the 5th belongs to the 5th, not to UTC's 5th.
        if data["date_from"]:
            events = events.filter(created_at__gte=_start_of(data["date_from"]))
        if data["date_to"]:
            events = events.filter(created_at__lt=_start_of(data["date_to"] + dt.timedelta(days=1)))
        if data["text"]:
            events = events.filter(Q(object_repr__icontains=data["text"]) | Q(reason__icontains=data["text"]))
        return events


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
