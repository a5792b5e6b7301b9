"""Forms of the reporting pages. They only parse; thidua.reporting.services checks every rule again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.accounts.forms import ServiceErrorsMixin
from thidua.reporting.models import DocumentFormat
from thidua.reporting.services import SECTION_MAX_CHARS


class SectionForm(ServiceErrorsMixin, forms.Form):
    text = forms.CharField(
        label=_("Nội dung"),
        required=False,
        max_length=SECTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Dòng trống tách đoạn; dòng bắt đầu bằng “- ” là một gạch đầu dòng."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = forms.CharField(label=_("Ghi chú thay đổi"), required=False, max_length=500)


class RequestForm(ServiceErrorsMixin, forms.Form):
    format = forms.ChoiceField(
        label=_("Định dạng"), choices=DocumentFormat.choices, initial=DocumentFormat.DOCX
    )
