"""Forms of the awards area. AwardEntryForm validates both a hand-entered award and every row of an import."""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _

from thidua.awards.models import AttachmentKind, CatalogueAward, Category, Level, RecipientKind
from thidua.awards.selectors import RegisterFilters
from thidua.awards.services.register import AwardEntry, ExistingLines, accepts
from thidua.awards.text import normalise
from thidua.core.forms import VietnameseDecimalField
from thidua.eligibility.naming import AwardMatcher, AwardNameError
from thidua.eligibility.text import RATING_NAMES, SCOPES
from thidua.org.models import Unit

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class LabelChoiceField(forms.ChoiceField):
    """A choice given by its code or by its Vietnamese label, with or without diacritics (spreadsheets use labels).

    Its choices never change after the form is built, so copies share them: an import builds one form per row, and
    Django's deep copy of every choice and widget was most of the time spent validating a row.
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> LabelChoiceField:
        result = copy.copy(self)
        memo[id(self)] = result
        result.widget = copy.copy(self.widget)
        result.error_messages = self.error_messages.copy()
        return result

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Shared by the shallow copies each form makes, so the table is built once per set of choices.
        self._tables: dict[tuple[str, ...], dict[str, str]] = {}

    def _lookup(self) -> dict[str, str]:
        choices: list[tuple[Any, Any]] = list(self.choices)  # type: ignore[arg-type]
        key = tuple(str(code) for code, _label in choices)
        table = self._tables.get(key)
        if table is None:
            table = {}
            for code, label in choices:
                table.setdefault(normalise(str(label)), str(code))
                table[normalise(str(code))] = str(code)
            self._tables[key] = table
        return table

    def to_python(self, value: Any) -> str:
        text = str(super().to_python(value))
        return self._lookup().get(normalise(text), text)

    def valid_value(self, value: Any) -> bool:
        return str(value) in self._lookup().values()


class AwardNameField(LabelChoiceField):
    """An award of the catalogue chosen by its name (codes still work; they are for machines): diacritics, case and
    the usual abbreviations ("UBND") do not matter; an unknown or ambiguous name is refused with the closest names
    (thidua.eligibility.naming, the one home of the matching)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._matchers: dict[tuple[tuple[str, str], ...], AwardMatcher] = {}

    def _matcher(self) -> AwardMatcher:
        choices: list[tuple[Any, Any]] = list(self.choices)  # type: ignore[arg-type]
        key = tuple((str(code), str(label)) for code, label in choices)
        matcher = self._matchers.get(key)
        if matcher is None:
            matcher = self._matchers[key] = AwardMatcher(dict(key))
        return matcher

    def to_python(self, value: Any) -> str:
        text = "" if value in self.empty_values else str(value).strip()
        if not text:
            return ""
        try:
            return self._matcher().match(text)
        except AwardNameError as exc:
            raise ValidationError(exc.message, code="invalid_choice") from exc


def award_choices() -> list[tuple[str, str]]:
    return [(a.code, a.name) for a in CatalogueAward.objects.order_by("order", "code")]


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên"), required=False, max_length=100)
    award = forms.ChoiceField(label=_("Hình thức"), required=False)
    level = forms.ChoiceField(label=_("Cấp"), required=False, choices=[("", "—"), *Level.choices])
    year = forms.IntegerField(label=_("Năm thành tích"), required=False, min_value=1945, max_value=2100)
    unit = forms.ModelChoiceField(label=_("Đơn vị"), required=False, queryset=Unit.objects.none())
    kind = forms.ChoiceField(
        label=_("Đối tượng"), required=False, choices=[("", "—"), *RecipientKind.choices]
    )
    category = forms.ChoiceField(
        label=_("Thành phần"), required=False, choices=[("", "—"), *Category.choices]
    )
    # The lines of one recorded decision: set by the "xem trong sổ" link, carried as a hidden field.
    decision = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput())

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["award"].choices = [("", "—"), *award_choices()]  # type: ignore[attr-defined]
        if units is not None:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def filters(self) -> RegisterFilters:
        data = self.cleaned_data
        unit = data.get("unit")
        return RegisterFilters(
            q=data.get("q") or "",
            award=data.get("award") or "",
            level=data.get("level") or "",
            year=data.get("year"),
            unit=unit.pk if unit is not None else None,
            kind=data.get("kind") or "",
            category=data.get("category") or "",
            decision=data.get("decision"),
        )


class AwardEntryForm(forms.Form):
    """One award of the register; also the validation of each imported row, so both accept the same things."""

    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decision_date = forms.DateField(label=_("Ngày quyết định"), input_formats=DATE_FORMATS)
    level = LabelChoiceField(label=_("Cấp khen thưởng"), choices=Level.choices)
    signer_name = forms.CharField(label=_("Người ký"), max_length=120, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=200, required=False)
    award_code = AwardNameField(label=_("Hình thức khen thưởng"))
    recipient_kind = LabelChoiceField(label=_("Loại đối tượng"), choices=RecipientKind.choices)
    recipient_name = forms.CharField(label=_("Tên cá nhân, tập thể"), max_length=200)
    unit = forms.CharField(
        label=_("Đơn vị"),
        max_length=200,
        required=False,
        help_text=_("Mã hoặc tên đơn vị; tên đơn vị cũ không còn trong cây đơn vị được giữ nguyên."),
    )
    position = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    category = LabelChoiceField(label=_("Thành phần"), choices=Category.choices, initial=Category.OFFICIAL)
    year = forms.IntegerField(label=_("Năm thành tích"), min_value=1945, max_value=2100)

    def __init__(
        self,
        *args: Any,
        units: dict[str, Unit] | None = None,
        awards: dict[str, CatalogueAward] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Callers that validate many rows pass these in once, instead of a query per row.
        self.units = units if units is not None else {}
        self.awards = awards if awards is not None else {a.code: a for a in CatalogueAward.objects.all()}
        if not self.catalogue_bound:
            self.fields["award_code"].choices = [(a.code, a.name) for a in self.awards.values()]  # type: ignore[attr-defined]

    # True in the subclass entry_form_for() builds, whose award choices are set once for a whole import.
    catalogue_bound = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field, message in entry_rules(data, self.awards):
            self.add_error(field, message)
        return data

    def entry(self) -> AwardEntry:
        return entry_from(self.cleaned_data, self.units)


def entry_rules(data: dict[str, Any], awards: dict[str, CatalogueAward]) -> list[tuple[str, Any]]:
    """The rules of an award entry across its fields, as (field, message), on the fields' cleaned values: the
    entry form's clean() and the import's row check (EntryRowChecker) both apply them."""
    broken: list[tuple[str, Any]] = []  # (field, message: a lazily translated string)
    award = awards.get(data.get("award_code", ""))
    kind = data.get("recipient_kind")
    if award is not None and kind and not accepts(award, kind):
        broken.append(
            ("recipient_kind", _("%(award)s không tặng cho đối tượng này.") % {"award": award.name})
        )
    day: dt.date | None = data.get("decision_date")
    year: int | None = data.get("year")
    if day is not None and year is not None and year > day.year:
        broken.append(("year", _("Năm thành tích không thể sau năm ký quyết định.")))
    return broken


def entry_from(data: dict[str, Any], units: dict[str, Unit]) -> AwardEntry:
    """The AwardEntry of an entry's cleaned values; the unit by normalised code or name, else kept as a name."""
    given = (data.get("unit") or "").strip()
    unit = units.get(normalise(given)) if given else None
    return AwardEntry(
        decision_number=data["decision_number"].strip(),
        decision_date=data["decision_date"],
        level=data["level"],
        signer_name=data.get("signer_name", ""),
        signer_title=data.get("signer_title", ""),
        award_code=data["award_code"],
        recipient_kind=data["recipient_kind"],
        recipient_name=data["recipient_name"].strip(),
        unit=unit,
        unit_name="" if unit is not None else given,
        position=data.get("position", ""),
        category=data.get("category") or Category.OFFICIAL,
        year=data["year"],
    )


def entry_form_for(awards: dict[str, CatalogueAward]) -> type[AwardEntryForm]:
    """AwardEntryForm with the catalogue's awards as its choices, for validating many rows with one catalogue."""
    form_class: type[AwardEntryForm] = type(
        "CatalogueEntryForm", (AwardEntryForm,), {"catalogue_bound": True}
    )
    # After the class exists: the form metaclass would replace a base_fields given at creation.
    fields = copy.deepcopy(AwardEntryForm.base_fields)
    fields["award_code"].choices = [(a.code, a.name) for a in awards.values()]  # type: ignore[attr-defined]
    form_class.base_fields = fields
    return form_class


class EntryRowChecker:
    """AwardEntryForm's validation of many rows without building a form per row (building one took most of a
    100,000-row import): the fields of one form clean each value, so the rules and messages are the form's own, then
    entry_rules() as the form's clean() applies them. Errors come out as form.errors would give them."""

    def __init__(self, *, units: dict[str, Unit], awards: dict[str, CatalogueAward]) -> None:
        self.form = entry_form_for(awards)(units=units, awards=awards)
        self.units = units
        self.awards = awards
        self.fields = list(self.form.fields.items())

    def check(self, data: dict[str, Any]) -> tuple[AwardEntry | None, dict[str, ErrorList]]:
        """The entry of one row, or None and the errors by field (in the order form.errors has them)."""
        cleaned: dict[str, Any] = {}
        errors: dict[str, ErrorList] = {}
        for name, field in self.fields:
            # What the bound field would hand to clean(): the widget's reading of the row (a form has no prefix here).
            value = field.widget.value_from_datadict(data, {}, name)
            try:
                cleaned[name] = field.clean(value)
            except ValidationError as exc:
                errors.setdefault(name, ErrorList()).extend(exc.error_list)
        for name, message in entry_rules(cleaned, self.awards):
            errors.setdefault(name, ErrorList()).append(ValidationError(message))
            cleaned.pop(name, None)
        if errors:
            return None, errors
        return entry_from(cleaned, self.units), errors


def units_by_key(province: Unit) -> dict[str, Unit]:
    """The province's units by normalised code and by normalised name, as the entry form resolves them."""
    found: dict[str, Unit] = {}
    for unit in Unit.objects.filter(province=province):
        found.setdefault(normalise(unit.name), unit)
        found[normalise(unit.code)] = unit
    return found


class RevokeForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định thu hồi"), max_length=60)
    decision_date = forms.DateField(label=_("Ngày quyết định thu hồi"), input_formats=DATE_FORMATS)
    signer_name = forms.CharField(label=_("Người ký"), max_length=120, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=200, required=False)
    reason = forms.CharField(label=_("Lý do thu hồi"), max_length=400, widget=forms.Textarea)


class ImportForm(forms.Form):
    """The file to import and, for a user of several provinces, the province it goes to (one: chosen for them)."""

    province = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố"), queryset=Unit.objects.none(), empty_label=None
    )
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))
    on_existing = forms.ChoiceField(
        label=_("Dòng đã có trong sổ (cùng quyết định, người được khen và hình thức)"),
        choices=ExistingLines.choices,
        initial=ExistingLines.REFUSE,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, provinces: Any, register: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not register:
            del self.fields["on_existing"]
        field = self.fields["province"]
        field.queryset = provinces.order_by("name")  # type: ignore[attr-defined]
        choices = list(field.queryset)  # type: ignore[attr-defined]
        self.only: Unit | None = choices[0] if len(choices) == 1 else None
        if self.only is not None:
            # Nothing to choose: the field is not shown, and a post without it goes to the one province.
            field.initial, field.required, field.widget = self.only.pk, False, forms.HiddenInput()

    def clean_on_existing(self) -> str:
        return str(self.cleaned_data.get("on_existing") or ExistingLines.REFUSE)

    def clean_province(self) -> Unit | None:
        chosen: Unit | None = self.cleaned_data.get("province")
        return chosen or self.only


class CatalogueAwardForm(forms.Form):
    name = forms.CharField(label=_("Tên"), max_length=200)
    decided_by = forms.CharField(label=_("Thẩm quyền quyết định"), max_length=200, required=False)
    coefficient = VietnameseDecimalField(
        label=_("Hệ số tiền thưởng chung"),
        max_digits=6,
        decimal_places=2,
        required=False,
        widget=forms.TextInput,
        help_text=_(
            "Dùng khi chế độ pháp lý không ghi mức thưởng riêng; mức theo văn bản (cá nhân, tập thể) nằm ở khóa "
            "“reward” của từng chế độ trong ô điều kiện."
        ),
    )
    rules = forms.CharField(
        label=_("Điều kiện, căn cứ và mức thưởng theo chế độ (JSON)"), widget=forms.Textarea, required=False
    )
    reason = forms.CharField(label=_("Lý do sửa"), max_length=400)


class SubjectForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại đối tượng"),
        choices=[
            (RecipientKind.INDIVIDUAL, RecipientKind.INDIVIDUAL.label),
            (RecipientKind.COLLECTIVE, RecipientKind.COLLECTIVE.label),
        ],
    )
    name = forms.CharField(label=_("Họ tên / tên tập thể"), max_length=200)
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    position = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    recruited = forms.DateField(label=_("Ngày tuyển dụng"), required=False, input_formats=DATE_FORMATS)
    category = forms.ChoiceField(label=_("Thành phần"), choices=Category.choices)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


def titles_by_name(text: str, names: AwardMatcher) -> tuple[str, ...]:
    """The codes of the titles a cell or a field names: "Lao động tiên tiến; Chiến sĩ thi đua cơ sở", one a line,
    or codes separated by commas ("LDTT, CSTDCS"). A part is taken whole first, because a name may hold a comma
    ("Xã, phường, thị trấn tiêu biểu"); only when the whole part names nothing is it split at its commas."""
    codes: list[str] = []
    for part in re.split(r"[;\n]", text):
        part = part.strip()
        if not part:
            continue
        try:
            codes.append(names.match(part))
            continue
        except AwardNameError as whole:
            pieces = [piece.strip() for piece in part.split(",") if piece.strip()]
            if len(pieces) < 2:
                raise forms.ValidationError(whole.message) from whole
        for piece in pieces:
            try:
                codes.append(names.match(piece))
            except AwardNameError as exc:
                raise forms.ValidationError(exc.message) from exc
    return tuple(dict.fromkeys(codes))


def catalogue_matcher() -> AwardMatcher:
    return AwardMatcher(dict(award_choices()))


class SubjectYearForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=1945, max_value=2100)
    rating = forms.ChoiceField(
        label=_("Xếp loại"), required=False, choices=[("", "—"), *RATING_NAMES.items()]
    )
    titles = forms.CharField(
        label=_("Danh hiệu đạt (tên, cách nhau dấu chấm phẩy)"),
        required=False,
        help_text=_("Ví dụ: Lao động tiên tiến; Chiến sĩ thi đua cơ sở"),
    )
    initiatives = forms.CharField(
        label=_("Sáng kiến (mỗi dòng: phạm vi | tên)"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Phạm vi: co_so, tinh hoặc toan_quoc. Ví dụ: tinh | Số hóa hồ sơ một cửa"),
    )
    discipline = forms.CharField(label=_("Kỷ luật"), max_length=200, required=False)

    def clean_titles(self) -> tuple[str, ...]:
        return titles_by_name(self.cleaned_data["titles"], catalogue_matcher())

    def titles_list(self) -> tuple[str, ...]:
        titles: tuple[str, ...] = self.cleaned_data["titles"]
        return titles

    def initiatives_list(self) -> tuple[tuple[str, str], ...]:
        out: list[tuple[str, str]] = []
        for line in self.cleaned_data["initiatives"].splitlines():
            if line.strip():
                scope, _sep, title = line.partition("|")
                out.append((scope.strip(), title.strip()))
        return tuple(out)


class DossierForm(forms.Form):
    title = forms.CharField(label=_("Tên hồ sơ"), max_length=300)
    unit = forms.ModelChoiceField(label=_("Đơn vị đề nghị"), queryset=Unit.objects.none())
    award_code = forms.ChoiceField(label=_("Hình thức đề nghị"))
    year = forms.IntegerField(label=_("Năm thành tích"), min_value=1945, max_value=2100)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["award_code"].choices = award_choices()  # type: ignore[attr-defined]


class RecipientForm(forms.Form):
    subject: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Chọn từ danh sách đối tượng"), required=False, queryset=None
    )
    kind = forms.ChoiceField(label=_("Loại đối tượng"), choices=RecipientKind.choices, required=False)
    name = forms.CharField(label=_("Hoặc nhập tên"), max_length=200, required=False)
    position = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Thành phần"), choices=Category.choices, initial=Category.OFFICIAL)

    def __init__(self, *args: Any, subjects: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = subjects  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("subject") and not (data.get("name") or "").strip():
            raise forms.ValidationError(_("Chọn một đối tượng hoặc nhập tên."))
        if not data.get("subject") and not data.get("kind"):
            self.add_error("kind", _("Cần chọn loại đối tượng."))
        return data


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("Tệp (PDF, Word, Excel, ảnh; tối đa 10 MB)"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=1000, widget=forms.Textarea, required=False)


class DecisionDetailsForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decision_date = forms.DateField(label=_("Ngày ký"), input_formats=DATE_FORMATS)
    signer_name = forms.CharField(label=_("Người ký"), max_length=120)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=200, initial="CHỦ TỊCH")


class ProposalReferenceForm(forms.Form):
    """The tờ trình of Sở Nội vụ a decision answers, cited in its last căn cứ."""

    proposal_number = forms.CharField(label=_("Số tờ trình của Sở Nội vụ"), max_length=60, required=False)
    proposal_date = forms.DateField(
        label=_("Ngày tờ trình"),
        input_formats=DATE_FORMATS,
        required=False,
        error_messages={
            "invalid": _("Ngày tờ trình không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 10/01/2026.")
        },
    )


class DecisionDraftForm(ProposalReferenceForm):
    """What the draft decision and tờ trình print; everything may stay blank (the form people fill by hand), but a
    date that is typed must be a date."""

    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    decision_date = forms.DateField(
        label=_("Ngày ký"),
        input_formats=DATE_FORMATS,
        required=False,
        error_messages={
            "invalid": _("Ngày ký không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 20/01/2026.")
        },
    )
    signer_name = forms.CharField(label=_("Người ký"), max_length=120, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=200, required=False)


class SubjectRowForm(forms.Form):
    """One row of a subjects workbook; the columns of SUBJECT_COLUMNS in thidua.awards.importing."""

    name = forms.CharField(label=_("Họ tên / tên tập thể"), max_length=200)
    kind = LabelChoiceField(
        label=_("Loại đối tượng"),
        choices=[
            (RecipientKind.INDIVIDUAL, RecipientKind.INDIVIDUAL.label),
            (RecipientKind.COLLECTIVE, RecipientKind.COLLECTIVE.label),
        ],
    )
    unit = forms.CharField(label=_("Đơn vị"), max_length=200)
    position = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    recruited = forms.DateField(label=_("Ngày tuyển dụng"), required=False, input_formats=DATE_FORMATS)
    category = LabelChoiceField(label=_("Thành phần"), choices=Category.choices, required=False)
    year = forms.IntegerField(label=_("Năm"), min_value=1945, max_value=2100)
    rating = LabelChoiceField(label=_("Xếp loại"), choices=list(RATING_NAMES.items()), required=False)
    titles = forms.CharField(label=_("Danh hiệu"), required=False)
    initiatives = forms.CharField(label=_("Sáng kiến"), required=False)
    discipline = forms.CharField(label=_("Kỷ luật"), max_length=200, required=False)

    def __init__(self, *args: Any, units: dict[str, Unit], names: AwardMatcher, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = units
        self.names = names

    def clean_unit(self) -> Unit:
        given = self.cleaned_data["unit"]
        unit = self.units.get(normalise(given))
        if unit is None:
            raise forms.ValidationError(_("Không có đơn vị “%(unit)s” trong tỉnh.") % {"unit": given})
        return unit

    def clean_titles(self) -> tuple[str, ...]:
        return titles_by_name(str(self.cleaned_data["titles"]), self.names)

    def clean_initiatives(self) -> tuple[tuple[str, str], ...]:
        found: list[tuple[str, str]] = []
        for part in str(self.cleaned_data["initiatives"]).split(";"):
            if part.strip():
                scope, _sep, title = part.partition("|")
                if scope.strip() not in SCOPES:
                    raise forms.ValidationError(
                        _("Phạm vi sáng kiến “%(scope)s” phải là co_so, tinh hoặc toan_quoc.")
                        % {"scope": scope.strip()}
                    )
                found.append((scope.strip(), title.strip()))
        return tuple(found)
