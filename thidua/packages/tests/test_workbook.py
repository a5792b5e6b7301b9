"""The Excel workbook form of a package: round trips, exact numbers, dropdowns and `thidua template`."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from thidua.cli import main
from thidua.packages import Package, load, load_text
from thidua.packages.workbook import read_workbook, workbook_bytes
from thidua.packages.writer import dump_yaml

EXAMPLE = Path(__file__).parent / "fixtures" / "cum-mau-2026.yaml"

# Every rule type with every parameter, every input kind, and numbers a float would change.
EVERY_KIND = """
format: thidua.package/1
year: 2027
cluster: {code: KHOI-01, name: "Khối các sở, ngành kinh tế", kind: khoi, scope: Tỉnh Cà Mau}
legal_basis:
  - {number: 12/QĐ-UBND, date: 2027-01-05, title: "Quy định chấm điểm, xếp hạng"}
  - {number: 3/HD-SNV}
members:
  - {code: S-A, name: Sở A, role: leader}
  - {code: S-B, name: Sở B, role: deputy}
  - {code: S-C, name: Sở C, role: member}
framework:
  standard_points: 200
  bonus_cap: 20.5
  not_applicable: full
  tie_break: [section:2, bonus, deductions, standard]
  bands: [{label: Xuất sắc, min: 180.25}, {label: Tốt, min: 150}]
  honours: [{rank: 1, award: Cờ thi đua, min_total: 170}, {rank: 2, award: Bằng khen}]
  bonus_items: [{code: co_cp, title: "Cờ, bằng khen của Chính phủ", points: 15}]
  late_report: {deadline: 2027-12-15, points_per_day: 0.5, cap: 5}
  sections:
    - code: "1"
      title: Kinh tế
      max: 120
      note: Ghi chú nội dung
      children:
        - {code: "1.1", title: Thu ngân sách, max: 20, unit_of_measure: tỷ đồng, data_source: Sở Tài chính,
           target_source: local, rule: {type: ratio, direction: higher, below: zero, floor_ratio: 0.5},
           bonus: {step_percent: 2.5, points_per_step: 0.25, cap: 3}}
        - {code: "1.2", title: Tai nạn lao động, max: 10, target_source: province, rule: {type: ratio, direction: lower},
           bonus: {step_percent: 1, points_per_step: 1, cap: 2}}
        - {code: "1.3", title: Giải ngân, max: 10, rule: {type: threshold, op: ">=", value: 80, against: value, else_points: 2.5}}
        - {code: "1.4", title: Đạt chỉ tiêu, max: 10, rule: {type: threshold, op: ">", against: target}}
        - {code: "1.5", title: Phần trăm chỉ tiêu, max: 10, rule: {type: threshold, op: "<=", value: 110, against: target_percent}}
        - {code: "1.6", title: Mức độ, max: 10, rule: {type: bands, input: target_percent,
           bands: [{min: 100, fraction: 1}, {min: 90.5, fraction: 0.75}, {min: 0, points: 1}]}}
        - {code: "1.7", title: Số mô hình, max: 10, rule: {type: count, each: 2.5}}
        - code: "1.8"
          title: So với năm trước
          max: 20
          children:
            - {code: "1.8.a", title: Năng suất, max: 10, rule: {type: change, direction: higher, same: 0.25, worse: 0.1}}
            - {code: "1.8.b", title: Vi phạm, max: 10, rule: {type: change}}
        - {code: "1.9", title: Tốc độ, max: 10, rule: {type: relative, direction: lower, of: ratio}}
        - {code: "1.10", title: Thứ hạng, max: 10, rule: {type: rank, points_by_rank: [10, 7.5, 5], direction: higher, of: ratio}}
    - code: "2"
      title: Xây dựng tổ chức
      max: 80
      children:
        - code: "2.1"
          title: Xếp loại
          max: 40
          rule:
            type: rating
            levels:
              "Xuất sắc, tiêu biểu": {points: 40}
              "Tốt: khá": {fraction: 0.75}
              Đạt: {fraction: 0.5}
        - {code: "2.2", title: Thẩm định, max: 20, rule: {type: assessed}}
        - {code: "2.3", title: Ký giao ước, max: 10, rule: {type: boolean, else_points: 2}}
        - {code: "2.4", title: Tuyên truyền, max: 10, rule: {type: relative}}
targets:
  "1.1": {S-A: 40.50, S-B: 38, S-C: 3.0}
  "1.2": {S-A: 0, S-B: 2, S-C: 1.5}
  "1.4": {S-A: 10, S-B: 12, S-C: 11}
  "1.5": {S-A: 100, S-B: 100, S-C: 90}
  "1.6": {S-A: 50, S-B: 60, S-C: 70}
  "1.9": {S-A: 5, S-B: 4, S-C: 6}
  "1.10": {S-A: 20, S-B: 25, S-C: 30}
values:
  "1.1": {S-A: 45.125, S-B: 36.1, S-C: 123456789.123456789012}
  "1.2": {S-A: 0, S-B: 1, S-C: 2}
  "1.3": {S-A: 80.000000000000001, S-B: 79.99}
  "1.4": {S-A: 11, S-B: 12, S-C: 10}
  "1.5": {S-A: 105, S-B: 120, S-C: 99}
  "1.6": {S-A: 50, S-B: 55, S-C: 60}
  "1.7": {S-A: 3, S-B: 0, S-C: 5}
  "1.8.a": {S-A: 12.5, S-B: 10, S-C: 8}
  "1.8.b": {S-A: 3, S-B: 4, S-C: 4}
  "1.9": {S-A: 4, S-B: 4.4, S-C: 9}
  "1.10": {S-A: 21, S-B: 25, S-C: 29}
  "2.1": {S-A: "Xuất sắc, tiêu biểu", S-B: "Tốt: khá", S-C: Đạt}
  "2.2": {S-A: 19.75, S-B: 20, S-C: 0}
  "2.3": {S-A: true, S-B: false, S-C: true}
  "2.4": {S-A: 7, S-B: 0.1, S-C: 6.30}
baselines:
  "1.8.a": {S-A: 12, S-B: 10, S-C: 9}
  "1.8.b": {S-A: 4, S-B: 4, S-C: 3}
not_applicable:
  "1.3": [S-C]
  "2.4": [S-B, S-C]
bonus_awarded:
  co_cp: [S-A, S-B]
deductions:
  - {unit: S-B, points: 2.5, reason: "Chậm nộp, thiếu hồ sơ", node: "2.2"}
  - {unit: S-C, points: 1, reason: Vi phạm}
submitted:
  S-A: 2027-12-10
  S-B: 2027-12-20
vetoes:
  - {unit: S-C, reason: Có cán bộ vi phạm pháp luật}
"""


def reopened(package: Package) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(package)))


def saved(book: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def cell_of(sheet: Worksheet, code: str, unit: str, header_row: int = 1) -> tuple[int, int]:
    """The row of a criterion (column A) and the column of a unit (header's first line)."""
    row = next(r for r in range(header_row + 1, sheet.max_row + 1) if sheet.cell(r, 1).value == code)
    column = next(
        c
        for c in range(1, sheet.max_column + 1)
        if str(sheet.cell(header_row, c).value or "").split("\n")[0] == unit
    )
    return row, column


@pytest.mark.parametrize(
    "text", [EXAMPLE.read_text(encoding="utf-8"), EVERY_KIND], ids=["example", "every-kind"]
)
def test_it_round_trips_a_package_through_the_workbook(text: str) -> None:
    package = load_text(text)
    again = read_workbook(workbook_bytes(package))
    assert again == package
    assert dump_yaml(again) == dump_yaml(package)


def test_it_keeps_text_that_looks_like_a_formula_as_text() -> None:
    text = EVERY_KIND.replace('"Tốt: khá"', '"=Tốt: khá"').replace("title: Kinh tế", 'title: "=Kinh tế"')
    package = load_text(text)
    assert read_workbook(workbook_bytes(package)) == package


def test_it_keeps_every_digit_of_numbers_a_float_would_change() -> None:
    package = read_workbook(workbook_bytes(load_text(EVERY_KIND)))
    assert str(package.inputs.targets["1.1"]["S-A"]) == "40.50"
    assert str(package.inputs.targets["1.1"]["S-C"]) == "3.0"
    assert str(package.inputs.values["1.1"]["S-C"]) == "123456789.123456789012"
    assert str(package.inputs.values["1.3"]["S-A"]) == "80.000000000000001"


def test_it_reads_typed_floats_and_decimal_commas_without_float_artefacts(tmp_path: Path) -> None:
    book = reopened(load(EXAMPLE))
    sheet = book["Thực hiện"]
    row, column = cell_of(sheet, "1.1", "VINH-THUAN")
    sheet.cell(row, column).value = 67.97
    row, column = cell_of(sheet, "2.3", "VINH-HOA")
    sheet.cell(row, column).value = "37,25"
    package = read_workbook(saved(book))
    assert package.inputs.values["1.1"]["VINH-THUAN"] == Decimal("67.97")
    assert package.inputs.values["2.3"]["VINH-HOA"] == Decimal("37.25")


def test_it_writes_exact_floats_as_numbers_and_the_rest_as_vietnamese_text() -> None:
    sheet = reopened(load_text(EVERY_KIND))["Chỉ tiêu"]
    assert sheet.cell(*cell_of(sheet, "1.1", "S-B")).value == 38
    assert sheet.cell(*cell_of(sheet, "1.2", "S-C")).value == 1.5
    assert sheet.cell(*cell_of(sheet, "1.1", "S-A")).value == "40,50"
    assert sheet.cell(*cell_of(sheet, "1.1", "S-C")).value == "3,0"
    values = reopened(load_text(EVERY_KIND))["Thực hiện"]
    assert values.cell(*cell_of(values, "1.1", "S-C")).value == "123.456.789,123456789012"
    assert values.cell(*cell_of(values, "1.1", "S-A")).value == 45.125


def validations(sheet: Worksheet) -> dict[str, str]:
    """Each validated range with its rule: the list formula, or the type and bounds."""
    out = {}
    for validation in sheet.data_validations.dataValidation:
        rule = (
            validation.formula1
            if validation.type == "list"
            else f"{validation.type} {validation.formula1}…{validation.formula2}"
        )
        for cells in str(validation.sqref).split():
            out[cells] = str(rule)
    return out


def test_it_offers_dropdowns_for_labels_yes_no_and_choices() -> None:
    book = reopened(load(EXAMPLE))
    values = validations(book["Thực hiện"])
    lists = book["Danh mục"]
    assert book["Danh mục"].sheet_state == "hidden"
    assert values["D12:H12"] == '"Có,Không"'  # 1.9, a yes/no leaf
    rating = values["D14:H14"]  # 2.1
    column = rating.split("!$")[1].split("$")[0]
    assert [lists[f"{column}{row}"].value for row in range(2, 6)] == [
        "Hoàn thành xuất sắc nhiệm vụ",
        "Hoàn thành tốt nhiệm vụ",
        "Hoàn thành nhiệm vụ",
        "Không hoàn thành nhiệm vụ",
    ]
    assert values["D13:H13"] == "decimal 0…300"  # 1.10, assessed out of 300
    assert values["D7:H7"] == "whole 0…1000000000000"  # 1.6, a count
    assert values["D2:H2"] == "decimal -1000000000000…1000000000000"
    roles = validations(book["Thành viên"])["C2:C26"]
    column = roles.split("!$")[1].split("$")[0]
    assert [lists[f"{column}{row}"].value for row in range(2, 5)] == [
        "Trưởng cụm/khối",
        "Phó cụm/khối",
        "Thành viên",
    ]
    assert validations(book["Không áp dụng"])["D8:H8"] == '"Có"'


def test_it_styles_headers_and_freezes_panes() -> None:
    book = reopened(load(EXAMPLE))
    assert book.sheetnames[:10] == [
        "Hướng dẫn",
        "Thông tin",
        "Thành viên",
        "Tiêu chí",
        "Xếp loại, khen thưởng",
        "Chỉ tiêu",
        "Thực hiện",
        "Năm trước",
        "Không áp dụng",
        "Điểm thưởng, điểm trừ",
    ]
    criteria = book["Tiêu chí"]
    assert criteria["A1"].value == "Mã tiêu chí" and criteria["A1"].font.b
    assert criteria.freeze_panes == "B2"
    assert book["Thực hiện"].freeze_panes == "D2"
    assert criteria.column_dimensions["C"].width == 60
    assert criteria["F3"].value == "direction: higher\nbelow: proportional\nfloor_ratio: 0"


def test_it_makes_a_template_that_scores_like_the_yaml_once_filled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "mau.xlsx"
    assert main(["template", "--framework", str(EXAMPLE), "--output", str(template)]) == 0
    assert capsys.readouterr().out == (
        f"{template}: đã tạo mẫu biểu cho Cụm thi đua số 5 năm 2026 (5 đơn vị, 20 tiêu chí chấm điểm)\n"
    )
    empty = read_workbook(template)
    assert empty.inputs.values == {} and empty.inputs.targets == {}
    package = load(EXAMPLE)
    book = openpyxl.load_workbook(template)
    # Filled in as a person types: numbers as numbers (floats), labels, Có/Không.
    for sheet_name, part in (
        ("Chỉ tiêu", package.inputs.targets),
        ("Thực hiện", package.inputs.values),
        ("Năm trước", package.inputs.baselines),
    ):
        sheet = book[sheet_name]
        for code, row in part.items():
            for unit, value in row.items():
                typed: str | int | float
                if isinstance(value, bool):
                    typed = "Có" if value else "Không"
                elif isinstance(value, Decimal):
                    typed = int(value) if value == value.to_integral_value() else float(value)
                else:
                    typed = value
                sheet.cell(*cell_of(sheet, code, unit)).value = typed
    sheet = book["Không áp dụng"]
    sheet.cell(*cell_of(sheet, "1.7", "RACH-GIA")).value = "Có"
    extras = book["Điểm thưởng, điểm trừ"]
    extras.cell(*cell_of(extras, "co_tinh", "AN-MINH", header_row=2)).value = "Có"
    first = next(r for r in range(1, extras.max_row + 1) if extras.cell(r, 1).value == "Điểm trừ") + 2
    extras.cell(first, 1).value = "THANH-LOC"
    extras.cell(first, 2).value = 8
    extras.cell(first, 3).value = "Không tổ chức ký kết giao ước thi đua với các đơn vị trực thuộc"
    filled = tmp_path / "da-dien.xlsx"
    book.save(filled)
    assert main(["score", str(filled), "--format", "json", "--output", str(tmp_path / "xlsx.json")]) == 0
    assert main(["score", str(EXAMPLE), "--format", "json", "--output", str(tmp_path / "yaml.json")]) == 0
    from_workbook = json.loads((tmp_path / "xlsx.json").read_text(encoding="utf-8"))
    assert from_workbook == json.loads((tmp_path / "yaml.json").read_text(encoding="utf-8"))
    vector = json.loads((EXAMPLE.parent / "cum-mau-2026.results.json").read_text(encoding="utf-8"))
    assert [(u["code"], u["total"]) for u in from_workbook["units"]] == [
        (u["code"], u["total"]) for u in vector["units"]
    ]
    assert read_workbook(filled) == package


def test_it_validates_a_workbook_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "goi.xlsx"
    path.write_bytes(workbook_bytes(load(EXAMPLE)))
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: hợp lệ (5 đơn vị, 20 tiêu chí chấm điểm)\n"
