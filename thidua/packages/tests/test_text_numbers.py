"""Numbers written as text in a package (issue 10, build 5): version 1 decimal strings keep their meaning,
Vietnamese numbers with a comma are read as the pages read them, and "1,200" is refused at its place."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from thidua.packages import PackageError, load_text

EXAMPLE = Path(__file__).parent / "fixtures" / "cum-mau-2026.yaml"
VALUES_1_3 = '  "1.3": {VINH-HOA: 1452,'
TARGETS_1_1 = '  "1.1": {VINH-HOA: 40.5,'


def with_text(old: str, new: str) -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def test_it_keeps_version_1_decimal_strings() -> None:
    package = load_text(with_text(TARGETS_1_1, '  "1.1": {VINH-HOA: "40.5",'))
    assert package.inputs.targets["1.1"]["VINH-HOA"] == Decimal("40.5")


def test_it_reads_a_vietnamese_number_with_a_comma() -> None:
    package = load_text(with_text(VALUES_1_3, '  "1.3": {VINH-HOA: "1.452,5",'))
    assert package.inputs.values["1.3"]["VINH-HOA"] == Decimal("1452.5")
    package = load_text(with_text(TARGETS_1_1, '  "1.1": {VINH-HOA: "40,5",'))
    assert package.inputs.targets["1.1"]["VINH-HOA"] == Decimal("40.5")


@pytest.mark.parametrize(
    ("old", "new", "place"),
    [
        (VALUES_1_3, '  "1.3": {VINH-HOA: "1,452",', "values.1.3.VINH-HOA"),
        (TARGETS_1_1, '  "1.1": {VINH-HOA: "1,452",', "targets.1.1.VINH-HOA"),
    ],
)
def test_it_refuses_a_text_number_that_reads_two_ways_with_its_place(old: str, new: str, place: str) -> None:
    with pytest.raises(PackageError) as error:
        load_text(with_text(old, new))
    assert [str(problem) for problem in error.value.problems] == [
        f"{place}: “1,452” không rõ nghĩa: 1,452 (dấu phẩy thập phân) hay 1.452 (dấu phẩy ngăn cách hàng nghìn "
        "kiểu tiếng Anh); trong gói dữ liệu hãy viết 1.452 hoặc 1452"
    ]
