"""The filters of the organisation pages. They only read; every write goes through thidua.org.services."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import DateInput
from thidua.org.models import ClusterKind, Unit


class UnitTreeForm(forms.Form):
    province = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố"),
        queryset=Unit.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Không tìm thấy tỉnh hoặc bạn không có quyền xem.")},
    )
    as_of = forms.DateField(
        label=_("Tại ngày"),
        widget=DateInput(),
        help_text=_("Cây đơn vị như đang có hiệu lực vào ngày này, ví dụ trước và sau ngày 01/7/2025."),
    )

    def __init__(self, data: object, *, provinces: QuerySet[Unit]) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        province_field = self.fields["province"]
        assert isinstance(province_field, forms.ModelChoiceField)
        province_field.queryset = provinces
        self.fields["as_of"].initial = timezone.localdate()


class ClusterYearFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int)
    kind = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", _("Cụm và khối")), *ClusterKind.choices]
    )

    def __init__(self, data: object, *, years: Iterable[int]) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.ChoiceField)
        year_field.choices = [(y, str(y)) for y in years]
