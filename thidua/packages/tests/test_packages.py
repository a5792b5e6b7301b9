"""Reading, validating and writing packages; the command line's exit statuses and messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from thidua.cli import main
from thidua.packages import PackageError, load, load_text
from thidua.packages.writer import dump_json, dump_yaml

EXAMPLE = Path(__file__).parent / "fixtures" / "cum-mau-2026.yaml"


def test_it_round_trips_yaml_and_json() -> None:
    package = load(EXAMPLE)
    assert load_text(dump_yaml(package)) == package
    assert load_text(dump_json(package), json_format=True) == package
    assert dump_yaml(load_text(dump_yaml(package))) == dump_yaml(package)


def test_it_reads_numbers_as_decimals_and_keys_as_source_text() -> None:
    package = load(EXAMPLE)
    assert str(package.inputs.values["1.1"]["VINH-THUAN"]) == "67.97"
    assert "1.10" in package.inputs.values
    assert (
        package.framework.sections[2].children[1].title
        == "Phát hiện, nhân rộng mô hình mới, điển hình tiên tiến"
    )


def broken(old: str, new: str) -> list[str]:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(PackageError) as error:
        load_text(text.replace(old, new, 1))
    return [str(problem) for problem in error.value.problems]


def test_it_reports_a_parent_whose_children_do_not_add_up() -> None:
    problems = broken(
        "          max: 40\n          unit_of_measure: tỷ đồng",
        "          max: 30\n          unit_of_measure: tỷ đồng",
    )
    assert problems == ["framework.sections[0] (1): tổng điểm các tiêu chí con là 640, khác điểm tối đa 650"]


def test_it_reports_every_input_error_with_its_place() -> None:
    problems = broken('  "1.1": {VINH-HOA: 45,', '  "1.1": {XA-D: 3, VINH-HOA: 45,') + broken(
        "AN-MINH: Hoàn thành tốt nhiệm vụ, VINH-THUAN: Hoàn thành nhiệm vụ}",
        "AN-MINH: Tốt, VINH-THUAN: Hoàn thành nhiệm vụ}",
    )
    assert problems == [
        "values.1.1.XA-D: đơn vị XA-D không phải thành viên của cụm",
        "values.2.1.AN-MINH: xếp loại “Tốt” không hợp lệ; cho phép: Hoàn thành xuất sắc nhiệm vụ, Hoàn thành tốt nhiệm vụ, "
        "Hoàn thành nhiệm vụ, Không hoàn thành nhiệm vụ",
    ]


def test_it_reports_many_errors_at_once() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("format: thidua.package/1", "format: thidua.package/9")
    text = text.replace('"1.10": {VINH-HOA: 281,', '"1.10": {VINH-HOA: 310,')
    text = text.replace('"3.2": {VINH-HOA: 3,', '"3.2": {VINH-HOA: 2.5,')
    text = text.replace('"1.9": {VINH-HOA: true,', '"1.9": {VINH-HOA: yes,')
    text = text.replace('"1.1": {VINH-HOA: 40.5,', '"1.1": {VINH-HOA: 0,')
    text = text.replace("  - {code: co_tinh, title", "  - {code: co_cp, title")
    text = text.replace(
        "vetoes: []", "vetoes: [{unit: XA-Z, reason: Vi phạm}]\nsubmitted: {XA-Y: 2026-12-20}"
    )
    with pytest.raises(PackageError) as error:
        load_text(text)
    assert [str(p) for p in error.value.problems] == [
        "format: phải là “thidua.package/1” hoặc “thidua.package/2”, đang là “thidua.package/9”",
        "framework.bonus_items[1]: mã điểm thưởng co_cp bị trùng",
        "targets.1.1.VINH-HOA: chỉ tiêu bằng 0 nên không tính được tỷ lệ thực hiện/kế hoạch",
        "values.1.9.VINH-HOA: giá trị phải là true hoặc false, đang là “yes”",
        "values.1.10.VINH-HOA: điểm chấm 310 nằm ngoài khoảng 0…300",
        "values.3.2.VINH-HOA: số lượng phải là số nguyên không âm, đang là 2,5",
        "bonus_awarded.co_tinh: không có mục điểm thưởng mã co_tinh trong thang điểm",
        "submitted.XA-Y: đơn vị XA-Y không phải thành viên của cụm",
        "vetoes[0].unit: đơn vị XA-Z không phải thành viên của cụm",
    ]


def test_it_exits_2_with_every_error_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("standard_points: 950", "standard_points: 900"),
        encoding="utf-8",
    )
    assert main(["validate", str(bad)]) == 2
    assert main(["score", str(bad), "--format", "json"]) == 2
    err = capsys.readouterr().err
    assert "framework.sections: tổng điểm tối đa các nội dung là 950, khác điểm chuẩn 900" in err
    assert main(["validate", str(EXAMPLE)]) == 0


def test_it_prints_a_vietnamese_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(EXAMPLE), "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert (
        "   1 │ VINH-HOA   │ Xã Vĩnh Hòa     │     896,00 │  10,00 │ 0,00 │    906,00 │ Xuất sắc │ Cờ thi đua của UBND tỉnh"
        in out
    )


def test_it_never_sums_a_rate_in_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    # Issue 11 item 18: "cụm đạt 94,44% kế hoạch" for a poverty rate summed the units' rates.
    assert main(["score", str(EXAMPLE), "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "cụm đạt 94,44% kế hoạch" not in out
    assert (
        "  1.4 Tỷ lệ hộ nghèo cuối năm: bình quân 2,38%; 4/5 đơn vị đạt chỉ tiêu (chỉ tiêu bình quân 2,52%)\n"
        in out
    )
    assert (
        "  1.7 Tỷ lệ trẻ em bỏ học bậc tiểu học và trung học cơ sở: bình quân 0,48%; "
        "3/4 đơn vị đạt chỉ tiêu (chỉ tiêu bình quân 0,55%)\n" in out
    )
    # A quantity keeps its cluster percentage.
    assert (
        "  1.1 Tổng thu ngân sách nhà nước trên địa bàn: cụm đạt 120,55% kế hoạch; 4/5 đơn vị đạt chỉ tiêu\n"
        in out
    )
