import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from thidua.core.templatetags.vn import vn_date, vn_datetime, vn_number


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("141.29"), None, "141,29"),
        (20802, None, "20.802"),
        (Decimal("1234567.5"), 2, "1.234.567,50"),
        (Decimal("0.125"), 2, "0,13"),
        (Decimal("-3.2"), None, "-3,2"),
        (Decimal("950"), None, "950"),
        (Decimal("1000"), 1, "1.000,0"),
        ("12.5", None, "12,5"),
        (None, None, ""),
        ("khong-phai-so", None, "khong-phai-so"),
    ],
)
def test_it_writes_numbers_the_vietnamese_way(value: object, places: int | None, expected: str) -> None:
    assert vn_number(value, places) == expected


def test_it_writes_dates_as_day_month_year() -> None:
    assert vn_date(dt.date(2017, 3, 7)) == "07/03/2017"
    assert vn_date(None) == ""


def test_it_shows_times_on_the_provinces_clock() -> None:
    # 18:30 UTC on 31 December is already 1 January in Hà Nội (UTC+7).
    moment = dt.datetime(2025, 12, 31, 18, 30, tzinfo=ZoneInfo("UTC"))
    assert vn_date(moment) == "01/01/2026"
    assert vn_datetime(moment) == "01/01/2026 01:30"


def test_it_reads_an_iso_date_string_as_a_date_and_leaves_other_text_alone() -> None:
    assert vn_date("2026-02-10") == "10/02/2026"
    assert vn_date("quý IV/2026") == "quý IV/2026"
