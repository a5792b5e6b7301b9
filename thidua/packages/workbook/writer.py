"""Writing a `Package` as an Excel workbook with Vietnamese headers, dropdowns and a guide sheet."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter

from thidua.engine.model import (
    RULE_TYPES,
    AssessedRule,
    BooleanRule,
    ChangeRule,
    CountRule,
    Node,
    RatingRule,
    Rule,
    rule_name,
    uses_target,
)
from thidua.packages.model import Package
from thidua.packages.workbook import guide, v2
from thidua.packages.workbook.layout import (
    AWARDED_BLOCK,
    AWARDED_HEADERS,
    BANDS_BLOCK,
    BANDS_HEADERS,
    BASELINES,
    BONUS_ITEMS_BLOCK,
    BONUS_ITEMS_HEADERS,
    CLASSIFICATION,
    CRITERIA,
    CRITERIA_COLUMN,
    CRITERIA_COLUMNS,
    DEDUCTIONS_BLOCK,
    DEDUCTIONS_HEADERS,
    EXTRAS,
    GRID_FIRST_MEMBER,
    GRID_HEADERS,
    GUIDE,
    HONOURS_BLOCK,
    HONOURS_HEADERS,
    INFO,
    INFO_ROWS,
    KIND_LABELS,
    LEGAL_BLOCK,
    LEGAL_HEADERS,
    LISTS,
    MEMBER_HEADERS,
    MEMBERS,
    NO,
    NOT_APPLICABLE,
    POLICY_LABELS,
    ROLE_LABELS,
    SUBMITTED_BLOCK,
    SUBMITTED_HEADERS,
    TARGET_SOURCE_LABELS,
    TARGETS,
    VALUES,
    VETOES_BLOCK,
    VETOES_HEADERS,
    YES,
    number_cell,
    tie_break_words,
)
from thidua.packages.writer import package_tree, rule_tree

BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=13)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BLOCK_FILL = PatternFill("solid", fgColor="FFF2CC")
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "DD/MM/YYYY"
TEXT_FORMAT = "@"
SPARE_ROWS = 20  # empty rows with dropdowns, for units or entries a person adds


class _Representer(RoundTripRepresenter):
    """Rule parameters as plain YAML numbers with every digit (40.50 stays 40.50)."""

    def ignore_aliases(self, data: object) -> bool:
        return True

    def represent_decimal(self, data: Decimal) -> ScalarNode:
        text = f"{data:f}"
        return self.represent_scalar(
            "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int", text
        )


_Representer.add_representer(Decimal, _Representer.represent_decimal)


def _flow(value: object) -> object:
    if isinstance(value, dict):
        mapping = CommentedMap((key, _flow(item)) for key, item in value.items())
        mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        sequence = CommentedSeq(_flow(item) for item in value)
        sequence.fa.set_flow_style()
        return sequence
    return value


def parameters_text(rule: Rule) -> str | None:
    """A rule's parameters as YAML, one parameter per line and one band or level per line."""
    top = CommentedMap()
    for key, value in rule_tree(rule).items():
        if key == "type":
            continue
        if isinstance(value, dict):  # rating levels: one label per line
            inner = CommentedMap((label, _flow(item)) for label, item in value.items())
            inner.fa.set_block_style()
            top[key] = inner
        elif isinstance(value, list) and value and isinstance(value[0], dict):  # bands: one band per line
            bands = CommentedSeq(_flow(item) for item in value)
            bands.fa.set_block_style()
            top[key] = bands
        else:
            top[key] = _flow(value)
    if not top:
        return None
    yaml = YAML(typ="rt", pure=True)
    yaml.Representer = _Representer
    yaml.allow_unicode = True
    yaml.width = 4096
    buffer = io.StringIO()
    yaml.dump(top, buffer)
    return buffer.getvalue().rstrip("\n")


def input_hint(node: Node) -> str:
    """What a person types in the "Thực hiện" row of a leaf."""
    rule = node.rule
    unit = f" ({node.unit_of_measure})" if node.unit_of_measure else ""
    if isinstance(rule, RatingRule):
        return "chọn xếp loại"
    if isinstance(rule, BooleanRule):
        return "chọn Có hoặc Không"
    if isinstance(rule, AssessedRule):
        return f"điểm từ 0 đến {number_cell(node.max)}"
    if isinstance(rule, CountRule):
        return f"số nguyên không âm{unit}"
    return f"số{unit}"


class _Lists:
    """The hidden sheet holding every dropdown's choices, so labels with commas are allowed."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.sheet.sheet_state = "hidden"
        self.columns = 0

    def add(self, title: str, options: Sequence[str]) -> str:
        self.columns += 1
        column = self.columns
        self.sheet.cell(1, column, title)
        for index, option in enumerate(options, start=2):
            self.sheet.cell(index, column, option).data_type = "s"
        letter = get_column_letter(column)
        return f"{quote_sheetname(LISTS)}!${letter}$2:${letter}${len(options) + 1}"


def _list_validation(sheet: Worksheet, formula: str, cells: str, what: str) -> None:
    validation = DataValidation(type="list", formula1=formula, allow_blank=True)
    validation.error = f"Hãy chọn {what} trong danh sách."
    validation.errorTitle = "Giá trị không hợp lệ"
    validation.prompt = f"Chọn {what}"
    sheet.add_data_validation(validation)
    validation.add(cells)


def _number_validation(
    sheet: Worksheet, cells: str, *, whole: bool = False, top: Decimal | None = None
) -> None:
    validation = DataValidation(
        type="whole" if whole else "decimal",
        operator="between",
        formula1="0" if whole or top is not None else "-1000000000000",
        formula2=f"{top:f}" if top is not None else "1000000000000",
        allow_blank=True,
    )
    validation.error = (
        f"Hãy nhập điểm từ 0 đến {top:f}."
        if top is not None
        else ("Hãy nhập một số nguyên không âm." if whole else "Hãy nhập một số.")
    )
    validation.errorTitle = "Giá trị không hợp lệ"
    sheet.add_data_validation(validation)
    validation.add(cells)


def _header(sheet: Worksheet, row: int, headers: Iterable[str]) -> None:
    for column, text in enumerate(headers, start=1):
        cell = sheet.cell(row, column, text)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _block_title(sheet: Worksheet, row: int, title: str) -> None:
    cell = sheet.cell(row, 1, title)
    cell.font = TITLE_FONT
    cell.fill = BLOCK_FILL


def _widths(sheet: Worksheet, widths: Sequence[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _fit_rows(sheet: Worksheet) -> None:
    """Row heights for wrapped text: spreadsheet programs do not grow a row written without one."""
    for number, row in enumerate(sheet.iter_rows(), start=1):
        lines = 1
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"  # nothing written here is a formula: a title may well begin with "="
            if not isinstance(cell.value, str) or not (cell.alignment and cell.alignment.wrap_text):
                continue
            width = sheet.column_dimensions[cell.column_letter].width or 10
            per_line = max(int(width * 0.95), 1)
            lines = max(lines, sum(-(-max(len(part), 1) // per_line) for part in cell.value.split("\n")))
        if lines > 1:
            sheet.row_dimensions[number].height = 15 * lines
            for cell in row:  # a tall row reads from its top line, codes level with titles
                old = cell.alignment
                cell.alignment = Alignment(
                    horizontal=old.horizontal, indent=old.indent, wrap_text=old.wrap_text, vertical="top"
                )


def _landscape(sheet: Worksheet) -> None:
    _fit_rows(sheet)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _put(sheet: Worksheet, row: int, column: int, value: object) -> None:
    """A value in its cell: numbers exactly, dates as dates, text as text."""
    if value is None:
        return
    cell = sheet.cell(row, column)
    if isinstance(value, bool):
        cell.value = YES if value else NO
    elif isinstance(value, Decimal | int):
        cell.value = number_cell(value)
        if isinstance(cell.value, str):
            cell.alignment = Alignment(horizontal="right")
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        cell.value = str(value)


class WorkbookWriter:
    """Builds the workbook of one package, sheet by sheet."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.book = Workbook()
        self.book.remove(self.book.active)  # type: ignore[arg-type]
        self.version = package.framework.version
        # Version 2's constructs are written from the package's tree, the one the YAML writer writes.
        self.tree = package_tree(package) if self.version >= 2 else {}
        sheets = (GUIDE, INFO, MEMBERS, CRITERIA, CLASSIFICATION, TARGETS, VALUES, BASELINES, NOT_APPLICABLE)
        more = (v2.SHEET, v2.FACT_VALUES, v2.ATTRIBUTES) if self.version >= 2 else ()
        self.sheets = {name: self.book.create_sheet(name) for name in (*sheets, *more, EXTRAS, LISTS)}
        self.lists = _Lists(self.sheets[LISTS])
        inputs = package.inputs
        member_codes = [member.code for member in package.members]
        mentioned = [
            *(unit for row in inputs.targets.values() for unit in row),
            *(unit for row in inputs.values.values() for unit in row),
            *(unit for row in inputs.baselines.values() for unit in row),
            *(unit for units in inputs.not_applicable.values() for unit in sorted(units)),
            *(unit for units in inputs.bonus_awarded.values() for unit in sorted(units)),
            *(unit for amounts in inputs.bonus_amounts.values() for unit in amounts),
        ]
        # Units that are not members still get a column, so a workbook says everything the package says.
        extra = [unit for unit in dict.fromkeys(mentioned) if unit not in member_codes]
        names = {member.code: member.name for member in package.members}
        self.units = [(code, names.get(code)) for code in (*member_codes, *extra)]
        self.unit_list = self.lists.add("Mã đơn vị", member_codes or [""])

    def build(self) -> Workbook:
        self.guide()
        self.info()
        self.members()
        self.criteria()
        self.classification()
        self.grids()
        if self.version >= 2:
            self.scoring()
            self.fact_values()
            self.attributes()
        self.extras()
        return self.book

    def guide(self) -> None:
        sheet = self.sheets[GUIDE]
        sheet.cell(1, 1, guide.TITLE).font = TITLE_FONT
        row = 3
        for heading, lines in (*guide.GUIDE, *(guide.GUIDE_2 if self.version >= 2 else ())):
            sheet.cell(row, 1, heading).font = BOLD
            row += 1
            for line in lines:
                sheet.cell(row, 1, f"• {line}").alignment = WRAP
                row += 1
            row += 1
        _widths(sheet, [120])
        _landscape(sheet)

    def info(self) -> None:
        package, sheet = self.package, self.sheets[INFO]
        framework, late = package.framework, package.framework.late_report
        values: Mapping[str, object] = {
            "format": package.format,
            "year": package.year,
            "cluster.code": package.cluster.code,
            "cluster.name": package.cluster.name,
            "cluster.kind": KIND_LABELS[package.cluster.kind],
            "cluster.scope": package.cluster.scope,
            "framework.standard_points": framework.standard_points,
            "framework.bonus_cap": framework.bonus_cap if framework.bonus_capped else None,
            "framework.not_applicable": POLICY_LABELS[framework.not_applicable],
            "framework.tie_break": tie_break_words(framework.tie_break) or None,
            "framework.late_report.deadline": late.deadline if late else None,
            "framework.late_report.points_per_day": late.points_per_day if late else None,
            "framework.late_report.cap": late.cap if late else None,
        }
        _header(sheet, 1, ("Mục", "Giá trị", "Giải thích"))
        for row, (key, label, explanation) in enumerate(INFO_ROWS, start=2):
            sheet.cell(row, 1, label).font = BOLD
            _put(sheet, row, 2, values[key])
            sheet.cell(row, 3, explanation or None).alignment = WRAP
            if key == "cluster.kind":
                _list_validation(sheet, self.lists.add("Loại", list(KIND_LABELS.values())), f"B{row}", "loại")
            if key == "framework.not_applicable":
                formula = self.lists.add("Không áp dụng", list(POLICY_LABELS.values()))
                _list_validation(sheet, formula, f"B{row}", "cách tính")
        start = len(INFO_ROWS) + 3
        _block_title(sheet, start, LEGAL_BLOCK)
        _header(sheet, start + 1, LEGAL_HEADERS)
        for row, document in enumerate(package.legal_basis, start=start + 2):
            _put(sheet, row, 1, document.number)
            _put(sheet, row, 2, document.date)
            _put(sheet, row, 3, document.title)
        _widths(sheet, [30, 40, 80])
        sheet.freeze_panes = "A2"
        _landscape(sheet)

    def members(self) -> None:
        sheet = self.sheets[MEMBERS]
        _header(sheet, 1, MEMBER_HEADERS)
        for row, member in enumerate(self.package.members, start=2):
            sheet.cell(row, 1, member.code).number_format = TEXT_FORMAT
            sheet.cell(row, 2, member.name)
            sheet.cell(row, 3, ROLE_LABELS[member.role])
        last = len(self.package.members) + 1 + SPARE_ROWS
        formula = self.lists.add("Vai trò", list(ROLE_LABELS.values()))
        _list_validation(sheet, formula, f"C2:C{last}", "vai trò")
        _widths(sheet, [16, 40, 20])
        sheet.freeze_panes = "A2"
        _landscape(sheet)

    def criteria(self) -> None:
        sheet = self.sheets[CRITERIA]
        _header(sheet, 1, [header for _, header, _ in CRITERIA_COLUMNS])
        column = CRITERIA_COLUMN
        row = 1
        for node, parent, depth in _tree(self.package.framework.sections):
            row += 1
            sheet.cell(row, column["code"], node.code).number_format = TEXT_FORMAT
            if parent is not None:
                sheet.cell(row, column["parent"], parent).number_format = TEXT_FORMAT
            title = sheet.cell(row, column["title"], node.title)
            title.alignment = Alignment(indent=depth, wrap_text=True, vertical="top")
            _put(sheet, row, column["max"], node.max)
            if node.children:
                for cell in (sheet.cell(row, column["code"]), title, sheet.cell(row, column["max"])):
                    cell.font = BOLD
            if node.rule is not None and self.version < 2:
                sheet.cell(row, column["rule.type"], rule_name(node.rule))
                sheet.cell(row, column["rule"], parameters_text(node.rule)).alignment = WRAP
            _put(sheet, row, column["unit_of_measure"], node.unit_of_measure)
            _put(sheet, row, column["data_source"], node.data_source)
            if node.target_source is not None:
                sheet.cell(row, column["target_source"], TARGET_SOURCE_LABELS[node.target_source])
            _put(sheet, row, column["note"], node.note)
            if node.bonus is not None and self.version < 2:
                _put(sheet, row, column["bonus.step_percent"], node.bonus.step_percent)
                _put(sheet, row, column["bonus.points_per_step"], node.bonus.points_per_step)
                _put(sheet, row, column["bonus.cap"], node.bonus.cap)
        last = row + SPARE_ROWS
        types = self.lists.add("Loại quy tắc", list(RULE_TYPES))
        letter = get_column_letter(column["rule.type"])
        _list_validation(sheet, types, f"{letter}2:{letter}{last}", "loại quy tắc")
        sources = self.lists.add("Nguồn chỉ tiêu", list(TARGET_SOURCE_LABELS.values()))
        letter = get_column_letter(column["target_source"])
        _list_validation(sheet, sources, f"{letter}2:{letter}{last}", "nguồn chỉ tiêu")
        _widths(sheet, [width for _, _, width in CRITERIA_COLUMNS])
        sheet.freeze_panes = "B2"
        _landscape(sheet)

    def classification(self) -> None:
        framework, sheet = self.package.framework, self.sheets[CLASSIFICATION]
        row = _block(sheet, 1, BANDS_BLOCK, BANDS_HEADERS, [(b.label, b.min) for b in framework.bands])
        row = _block(
            sheet,
            row + 2,
            HONOURS_BLOCK,
            HONOURS_HEADERS,
            [(h.rank, h.award, h.min_total) for h in framework.honours],
        )
        if self.version >= 2:
            trees = self.tree["framework"].get("bonus_items", [])
            items_2 = [tuple(item.get(key) for key in v2.BONUS_ITEM_KEYS_2) for item in trees]
            _block(sheet, row + 2, BONUS_ITEMS_BLOCK, v2.BONUS_ITEM_HEADERS_2, items_2)
        else:
            items = [(item.code, item.title, item.points) for item in framework.bonus_items]
            _block(sheet, row + 2, BONUS_ITEMS_BLOCK, BONUS_ITEMS_HEADERS, items)
        _widths(sheet, [26, 50, 20])
        _landscape(sheet)

    def grids(self) -> None:
        framework, inputs = self.package.framework, self.package.inputs
        leaves = framework.leaves()
        by_code = {leaf.code: leaf for leaf in leaves}
        targeted = [leaf for leaf in leaves if leaf.rule is not None and uses_target(leaf.rule)]
        changes = [leaf for leaf in leaves if isinstance(leaf.rule, ChangeRule)]
        self._grid(TARGETS, _rows(targeted, inputs.targets, by_code), inputs.targets, "number")
        values: Mapping[str, Mapping[str, object]] = inputs.values
        if self.version >= 2:
            values = {
                code: {unit: value for unit, value in row.items() if not isinstance(value, Mapping)}
                for code, row in self.tree.get("values", {}).items()
            }
        self._grid(VALUES, _rows(list(leaves), values, by_code), values, "value")
        self._grid(BASELINES, _rows(changes, inputs.baselines, by_code), inputs.baselines, "number")
        marked = {code: dict.fromkeys(units, True) for code, units in inputs.not_applicable.items()}
        self._grid(NOT_APPLICABLE, _rows(list(leaves), marked, by_code), marked, "mark")

    def _grid(
        self,
        name: str,
        rows: list[tuple[str, Node | None]],
        cells: Mapping[str, Mapping[str, object]],
        kind: str,
    ) -> None:
        sheet = self.sheets[name]
        headers = [*GRID_HEADERS, *(f"{code}\n{unit}" if unit else code for code, unit in self.units)]
        _header(sheet, 1, headers)
        sheet.row_dimensions[1].height = 45
        last = get_column_letter(max(GRID_FIRST_MEMBER + len(self.units) - 1, GRID_FIRST_MEMBER))
        first = get_column_letter(GRID_FIRST_MEMBER)
        for row, (code, node) in enumerate(rows, start=2):
            sheet.cell(row, 1, code).number_format = TEXT_FORMAT
            if node is not None:
                sheet.cell(row, 2, node.title).alignment = WRAP
                sheet.cell(row, 3, "chọn Có nếu không áp dụng" if kind == "mark" else self._hint(node, kind))
            for column, (unit, _) in enumerate(self.units, start=GRID_FIRST_MEMBER):
                _put(sheet, row, column, cells.get(code, {}).get(unit))
            span = f"{first}{row}:{last}{row}"
            if kind == "mark":
                _list_validation(sheet, f'"{YES}"', span, "Có")
            elif node is not None:
                self._validate_row(sheet, node, span, kind)
        _widths(sheet, [10, 50, 22, *([18] * len(self.units))])
        sheet.freeze_panes = sheet.cell(2, GRID_FIRST_MEMBER).coordinate
        _landscape(sheet)

    def _hint(self, node: Node, kind: str) -> str:
        unit = f" ({node.unit_of_measure})" if node.unit_of_measure else ""
        return input_hint(node) if kind == "value" else f"số{unit}"

    def _validate_row(self, sheet: Worksheet, node: Node, span: str, kind: str) -> None:
        rule = node.rule
        if kind == "value" and isinstance(rule, RatingRule):
            formula = self.lists.add(node.code, [level.label for level in rule.levels] or [""])
            _list_validation(sheet, formula, span, "xếp loại")
        elif kind == "value" and isinstance(rule, BooleanRule):
            _list_validation(sheet, f'"{YES},{NO}"', span, "Có hoặc Không")
        elif kind == "value" and isinstance(rule, AssessedRule):
            _number_validation(sheet, span, top=node.max)
        elif kind == "value" and isinstance(rule, CountRule):
            _number_validation(sheet, span, whole=True)
        else:
            _number_validation(sheet, span)

    def extras(self) -> None:
        package, sheet = self.package, self.sheets[EXTRAS]
        inputs = package.inputs
        awarded_codes = [item.code for item in package.framework.bonus_items]
        awarded_codes += [code for code in inputs.bonus_awarded if code not in awarded_codes]
        awarded_codes += [code for code in inputs.bonus_amounts if code not in awarded_codes]
        items = {item.code: item for item in package.framework.bonus_items}
        _block_title(sheet, 1, AWARDED_BLOCK)
        units = [f"{code}\n{unit}" if unit else code for code, unit in self.units]
        _header(sheet, 2, [*AWARDED_HEADERS, *units])
        sheet.row_dimensions[2].height = 45
        row = 2
        for code in awarded_codes:
            row += 1
            item = items.get(code)
            sheet.cell(row, 1, code).number_format = TEXT_FORMAT
            _put(sheet, row, 2, item.title if item else None)
            _put(sheet, row, 3, item.points if item else None)
            amounts = inputs.bonus_amounts.get(code, {})
            for column, (unit, _) in enumerate(self.units, start=len(AWARDED_HEADERS) + 1):
                if unit in inputs.bonus_awarded.get(code, frozenset()):
                    sheet.cell(row, column, YES)
                elif unit in amounts:
                    _put(sheet, row, column, amounts[unit])
            span = (
                f"{get_column_letter(len(AWARDED_HEADERS) + 1)}{row}:{get_column_letter(3 + len(units))}{row}"
            )
            if units and not amounts:  # no member column to validate; amounts are numbers, not "Có"
                _list_validation(sheet, f'"{YES}"', span, "Có")
        deductions = [(d.unit, d.points, d.reason, d.node) for d in inputs.deductions]
        start = row + 2
        row = _block(sheet, start, DEDUCTIONS_BLOCK, DEDUCTIONS_HEADERS, deductions, spare=5)
        _list_validation(sheet, self.unit_list, f"A{start + 2}:A{row}", "mã đơn vị")
        start = row + 2
        if self.version >= 2:
            vetoes_2 = [
                (veto.unit, veto.reason, v2.effects_text(veto.effects), veto.deduct or None)
                for veto in inputs.vetoes
            ]
            row = _block(sheet, start, VETOES_BLOCK, v2.VETO_HEADERS_2, vetoes_2, spare=3)
        else:
            vetoes = [(veto.unit, veto.reason) for veto in inputs.vetoes]
            row = _block(sheet, start, VETOES_BLOCK, VETOES_HEADERS, vetoes, spare=3)
        _list_validation(sheet, self.unit_list, f"A{start + 2}:A{row}", "mã đơn vị")
        if self.version >= 2:
            agreed = [
                tuple(entry.get(key) for key in v2.AGREED_KEYS) for entry in self.tree.get("agreed", [])
            ]
            start = row + 2
            row = _block(sheet, start, v2.AGREED_BLOCK, v2.AGREED_HEADERS, agreed, spare=3)
            _list_validation(sheet, self.unit_list, f"A{start + 2}:A{row}", "mã đơn vị")
        submitted: dict[str, date | None] = dict.fromkeys((m.code for m in package.members), None)
        submitted |= dict(inputs.submitted)
        _block(sheet, row + 2, SUBMITTED_BLOCK, SUBMITTED_HEADERS, list(submitted.items()))
        _widths(sheet, [22, 50, 40, 22, *([18] * max(len(self.units) - 1, 0))])
        _landscape(sheet)

    # --- version 2 -------------------------------------------------------------------------------------

    def scoring(self) -> None:
        """Every criterion's scoring, one setting per row, named by Vietnamese labels (thidua.packages.workbook.v2)."""
        sheet = self.sheets[v2.SHEET]
        _header(sheet, 1, v2.HEADERS)
        row = 1
        lists: dict[tuple[str, ...], str] = {}
        for node in _trees(self.tree["framework"]["sections"]):
            for path, value, choices in v2.criterion_rows(node):
                row += 1
                sheet.cell(row, 1, node["code"]).number_format = TEXT_FORMAT
                sheet.cell(row, 2, v2.SEPARATOR.join(path)).alignment = WRAP
                _put(sheet, row, 3, value)
                if choices:
                    options = tuple(choices.values())
                    if options not in lists:
                        lists[options] = self.lists.add(path[-1], list(options))
                    _list_validation(sheet, lists[options], f"C{row}", path[-1].lower())
        _widths(sheet, [12, 70, 40])
        sheet.freeze_panes = "A2"
        _landscape(sheet)

    def fact_values(self) -> None:
        """The reported facts of criteria that have several: one row per criterion, fact and unit, every
        declared fact of every member listed (empty when not reported) so the sheet is the form to fill in."""
        sheet = self.sheets[v2.FACT_VALUES]
        _header(sheet, 1, v2.FACT_HEADERS)
        values: Mapping[str, Mapping[str, Any]] = self.tree.get("values", {})
        rows: list[tuple[str, str | None, str, object, Any]] = []
        declared = {leaf.code: leaf.facts for leaf in self.package.framework.leaves() if leaf.facts}
        for code, facts in declared.items():
            for unit, _ in self.units:
                given = values.get(code, {}).get(unit)
                given = given if isinstance(given, Mapping) else {}
                if unit in values.get(code, {}) and not given:
                    rows.append((code, None, unit, None, None))  # reported, every fact at its default
                rows += [(code, fact.name, unit, given.get(fact.name), fact) for fact in facts]
                rows += [
                    (code, name, unit, value, None)
                    for name, value in given.items()
                    if name not in {f.name for f in facts}
                ]
        for code, by_unit in values.items():
            for unit, given in by_unit.items():
                if (code in declared and unit in dict(self.units)) or not isinstance(given, Mapping):
                    continue
                if not given:
                    rows.append((code, None, unit, None, None))
                rows += [(code, name, unit, value, None) for name, value in given.items()]
        choices: dict[tuple[str, ...], str] = {}
        for row, (code, name, unit, value, fact) in enumerate(rows, start=2):
            for column, cell in enumerate((code, name, unit), start=1):
                sheet.cell(row, column, cell).number_format = TEXT_FORMAT
            _put(sheet, row, 4, value)
            if fact is not None and fact.kind in ("yes_no", "label"):
                options = (YES, NO) if fact.kind == "yes_no" else fact.choices
                if options not in choices:
                    choices[options] = self.lists.add(f"{code} {fact.name}", list(options) or [""])
                _list_validation(sheet, choices[options], f"D{row}", "giá trị")
            elif fact is not None:
                _number_validation(sheet, f"D{row}", whole=fact.kind == "count")
        last = len(rows) + 1
        _list_validation(sheet, self.unit_list, f"C2:C{last + SPARE_ROWS}", "mã đơn vị")
        _widths(sheet, [12, 20, 16, 24])
        sheet.freeze_panes = "A2"
        _landscape(sheet)

    def attributes(self) -> None:
        sheet = self.sheets[v2.ATTRIBUTES]
        _header(sheet, 1, v2.ATTRIBUTE_HEADERS)
        row = 1
        for member in self.package.members:
            for name, value in dict(member.attributes).items():
                row += 1
                sheet.cell(row, 1, member.code).number_format = TEXT_FORMAT
                sheet.cell(row, 2, name).number_format = TEXT_FORMAT
                _put(sheet, row, 3, value)
        _list_validation(sheet, self.unit_list, f"A2:A{row + SPARE_ROWS}", "mã đơn vị")
        _widths(sheet, [16, 24, 24])
        sheet.freeze_panes = "A2"
        _landscape(sheet)


def _trees(nodes: Sequence[Mapping[str, Any]]) -> Iterable[Mapping[str, Any]]:
    for node in nodes:
        yield node
        yield from _trees(node.get("children", ()))


def _block(
    sheet: Worksheet,
    start: int,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    spare: int = 0,
) -> int:
    """A titled table; returns its last row (spare rows included)."""
    _block_title(sheet, start, title)
    _header(sheet, start + 1, headers)
    row = start + 1
    for values in rows:
        row += 1
        for column, value in enumerate(values, start=1):
            _put(sheet, row, column, value)
        sheet.cell(row, 1).number_format = TEXT_FORMAT
    return row + spare


def _tree(
    nodes: Sequence[Node], parent: str | None = None, depth: int = 0
) -> Iterable[tuple[Node, str | None, int]]:
    for node in nodes:
        yield node, parent, depth
        yield from _tree(node.children, node.code, depth + 1)


def _rows(
    leaves: Sequence[Node], cells: Mapping[str, object], by_code: Mapping[str, Node]
) -> list[tuple[str, Node | None]]:
    """The leaves that take this input, then any other criterion the package gives it for."""
    codes = [leaf.code for leaf in leaves]
    codes += [code for code in cells if code not in codes]
    return [(code, by_code.get(code)) for code in codes]


def write_workbook(package: Package) -> Workbook:
    return WorkbookWriter(package).build()


def workbook_bytes(package: Package) -> bytes:
    """The .xlsx file of a package, as the web app sends it."""
    buffer = io.BytesIO()
    write_workbook(package).save(buffer)
    return buffer.getvalue()
