"""The one reader and the one writer of numbers people type and read (thidua.core.numbers)."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest

from thidua.core.numbers import (
    NumberError,
    TypedText,
    format_measure,
    format_number,
    parse_number,
    parse_package_number,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1.200", Decimal("1200")),
        ("1.200,5", Decimal("1200.5")),
        ("0,5", Decimal("0.5")),
        ("12", Decimal("12")),
        ("-3", Decimal("-3")),
        ("  1.452  ", Decimal("1452")),
        ("1 200", Decimal("1200")),
        ("1\u00a0200,25", Decimal("1200.25")),
        ("12.345.678", Decimal("12345678")),
        ("1200", Decimal("1200")),
        ("1,25", Decimal("1.25")),
    ],
)
def test_it_reads_numbers_the_vietnamese_way(typed: str, expected: Decimal) -> None:
    assert parse_number(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message", "readings"),
    [
        (
            "1.5",
            "“1.5” không rõ nghĩa: viết 1,5 (số thập phân, dùng dấu phẩy) hay 1.500 (dấu chấm ngăn cách hàng nghìn)",
            (Decimal("1.5"), Decimal("1500")),
        ),
        (
            "40.25",
            "“40.25” không rõ nghĩa: viết 40,25 (số thập phân, dùng dấu phẩy) hay 40.250 (dấu chấm ngăn cách hàng nghìn)",
            (Decimal("40.25"), Decimal("40250")),
        ),
        (
            "1.2345",
            "“1.2345” không rõ nghĩa: viết 1,2345 (số thập phân, dùng dấu phẩy) hay 12.345 (dấu chấm ngăn cách hàng nghìn)",
            (Decimal("1.2345"), Decimal("12345")),
        ),
    ],
)
def test_it_refuses_an_ambiguous_dot_with_both_readings(
    typed: str, message: str, readings: tuple[Decimal, ...]
) -> None:
    with pytest.raises(NumberError) as refused:
        parse_number(typed)
    assert refused.value.message == message
    assert refused.value.readings == readings


@pytest.mark.parametrize("typed", ["1,2,3", "abc", "1.20.5", "1 2", "1.200.5,5,5", "NaN", "Infinity"])
def test_it_refuses_what_is_not_a_number(typed: str) -> None:
    with pytest.raises(NumberError) as refused:
        parse_number(typed)
    assert refused.value.message == f"“{typed}” không phải là một số"


def test_it_refuses_empty_text() -> None:
    with pytest.raises(NumberError) as refused:
        parse_number("   ")
    assert refused.value.message == "chưa nhập số"


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (Decimal("1200"), None, "1.200"),
        (Decimal("1200.5"), None, "1.200,5"),
        (Decimal("1200.50"), None, "1.200,5"),
        (Decimal("6.25E+3"), None, "6.250"),
        (Decimal("141.2857"), 2, "141,29"),
        (Decimal("0.425"), 2, "0,43"),
        (Decimal("40"), 2, "40,00"),
        (Decimal("-0.001"), 2, "0,00"),
        (Decimal("-1234.5"), None, "-1.234,5"),
        (Decimal("1234567.5"), 0, "1.234.568"),
        (20802, None, "20.802"),
    ],
)
def test_it_writes_numbers_the_vietnamese_way(value: Decimal, places: int | None, shown: str) -> None:
    assert format_number(value, places) == shown


@pytest.mark.parametrize("typed", ["1.200", "1.200,5", "0,5", "12.345.678,125", "-3"])
def test_it_shows_a_saved_value_back_as_it_was_read(typed: str) -> None:
    assert format_number(parse_number(typed)) == typed


def test_it_prints_compared_figures_alike_and_whole_counts_without_decimals() -> None:
    assert (format_measure(Decimal(1452), Decimal(900)), format_measure(Decimal(900), Decimal(1452))) == (
        "1.452",
        "900",
    )
    assert (format_measure(Decimal(45), Decimal("40.5")), format_measure(Decimal("40.5"), Decimal(45))) == (
        "45,00",
        "40,50",
    )
    assert format_measure(Decimal("0.425")) == "0,425"


def test_it_is_pure_python_so_the_engine_may_use_it() -> None:
    code = "import sys, thidua.core.numbers, thidua.engine; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("40.5", Decimal("40.5")),  # version 1: a decimal string with a point keeps its meaning
        ("1.035", Decimal("1.035")),
        ("0.25", Decimal("0.25")),
        ("1200", Decimal("1200")),
        ("6.25E+3", Decimal("6250")),
        ("1.200,5", Decimal("1200.5")),  # with a comma: Vietnamese
        ("0,5", Decimal("0.5")),
        ("1,25", Decimal("1.25")),
        ("12.345.678", Decimal("12345678")),
    ],
)
def test_it_reads_package_text_values_of_version_1_and_vietnamese_numbers(
    written: str, expected: Decimal
) -> None:
    assert parse_package_number(written) == expected


def test_it_refuses_a_package_text_value_that_reads_two_ways() -> None:
    with pytest.raises(NumberError) as refused:
        parse_package_number("1,200")
    assert refused.value.message == (
        "“1,200” không rõ nghĩa: 1,2 (dấu phẩy thập phân) hay 1.200 (dấu phẩy ngăn cách hàng nghìn kiểu tiếng Anh);"
        " trong gói dữ liệu hãy viết 1.2 hoặc 1200"
    )
    assert refused.value.readings == (Decimal("1.2"), Decimal("1200"))


def test_it_reads_text_typed_into_a_workbook_cell_as_the_pages_do() -> None:
    assert parse_package_number(TypedText("1.200")) == Decimal(1200)
    with pytest.raises(NumberError) as refused:
        parse_package_number(TypedText("1.5"))
    assert refused.value.readings == (Decimal("1.5"), Decimal(1500))


@pytest.mark.parametrize("written", ["1,2,3", "abc", "1.5.5", "1.20,5"])
def test_it_refuses_package_text_that_is_no_number(written: str) -> None:
    with pytest.raises(NumberError):
        parse_package_number(written)


def test_it_writes_very_long_numbers_with_every_digit() -> None:
    assert format_number(Decimal(1), 28) == "1," + "0" * 28
    assert format_number(Decimal("1E+30")) == "1" + ".000" * 10
    assert format_number(Decimal(2) / Decimal(3), 28) == "0," + "6" * 27 + "7"
