"""Issue 11 item 19: a decimal comma is never read as something else.

In a YAML flow mapping `{U1: 0,5}` is two entries, `U1: 0` and `5:` with no value; before this the unit silently
got 0. Every place where a package reads a number names the split with the figure as it was written.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from thidua.packages import PackageError, load, load_text

EXAMPLE = Path(__file__).parent / "fixtures" / "cum-mau-2026.yaml"


def problems_after(*replacements: tuple[str, str]) -> list[str]:
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    with pytest.raises(PackageError) as error:
        load_text(text)
    return [str(problem) for problem in error.value.problems]


def test_it_refuses_a_value_split_by_a_decimal_comma() -> None:
    assert problems_after(('"1.1": {VINH-HOA: 45,', '"1.1": {VINH-HOA: 0,5,')) == [
        "values.1.1.VINH-HOA: “0,5” có dấu phẩy thập phân; hãy viết dấu chấm (0.5)",
    ]


def test_it_keeps_every_digit_of_the_part_after_the_comma() -> None:
    assert problems_after(('"1.1": {VINH-HOA: 45,', '"1.1": {VINH-HOA: 12,05,')) == [
        "values.1.1.VINH-HOA: “12,05” có dấu phẩy thập phân; hãy viết dấu chấm (12.05)",
    ]


def test_it_refuses_the_split_in_every_part_where_numbers_are_read() -> None:
    problems = problems_after(
        ('"1.1": {VINH-HOA: 40.5,', '"1.1": {VINH-HOA: 40,5,'),
        ('"1.8.a": {VINH-HOA: 12,', '"1.8.a": {VINH-HOA: 1,5,'),
        ("{unit: THANH-LOC, points: 8,", "{unit: THANH-LOC, points: 7,5,"),
        ("points_per_step: 0.5, cap: 5}", "points_per_step: 0,5, cap: 5}"),
        ("- {min: 95, points: 40}", "- {min: 95, points: 39,5}"),
        ("max: 20, rule: {type: count, each: 5}}", "max: 20, rule: {type: count, each: 2,5}}"),
        (
            "{code: co_cp, title: Được tặng Cờ thi đua của Chính phủ năm trước, points: 15}",
            "{code: co_cp, title: Được tặng Cờ thi đua của Chính phủ năm trước, points: 7,5}",
        ),
    )
    assert problems == [
        "framework.sections[0].children[0] (1.1).bonus.points_per_step: “0,5” có dấu phẩy thập phân; hãy viết dấu chấm (0.5)",
        "framework.sections[0].children[1] (1.2).rule.bands[0].points: “39,5” có dấu phẩy thập phân; hãy viết dấu chấm (39.5)",
        "framework.sections[2].children[1] (3.2).rule.each: “2,5” có dấu phẩy thập phân; hãy viết dấu chấm (2.5)",
        "framework.bonus_items[1].points: “7,5” có dấu phẩy thập phân; hãy viết dấu chấm (7.5)",
        "deductions[0].points: “7,5” có dấu phẩy thập phân; hãy viết dấu chấm (7.5)",
        "targets.1.1.VINH-HOA: “40,5” có dấu phẩy thập phân; hãy viết dấu chấm (40.5)",
        "baselines.1.8.a.VINH-HOA: “1,5” có dấu phẩy thập phân; hãy viết dấu chấm (1.5)",
    ]


def test_it_refuses_two_splits_that_would_give_the_same_key() -> None:
    # `{A: 0,5, B: 1,5}` repeats the key 5: YAML itself would refuse it with an English message about a duplicate.
    assert problems_after(
        ('"1.1": {VINH-HOA: 45, THANH-LOC: 36.1,', '"1.1": {VINH-HOA: 0,5, THANH-LOC: 1,5,')
    ) == [
        "values.1.1.VINH-HOA: “0,5” có dấu phẩy thập phân; hãy viết dấu chấm (0.5)",
        "values.1.1.THANH-LOC: “1,5” có dấu phẩy thập phân; hãy viết dấu chấm (1.5)",
    ]


def test_it_reads_a_quoted_or_block_decimal_comma_as_the_pages_do() -> None:
    # Written as text, "0,5" is read the way a Vietnamese officer means it (thidua.core.numbers), never as 0.
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace('"1.1": {VINH-HOA: 45,', '"1.1": {VINH-HOA: "45,25",', 1)
    text = text.replace('"1.8.a": {VINH-HOA: 12,', '"1.8.a": {VINH-HOA: "12,0",', 1)
    text = text.replace(
        "  - {unit: THANH-LOC, points: 8, reason: Không tổ chức ký kết giao ước thi đua với các đơn vị trực thuộc}",
        "  - unit: THANH-LOC\n    points: 7,5\n    reason: Không tổ chức ký kết giao ước thi đua",
        1,
    )
    package = load_text(text)
    assert package.inputs.values["1.1"]["VINH-HOA"] == Decimal("45.25")
    assert package.inputs.baselines["1.8.a"]["VINH-HOA"] == Decimal("12.0")
    assert package.inputs.deductions[0].points == Decimal("7.5")


def test_it_refuses_a_quoted_figure_that_reads_two_ways() -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        '"1.1": {VINH-HOA: 45,', '"1.1": {VINH-HOA: "1,200",', 1
    )
    with pytest.raises(PackageError) as error:
        load_text(text)
    (problem,) = [str(p) for p in error.value.problems]
    assert problem.startswith("values.1.1.VINH-HOA: ") and "1,2" in problem and "1.200" in problem


def test_it_still_joins_titles_that_unquoted_commas_split() -> None:
    package = load(EXAMPLE)
    assert (
        package.framework.sections[2].children[1].title
        == "Phát hiện, nhân rộng mô hình mới, điển hình tiên tiến"
    )
    assert (
        package.legal_basis[0].title
        == "Quy định tổ chức hoạt động và chấm điểm thi đua các cụm, khối thi đua"
    )


def test_it_keeps_a_rating_label_with_a_comma_as_text() -> None:
    # A label is text: the comma check is for numbers only.
    problems = problems_after(
        (
            "AN-MINH: Hoàn thành tốt nhiệm vụ, VINH-THUAN: Hoàn thành nhiệm vụ}",
            "AN-MINH: Hoàn thành tốt nhiệm vụ, VINH-THUAN: Tốt, 5}",
        )
    )
    assert problems == [
        "values.2.1.VINH-THUAN: xếp loại “Tốt” không hợp lệ; cho phép: Hoàn thành xuất sắc nhiệm vụ, "
        "Hoàn thành tốt nhiệm vụ, Hoàn thành nhiệm vụ, Không hoàn thành nhiệm vụ",
    ]
