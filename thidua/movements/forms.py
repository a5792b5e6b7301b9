"""Forms of the movement pages. They only parse; every rule is checked again by thidua.movements.services."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from thidua.accounts.forms import ServiceErrorsMixin
from thidua.core.forms import DateInput
from thidua.movements.models import Movement, MovementKind, MovementScope, ReviewKind
from thidua.movements.selectors import MovementFilters
from thidua.movements.services import MovementSpec
from thidua.org.models import Cluster, Unit, UnitLevel


class MovementFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", _("Tất cả")), *MovementKind.choices]
    )
    scope = forms.ChoiceField(
        label=_("Phạm vi"), required=False, choices=[("", _("Tất cả")), *MovementScope.choices]
    )
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)
    search = forms.CharField(label=_("Tên hoặc số quyết định"), required=False, max_length=200)

    def filters(self) -> MovementFilters:
        data = self.cleaned_data
        return MovementFilters(
            kind=data["kind"], scope=data["scope"], year=data["year"], search=data["search"].strip()
        )


def split_codes(text: str) -> list[str]:
    """Codes separated by commas, semicolons or new lines, as a board officer types or pastes them."""
    return [part for part in re.split(r"[,;\n\r]+", text) if part.strip()]


class MovementForm(ServiceErrorsMixin, forms.Form):
    province = forms.ModelChoiceField(
        label=_("Tỉnh phát động"), queryset=Unit.objects.none(), empty_label=None
    )
    name = forms.CharField(label=_("Tên phong trào"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại"), choices=MovementKind.choices)
    decision_number = forms.CharField(label=_("Số quyết định, chỉ thị phát động"), max_length=120)
    decision_date = forms.DateField(label=_("Ngày ban hành"), widget=DateInput())
    decision_signer = forms.CharField(label=_("Người ký"), max_length=200, required=False)
    start_date = forms.DateField(label=_("Bắt đầu"), widget=DateInput())
    end_date = forms.DateField(
        label=_("Kết thúc"),
        widget=DateInput(),
        required=False,
        help_text=_("Để trống với phong trào thường xuyên."),
    )
    scope = forms.ChoiceField(label=_("Phạm vi"), choices=MovementScope.choices)
    clusters = forms.ModelMultipleChoiceField(
        label=_("Cụm, khối"), queryset=Cluster.objects.none(), required=False
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Đơn vị tham gia"), queryset=Unit.objects.none(), required=False
    )
    criteria_codes = forms.CharField(
        label=_("Tiêu chí liên quan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mã tiêu chí trong bộ tiêu chí, cách nhau bởi dấu phẩy, ví dụ: 1.1, 2.3"),
    )
    award_codes = forms.CharField(
        label=_("Hình thức khen thưởng liên quan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mã hình thức khen thưởng, cách nhau bởi dấu phẩy."),
    )
    description = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    reason = forms.CharField(label=_("Lý do thay đổi"), required=False, max_length=500)

    def __init__(
        self, data: Any = None, *, provinces: QuerySet[Unit], initial: dict[str, Any] | None = None
    ) -> None:
        super().__init__(data, initial=initial)
        self._set_queryset("province", provinces)
        self._set_queryset(
            "clusters", Cluster.objects.filter(province__in=provinces).order_by("kind", "code")
        )
        units = Unit.objects.filter(province__in=provinces, valid_to__isnull=True).exclude(
            level=UnitLevel.PROVINCE
        )
        self._set_queryset("participants", units.order_by("level", "name"))

    def _set_queryset(self, name: str, queryset: QuerySet[Any]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset

    def spec(self) -> MovementSpec:
        data = self.cleaned_data
        return MovementSpec(
            name=data["name"],
            kind=data["kind"],
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            decision_signer=data["decision_signer"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            scope=data["scope"],
            clusters=list(data["clusters"]),
            participants=list(data["participants"]),
            criteria_codes=split_codes(data["criteria_codes"]),
            award_codes=split_codes(data["award_codes"]),
            description=data["description"],
        )

    @staticmethod
    def initial_of(movement: Movement) -> dict[str, Any]:
        return {
            "province": movement.province_id,
            "name": movement.name,
            "kind": movement.kind,
            "decision_number": movement.decision_number,
            "decision_date": movement.decision_date,
            "decision_signer": movement.decision_signer,
            "start_date": movement.start_date,
            "end_date": movement.end_date,
            "scope": movement.scope,
            "clusters": list(movement.clusters.all()),
            "participants": list(movement.participants.all()),
            "criteria_codes": ", ".join(movement.criteria_codes),
            "award_codes": ", ".join(movement.award_codes),
            "description": movement.description,
        }


class ReviewForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=ReviewKind.choices)
    date = forms.DateField(label=_("Ngày"), widget=DateInput())
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=500)
