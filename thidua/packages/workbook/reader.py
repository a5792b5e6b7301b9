"""Reading an Excel workbook into the raw tree a YAML package parses to, so that the package reader's own
checks judge it, then naming every problem by its sheet, row and column."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from thidua.engine import Problem
from thidua.packages.model import FORMAT_2, Package, PackageError
from thidua.packages.reader import parse_text, read_package
from thidua.packages.workbook import v2
from thidua.packages.workbook.layout import (
    AWARDED_BLOCK,
    AWARDED_HEADERS,
    BANDS_BLOCK,
    BASELINES,
    BONUS_ITEMS_BLOCK,
    CLASSIFICATION,
    CRITERIA,
    CRITERIA_COLUMN,
    CRITERIA_COLUMNS,
    DEDUCTIONS_BLOCK,
    EXTRAS,
    GRID_FIRST_MEMBER,
    HONOURS_BLOCK,
    INFO,
    INFO_ROWS,
    KIND_LABELS,
    LEGAL_BLOCK,
    MEMBERS,
    NOT_APPLICABLE,
    POLICY_LABELS,
    ROLE_LABELS,
    SHEET_ORDER,
    SUBMITTED_BLOCK,
    TARGET_SOURCE_LABELS,
    TARGETS,
    VALUES,
    VETOES_BLOCK,
    Place,
    choice_code,
    mark,
    raw_date,
    raw_number,
    raw_value,
    tie_break_keys,
)

Row = tuple[Any, ...]
# The package reader names a node "framework.sections[0].children[2] (1.3)"; places are kept without the code.
NODE_CODE = re.compile(r"\] \([^()]*\)")
REQUIRED = (INFO, MEMBERS, CRITERIA)
NUMBER_KEYS = frozenset({"min", "rank", "min_total", "points", "max", "per_case", "cap", "deduct"})
EXTRAS_BLOCKS = (AWARDED_BLOCK, DEDUCTIONS_BLOCK, VETOES_BLOCK, v2.AGREED_BLOCK, SUBMITTED_BLOCK)
CLASSIFICATION_BLOCKS = (BANDS_BLOCK, HONOURS_BLOCK, BONUS_ITEMS_BLOCK)
INFO_LABELS = {label.casefold(): key for key, label, _ in INFO_ROWS}
# Where a problem goes when nothing more precise is known: the sheet holding that part of the package.
PART_SHEETS = {
    "format": INFO,
    "year": INFO,
    "cluster": INFO,
    "legal_basis": INFO,
    "framework": INFO,
    "framework.sections": CRITERIA,
    "framework.bands": CLASSIFICATION,
    "framework.honours": CLASSIFICATION,
    "framework.bonus_items": CLASSIFICATION,
    "members": MEMBERS,
    "targets": TARGETS,
    "values": VALUES,
    "baselines": BASELINES,
    "not_applicable": NOT_APPLICABLE,
    "bonus_awarded": EXTRAS,
    "deductions": EXTRAS,
    "vetoes": EXTRAS,
    "submitted": EXTRAS,
}


def _text(raw: object) -> str | None:
    value = raw_value(raw)
    return None if value is None else str(value)


def _blank(row: Row) -> bool:
    return all(raw_value(value) is None for value in row)


def _cell(row: Row, column: int) -> Any:
    return row[column - 1] if len(row) >= column else None


def _unit_code(header: object) -> str | None:
    """A member column's header is the unit code, with the unit's name on the next line."""
    text = _text(header)
    return text.splitlines()[0].strip() if text else None


class WorkbookReader:
    """Turns the sheets into the raw package tree; remembers where each part came from."""

    def __init__(self, sheets: Mapping[str, Sequence[Row]]) -> None:
        self.sheets = sheets
        self.places: dict[str, Place] = {part: Place(sheet) for part, sheet in PART_SHEETS.items()}
        # A setting whose row was deleted is still named, by its label.
        self.places |= {key: Place(INFO, about=label) for key, label, _ in INFO_ROWS}
        self.own: list[tuple[Place, str]] = []
        self.rule_types: dict[str, str] = {}
        self.unreadable: set[Place] = set()
        self.missing = [name for name in REQUIRED if name not in sheets]

    def at(
        self, path: str, sheet: str, row: int, column: int | None = None, about: str | None = None
    ) -> None:
        self.places[path] = Place(sheet, row, column, about)

    def problem(self, place: Place, message: str) -> None:
        self.own.append((place, message))

    def rows(self, sheet: str) -> Sequence[Row]:
        return self.sheets.get(sheet, ())

    def read(self) -> dict[str, Any]:
        for name in self.missing:
            self.problem(Place(name), "tệp không có trang tính này")
        raw: dict[str, Any] = {"framework": {}}
        self.info(raw)
        raw["members"] = self.members() if MEMBERS in self.sheets else None
        self.version_2 = raw.get("format") == FORMAT_2
        raw["framework"]["sections"] = self.criteria() if CRITERIA in self.sheets else None
        if self.version_2 and raw["framework"]["sections"]:
            self.scoring(raw["framework"]["sections"])
        self.classification(raw["framework"])
        raw["targets"] = self.grid(TARGETS, "targets", raw_number)
        raw["values"] = self.grid(VALUES, "values", self.value)
        raw["baselines"] = self.grid(BASELINES, "baselines", raw_number)
        raw["not_applicable"] = self.marks(self.rows(NOT_APPLICABLE), 1, NOT_APPLICABLE, "not_applicable")
        self.extras(raw)
        if self.version_2:
            self.fact_values(raw["values"])
            # In the framework's order, as a package written by hand lists them.
            order = {code: index for index, (code, _) in enumerate(_walk(raw["framework"]["sections"] or []))}
            raw["values"] = dict(
                sorted(raw["values"].items(), key=lambda item: order.get(item[0], len(order)))
            )
            if raw["members"]:
                self.attributes(raw["members"])
        return raw

    # --- version 2: "Cách chấm", "Số liệu chi tiết", "Thuộc tính đơn vị" ----------------------------------

    def scoring(self, sections: list[dict[str, Any]]) -> None:
        """Each criterion's scoring settings merged into its node, every setting at its row."""
        rows: dict[str, list[tuple[int, tuple[str, ...], object]]] = {}
        for index, row in enumerate(self.rows(v2.SHEET)[1:], start=2):
            code, path = _text(_cell(row, 1)), _text(_cell(row, 2))
            value = raw_value(_cell(row, 3))
            if code is None and path is None:
                continue
            if code is None or path is None:
                self.problem(Place(v2.SHEET, index, 1 if code is None else 2), "thiếu mã tiêu chí hoặc mục")
                continue
            labels = tuple(part.strip() for part in path.split(v2.SEPARATOR.strip()))
            rows.setdefault(code, []).append((index, labels, value))
        found = dict(_walk(sections))
        for code, settings in rows.items():
            first = settings[0][0]
            if code not in found:
                self.problem(
                    Place(v2.SHEET, first, 1, code), f"không có tiêu chí mã {code} ở trang “{CRITERIA}”"
                )
                continue
            path, node = found[code]
            try:
                scoring = v2.criterion_tree([(labels, value) for _, labels, value in settings])
            except v2.Unreadable as exc:
                self.problem(Place(v2.SHEET, first, 2, code), str(exc))
                continue
            if node.get("rule") is None:
                node.pop("rule", None)
            if node.get("bonus") is None:
                node.pop("bonus", None)
            node.update(scoring)
            for key in v2.NODE_KEYS:
                self.at(f"{path}.{key}", v2.SHEET, first, 2, code)

    def fact_values(self, values: dict[str, Any]) -> None:
        for index, row in enumerate(self.rows(v2.FACT_VALUES)[1:], start=2):
            code, name, unit = (_text(_cell(row, column)) for column in (1, 2, 3))
            cell = raw_value(_cell(row, 4))
            if cell is None and name is None and code is not None and unit is not None:
                # Reported with every fact at its default.
                current = values.setdefault(code, {}).get(unit)
                values[code][unit] = current if isinstance(current, dict) else {}
                continue
            if cell is None:
                continue
            if code is None or name is None or unit is None:
                self.problem(Place(v2.FACT_VALUES, index, 1), "thiếu mã tiêu chí, mã số liệu hoặc mã đơn vị")
                continue
            facts = values.setdefault(code, {}).get(unit)
            if not isinstance(facts, dict):
                facts = values[code][unit] = {} if facts is None else {"value": facts}
            flag = mark(cell) if isinstance(cell, str) and cell.casefold() in ("có", "không") else None
            facts[name] = flag if flag is not None else raw_number(cell)
            self.at(f"values.{code}.{unit}.{name}", v2.FACT_VALUES, index, 4, f"{code}, {name}, {unit}")
            self.places.setdefault(
                f"values.{code}.{unit}", Place(v2.FACT_VALUES, index, 4, f"{code}, {unit}")
            )

    def attributes(self, members: list[dict[str, Any]]) -> None:
        by_code = {member["code"]: member for member in members}
        for index, row in enumerate(self.rows(v2.ATTRIBUTES)[1:], start=2):
            unit, name = _text(_cell(row, 1)), _text(_cell(row, 2))
            cell = raw_value(_cell(row, 3))
            if unit is None and name is None:
                continue
            if unit not in by_code or name is None:
                what = (
                    "thiếu tên thuộc tính" if name is None else f"đơn vị {unit} không có ở trang “{MEMBERS}”"
                )
                self.problem(Place(v2.ATTRIBUTES, index, 1, unit), what)
                continue
            flag = mark(cell) if isinstance(cell, str) and cell.casefold() in ("có", "không") else None
            by_code[unit].setdefault("attributes", {})[name] = flag if flag is not None else raw_number(cell)

    # --- "Thông tin" -----------------------------------------------------------------------------------

    def info(self, raw: dict[str, Any]) -> None:
        settings: dict[str, Any] = {}
        rows = self.rows(INFO)
        legal_at = next((i for i, row in enumerate(rows) if _text(_cell(row, 1)) == LEGAL_BLOCK), len(rows))
        for index, row in enumerate(rows[1:legal_at], start=2):
            label = _text(_cell(row, 1))
            if label is None:
                continue
            key = INFO_LABELS.get(label.casefold())
            if key is None:
                self.problem(Place(INFO, index, 1, label), f"mục “{label}” không có trong mẫu")
                continue
            self.at(key, INFO, index, 2, label)
            settings[key] = self.setting(key, _cell(row, 2), Place(INFO, index, 2, label))
        raw["format"] = settings.get("format")
        raw["year"] = settings.get("year")
        raw["cluster"] = {part: settings.get(f"cluster.{part}") for part in ("code", "name", "kind", "scope")}
        framework = raw["framework"]
        for key in ("standard_points", "bonus_cap", "not_applicable", "tie_break"):
            framework[key] = settings.get(f"framework.{key}")
        late = {
            part: settings.get(f"framework.late_report.{part}")
            for part in ("deadline", "points_per_day", "cap")
        }
        if any(value is not None for value in late.values()):
            framework["late_report"] = late
            first = next(key for key, label, _ in INFO_ROWS if key.startswith("framework.late_report"))
            self.places["framework.late_report"] = self.places.get(first, Place(INFO))
        raw["legal_basis"] = self.table(rows, legal_at, INFO, "legal_basis", ("number", "date", "title"))

    def setting(self, key: str, cell: object, place: Place) -> object:
        if key == "cluster.kind":
            return self.choice(KIND_LABELS, cell, place)
        if key == "framework.not_applicable":
            return self.choice(POLICY_LABELS, cell, place)
        if key == "framework.tie_break":
            text = _text(cell)
            return tie_break_keys(text) if text else None
        if key == "framework.late_report.deadline":
            return raw_date(cell)
        if key in ("year", "framework.standard_points", "framework.bonus_cap") or key.startswith(
            "framework.late"
        ):
            return raw_number(cell)
        return raw_value(cell)

    def choice(self, labels: Mapping[str, str], cell: object, place: Place) -> object:
        code, known = choice_code(labels, raw_value(cell))
        if not known:
            self.problem(
                place, f"“{raw_value(cell)}” không hợp lệ; chọn một trong: {', '.join(labels.values())}"
            )
            return None
        return code

    def table(
        self,
        rows: Sequence[Row],
        title_at: int,
        sheet: str,
        part: str,
        keys: Sequence[str],
        end: int | None = None,
    ) -> list[dict[str, Any]]:
        """The filled rows of a titled table (title row, header row, data), each registered as part[i].key."""
        out: list[dict[str, Any]] = []
        for index, row in enumerate(rows[title_at + 2 : end], start=title_at + 3):
            if _blank(row[: len(keys)]):
                continue
            path = f"{part}[{len(out)}]"
            first = _text(_cell(row, 1))
            self.at(path, sheet, index, 1, first)
            values: dict[str, Any] = {}
            for column, key in enumerate(keys, start=1):
                self.at(f"{path}.{key}", sheet, index, column, first)
                convert = raw_date if key == "date" else raw_number if key in NUMBER_KEYS else raw_value
                values[key] = convert(_cell(row, column))
            out.append(values)
        return out

    # --- "Thành viên" ----------------------------------------------------------------------------------

    def members(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for index, row in enumerate(self.rows(MEMBERS)[1:], start=2):
            if _blank(row[:3]):
                continue
            code = _text(_cell(row, 1))
            path = f"members[{len(out)}]"
            for column, key in enumerate(("", ".code", ".name", ".role")):
                self.at(f"{path}{key}", MEMBERS, index, max(column, 1), code)
            role = self.choice(ROLE_LABELS, _cell(row, 3), Place(MEMBERS, index, 3, code))
            out.append({"code": code, "name": raw_value(_cell(row, 2)), "role": role})
        return out

    # --- "Tiêu chí" -----------------------------------------------------------------------------------

    def criteria(self) -> list[dict[str, Any]]:
        column = CRITERIA_COLUMN
        nodes: list[tuple[int, dict[str, Any], str | None]] = []
        for index, row in enumerate(self.rows(CRITERIA)[1:], start=2):
            if _blank(row[: len(CRITERIA_COLUMNS)]):
                continue
            code = _text(_cell(row, column["code"]))
            node = {
                "code": code,
                "title": raw_value(_cell(row, column["title"])),
                "max": raw_number(_cell(row, column["max"])),
                "rule": self.rule(row, index, code),
                "unit_of_measure": raw_value(_cell(row, column["unit_of_measure"])),
                "data_source": raw_value(_cell(row, column["data_source"])),
                "target_source": self.choice(
                    TARGET_SOURCE_LABELS,
                    _cell(row, column["target_source"]),
                    self.cell_place(index, "target_source", code),
                ),
                "note": raw_value(_cell(row, column["note"])),
                "bonus": self.bonus(row),
            }
            nodes.append((index, node, _text(_cell(row, column["parent"]))))
        return self.tree(nodes)

    def cell_place(self, index: int, key: str, code: str | None) -> Place:
        header = CRITERIA_COLUMNS[CRITERIA_COLUMN[key] - 1][1]
        return Place(CRITERIA, index, CRITERIA_COLUMN[key], f"{code}, {header}" if code else header)

    def rule(self, row: Row, index: int, code: str | None) -> dict[str, Any] | None:
        kind = _text(_cell(row, CRITERIA_COLUMN["rule.type"]))
        text = _text(_cell(row, CRITERIA_COLUMN["rule"]))
        if kind is None and text is None:
            return None
        if code is not None and kind is not None:
            self.rule_types.setdefault(code, kind)
        params: object = {}
        if text is not None:
            try:
                params = parse_text(text, json_format=False) or {}
            except PackageError as error:
                problem = error.problems[0]
                place = self.cell_place(index, "rule", code)
                self.problem(place, f"tham số quy tắc viết sai ở {problem.place} trong ô: {problem.message}")
                # What the package reader then says of the missing parameters would only repeat this.
                self.unreadable.add(place)
                params = {}
        if not isinstance(params, Mapping):
            self.problem(
                self.cell_place(index, "rule", code), "tham số quy tắc phải gồm các dòng dạng “tên: giá trị”"
            )
            params = {}
        return {**params, "type": kind if kind is not None else params.get("type")}

    def bonus(self, row: Row) -> dict[str, Any] | None:
        parts = ("step_percent", "points_per_step", "cap")
        bonus = {part: raw_number(_cell(row, CRITERIA_COLUMN[f"bonus.{part}"])) for part in parts}
        return bonus if any(value is not None for value in bonus.values()) else None

    def tree(self, nodes: list[tuple[int, dict[str, Any], str | None]]) -> list[dict[str, Any]]:
        """Sections and their children from the parent codes, in row order."""
        by_code: dict[str, dict[str, Any]] = {}
        for _, node, _ in nodes:
            if node["code"] is not None:
                by_code.setdefault(node["code"], node)
        sections = []
        rows = {id(node): index for index, node, _ in nodes}
        for index, node, parent in nodes:
            if parent is None:
                sections.append(node)
            elif parent in by_code and by_code[parent] is not node:
                by_code[parent].setdefault("children", []).append(node)
            else:
                what = (
                    "tiêu chí không thể là cấp trên của chính nó"
                    if parent == node["code"]
                    else (f"không có tiêu chí mã {parent} để làm cấp trên")
                )
                self.problem(self.cell_place(index, "parent", node["code"]), what)
        reached: set[int] = set()
        for i, section in enumerate(sections):
            self.register(section, f"framework.sections[{i}]", rows, reached)
        for index, node, parent in nodes:
            if id(node) not in reached and parent in by_code and by_code[parent] is not node:
                self.problem(
                    self.cell_place(index, "parent", node["code"]),
                    "các tiêu chí cấp trên tạo thành vòng, không nối được tới một nội dung cấp cao nhất",
                )
        return sections

    def register(self, node: dict[str, Any], path: str, rows: Mapping[int, int], reached: set[int]) -> None:
        reached.add(id(node))
        index, code = rows[id(node)], node["code"]
        self.at(path, CRITERIA, index, CRITERIA_COLUMN["code"], code)
        self.at(f"{path}.children", CRITERIA, index, CRITERIA_COLUMN["code"], code)
        for key in CRITERIA_COLUMN:
            place = self.cell_place(index, key, code)
            self.at(f"{path}.{key}", CRITERIA, index, place.column, place.about)
        self.places[f"{path}.bonus"] = self.cell_place(index, "bonus.step_percent", code)
        for i, child in enumerate(node.get("children", ())):
            self.register(child, f"{path}.children[{i}]", rows, reached)

    def classification(self, framework: dict[str, Any]) -> None:
        rows = self.rows(CLASSIFICATION)
        starts = self.blocks(rows, CLASSIFICATION_BLOCKS)
        parts = (
            (BANDS_BLOCK, "bands", ("label", "min")),
            (HONOURS_BLOCK, "honours", ("rank", "award", "min_total")),
            (
                BONUS_ITEMS_BLOCK,
                "bonus_items",
                v2.BONUS_ITEM_KEYS_2 if self.version_2 else ("code", "title", "points"),
            ),
        )
        for title, key, keys in parts:
            if title in starts:
                start, end = starts[title]
                framework[key] = self.table(rows, start, CLASSIFICATION, f"framework.{key}", keys, end)

    def blocks(self, rows: Sequence[Row], titles: Sequence[str]) -> dict[str, tuple[int, int]]:
        """Each titled table's title row and the row where the next one starts."""
        found = [(i, text) for i, row in enumerate(rows) if (text := _text(_cell(row, 1))) and text in titles]
        ends = [i for i, _ in found[1:]] + [len(rows)]
        return {text: (start, end) for (start, text), end in zip(found, ends, strict=True)}

    # --- the grids ------------------------------------------------------------------------------------

    def value(self, cell: object, code: str) -> object:
        kind = self.rule_types.get(code)
        if kind == "boolean":
            flag = mark(cell)
            return flag if flag is not None else raw_value(cell)
        if kind == "rating":
            value = raw_value(cell)
            return value if isinstance(value, bool) or value is None else str(value)
        return raw_number(cell)

    def columns(self, header: Row, first: int, sheet: str, header_row: int) -> dict[int, str]:
        units: dict[int, str] = {}
        seen: dict[str, int] = {}
        for column in range(first, len(header) + 1):
            unit = _unit_code(header[column - 1])
            if unit is None:
                continue
            if unit in seen:
                self.problem(Place(sheet, header_row, column, unit), f"đơn vị {unit} đã có ở cột trước")
                continue
            seen[unit] = column
            units[column] = unit
        return units

    def grid_rows(
        self, rows: Sequence[Row], sheet: str, start: int, first: int
    ) -> list[tuple[int, str, Row]]:
        """The rows of a grid that hold something, with their criterion code; the header is rows[start - 1]."""
        out: list[tuple[int, str, Row]] = []
        seen: dict[str, int] = {}
        for index, row in enumerate(rows[start:], start=start + 1):
            code = _text(_cell(row, 1))
            cells = row[first - 1 :]
            if code is None:
                if not _blank(cells):
                    self.problem(Place(sheet, index, 1), "dòng có số liệu nhưng thiếu mã tiêu chí")
                continue
            if code in seen:
                if not _blank(cells):
                    self.problem(Place(sheet, index, 1, code), f"tiêu chí {code} đã có ở dòng {seen[code]}")
                continue
            seen[code] = index
            out.append((index, code, row))
        return out

    def grid(self, sheet: str, part: str, convert: Any) -> dict[str, dict[str, object]]:
        rows = self.rows(sheet)
        if not rows:
            return {}
        units = self.columns(rows[0], GRID_FIRST_MEMBER, sheet, 1)
        out: dict[str, dict[str, object]] = {}
        for index, code, row in self.grid_rows(rows, sheet, 1, GRID_FIRST_MEMBER):
            self.at(f"{part}.{code}", sheet, index, 1, code)
            cells: dict[str, object] = {}
            for column, unit in units.items():
                value = convert(_cell(row, column), code) if part == "values" else convert(_cell(row, column))
                if value is not None:
                    cells[unit] = value
                    self.at(f"{part}.{code}.{unit}", sheet, index, column, f"{code}, {unit}")
            if cells:
                out[code] = cells
        return out

    def marks(
        self, rows: Sequence[Row], header_at: int, sheet: str, part: str, first: int = GRID_FIRST_MEMBER
    ) -> dict[str, list[str]]:
        """A grid of "Có" marks: each row's code → the units marked."""
        if len(rows) < header_at:
            return {}
        units = self.columns(rows[header_at - 1], first, sheet, header_at)
        out: dict[str, list[str]] = {}
        for index, code, row in self.grid_rows(rows, sheet, header_at, first):
            self.at(f"{part}.{code}", sheet, index, 1, code)
            marked = []
            for column, unit in units.items():
                cell = raw_value(_cell(row, column))
                flag = mark(cell)
                if flag is None and cell is not None:
                    self.problem(
                        Place(sheet, index, column, f"{code}, {unit}"),
                        f"đánh dấu “{cell}” không hợp lệ; chọn Có hoặc để trống",
                    )
                if flag:
                    marked.append(unit)
                    self.at(f"{part}.{code}.{unit}", sheet, index, column, f"{code}, {unit}")
            if marked:
                out[code] = marked
        return out

    # --- "Điểm thưởng, điểm trừ" ----------------------------------------------------------------------

    def extras(self, raw: dict[str, Any]) -> None:
        rows = self.rows(EXTRAS)
        starts = self.blocks(rows, EXTRAS_BLOCKS)
        if AWARDED_BLOCK in starts:
            start, end = starts[AWARDED_BLOCK]
            # The block's header is the row after its title; marks() counts rows from 1.
            if self.version_2:
                raw["bonus_awarded"] = self.awarded(rows[:end], start + 2)
            else:
                raw["bonus_awarded"] = self.marks(
                    rows[:end], start + 2, EXTRAS, "bonus_awarded", len(AWARDED_HEADERS) + 1
                )
        for title, part, keys in (
            (DEDUCTIONS_BLOCK, "deductions", ("unit", "points", "reason", "node")),
            (VETOES_BLOCK, "vetoes", v2.VETO_KEYS_2 if self.version_2 else ("unit", "reason")),
            (v2.AGREED_BLOCK, "agreed", v2.AGREED_KEYS),
        ):
            if title in starts:
                start, end = starts[title]
                raw[part] = self.table(rows, start, EXTRAS, part, keys, end)
        for index, veto in enumerate(raw.get("vetoes") or ()):
            self.veto_effects(veto, f"vetoes[{index}]")
        if SUBMITTED_BLOCK in starts:
            start, end = starts[SUBMITTED_BLOCK]
            raw["submitted"] = self.submitted(rows, start, end)

    def awarded(self, rows: Sequence[Row], header_at: int) -> dict[str, Any]:
        """Version 2's awards: "Có" for an item of fixed points, a number for an amount or a count of cases."""
        first = len(AWARDED_HEADERS) + 1
        if len(rows) < header_at:
            return {}
        units = self.columns(rows[header_at - 1], first, EXTRAS, header_at)
        out: dict[str, Any] = {}
        for index, code, row in self.grid_rows(rows, EXTRAS, header_at, first):
            self.at(f"bonus_awarded.{code}", EXTRAS, index, 1, code)
            marked: list[str] = []
            amounts: dict[str, object] = {}
            for column, unit in units.items():
                cell = raw_value(_cell(row, column))
                if cell is None:
                    continue
                self.at(f"bonus_awarded.{code}.{unit}", EXTRAS, index, column, f"{code}, {unit}")
                if mark(cell):
                    marked.append(unit)
                else:
                    amounts[unit] = raw_number(cell)
            if marked and amounts:
                self.problem(
                    Place(EXTRAS, index, 1, code),
                    "một mục thưởng đánh dấu Có hoặc ghi số cho mọi đơn vị, không cả hai",
                )
            if marked or amounts:
                out[code] = amounts or marked
        return out

    def veto_effects(self, veto: dict[str, Any], path: str) -> None:
        """Version 2's effects, written as labels; absent when blank (the default: out of the ranking)."""
        if "effects" not in veto:
            return
        try:
            effects = v2.effects_codes(veto["effects"])
        except v2.Unreadable as exc:
            self.problem(self.places.get(f"{path}.effects", Place(EXTRAS)), str(exc))
            effects = None
        if effects is None:
            del veto["effects"]
        else:
            veto["effects"] = effects
        if veto.get("deduct") is None:
            veto.pop("deduct", None)

    def submitted(self, rows: Sequence[Row], start: int, end: int) -> dict[str, object]:
        out: dict[str, object] = {}
        seen: dict[str, int] = {}
        for index, row in enumerate(rows[start + 2 : end], start=start + 3):
            unit, day = _text(_cell(row, 1)), raw_date(_cell(row, 2))
            if day is None:
                continue
            if unit is None:
                self.problem(Place(EXTRAS, index, 1), "thiếu mã đơn vị")
                continue
            if unit in seen:
                self.problem(
                    Place(EXTRAS, index, 1, unit), f"đơn vị {unit} đã có ngày nộp ở dòng {seen[unit]}"
                )
                continue
            seen[unit] = index
            out[unit] = day
            self.at(f"submitted.{unit}", EXTRAS, index, 2, unit)
        return out

    # --- problems -------------------------------------------------------------------------------------

    def place_of(self, problem_place: str) -> Place | None:
        key = NODE_CODE.sub("]", problem_place)
        while key:
            if key in self.places:
                return self.places[key]
            cut = max(key.rfind("."), key.rfind("[") if key.endswith("]") else -1)
            key = key[:cut] if cut > 0 else ""
        return None

    def problems(self, found: Sequence[Problem]) -> list[Problem]:
        """Our own problems and the package reader's, each at its place in the workbook, in sheet order."""
        placed = list(self.own)
        for problem in found:
            place = self.place_of(problem.place)
            if place is None:
                placed.append((Place(INFO), f"{problem.place}: {problem.message}"))
            elif place not in self.unreadable:
                placed.append((place, problem.message))
        order = {name: index for index, name in enumerate(SHEET_ORDER)}
        placed.sort(
            key=lambda item: (order.get(item[0].sheet, len(order)), item[0].row or 0, item[0].column or 0)
        )
        return [Problem(str(place), message) for place, message in placed]


def _walk(
    nodes: Sequence[dict[str, Any]], path: str = "framework.sections"
) -> Iterator[tuple[str, tuple[str, dict[str, Any]]]]:
    """Every node with its place in the package tree, by code."""
    for index, node in enumerate(nodes):
        here = f"{path}[{index}]"
        if isinstance(node.get("code"), str):
            yield node["code"], (here, node)
        yield from _walk(node.get("children", ()), f"{here}.children")


def _sheets(source: bytes | str | Path) -> dict[str, list[Row]]:
    name = "tệp" if isinstance(source, bytes) else str(source)
    try:
        book = load_workbook(io.BytesIO(source) if isinstance(source, bytes) else source, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
        raise PackageError([Problem(name, f"không mở được tệp Excel (.xlsx): {exc}")]) from exc
    sheets = {}
    for sheet in book.worksheets:
        if isinstance(sheet, Worksheet):
            sheets[sheet.title] = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    return sheets


def workbook_package(source: bytes | str | Path) -> tuple[Package | None, list[Problem]]:
    """The package of a workbook and every problem, each named by sheet, row and column."""
    reader = WorkbookReader(_sheets(source))
    raw = reader.read()
    if reader.missing:
        # Without its members or its framework a workbook is not a package; every other check would follow.
        return None, reader.problems([])
    package, problems = read_package(raw)
    return package, reader.problems(problems)


def read_workbook(source: bytes | str | Path) -> Package:
    """A valid package from an .xlsx file or its bytes; raises PackageError with Vietnamese problems."""
    package, problems = workbook_package(source)
    if problems or package is None:
        raise PackageError(problems)
    return package
