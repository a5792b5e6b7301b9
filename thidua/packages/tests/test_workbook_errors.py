"""Mistakes in a filled workbook: each reported once, in Vietnamese, at its sheet, row and column."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from thidua.cli import main
from thidua.packages import PackageError, load
from thidua.packages.workbook import read_workbook, workbook_bytes

EXAMPLE = Path(__file__).parent / "fixtures" / "cum-mau-2026.yaml"
# Rows of the example's workbook: "Tiêu chí" row 2 is section 1, row 4 is 1.2; "Thực hiện" row 12 is 1.9,
# row 14 is 2.1; member columns D…H are VINH-HOA, THANH-LOC, RACH-GIA, AN-MINH, VINH-THUAN.


def problems(edit: Callable[[openpyxl.Workbook], object]) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(load(EXAMPLE))))
    edit(book)
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(PackageError) as error:
        read_workbook(buffer.getvalue())
    return [str(problem) for problem in error.value.problems]


def put(sheet: str, cell: str, value: object) -> Callable[[openpyxl.Workbook], None]:
    def edit(book: openpyxl.Workbook) -> None:
        book[sheet][cell].value = value

    return edit


def block_row(sheet: Worksheet, title: str) -> int:
    """The first data row of a titled table."""
    return next(row for row in range(1, sheet.max_row + 1) if sheet.cell(row, 1).value == title) + 2


def test_it_reports_an_unknown_rating_label_at_its_cell() -> None:
    assert problems(put("Thực hiện", "G14", "Tốt")) == [
        'Sheet "Thực hiện", dòng 14, cột G (2.1, AN-MINH): xếp loại “Tốt” không hợp lệ; cho phép: '
        "Hoàn thành xuất sắc nhiệm vụ, Hoàn thành tốt nhiệm vụ, Hoàn thành nhiệm vụ, Không hoàn thành nhiệm vụ"
    ]


def test_it_reports_a_yes_no_cell_that_is_neither() -> None:
    assert problems(put("Thực hiện", "D12", "Chưa")) == [
        'Sheet "Thực hiện", dòng 12, cột D (1.9, VINH-HOA): giá trị phải là true hoặc false, đang là “Chưa”'
    ]


def test_it_reports_a_column_for_a_unit_that_is_not_a_member() -> None:
    def edit(book: openpyxl.Workbook) -> None:
        book["Thực hiện"]["I1"] = "XA-D\nXã D"
        book["Thực hiện"]["I2"] = 3

    assert problems(edit) == [
        'Sheet "Thực hiện", dòng 2, cột I (1.1, XA-D): đơn vị XA-D không phải thành viên của cụm'
    ]


def test_it_reports_a_parent_whose_children_do_not_add_up_on_the_parent_row() -> None:
    assert problems(put("Tiêu chí", "D3", 30)) == [
        'Sheet "Tiêu chí", dòng 2, cột A (1): tổng điểm các tiêu chí con là 640, khác điểm tối đa 650'
    ]


def test_it_reports_rule_parameters_it_cannot_read_once() -> None:
    assert problems(put("Tiêu chí", "F4", "input: actual\nbands: [{min: 95, points: 40}")) == [
        'Sheet "Tiêu chí", dòng 4, cột F (1.2, Tham số quy tắc): tham số quy tắc viết sai ở dòng 2, cột 30 '
        "trong ô: YAML không hợp lệ: expected ',' or ']', but got '<stream end>'"
    ]


def test_it_reports_an_unknown_rule_type_and_an_unknown_parameter() -> None:
    assert problems(put("Tiêu chí", "E4", "ti_le")) == [
        'Sheet "Tiêu chí", dòng 4, cột E (1.2, Loại quy tắc): loại quy tắc “ti_le” không hợp lệ; cho phép: '
        "ratio, threshold, bands, rating, assessed, count, boolean, change, relative, rank"
    ]
    assert problems(put("Tiêu chí", "F4", "input: actual\nbands: [{min: 95, points: 40}]\nmuc: 3")) == [
        'Sheet "Tiêu chí", dòng 4, cột F (1.2, Tham số quy tắc): khóa “muc” không được dùng ở đây; '
        "cho phép: type, input, bands"
    ]


def test_it_reports_an_unknown_parent_and_a_cycle_of_parents() -> None:
    assert problems(put("Tiêu chí", "B4", "9")) == [
        'Sheet "Tiêu chí", dòng 2, cột A (1): tổng điểm các tiêu chí con là 610, khác điểm tối đa 650',
        'Sheet "Tiêu chí", dòng 4, cột B (1.2, Mã cấp trên): không có tiêu chí mã 9 để làm cấp trên',
        'Sheet "Thực hiện", dòng 3, cột A (1.2): không có tiêu chí mã 1.2 trong thang điểm',
    ]

    def cycle(book: openpyxl.Workbook) -> None:
        book["Tiêu chí"]["B4"] = "1.1"  # 1.2 under 1.1, and 1.1 under 1.2
        book["Tiêu chí"]["B3"] = "1.2"

    found = problems(cycle)
    assert found[:3] == [
        'Sheet "Tiêu chí", dòng 2, cột A (1): tổng điểm các tiêu chí con là 570, khác điểm tối đa 650',
        'Sheet "Tiêu chí", dòng 3, cột B (1.1, Mã cấp trên): các tiêu chí cấp trên tạo thành vòng, '
        "không nối được tới một nội dung cấp cao nhất",
        'Sheet "Tiêu chí", dòng 4, cột B (1.2, Mã cấp trên): các tiêu chí cấp trên tạo thành vòng, '
        "không nối được tới một nội dung cấp cao nhất",
    ]


def test_it_reports_a_choice_outside_its_list_with_the_vietnamese_labels() -> None:
    assert problems(put("Thành viên", "C3", "Phó chủ tịch")) == [
        'Sheet "Thành viên", dòng 3, cột C (THANH-LOC): “Phó chủ tịch” không hợp lệ; chọn một trong: '
        "Trưởng cụm/khối, Phó cụm/khối, Thành viên"
    ]


def test_it_reports_a_year_that_is_not_whole_and_an_unknown_setting() -> None:
    assert problems(put("Thông tin", "B3", "2026,5")) == [
        'Sheet "Thông tin", dòng 3, cột B (Năm): phải là một số nguyên, đang là “2026,5”'
    ]
    assert problems(put("Thông tin", "A4", "Mã số")) == [
        'Sheet "Thông tin" (Mã cụm, khối): thiếu mục bắt buộc',
        'Sheet "Thông tin", dòng 4, cột A (Mã số): mục “Mã số” không có trong mẫu',
    ]


def test_it_reports_half_a_late_report_setting() -> None:
    assert problems(put("Thông tin", "B12", "15/12/2026")) == [
        'Sheet "Thông tin", dòng 13, cột B (Điểm trừ mỗi ngày nộp trễ): thiếu mục bắt buộc',
        'Sheet "Thông tin", dòng 14, cột B (Điểm trừ nộp trễ tối đa): thiếu mục bắt buộc',
    ]


def test_it_reports_a_zero_target_of_a_ratio() -> None:
    assert problems(put("Chỉ tiêu", "D2", 0)) == [
        'Sheet "Chỉ tiêu", dòng 2, cột D (1.1, VINH-HOA): chỉ tiêu bằng 0 nên không tính được tỷ lệ thực hiện/kế hoạch'
    ]


def test_it_reports_a_mark_that_is_not_yes() -> None:
    assert problems(put("Không áp dụng", "D3", "không rõ")) == [
        'Sheet "Không áp dụng", dòng 3, cột D (1.2, VINH-HOA): đánh dấu “không rõ” không hợp lệ; chọn Có hoặc để trống'
    ]


def test_it_reports_deductions_vetoes_and_dates_at_their_rows() -> None:
    def edit(book: openpyxl.Workbook) -> None:
        sheet = book["Điểm thưởng, điểm trừ"]
        row = block_row(sheet, "Điểm trừ")
        sheet.cell(row, 1).value = "XA-Z"
        sheet.cell(row, 2).value = 4
        sheet.cell(row, 3).value = "Chậm triển khai"
        sheet.cell(row + 1, 1).value = "AN-MINH"
        sheet.cell(row + 1, 2).value = "tám"
        sheet.cell(row + 1, 3).value = "Vi phạm"
        row = block_row(sheet, "Không xét thi đua")
        sheet.cell(row, 1).value = "RACH-GIA"
        row = block_row(sheet, "Ngày nộp báo cáo năm")
        sheet.cell(row, 2).value = "31/02/2026"

    assert problems(edit) == [
        'Sheet "Điểm thưởng, điểm trừ", dòng 8, cột A (XA-Z): đơn vị XA-Z không phải thành viên của cụm',
        'Sheet "Điểm thưởng, điểm trừ", dòng 9, cột B (AN-MINH): phải là một số, đang là “tám”',
        'Sheet "Điểm thưởng, điểm trừ", dòng 17, cột B (RACH-GIA): thiếu mục bắt buộc',
        'Sheet "Điểm thưởng, điểm trừ", dòng 23, cột B (VINH-HOA): phải là một ngày dạng YYYY-MM-DD, '
        "đang là “31/02/2026”",
    ]


def test_it_reports_repeated_rows_and_columns() -> None:
    def edit(book: openpyxl.Workbook) -> None:
        sheet = book["Thực hiện"]
        sheet["A3"] = "1.1"
        sheet["I1"] = "VINH-HOA"
        sheet["I2"] = 5

    assert problems(edit) == [
        'Sheet "Thực hiện", dòng 1, cột I (VINH-HOA): đơn vị VINH-HOA đã có ở cột trước',
        'Sheet "Thực hiện", dòng 3, cột A (1.1): tiêu chí 1.1 đã có ở dòng 2',
    ]


def test_it_reports_a_missing_sheet_alone() -> None:
    def edit(book: openpyxl.Workbook) -> None:
        del book["Thành viên"]

    assert problems(edit) == ['Sheet "Thành viên": tệp không có trang tính này']


def test_it_reports_every_mistake_at_once_in_sheet_order() -> None:
    # The package reader finds these in another order: members, then settings, then the engine's sums.
    def edit(book: openpyxl.Workbook) -> None:
        book["Tiêu chí"]["D3"] = 30
        book["Thành viên"]["C3"] = "Phó chủ tịch"
        book["Thông tin"]["B9"] = "năm mươi"
        book["Thực hiện"]["G14"] = "Tốt"

    assert problems(edit) == [
        'Sheet "Thông tin", dòng 9, cột B (Điểm thưởng tối đa): phải là một số, đang là “năm mươi”',
        'Sheet "Thành viên", dòng 3, cột C (THANH-LOC): “Phó chủ tịch” không hợp lệ; chọn một trong: '
        "Trưởng cụm/khối, Phó cụm/khối, Thành viên",
        'Sheet "Tiêu chí", dòng 2, cột A (1): tổng điểm các tiêu chí con là 640, khác điểm tối đa 650',
        'Sheet "Thực hiện", dòng 14, cột G (2.1, AN-MINH): xếp loại “Tốt” không hợp lệ; cho phép: '
        "Hoàn thành xuất sắc nhiệm vụ, Hoàn thành tốt nhiệm vụ, Hoàn thành nhiệm vụ, Không hoàn thành nhiệm vụ",
    ]


def test_it_refuses_a_file_that_is_not_a_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "goi.xlsx"
    path.write_text("format: thidua.package/1\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"{path}: có 1 lỗi\n{path}: không mở được tệp Excel (.xlsx): File is not a zip file\n"
    )
