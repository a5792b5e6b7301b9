"""The forms of the organisation pages. They only read input; every write goes through thidua.org.services."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.accounts.forms import ServiceErrorsMixin
from thidua.core.forms import DateInput
from thidua.org.models import ClusterKind, MemberRole, Unit, UnitLevel

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


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


# ---- the board's set-up forms: they read input; thidua.org.services decides and writes --------------------------

SETUP_LEVELS = [(value, label) for value, label in UnitLevel.choices if value != UnitLevel.PROVINCE]


def _reason(label: StrOrPromise = "Lý do", help_text: StrOrPromise = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=help_text,
    )


def _units_field(
    label: StrOrPromise, *, required: bool = False, help_text: StrOrPromise = ""
) -> forms.ModelChoiceField[Unit]:
    return forms.ModelChoiceField(
        label=label,
        queryset=Unit.objects.none(),
        required=required,
        empty_label=_("— Không có —") if not required else _("— Chọn đơn vị —"),
        help_text=help_text,
    )


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên hoặc mã"), required=False, max_length=100)
    level = forms.ChoiceField(label=_("Cấp"), required=False, choices=[("", _("Mọi cấp")), *SETUP_LEVELS])
    status = forms.ChoiceField(
        label=_("Hiệu lực"),
        required=False,
        choices=[("", _("Tất cả")), ("current", _("Đang có hiệu lực")), ("ended", _("Đã hết hiệu lực"))],
    )


class UnitCreateForm(ServiceErrorsMixin, forms.Form):
    level = forms.ChoiceField(label=_("Cấp đơn vị"), choices=SETUP_LEVELS)
    code = forms.CharField(
        label=_("Mã đơn vị"), max_length=40, help_text=_("Viết liền, ví dụ PHUONG-VINH-LAC.")
    )
    name = forms.CharField(label=_("Tên đơn vị"), max_length=200)
    parent = _units_field(_("Đơn vị cấp trên"))
    valid_from = forms.DateField(label=_("Hiệu lực từ ngày"), widget=DateInput(), required=False)
    is_data_source = forms.BooleanField(label=_("Là cơ quan nguồn số liệu"), required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_units(self, "parent", units)


class UnitEditForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Tên đơn vị"), max_length=200)
    parent = _units_field(_("Đơn vị cấp trên"))
    is_data_source = forms.BooleanField(label=_("Là cơ quan nguồn số liệu"), required=False)
    reason = _reason(_("Lý do sửa"))

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_units(self, "parent", units)


class UnitDissolveForm(ServiceErrorsMixin, forms.Form):
    date = forms.DateField(
        label=_("Ngày giải thể có hiệu lực"),
        widget=DateInput(),
        help_text=_("Đơn vị hết hiệu lực từ ngày này (còn hiệu lực đến hết ngày hôm trước)."),
    )
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=120)
    successor = _units_field(_("Đơn vị tiếp nhận nhiệm vụ (nếu có)"))
    note = _reason(_("Lý do giải thể"))

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_units(self, "successor", units)


MERGE_INTO_EXISTING, MERGE_INTO_NEW = "existing", "new"


class UnitMergeForm(ServiceErrorsMixin, forms.Form):
    predecessors = forms.ModelMultipleChoiceField(
        label=_("Các đơn vị được sáp nhập"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    mode = forms.ChoiceField(
        label=_("Đơn vị sau sáp nhập"),
        choices=[
            (MERGE_INTO_EXISTING, _("Sáp nhập vào một đơn vị đang có")),
            (MERGE_INTO_NEW, _("Thành lập đơn vị mới")),
        ],
        widget=forms.RadioSelect,
        initial=MERGE_INTO_EXISTING,
    )
    successor = _units_field(_("Đơn vị tiếp nhận"), help_text=_("Khi sáp nhập vào một đơn vị đang có."))
    new_level = forms.ChoiceField(
        label=_("Cấp của đơn vị mới"), choices=[("", _("— Chọn cấp —")), *SETUP_LEVELS], required=False
    )
    new_code = forms.CharField(label=_("Mã đơn vị mới"), max_length=40, required=False)
    new_name = forms.CharField(label=_("Tên đơn vị mới"), max_length=200, required=False)
    date = forms.DateField(
        label=_("Ngày sáp nhập có hiệu lực"),
        widget=DateInput(),
        help_text=_("Các đơn vị được sáp nhập còn hiệu lực đến hết ngày hôm trước."),
    )
    decision_number = forms.CharField(label=_("Số nghị quyết, quyết định"), max_length=120)
    note = _reason(_("Lý do, ghi chú"))

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_units(self, "successor", units)
        successor = self.fields["successor"]
        assert isinstance(successor, forms.ModelChoiceField)
        successor.empty_label = _("— Chọn đơn vị tiếp nhận —")
        predecessors = self.fields["predecessors"]
        assert isinstance(predecessors, forms.ModelMultipleChoiceField)
        predecessors.queryset = units

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mode") == MERGE_INTO_EXISTING and not data.get("successor"):
            self.add_error("successor", _("Chọn đơn vị tiếp nhận."))
        if data.get("mode") == MERGE_INTO_NEW:
            for name in ("new_level", "new_code", "new_name"):
                if not data.get(name):
                    self.add_error(name, _("Cần nhập khi thành lập đơn vị mới."))
        return data


class ClusterForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=ClusterKind.choices)
    code = forms.CharField(label=_("Mã cụm, khối"), max_length=40, help_text=_("Viết liền, ví dụ CUM-7."))
    name = forms.CharField(label=_("Tên cụm, khối"), max_length=200)
    decision_number = forms.CharField(label=_("Số quyết định thành lập"), max_length=120, required=False)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DateInput(), required=False)


class ClusterEditForm(ClusterForm):
    reason = _reason(_("Lý do sửa"))


class OpenYearForm(forms.Form):
    year = forms.IntegerField(
        label=_("Năm thi đua cần mở"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "min_value": _("Năm phải từ 2000 đến 2100."),
            "max_value": _("Năm phải từ 2000 đến 2100."),
            "invalid": _("Nhập năm bằng số, ví dụ 2027."),
        },
    )


class MemberAddForm(ServiceErrorsMixin, forms.Form):
    unit = _units_field(_("Đơn vị"), required=True)
    role = forms.ChoiceField(label=_("Vai trò"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    order = forms.IntegerField(
        label=_("Thứ tự luân phiên"),
        min_value=0,
        required=False,
        help_text=_("Để trống: xếp cuối danh sách."),
    )
    reason = _reason(_("Lý do thêm"))

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_units(self, "unit", units)


def _short_reason(label: StrOrPromise) -> forms.CharField:
    """A one-line reason for a row of a table, where a text area would make every row tall."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("Lý do")}),
    )


class MemberChangeForm(ServiceErrorsMixin, forms.Form):
    role = forms.ChoiceField(label=_("Vai trò"), choices=MemberRole.choices)
    order = forms.IntegerField(
        label=_("Thứ tự luân phiên"), min_value=0, widget=forms.NumberInput(attrs={"size": 3})
    )
    reason = _short_reason(_("Lý do thay đổi"))


class MemberRemoveForm(ServiceErrorsMixin, forms.Form):
    reason = _short_reason(_("Lý do bỏ khỏi danh sách"))


def _set_units(form: forms.Form, name: str, units: QuerySet[Unit]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = units
    field.label_from_instance = _unit_label  # type: ignore[method-assign,assignment]


def _unit_label(unit: Unit) -> str:
    return f"{unit.name} ({unit.code})"
