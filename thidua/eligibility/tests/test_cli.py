from __future__ import annotations

import json
from pathlib import Path

import pytest

from thidua.cli import main

# The example history of spec/package-format.md, written as the spec writes it.
SPEC_HISTORY = """\
format: thidua.history/1
subject: {kind: individual, code: NV-0012, name: Nguyễn Thị Lan, unit: Sở Y tế, recruited: 2019-03-01}
years:                     # one entry per year that has a record; a missing year breaks a chain
  2022: {rating: HTXSNV, titles: [LDTT, CSTDCS], initiatives: [{scope: co_so, title: Số hóa hồ sơ bệnh án}]}
  2023: {rating: HTXSNV, titles: [LDTT, CSTDCS], initiatives: []}
  2024: {rating: HTXSNV, titles: [LDTT, CSTDCS], initiatives: [{scope: tinh, title: Phần mềm điều phối cấp cứu}]}
awards:                    # awards already received (Bằng khen, Cờ…), with the decision
  - {code: BK_TINH, year: 2021, decision: 88/QĐ-UBND, revoked: false}
"""


@pytest.fixture
def spec_history(tmp_path: Path) -> Path:
    path = tmp_path / "nv-0012.yaml"
    path.write_text(SPEC_HISTORY, encoding="utf-8")
    return path


def test_it_prints_the_contract_json_for_the_spec_example(
    spec_history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["eligibility", str(spec_history), "--award", "CSTD_TINH", "--year", "2024"])
    out = capsys.readouterr().out
    assert status == 0
    assert json.loads(out) == {
        "format": "thidua.eligibility/1",
        "award": "CSTD_TINH",
        "year": 2024,
        "regime": "LAW2022",
        "result": "eligible",
        "reasons": [
            "Có 3 năm liên tục đạt Chiến sĩ thi đua cơ sở (2022, 2023, 2024)",
            "Có sáng kiến phạm vi cấp tỉnh năm 2024: Phần mềm điều phối cấp cứu",
        ],
        "to_confirm": ["Gương mẫu chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà nước"],
        "conditions": [
            {
                "text": "Có 3 năm liên tục đạt Chiến sĩ thi đua cơ sở (2022, 2023, 2024)",
                "article": "Điều 22 Luật Thi đua, khen thưởng 2022",
                "met": True,
            },
            {
                "text": "Có sáng kiến phạm vi cấp tỉnh năm 2024: Phần mềm điều phối cấp cứu",
                "article": "Điều 22 Luật Thi đua, khen thưởng 2022",
                "met": True,
            },
        ],
        "basis": "Điều 22 Luật Thi đua, khen thưởng 2022",
    }
    # The first contract's keys keep their place; the new ones follow.
    assert list(json.loads(out)) == [
        "format",
        "award",
        "year",
        "regime",
        "result",
        "reasons",
        "to_confirm",
        "conditions",
        "basis",
    ]
    assert "Chiến sĩ" in out  # UTF-8, not \\u escapes


def test_it_exits_zero_for_a_not_eligible_answer(
    spec_history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["eligibility", str(spec_history), "--award", "CSTD_TINH", "--year", "2025"])
    answer = json.loads(capsys.readouterr().out)
    assert (status, answer["regime"], answer["result"]) == (0, "ND152", "not_eligible")
    assert (
        answer["reasons"][0]
        == "Chưa đạt Chiến sĩ thi đua cơ sở năm 2025 (năm 2025 không có dữ liệu), cần 3 năm liên tục"
    )


def test_it_reads_a_json_history(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nv.json"
    path.write_text(
        json.dumps(
            {
                "format": "thidua.history/1",
                "subject": {"kind": "individual", "code": "A", "recruited": "2020-01-01"},
                "years": {"2023": {"rating": "HTTNV"}},
            }
        ),
        encoding="utf-8",
    )
    assert main(["eligibility", str(path), "--award", "LDTT", "--year", "2023"]) == 0
    assert json.loads(capsys.readouterr().out)["regime"] == "ND91"


def test_it_prints_a_readable_text_answer(spec_history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["eligibility", str(spec_history), "--award", "CSTD_TQ", "--year", "2024", "--format", "text"])
        == 0
    )
    assert capsys.readouterr().out.splitlines() == [
        "Chiến sĩ thi đua toàn quốc (CSTD_TQ), năm 2024",
        "Chế độ pháp lý: LAW2022 (Luật Thi đua, khen thưởng 06/2022/QH15, Nghị định 98/2023/NĐ-CP)",
        "Kết quả: KHÔNG ĐỦ ĐIỀU KIỆN",
        "Căn cứ pháp lý: Điều 21 Luật Thi đua, khen thưởng 2022",
        "Điều kiện:",
        "  [không đạt] Chưa đạt Chiến sĩ thi đua cấp tỉnh năm 2024, cần 2 lần liên tục"
        " (Điều 21 Luật Thi đua, khen thưởng 2022)",
        "  [không đạt] Thiếu sáng kiến có phạm vi ảnh hưởng toàn quốc (Điều 21 Luật Thi đua, khen thưởng 2022)",
        "Cần người có thẩm quyền xác nhận:",
        "  [ ] Gương mẫu chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà nước",
    ]


def test_it_exits_two_with_every_error_of_an_invalid_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sai.yaml"
    path.write_text(
        SPEC_HISTORY.replace("2023: {rating: HTXSNV", "2023: {rating: ABC").replace("co_so", "xa"),
        encoding="utf-8",
    )
    assert main(["eligibility", str(path), "--award", "CSTD_TINH", "--year", "2024"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        'years.2022.initiatives[0].scope: phạm vi "xa" không hợp lệ (co_so, tinh, toan_quoc)',
        'years.2023.rating: xếp loại "ABC" không hợp lệ (HTXSNV, HTTNV, HTNV, KHTNV)',
    ]


def test_it_exits_two_for_an_unknown_award(spec_history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eligibility", str(spec_history), "--award", "CSTD_HUYEN", "--year", "2024"]) == 2
    assert capsys.readouterr().err.startswith(
        'Mã khen thưởng "CSTD_HUYEN" không có trong danh mục (LDTT, CSTDCS,'
    )


def test_it_uses_a_province_catalogue_when_given(
    spec_history: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shipped = (Path(__file__).parents[1] / "data" / "catalogue.yaml").read_text(encoding="utf-8")
    edited = tmp_path / "danh-muc.yaml"
    # A province that asks four consecutive years of CSTĐCS for its provincial title.
    edited.write_text(
        shipped.replace(
            "{rule: title_chain, title: CSTDCS, years: 3,", "{rule: title_chain, title: CSTDCS, years: 4,"
        ),
        encoding="utf-8",
    )
    args = [
        "eligibility",
        str(spec_history),
        "--award",
        "CSTD_TINH",
        "--year",
        "2024",
        "--catalogue",
        str(edited),
    ]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["reasons"][0] == (
        "Chỉ có 3 năm liên tục đạt Chiến sĩ thi đua cơ sở (2022, 2023, 2024), cần 4 năm; năm 2021 không có dữ liệu"
    )


def test_it_reports_an_unknown_award_and_an_invalid_file_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sai.yaml"
    path.write_text(SPEC_HISTORY.replace("kind: individual", "kind: nguoi"), encoding="utf-8")
    assert main(["eligibility", str(path), "--award", "XYZ", "--year", "2024"]) == 2
    errors = capsys.readouterr().err.splitlines()
    assert errors[0].startswith('Mã khen thưởng "XYZ" không có trong danh mục')
    assert errors[1:] == ['subject.kind: loại đối tượng "nguoi" không hợp lệ (individual, collective)']


def test_it_reports_a_revoked_provincial_title_in_the_national_chain(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tq.yaml"
    path.write_text(
        SPEC_HISTORY
        + "  - {code: CSTD_TINH, year: 2021, decision: 10/QĐ-UBND, revoked: true}\n"
        + "  - {code: CSTD_TINH, year: 2024, decision: 20/QĐ-UBND}\n",
        encoding="utf-8",
    )
    assert main(["eligibility", str(path), "--award", "CSTD_TQ", "--year", "2024"]) == 0
    assert json.loads(capsys.readouterr().out)["reasons"][0] == (
        "Chỉ có 1 lần liên tục đạt Chiến sĩ thi đua cấp tỉnh (2024), cần 2 lần; năm 2021 đã bị thu hồi"
    )


def test_it_answers_to_review_with_a_null_met_for_a_form_a_person_judges(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history = tmp_path / "tap-the.yaml"
    history.write_text(
        "format: thidua.history/1\n"
        "subject: {kind: collective, code: PKT, name: Phòng Kinh tế}\n"
        "years:\n"
        "  2024: {rating: KHTNV, members: 12, members_completed: 8, members_ldtt: 3, disciplined: 3}\n",
        encoding="utf-8",
    )
    assert main(["eligibility", str(history), "--award", "GK", "--year", "2024"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["result"] == "to_review"
    assert answer["conditions"][0]["met"] is None
    assert (
        main(["eligibility", str(history), "--award", "BK_TINH", "--year", "2024", "--format", "text"]) == 0
    )
    text = capsys.readouterr().out
    assert "Kết quả: KHÔNG ĐỦ ĐIỀU KIỆN" in text
    assert "(Điều 74, khoản 2, điểm c Luật Thi đua, khen thưởng 2022)" in text
