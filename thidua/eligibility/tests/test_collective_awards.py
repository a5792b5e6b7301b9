from __future__ import annotations

from typing import Any

import pytest

from thidua.eligibility import check
from thidua.eligibility.rules import Finding
from thidua.eligibility.tests.builders import collective, failing


def counts(rating: str = "HTXSNV", members: int = 20, **overrides: int) -> dict[str, Any]:
    record: dict[str, Any] = {
        "rating": rating,
        "members": members,
        "members_completed": members,
        "members_ldtt": 14,
        "members_cstdcs": 1,
        "disciplined": 0,
    }
    record.update(overrides)
    return record


@pytest.mark.parametrize(
    ("ldtt", "members", "expected"),
    [(11, 20, "eligible"), (10, 20, "not_eligible"), (6, 11, "eligible"), (5, 11, "not_eligible")],
)
def test_it_requires_more_than_half_ldtt_for_ttldtt(ldtt: int, members: int, expected: str) -> None:
    history = collective({2024: counts("HTTNV", members=members, members_ldtt=ldtt)})
    assert check(history, "TTLDTT", 2024).result == expected


def test_it_says_exactly_half_is_not_more_than_half() -> None:
    result = check(collective({2024: counts("HTTNV", members_ldtt=10)}), "TTLDTT", 2024)
    assert failing(result) == [
        "Chỉ có 10/20 thành viên đạt Lao động tiên tiến (50,00%), chưa đạt yêu cầu trên 50%"
    ]


def test_it_refuses_ttldtt_with_a_disciplined_member_under_the_2003_law() -> None:
    result = check(collective({2023: counts("HTTNV", disciplined=1)}), "TTLDTT", 2023)
    assert failing(result) == ["Có 1 thành viên bị kỷ luật từ hình thức cảnh cáo trở lên"]
    assert (
        result.findings[0].article == "Điều 28, khoản 1, điểm c Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"
    )


def test_it_does_not_ask_the_2003_discipline_clause_under_the_2022_law() -> None:
    # Điều 27 and 28 of the 2022 text no longer carry "không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên".
    for code in ("TTLDTT", "TTLDXS"):
        result = check(collective({2024: counts("HTXSNV", disciplined=1)}), code, 2024)
        assert result.result == "eligible"
        assert not any("kỷ luật" in reason for reason in result.reasons)


@pytest.mark.parametrize(
    ("ldtt", "members", "expected"),
    # Exactly 70% is "at least 70%"; 69,99…% is not, whatever the rounding of the display.
    [(14, 20, "eligible"), (13, 20, "not_eligible"), (7, 10, "eligible"), (699, 1000, "not_eligible")],
)
def test_it_requires_at_least_seventy_percent_ldtt_for_ttldxs(ldtt: int, members: int, expected: str) -> None:
    history = collective({2024: counts(members=members, members_ldtt=ldtt)})
    assert check(history, "TTLDXS", 2024).result == expected


def test_it_lists_every_reason_of_an_eligible_ttldxs() -> None:
    result = check(collective({2024: counts()}), "TTLDXS", 2024)
    assert result.reasons == [
        "Năm 2024 được xếp loại hoàn thành xuất sắc nhiệm vụ",
        "Có 20/20 thành viên hoàn thành nhiệm vụ (100,00%), đạt yêu cầu 100%",
        "Có 14/20 thành viên đạt Lao động tiên tiến (70,00%), đạt yêu cầu từ 70% trở lên",
        "Có 1 thành viên đạt Chiến sĩ thi đua cơ sở",
    ]


@pytest.mark.parametrize(
    ("overrides", "failure"),
    [
        (
            {"members_completed": 19},
            "Chỉ có 19/20 thành viên hoàn thành nhiệm vụ (95,00%), chưa đạt yêu cầu 100%",
        ),
        ({"members_cstdcs": 0}, "Không có thành viên nào đạt Chiến sĩ thi đua cơ sở, cần ít nhất 1"),
        (
            {"rating": "HTTNV"},
            "Năm 2024 được xếp loại hoàn thành tốt nhiệm vụ, chưa đạt hoàn thành xuất sắc nhiệm vụ",
        ),
    ],
)
def test_it_refuses_ttldxs_without_each_condition(overrides: dict[str, Any], failure: str) -> None:
    record = counts()
    record.update(overrides)
    assert failing(check(collective({2024: record}), "TTLDXS", 2024)) == [failure]


def test_it_asks_for_a_review_when_the_member_counts_are_missing() -> None:
    result = check(collective({2024: {"rating": "HTXSNV"}}), "TTLDTT", 2024)
    # Not recorded is not zero: the answer is "cần xem xét", with the clause whose count is missing.
    assert result.result == "to_review"
    assert result.findings[0] == Finding(
        None,
        "Hồ sơ năm 2024 không có tổng số thành viên (members)",
        "Điều 28, khoản 1, điểm c Luật Thi đua, khen thưởng 2022",
    )


def test_it_requires_the_excellent_collective_standard_for_the_provincial_flag() -> None:
    leads = {"rank": 1, "leading": True, "honoured": True, "proposed": ["CO_TINH"]}
    good = check(collective({2024: {**counts(), "cluster": leads}}), "CO_TINH", 2024)
    weak = check(collective({2024: {**counts(members_ldtt=12), "cluster": leads}}), "CO_TINH", 2024)
    assert good.result == "eligible"
    assert good.to_confirm[0] == "Hoàn thành vượt mức các chỉ tiêu thi đua và nhiệm vụ được giao trong năm"
    assert failing(weak)[0].startswith("Chưa đủ tiêu chuẩn Tập thể lao động xuất sắc năm 2024 (Chỉ có 12/20")


def test_it_states_the_government_flag_quota_for_a_person_to_check() -> None:
    leads = {"rank": 1, "leading": True, "honoured": True}
    result = check(collective({2024: {**counts(), "cluster": leads}}), "CO_CP", 2024)
    assert result.result == "eligible"
    assert result.to_confirm == (
        "Có thành tích xuất sắc, hoàn thành vượt mức các chỉ tiêu thi đua và nhiệm vụ được giao trong năm",
        "Nội bộ đoàn kết; tổ chức đảng, đoàn thể trong sạch, vững mạnh; đi đầu thực hành tiết kiệm, chống lãng phí, "
        "phòng, chống tham nhũng, tiêu cực",
        "Nằm trong tỷ lệ không quá 20% số đơn vị dẫn đầu các cụm, khối thi đua (Công văn 5007/BNV-TĐKT)",
    )


def test_it_refuses_a_dissolved_commune() -> None:
    result = check(collective({2025: counts()}, dissolved=True), "XA_TIEU_BIEU", 2025)
    assert result.result == "not_eligible"
