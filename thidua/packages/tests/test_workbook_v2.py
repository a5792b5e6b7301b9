"""The Excel workbook of package format 2 (issue 11): every construct with Vietnamese labels and dropdowns, no
YAML in a cell, no English key or machine token, and read back to the identical package."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from thidua.engine.registry import RULES, TERMS
from thidua.packages import PackageError, load, load_text
from thidua.packages.workbook import read_workbook, v2, workbook_bytes, workbook_package
from thidua.packages.writer import dump_json, dump_yaml

EVERY_CONSTRUCT = Path(__file__).parent / "fixtures" / "v2-every-construct.yaml"
DEPARTMENT_EXAMPLE = Path(__file__).parents[3] / "docs" / "examples" / "so-ban-nganh-2.yaml"


@pytest.fixture(scope="module")
def book() -> bytes:
    return workbook_bytes(load(EVERY_CONSTRUCT))


def cells(book: bytes, sheet: str) -> list[tuple[Any, ...]]:
    found = openpyxl.load_workbook(io.BytesIO(book))[sheet]
    return [tuple(row) for row in found.iter_rows(values_only=True)]


def test_it_reads_a_version_2_workbook_back_to_the_identical_package(book: bytes) -> None:
    package = load(EVERY_CONSTRUCT)
    back = read_workbook(book)
    assert back == package
    assert dump_yaml(back) == dump_yaml(package)
    # YAML → workbook → YAML → JSON → workbook: the same package at every step.
    again = load_text(dump_json(read_workbook(workbook_bytes(load_text(dump_yaml(back))))), json_format=True)
    assert again == package
    assert back.score() == package.score()


def machine_tokens() -> set[str]:
    """Every code a version 2 package writes for a choice: none may show in a cell people read."""
    tokens = set(RULES) | set(TERMS)
    for spec in (*RULES.values(), *TERMS.values()):
        for param in spec.params:
            tokens |= set(param.values)
    for labels in v2.VALUE_LABELS.values():
        tokens |= set(labels)
    return tokens | set(v2.EFFECT_LABELS)


def test_it_writes_every_setting_with_vietnamese_labels_and_no_machine_token(book: bytes) -> None:
    rows = cells(book, v2.SHEET)
    assert rows[0] == v2.HEADERS
    english = set(v2.KEY_LABELS) | {
        param.name for spec in (*RULES.values(), *TERMS.values()) for param in spec.params
    }
    fact_names = {
        "vi_pham",
        "tu_xu_ly",
        "khien_trach",
        "canh_cao",
        "ty_le",
        "tre_han",
        "ho_so",
        "cong_khai",
        "so_lieu",
        "value",
        "danh_gia",
        "xep_loai",
    }
    tokens = machine_tokens() - {"value"}  # "value" is also the name of b4's fact, a code the package chose
    for code, path, value in rows[1:]:
        for label in path.split(" › "):
            assert label.isdigit() or label in fact_names or label not in english, (code, path)
        assert not (isinstance(value, str) and value in tokens), (code, path, value)
        assert not (isinstance(value, str) and value.lstrip().startswith(("{", "["))), (code, path, value)
    assert ("b1", "Điểm cộng › Cách tính › 1 › Loại", "Lũy kế theo bước") in rows
    assert ("b1", "Điểm cộng › Cách tính › 1 › Cách đếm bước", "Vượt mốc là tính bước đầu") in rows
    assert ("b2", "Điểm cộng › Cách tính › 1 › Các khoảng › 1 › Dưới", 95) in rows
    assert ("b2", "Điểm cộng › Cách tính › 1 › Các khoảng › 1 › Điểm", -2) in rows
    assert ("a2", "Điểm trừ › Trừ đến", "Trừ cả vào điểm của nội dung") in rows
    assert ("b4", "Khi không giao chỉ tiêu", "So với đơn vị cao nhất trong nhóm không giao chỉ tiêu") in rows
    assert ("a1", "Điểm trừ › Cách tính › 1 › Không tính khi › Là", "Có") in rows


def test_it_offers_a_dropdown_on_every_coded_setting(book: bytes) -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(book))[v2.SHEET]
    covered = {
        str(cell) for validation in sheet.data_validations.dataValidation for cell in validation.sqref.ranges
    }
    for index, (_code, path, _value) in enumerate(cells(book, v2.SHEET)[1:], start=2):
        last = path.split(" › ")[-1]
        if last in ("Loại", "Kiểu", "Trừ đến", "Cách đếm bước", "Chiều đánh giá", "Giá trị xét"):
            assert f"C{index}" in covered, path


def test_it_writes_facts_attributes_agreed_points_and_veto_effects(book: bytes) -> None:
    facts = cells(book, v2.FACT_VALUES)
    assert ("b1", "cong_khai", "D1", "Có") in facts
    assert ("a2", None, "D1", None) in facts  # reported, every fact at its default
    assert ("D2", "mien_nui", "Có") in cells(book, v2.ATTRIBUTES)
    extras = cells(book, "Điểm thưởng, điểm trừ")
    assert any(row[:3] == ("D2", "b3", 2.5) for row in extras)
    assert any(row[:4] == ("D3", "Có cán bộ bị kỷ luật cảnh cáo", "Không xếp loại", 1) for row in extras)
    info = {row[0]: row[1] for row in cells(book, "Thông tin")}
    assert info["Định dạng"] == "thidua.package/2" and info["Điểm thưởng tối đa"] is None


def edited(book: bytes, sheet: str, find: tuple[str, str], value: object) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(book))
    for row in workbook[sheet].iter_rows():
        if (row[0].value, row[1].value) == find:
            row[2].value = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_it_names_the_row_of_a_setting_it_does_not_know(book: bytes) -> None:
    bad = edited(book, v2.SHEET, ("b1", "Điểm cộng › Cách tính › 1 › Loại"), "Cộng thêm tùy ý")
    package, problems = workbook_package(bad)
    assert package is None or problems
    first = next(index for index, row in enumerate(cells(bad, v2.SHEET), start=1) if row[0] == "b1")
    assert (
        f'Sheet "{v2.SHEET}", dòng {first}, cột B (b1): “Cộng thêm tùy ý” không hợp lệ; chọn một trong: '
        + ", ".join(spec.label for spec in TERMS.values())
    ) in [str(p) for p in problems]


def test_it_reports_a_wrong_number_in_a_setting_at_the_criterions_rows(book: bytes) -> None:
    bad = edited(book, v2.SHEET, ("a1", "Điểm trừ › Tối đa"), "một rưỡi")
    with pytest.raises(PackageError) as error:
        read_workbook(bad)
    assert any(
        str(p).startswith(f'Sheet "{v2.SHEET}"') and "“một rưỡi”" in str(p) for p in error.value.problems
    )


def test_it_keeps_the_version_1_workbook_as_it_was() -> None:
    version_1 = workbook_bytes(load(Path(__file__).parent / "fixtures" / "cum-mau-2026.yaml"))
    names = openpyxl.load_workbook(io.BytesIO(version_1)).sheetnames
    assert v2.SHEET not in names and v2.FACT_VALUES not in names and v2.ATTRIBUTES not in names


def test_it_makes_a_version_2_template_with_a_row_to_fill_for_every_fact_of_every_member(
    tmp_path: Path,
) -> None:
    from thidua.cli import main

    output = tmp_path / "mau.xlsx"
    assert main(["template", "--framework", str(EVERY_CONSTRUCT), "--output", str(output)]) == 0
    book = output.read_bytes()
    facts = cells(book, v2.FACT_VALUES)
    package = load(EVERY_CONSTRUCT)
    expected = {
        (leaf.code, fact.name, member.code)
        for leaf in package.framework.leaves()
        for fact in leaf.facts
        for member in package.members
    }
    assert {row[:3] for row in facts[1:] if row[0]} == expected
    assert all(row[3] is None for row in facts[1:])
    # The empty template reads back as the framework with nothing reported.
    empty = read_workbook(book)
    assert empty.framework == package.framework and not empty.inputs.values and not empty.inputs.facts


@pytest.mark.skipif(not DEPARTMENT_EXAMPLE.exists(), reason="the documented example is not in this tree")
def test_it_round_trips_the_documented_department_example() -> None:
    package = load(DEPARTMENT_EXAMPLE)
    back = read_workbook(workbook_bytes(package))
    assert back == package and dump_yaml(back) == dump_yaml(package)
    assert back.score() == package.score()


def test_it_writes_the_tie_break_in_words_and_still_reads_the_keys_of_older_files() -> None:
    from thidua.packages.workbook.layout import tie_break_keys

    package = load(Path(__file__).parent / "fixtures" / "cum-mau-2026.yaml")
    book = workbook_bytes(package)
    info = {row[0]: row[1] for row in cells(book, "Thông tin")}
    assert (
        info["Phân định khi bằng điểm"] == "Điểm nội dung 1 cao hơn; Điểm thưởng cao hơn; Điểm trừ thấp hơn"
    )
    assert read_workbook(book).framework.tie_break == package.framework.tie_break
    assert tie_break_keys("section:1, bonus, deductions") == ["section:1", "bonus", "deductions"]
    assert tie_break_keys("điểm nội dung 2; Điểm chuẩn cao hơn") == ["section:2", "standard"]
