"""Forms of the framework editor, the targets table, the import and the scoring. Each turns what people type
(numbers with a decimal comma or point) into the package document's plain values; the engine judges the rest."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.agreements.describe import RULE_LABELS
from thidua.agreements.models import TargetSource
from thidua.core import numbers
from thidua.packages.workbook import guide as workbook_guide
from thidua.packages.workbook import v2 as workbook_v2
from thidua.packages.workbook.layout import tie_break_keys, tie_break_words

NUMBER_HELP = _(
    "Viết số theo kiểu Việt Nam: dấu phẩy trước phần thập phân (0,5), dấu chấm ngăn cách hàng nghìn (1.200)."
)
DIRECTIONS = [("higher", _("Cao hơn là tốt")), ("lower", _("Thấp hơn là tốt"))]


def parse_number(text: str) -> Decimal:
    """What a person typed, read by the one reader of numbers (thidua.core.numbers): "1.200" is 1200."""
    try:
        return numbers.parse_number(text)
    except numbers.NumberError as exc:
        raise forms.ValidationError(exc.message) from exc


def number_text(text: str) -> str:
    """The package document's plain decimal string ("1200.5") for what was typed ("1.200,5")."""
    return f"{parse_number(text):f}"


def shown(value: Any) -> Any:
    """A number of the package document ("40.5", 0.25) the way the form shows it back ("40,5"); other values as
    they are."""
    return (
        numbers.format_any(value) if isinstance(value, int | float | str | Decimal) and value != "" else value
    )


class NumberField(forms.CharField):
    """A decimal typed as text and kept as a decimal string, never through float."""

    def clean(self, value: Any) -> str | None:
        text = super().clean(value)
        return number_text(text) if text else None

    def prepare_value(self, value: Any) -> Any:
        # Initial values come from the document ("40.5"); what a person typed comes back exactly as typed.
        return value if isinstance(value, str) else shown(value)


def _rows(text: str, columns: int, label: str) -> list[list[str]]:
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) > columns:
            raise forms.ValidationError(
                _("Dòng %(n)s của “%(label)s”: nhiều hơn %(c)s cột.")
                % {"n": number, "label": label, "c": columns}
            )
        rows.append(cells + [""] * (columns - len(cells)))
    return rows


def _points_fraction(points: str, fraction: str, where: str) -> dict[str, str]:
    out = {}
    if points:
        out["points"] = number_text(points)
    if fraction:
        out["fraction"] = number_text(fraction)
    if not out:
        raise forms.ValidationError(_("%(where)s: cần điểm hoặc tỷ lệ điểm tối đa.") % {"where": where})
    return out


class NodeForm(forms.Form):
    """A node of the tree; the rule fields shown depend on the chosen rule type."""

    code = forms.CharField(label=_("Mã"), max_length=40)
    title = forms.CharField(label=_("Tên tiêu chí"), max_length=500)
    max = NumberField(label=_("Điểm tối đa"), help_text=NUMBER_HELP)
    unit_of_measure = forms.CharField(label=_("Đơn vị tính"), required=False)
    data_source = forms.CharField(label=_("Cơ quan cung cấp số liệu"), required=False)
    target_source = forms.ChoiceField(
        label=_("Nguồn chỉ tiêu"), required=False, choices=[("", _("(không ghi)")), *TargetSource.choices]
    )
    note = forms.CharField(label=_("Ghi chú"), required=False)
    rule_type = forms.ChoiceField(
        label=_("Cách chấm điểm"),
        required=False,
        choices=[("", _("(tiêu chí có tiêu chí con)")), *RULE_LABELS.items()],
    )
    direction = forms.ChoiceField(label=_("Chiều"), required=False, choices=DIRECTIONS)
    below = forms.ChoiceField(
        label=_("Không đạt chỉ tiêu"),
        required=False,
        choices=[("proportional", _("Điểm theo tỷ lệ")), ("zero", _("0 điểm"))],
    )
    floor_ratio = NumberField(label=_("Tỷ lệ sàn (dưới mức này 0 điểm, ví dụ 0,5)"), required=False)
    op = forms.ChoiceField(
        label=_("Phép so sánh"), required=False, choices=[(o, o) for o in (">=", ">", "<=", "<", "==")]
    )
    value = NumberField(label=_("Giá trị ngưỡng"), required=False)
    against = forms.ChoiceField(
        label=_("So sánh"),
        required=False,
        choices=[
            ("value", _("thực hiện với giá trị ngưỡng")),
            ("target", _("thực hiện với chỉ tiêu")),
            ("target_percent", _("% thực hiện/chỉ tiêu với giá trị ngưỡng")),
        ],
    )
    else_points = NumberField(label=_("Điểm khi không đạt"), required=False)
    input = forms.ChoiceField(
        label=_("Tính khung trên"),
        required=False,
        choices=[("actual", _("giá trị thực hiện")), ("target_percent", _("% thực hiện/chỉ tiêu"))],
    )
    table = forms.CharField(
        label=_("Bảng"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Mỗi dòng một mức. Khung điểm: “từ | điểm | tỷ lệ điểm tối đa”; xếp loại: “tên xếp loại | điểm | tỷ lệ”."
        ),
    )
    each = NumberField(label=_("Điểm mỗi đơn vị đếm được"), required=False)
    same = NumberField(label=_("Bằng năm trước: tỷ lệ điểm tối đa"), required=False)
    worse = NumberField(label=_("Kém hơn năm trước: tỷ lệ điểm tối đa"), required=False)
    of = forms.ChoiceField(
        label=_("So sánh trên"),
        required=False,
        choices=[("actual", _("giá trị thực hiện")), ("ratio", _("tỷ lệ thực hiện/chỉ tiêu"))],
    )
    points_by_rank = forms.CharField(label=_("Điểm theo hạng (cách nhau bởi dấu chấm phẩy)"), required=False)
    bonus_step = NumberField(label=_("Thưởng: mỗi … % vượt"), required=False)
    bonus_points = NumberField(label=_("Thưởng: số điểm mỗi bước"), required=False)
    bonus_cap = NumberField(label=_("Thưởng: tối đa"), required=False)
    scoring = forms.CharField(
        label=_("Cách chấm theo định dạng 2"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Mỗi dòng một thiết lập “Mục = Giá trị”, như trang “Cách chấm” của mẫu Excel, ví dụ "
            "“Điểm trừ › Tối đa = 1,5” hoặc “Điểm trừ › Cách tính › 1 › Loại = Theo từng trường hợp”. "
            "Dùng cho điểm chuẩn, điểm cộng, điểm trừ, các số liệu, thang điểm riêng, giới hạn của nhóm "
            "và cách tính khi không giao chỉ tiêu; khi đã ghi Điểm chuẩn ở đây thì để trống “Cách chấm điểm”."
        ),
    )

    FIELDS_BY_RULE = {
        "ratio": ("direction", "below", "floor_ratio", "bonus_step", "bonus_points", "bonus_cap"),
        "threshold": ("op", "value", "against", "else_points"),
        "bands": ("input", "table"),
        "rating": ("table",),
        "assessed": (),
        "count": ("each",),
        "boolean": ("else_points",),
        "change": ("direction", "same", "worse"),
        "relative": ("direction", "of"),
        "rank": ("points_by_rank", "direction", "of"),
    }
    BASE_FIELDS = (
        "code",
        "title",
        "max",
        "unit_of_measure",
        "data_source",
        "target_source",
        "note",
        "rule_type",
    )

    def __init__(self, *args: Any, group: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group = group
        if group:
            del self.fields["rule_type"]

    # The labels of "Cách chấm" and every rule and term type with its settings, from the engine's registry.
    scoring_guide = workbook_guide.GUIDE_2[:3]

    def chosen_rule(self) -> str:
        if self.group:
            return ""
        return str(
            self.data.get("rule_type", self.initial.get("rule_type", ""))
            if self.is_bound
            else self.initial.get("rule_type", "")
        )

    def rule_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.FIELDS_BY_RULE.get(self.chosen_rule(), ())]

    def base_fields_bound(self) -> list[forms.BoundField]:
        return [self[name] for name in self.BASE_FIELDS if name in self.fields]

    def node(self) -> dict[str, Any]:
        """The node as the package writes it (children are kept by the service)."""
        data = self.cleaned_data
        node: dict[str, Any] = {
            "code": data["code"].strip(),
            "title": data["title"].strip(),
            "max": data["max"],
        }
        for key in ("unit_of_measure", "data_source", "target_source", "note"):
            if data.get(key):
                node[key] = data[key].strip()
        kind = data.get("rule_type") or ""
        scoring = scoring_tree(data.get("scoring") or "")
        if kind and ("standard" in scoring or "rule" in scoring):
            raise forms.ValidationError(
                _("Điểm chuẩn đã ghi ở “Cách chấm theo định dạng 2”; để trống “Cách chấm điểm”.")
            )
        if "bonus" in scoring and any(data.get(k) for k in ("bonus_step", "bonus_points", "bonus_cap")):
            raise forms.ValidationError(
                _("Điểm cộng đã ghi ở “Cách chấm theo định dạng 2”; để trống các ô “Thưởng”.")
            )
        node.update(scoring)
        if kind:
            node["rule"] = self._rule(kind, data)
            if kind == "ratio" and any(data.get(k) for k in ("bonus_step", "bonus_points", "bonus_cap")):
                node["bonus"] = {
                    "step_percent": data.get("bonus_step") or "1",
                    "points_per_step": data.get("bonus_points") or "0",
                    "cap": data.get("bonus_cap") or "0",
                }
        return node

    def _rule(self, kind: str, data: dict[str, Any]) -> dict[str, Any]:
        rule: dict[str, Any] = {"type": kind}
        for key in self.FIELDS_BY_RULE[kind]:
            if key in ("table", "points_by_rank") or key.startswith("bonus_"):
                continue
            if data.get(key):
                rule[key] = data[key]
        if kind == "bands":
            rule["bands"] = [
                {"min": number_text(low), **_points_fraction(points, fraction, f"từ {low}")}
                for low, points, fraction in _rows(data.get("table") or "", 3, "Bảng")
            ]
        if kind == "rating":
            rule["levels"] = {
                label: _points_fraction(points, fraction, label)
                for label, points, fraction in _rows(data.get("table") or "", 3, "Bảng")
            }
        if kind == "rank":
            rule["points_by_rank"] = [
                number_text(p) for p in (data.get("points_by_rank") or "").split(";") if p.strip()
            ]
        return rule

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            try:
                self.built = self.node()
            except ScoringError as exc:
                self.add_error("scoring", str(exc))
            except forms.ValidationError as exc:
                self.add_error("table" if self.chosen_rule() in ("bands", "rating") else None, exc)
        return cleaned


NUMBER_KEYS = {"floor_ratio", "value", "else_points", "each", "same", "worse"}


class ScoringError(ValueError):
    """A line of “Cách chấm theo định dạng 2” that cannot be read, in Vietnamese with its line number."""


def scoring_tree(text: str) -> dict[str, Any]:
    """The version 2 keys of a node from the editor's lines “Mục = Giá trị”, read with the workbook's labels
    (thidua.packages.workbook.v2), so the editor, the workbook and the package say the same thing."""
    rows: list[tuple[tuple[str, ...], object]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        path, equals, value = line.partition("=")
        if not equals or not path.strip():
            raise ScoringError(
                _("Dòng %(n)s: cần dạng “Mục = Giá trị”, đang là “%(line)s”.")
                % {"n": number, "line": line.strip()}
            )
        labels = tuple(part.strip() for part in path.split(workbook_v2.SEPARATOR.strip()))
        rows.append((labels, _scoring_value(value.strip())))
    if not rows:
        return {}
    try:
        return workbook_v2.criterion_tree(rows)
    except workbook_v2.Unreadable as exc:
        raise ScoringError(str(exc)) from exc


def _scoring_value(text: str) -> object:
    """A number (decimal comma or point) as its decimal string, other text as it is."""
    try:
        return number_text(text) if text else None
    except forms.ValidationError:
        return text


def scoring_text(node: dict[str, Any]) -> str:
    """The editor's lines for a stored node's version 2 keys."""
    return "\n".join(
        f"{workbook_v2.SEPARATOR.join(path)} = {'' if value is None else value}"
        for path, value, _ in workbook_v2.criterion_rows(node, workbook_v2.version_2_keys(node))
    )


def node_initial(node: dict[str, Any]) -> dict[str, Any]:
    """The form's initial values from a stored node."""
    initial: dict[str, Any] = {
        key: node.get(key, "")
        for key in ("code", "title", "unit_of_measure", "data_source", "target_source", "note")
    }
    initial["max"] = shown(node.get("max", ""))
    rule = node.get("rule") or {}
    initial["rule_type"] = rule.get("type", "")
    for key in (
        "direction",
        "below",
        "floor_ratio",
        "op",
        "value",
        "against",
        "else_points",
        "input",
        "each",
        "same",
        "worse",
        "of",
    ):
        if key in rule:
            initial[key] = shown(rule[key]) if key in NUMBER_KEYS else rule[key]
    if rule.get("type") == "bands":
        initial["table"] = "\n".join(
            f"{shown(b.get('min', ''))} | {shown(b.get('points', ''))} | {shown(b.get('fraction', ''))}"
            for b in rule.get("bands") or []
        )
    if rule.get("type") == "rating":
        initial["table"] = "\n".join(
            f"{label} | {shown(v.get('points', ''))} | {shown(v.get('fraction', ''))}"
            for label, v in (rule.get("levels") or {}).items()
        )
    if "points_by_rank" in rule:
        initial["points_by_rank"] = "; ".join(str(shown(p)) for p in rule["points_by_rank"])
    initial["scoring"] = scoring_text(node)
    bonus = node.get("bonus") or {}
    if workbook_v2.is_part(bonus):
        bonus = {}  # a version 2 part: shown in “Cách chấm theo định dạng 2”
    initial.update(
        {
            "bonus_step": shown(bonus.get("step_percent", "")),
            "bonus_points": shown(bonus.get("points_per_step", "")),
            "bonus_cap": shown(bonus.get("cap", "")),
        }
    )
    return initial


class SettingsForm(forms.Form):
    """Framework-wide settings."""

    standard_points = NumberField(label=_("Điểm chuẩn"), help_text=NUMBER_HELP)
    bonus_cap = NumberField(label=_("Điểm thưởng tối đa"), required=False)
    not_applicable = forms.ChoiceField(
        label=_("Tiêu chí không áp dụng"),
        choices=[
            ("renormalize", _("Quy đổi theo tỷ lệ")),
            ("full", _("Tính đủ điểm")),
            ("zero", _("Tính 0 điểm")),
        ],
    )
    tie_break = forms.CharField(
        label=_("Thứ tự phân định khi bằng điểm"),
        required=False,
        help_text=_(
            "Theo thứ tự, cách nhau bởi dấu chấm phẩy, ví dụ: Điểm nội dung 1 cao hơn; Điểm thưởng cao hơn; "
            "Điểm trừ thấp hơn; Điểm chuẩn cao hơn."
        ),
    )
    bands = forms.CharField(
        label=_("Xếp loại theo tổng điểm"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng: tên xếp loại | điểm từ"),
    )
    honours = forms.CharField(
        label=_("Đề nghị khen thưởng theo hạng"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng: hạng | hình thức khen thưởng | tổng điểm tối thiểu (có thể để trống)"),
    )
    bonus_items = forms.CharField(
        label=_("Mục điểm thưởng"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng: mã | nội dung | điểm"),
    )
    late_deadline = forms.DateField(
        label=_("Hạn nộp báo cáo"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Khi Ban Thi đua – Khen thưởng đặt hạn báo cáo cho năm thi đua, hạn đó được dùng thay hạn này. "
            "Để trống cả ba ô nếu nộp trễ không bị trừ điểm."
        ),
    )
    late_points = NumberField(label=_("Trừ mỗi ngày nộp trễ"), required=False)
    late_cap = NumberField(label=_("Trừ tối đa vì nộp trễ"), required=False)

    def settings(self) -> dict[str, Any]:
        data = self.cleaned_data
        out: dict[str, Any] = {
            "standard_points": data["standard_points"],
            "bonus_cap": data.get("bonus_cap") or "0",
            "not_applicable": data["not_applicable"],
            "tie_break": tie_break_keys(data.get("tie_break") or ""),
            "bands": [
                {"label": label, "min": number_text(low)}
                for label, low in _rows(data.get("bands") or "", 2, "Xếp loại")
            ],
            "honours": [
                {"rank": int(rank), "award": award, **({"min_total": number_text(low)} if low else {})}
                for rank, award, low in _rows(data.get("honours") or "", 3, "Khen thưởng")
            ],
            "bonus_items": [
                {"code": code, "title": title, "points": number_text(points)}
                for code, title, points in _rows(data.get("bonus_items") or "", 3, "Điểm thưởng")
            ],
        }
        if data.get("late_deadline"):
            out["late_report"] = {
                "deadline": data["late_deadline"].isoformat(),
                "points_per_day": data.get("late_points") or "0",
                "cap": data.get("late_cap") or "0",
            }
        return out

    def _check_late_report(self, cleaned: dict[str, Any]) -> None:
        """The late-report rule needs its three values together; half of it would be dropped without a word."""
        names = ("late_deadline", "late_points", "late_cap")
        given = [name for name in names if cleaned.get(name)]
        if given and len(given) < len(names):
            for name in names:
                if name not in given and name not in self.errors:
                    self.add_error(
                        name, _("Nhập đủ hạn nộp, điểm trừ mỗi ngày và điểm trừ tối đa khi nộp trễ.")
                    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._check_late_report(cleaned)
        if not self.errors:
            try:
                self.built = self.settings()
            except (forms.ValidationError, ValueError) as exc:
                self.add_error(
                    None, exc if isinstance(exc, forms.ValidationError) else _("Hạng phải là số nguyên.")
                )
        return cleaned


def settings_initial(document: dict[str, Any]) -> dict[str, Any]:
    late = document.get("late_report") or {}
    return {
        "standard_points": shown(document.get("standard_points", "")),
        "bonus_cap": shown(document.get("bonus_cap", "")),
        "not_applicable": document.get("not_applicable", "renormalize"),
        "tie_break": tie_break_words([str(key) for key in document.get("tie_break") or []]),
        "bands": "\n".join(f"{b['label']} | {shown(b['min'])}" for b in document.get("bands") or []),
        "honours": "\n".join(
            f"{h['rank']} | {h['award']} | {shown(h.get('min_total', ''))}"
            for h in document.get("honours") or []
        ),
        "bonus_items": "\n".join(
            f"{i['code']} | {i['title']} | {shown(i['points'])}" for i in document.get("bonus_items") or []
        ),
        "late_deadline": late.get("deadline", ""),
        "late_points": shown(late.get("points_per_day", "")),
        "late_cap": shown(late.get("cap", "")),
    }


class FrameworkCreateForm(forms.Form):
    name = forms.CharField(label=_("Tên thang điểm"), max_length=200)


class PublishForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định ban hành"), max_length=120)
    decision_date = forms.DateField(
        label=_("Ngày quyết định"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    decision_title = forms.CharField(label=_("Trích yếu"), required=False, max_length=300)


class TargetForm(forms.Form):
    target = NumberField(label=_("Chỉ tiêu"), required=False, help_text=_("Để trống để xóa chỉ tiêu."))
    source = forms.ChoiceField(
        label=_("Nguồn chỉ tiêu"), required=False, choices=[("", _("Theo tiêu chí")), *TargetSource.choices]
    )
    reason = forms.CharField(label=_("Lý do"), max_length=500)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp gói dữ liệu (.yaml, .json, .xlsx)"))


class FrameworkImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp thang điểm (.yaml, .json, .xlsx)"))
    name = forms.CharField(
        label=_("Tên thang điểm"),
        max_length=200,
        required=False,
        help_text=_("Để trống để dùng tên ghi trong tệp. Tệp Excel không ghi tên thang điểm."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=500)
