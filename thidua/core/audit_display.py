"""The audit trail as people read it: every row links to something that opens, and its changes are labelled,
with names instead of ids, dates dd/mm/yyyy and amounts the way the pages show them.

`present(events)` prepares a page of events in a fixed number of queries (one per model whose names it needs);
the history pages and the home page show what it returns. A row that cannot be resolved (a model since removed,
an id since deleted, an old row with an empty object) is still shown, never a 500.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from thidua.core.models import AuditEvent
from thidua.core.numbers import format_any
from thidua.core.templatetags.vn import vn_date, vn_datetime

# Keys that services write beside model fields (summaries of imports, nested values), with their labels.
KEY_LABELS: dict[str, Any] = {
    "file": _("Tệp"),
    "records": _("Số khen thưởng ghi sổ"),
    "decisions_created": _("Số quyết định mới"),
    "decision_numbers": _("Số quyết định"),
    "warnings": _("Số cảnh báo"),
    "subjects_created": _("Số đối tượng mới"),
    "years": _("Số dòng kết quả năm"),
    "awards": _("Số hình thức khen thưởng"),
    "regimes": _("Số chế độ"),
    "base_salaries": _("Số mức lương cơ sở"),
    "target": _("Chỉ tiêu"),
    "target_source": _("Nguồn chỉ tiêu"),
    "value": _("Giá trị"),
    "reason": _("Lý do"),
    "state": _("Trạng thái"),
    "status": _("Trạng thái"),
    "members": _("Thành viên"),
    "role": _("Vai trò"),
    "comment": _("Ghi chú"),
    "version": _("Phiên bản"),
    "name": _("Tên"),
    "code": _("Mã"),
    "title": _("Tên"),
    "points": _("Điểm"),
    "amount": _("Số tiền"),
    "part": _("Phần"),
    "criterion": _("Tiêu chí"),
    "before": _("Trước"),
    "after": _("Sau"),
    "added": _("Số dòng thêm"),
    "changed": _("Số dòng sửa"),
    "removed": _("Số dòng xóa"),
    "changes": _("Thay đổi"),
    "file_name": _("Tên tệp"),
}
LIST_LINES = 20
# Words of the package format that services record as they are, in the words of the pages.
PART_WORDS = {
    "targets": "chỉ tiêu",
    "values": "thực hiện",
    "baselines": "số liệu năm trước",
    "not_applicable": "không áp dụng",
    "bonus_awarded": "điểm thưởng",
    "deductions": "điểm trừ",
    "submitted": "ngày nộp báo cáo",
    "vetoes": "không xét thi đua",
}
# Keys that services write with ids of other objects when the object changed has no such field.
KEY_MODELS = {
    "unit": "org.Unit",
    "units": "org.Unit",
    "province": "org.Unit",
    "candidates": "org.Unit",
    "cluster": "org.Cluster",
    "voters": "auth.User",
    "user": "auth.User",
}
KEY_LABELS.update(
    {
        "unit": _("Đơn vị"),
        "units": _("Đơn vị"),
        "province": _("Tỉnh"),
        "candidates": _("Ứng viên"),
        "cluster": _("Cụm, khối"),
        "voters": _("Người bỏ phiếu"),
        "user": _("Tài khoản"),
    }
)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
DECIMAL_TEXT = re.compile(r"-?\d+(\.\d+)?")
# Keys under which services store a Decimal as its plain text ("55.5") when the object has no such field.
AMOUNT_KEYS = {"target", "old_target", "new_target", "points", "amount", "coefficient", "baseline"}
EMPTY = "—"


@dataclass(frozen=True)
class Change:
    """One labelled field of an audit row: its value before and after, as the pages show them."""

    label: str
    before: str
    after: str


def history_url(object_type: str, object_id: str) -> str | None:
    """The history page of an object, or None for a row that names no object."""
    if not object_type or not str(object_id).strip():
        return None
    try:
        return reverse("object_history", args=[object_type, object_id])
    except NoReverseMatch:
        return None


# Objects with a page of their own, opened from their history page.
OBJECT_PAGES: dict[str, tuple[str, bool]] = {
    "org.unit": ("org:unit_detail", True),
    "org.cluster": ("org:cluster_detail", True),
    "org.clusteryear": ("org:cluster_year_detail", True),
    "agreements.agreement": ("agreements:agreement_detail", True),
    "movements.movement": ("movements:movement_detail", True),
    "awards.awardrecord": ("awards:record_detail", True),
    "awards.subject": ("awards:subject_detail", True),
    "awards.dossier": ("awards:dossier_detail", True),
    "awards.registerimport": ("awards:import_status", True),
    "awards.catalogue": ("awards:catalogue", False),
}


def object_page_url(object_type: str, object_id: str) -> str | None:
    """The object's own page where it has one (the page itself decides who may see it); else None."""
    found = OBJECT_PAGES.get(object_type)
    if found is None:
        return None
    name, with_id = found
    try:
        if with_id:
            return reverse(name, args=[int(object_id)]) if str(object_id).isdigit() else None
        return reverse(name)
    except NoReverseMatch:
        return None


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, key: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    for name in (key, key.removesuffix("_id")):
        try:
            found = model._meta.get_field(name)
        except Exception:  # FieldDoesNotExist, or a reverse relation without a verbose name
            continue
        if isinstance(found, models.Field):
            return found
    return None


def _label(field: models.Field[Any, Any] | None, key: str) -> str:
    if field is not None and field.verbose_name:
        text = str(field.verbose_name)
        return text[:1].upper() + text[1:]
    if key in KEY_LABELS:
        return str(KEY_LABELS[key])
    return key.replace("_", " ").capitalize()


def _related(field: models.Field[Any, Any] | None, key: str) -> type[models.Model] | None:
    """The model whose ids a value holds: the field's relation, or the model services mean by that key."""
    if field is not None:
        related = field.related_model if field.is_relation else None
        return related if isinstance(related, type) and issubclass(related, models.Model) else None
    return _model(KEY_MODELS[key]) if key in KEY_MODELS else None


class _Names:
    """Names of the objects that foreign keys of a page of events point to, fetched once per model."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.found: dict[type[models.Model], dict[Any, str]] = {}

    def want(self, model: type[models.Model] | None, value: Any) -> None:
        if model is not None and value not in (None, ""):
            values = value if isinstance(value, list) else [value]
            self.wanted[model].update(v for v in values if isinstance(v, int) and not isinstance(v, bool))

    def fetch(self) -> None:
        for model, ids in self.wanted.items():
            try:
                self.found[model] = {
                    str(pk): str(obj) for pk, obj in model._default_manager.in_bulk(ids).items()
                }
            except (ValueError, TypeError):
                self.found[model] = {}

    def name(self, model: type[models.Model], value: Any) -> str:
        shown = self.found.get(model, {}).get(str(value))
        return shown if shown is not None else f"#{value}"


def _shown(value: Any, field: models.Field[Any, Any] | None, names: _Names, key: str = "") -> str:
    """A stored JSON value as the pages show it."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return "có" if value else "không"
    related = _related(field, key)
    values = value if isinstance(value, list) else [value]
    if related is not None and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return ", ".join(names.name(related, v) for v in values)
    if field is not None and field.choices:
        labels = {str(k): str(v) for k, v in field.flatchoices}
        if isinstance(value, list):
            return ", ".join(labels.get(str(v), str(v)) for v in value)
        if str(value) in labels:
            return labels[str(value)]
    if isinstance(value, list):
        if any(isinstance(v, Mapping) for v in value):
            # One line per item (the rows an import changed), the first ones only: the row stays readable.
            lines = [_shown(v, None, names) for v in value[:LIST_LINES]]
            if len(value) > LIST_LINES:
                lines.append(f"… và {len(value) - LIST_LINES} dòng nữa")
            return "\n".join(lines)
        return ", ".join(_shown(v, None, names) for v in value)
    if isinstance(value, Mapping):
        return "; ".join(
            f"{_label(None, str(k))}: {_shown(v, None, names, str(k))}" for k, v in _in_order(value)
        )
    if isinstance(value, str):
        if ISO_DATETIME.match(value):
            try:
                return vn_datetime(dt.datetime.fromisoformat(value))
            except ValueError:
                return value
        if ISO_DATE.fullmatch(value):
            return vn_date(value)
        if key == "part" and value in PART_WORDS:
            return PART_WORDS[value]
        # Only amounts are numbers: a criterion code "2.4" or a value already shown ("1.200") stays as written.
        if DECIMAL_TEXT.fullmatch(value) and (
            isinstance(field, models.DecimalField | models.FloatField)
            or (field is None and key in AMOUNT_KEYS)
        ):
            return format_any(value)
        return value
    if isinstance(value, Decimal | float) or (
        isinstance(value, int) and isinstance(field, models.DecimalField | models.FloatField)
    ):
        return format_any(value)
    return str(value)


def _is_number_text_field(field: models.Field[Any, Any] | None) -> bool:
    # ExactDecimalField keeps a Decimal as text ("55.5"); its values are amounts, not codes.
    return field is not None and type(field).__name__ == "ExactDecimalField"


def _changes(event: AuditEvent, model: type[models.Model] | None, names: _Names) -> list[Change]:
    before = event.before if isinstance(event.before, Mapping) else {}
    after = event.after if isinstance(event.after, Mapping) else {}
    keys = list(dict.fromkeys([*before, *after]))
    out = []
    for key in keys:
        field = _field(model, str(key))
        shown = _amount if _is_number_text_field(field) else _shown
        out.append(
            Change(
                label=_label(field, str(key)),
                before=shown(before.get(key), field, names, str(key)) if key in before else "",
                after=shown(after.get(key), field, names, str(key)) if key in after else "",
            )
        )
    return out


def _amount(value: Any, field: models.Field[Any, Any] | None, names: _Names, key: str = "") -> str:
    """A Decimal kept as its text ("1200.5") as the pages show it ("1.200,5")."""
    return format_any(value) if value not in (None, "") else EMPTY


def present(events: Iterable[AuditEvent], *, changes: bool = True) -> list[AuditEvent]:
    """The events with `link` (their object's history page, or None) and `changes` (labelled, readable), ready
    for core/partials/audit_rows.html. A compact list that shows no changes (the home page) asks for none and
    costs no query."""
    rows = list(events)
    if not changes:
        for event in rows:
            event.link = history_url(event.object_type, event.object_id)  # type: ignore[attr-defined]
            event.changes = []  # type: ignore[attr-defined]
        return rows
    names = _Names()
    models_of: dict[int, type[models.Model] | None] = {}
    for event in rows:
        model = _model(event.object_type)
        models_of[event.pk] = model
        for part in (event.before, event.after):
            if isinstance(part, Mapping):
                for key, value in part.items():
                    names.want(_related(_field(model, str(key)), str(key)), value)
    names.fetch()
    for event in rows:
        event.link = history_url(event.object_type, event.object_id)  # type: ignore[attr-defined]
        event.changes = _changes(event, models_of[event.pk], names)  # type: ignore[attr-defined]
    return rows


# PostgreSQL's jsonb keeps keys in its own order (shorter first), SQLite in the written one: a row reads the same
# on both when what it is about comes first, then the change, then the rest by name.
KEY_ORDER = {
    key: position for position, key in enumerate(("unit", "part", "criterion", "field", "before", "after"))
}


def _in_order(value: Mapping[Any, Any]) -> list[tuple[Any, Any]]:
    return sorted(value.items(), key=lambda item: (KEY_ORDER.get(str(item[0]), len(KEY_ORDER)), str(item[0])))
