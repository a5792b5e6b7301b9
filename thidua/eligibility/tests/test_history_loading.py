from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from thidua.eligibility import HistoryError, load_history


def errors_of(source: str | Path) -> list[str]:
    with pytest.raises(HistoryError) as caught:
        load_history(source)
    return caught.value.errors


def test_it_reads_years_written_as_strings_and_dates_as_text() -> None:
    history = load_history(
        '{"format": "thidua.history/1", "subject": {"kind": "individual", "code": "A", "recruited": "2019-03-01"},'
        ' "years": {"2023": {"rating": "HTTNV", "titles": ["LDTT"]}, "2024": {"rating": "HTXSNV"}}}'
    )
    assert list(history.years) == [2023, 2024]
    assert history.subject.recruited == dt.date(2019, 3, 1)
    assert history.holds("LDTT", 2023) and not history.holds("LDTT", 2024)


def test_it_reads_counts_written_as_decimal_strings_and_refuses_fractions(tmp_path: Path) -> None:
    path = tmp_path / "tap-the.yaml"
    path.write_text(
        "format: thidua.history/1\nsubject: {kind: collective, code: P1}\n"
        "years:\n  2024: {rating: HTXSNV, members: '20', members_ldtt: 14.0, members_cstdcs: 1.5}\n",
        encoding="utf-8",
    )
    assert errors_of(path) == ["years.2024.members_cstdcs: phải là số nguyên không âm, nhận được 1.5"]


def test_it_reports_every_error_with_its_place() -> None:
    text = """
format: thidua.history/9
subject: {kind: robot, recruited: 2019-02-30}
years:
  2023: {rating: ABC, titles: [LDTT, XYZ], initiatives: [{scope: huyen, title: Số hóa}, {scope: tinh}]}
  "20x4": {rating: HTTNV}
  2024: {rating: HTTNV, members: 10, members_ldtt: 12, disciplined: -1}
awards:
  - {code: BK_TINH, year: abc, revoked: "no"}
"""
    assert errors_of(text) == [
        'format: phải là "thidua.history/1", nhận được "thidua.history/9"',
        'subject.kind: loại đối tượng "robot" không hợp lệ (individual, collective)',
        "subject.code: thiếu mã đối tượng",
        'subject.recruited: ngày "2019-02-30" không hợp lệ (dạng YYYY-MM-DD)',
        'years.2023.rating: xếp loại "ABC" không hợp lệ (HTXSNV, HTTNV, HTNV, KHTNV)',
        'years.2023.titles[1]: mã danh hiệu "XYZ" không có trong danh mục khen thưởng',
        'years.2023.initiatives[0].scope: phạm vi "huyen" không hợp lệ (co_so, tinh, toan_quoc)',
        "years.2023.initiatives[1].title: thiếu tên sáng kiến",
        'years.20x4: năm "20x4" không hợp lệ (một số nguyên như 2024)',
        "years.2024.disciplined: phải là số nguyên không âm, nhận được -1",
        "years.2024.members_ldtt: 12 lớn hơn số thành viên (10)",
        'awards[0].year: năm "abc" không hợp lệ',
        'awards[0].revoked: phải là true hoặc false, nhận được "no"',
    ]


def test_it_refuses_a_year_written_twice() -> None:
    errors = errors_of(
        '{"format": "thidua.history/1", "subject": {"kind": "individual", "code": "A"},'
        ' "years": {"2024": {"rating": "HTTNV"}, "2024.0": {"rating": "HTNV"}}}'
    )
    assert errors == ["years.2024.0: năm 2024 được ghi hai lần"]


def test_it_reports_a_file_that_is_not_yaml(tmp_path: Path) -> None:
    path = tmp_path / "hong.yaml"
    path.write_text("format: [unclosed\n", encoding="utf-8")
    assert errors_of(path)[0].startswith("YAML không hợp lệ")
    assert errors_of(tmp_path / "khong-co.yaml")[0].startswith("không đọc được tệp")


def test_it_keeps_yaml_1_2_words_as_strings() -> None:
    # YAML 1.1 would read `no` as false; in 1.2 it stays a string and is refused as a flag.
    errors = errors_of("format: thidua.history/1\nsubject: {kind: individual, code: A, dissolved: no}\n")
    assert errors == ['subject.dissolved: phải là true hoặc false, nhận được "no"']
