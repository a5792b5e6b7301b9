from __future__ import annotations

from typing import Any

import pytest

from thidua.eligibility import History, check
from thidua.eligibility.tests.builders import failing, person, year

CSTDCS_CHAIN = ("LDTT", "CSTDCS")


def test_it_accepts_ldtt_for_a_good_rating_and_a_long_service() -> None:
    result = check(person({2024: year("HTTNV")}), "LDTT", 2024)
    assert result.result == "eligible"
    assert result.reasons == [
        "Năm 2024 được xếp loại hoàn thành tốt nhiệm vụ",
        "Tuyển dụng ngày 01/01/2015, có từ 6 tháng công tác trở lên tính đến 31/12/2024",
    ]
    assert result.to_confirm[0] == "Chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước"


@pytest.mark.parametrize(
    ("rating", "expected"),
    [("HTXSNV", "eligible"), ("HTTNV", "eligible"), ("HTNV", "not_eligible"), ("KHTNV", "not_eligible")],
)
def test_it_requires_at_least_a_good_rating_for_ldtt(rating: str, expected: str) -> None:
    assert check(person({2024: year(rating)}), "LDTT", 2024).result == expected


def test_it_explains_a_rating_below_the_requirement() -> None:
    result = check(person({2024: year("HTNV")}), "LDTT", 2024)
    assert failing(result) == [
        "Năm 2024 được xếp loại hoàn thành nhiệm vụ, chưa đạt hoàn thành tốt nhiệm vụ trở lên"
    ]


def test_it_refuses_ldtt_for_a_year_with_no_record() -> None:
    result = check(person({2023: year()}), "LDTT", 2024)
    assert failing(result) == ["Năm 2024 không có dữ liệu, cần xếp loại hoàn thành tốt nhiệm vụ trở lên"]


@pytest.mark.parametrize(
    ("recruited", "year_checked", "expected"),
    [
        # Law 2022: 6 months by 31/12. Recruited on 1/7 has served exactly 6 months; on 2/7 one day short.
        ("2024-07-01", 2024, "eligible"),
        ("2024-07-02", 2024, "not_eligible"),
        ("2025-01-10", 2024, "not_eligible"),
        # Nghị định 91 (years up to 2023): 10 months, so recruited on 1/3 passes and on 2/3 does not.
        ("2023-03-01", 2023, "eligible"),
        ("2023-03-02", 2023, "not_eligible"),
        ("2023-07-01", 2023, "not_eligible"),
    ],
)
def test_it_refuses_ldtt_when_recruited_too_recently(
    recruited: str, year_checked: int, expected: str
) -> None:
    history = person({year_checked: year("HTTNV")}, recruited=recruited)
    assert check(history, "LDTT", year_checked).result == expected


def test_it_names_the_months_missing_under_nd91() -> None:
    result = check(person({2023: year("HTTNV")}, recruited="2023-05-15"), "LDTT", 2023)
    assert (result.regime, failing(result)) == (
        "ND91",
        ["Tuyển dụng ngày 15/05/2023, chưa đủ 10 tháng công tác tính đến 31/12/2023"],
    )


def test_it_leaves_the_service_length_to_a_person_when_the_recruitment_date_is_missing() -> None:
    result = check(person({2024: year("HTTNV")}, recruited=None), "LDTT", 2024)
    assert result.result == "eligible"
    assert (
        "Có thời gian công tác từ 6 tháng trở lên tính đến 31/12/2024 (hồ sơ không ghi ngày tuyển dụng)"
        in (result.to_confirm)
    )


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (year("HTXSNV"), "eligible"),  # LĐTT inferred, excellent rating
        (year("HTTNV", initiatives=(("co_so", "Cải tiến quy trình"),)), "eligible"),  # initiative instead
        (year("HTTNV"), "not_eligible"),  # neither
        (year("HTNV", initiatives=(("co_so", "Cải tiến quy trình"),)), "not_eligible"),  # not even LĐTT
    ],
)
def test_it_checks_cstdcs_under_law_2022(record: dict[str, object], expected: str) -> None:
    assert check(person({2024: record}), "CSTDCS", 2024).result == expected


def test_it_says_how_the_ldtt_prerequisite_of_cstdcs_was_met() -> None:
    recorded = check(person({2024: year("HTXSNV", titles=("LDTT",))}), "CSTDCS", 2024)
    inferred = check(person({2024: year("HTXSNV")}), "CSTDCS", 2024)
    assert recorded.reasons[0] == "Đã đạt Lao động tiên tiến năm 2024"
    assert inferred.reasons[0].startswith("Đủ tiêu chuẩn Lao động tiên tiến năm 2024 (Năm 2024 được xếp loại")
    # The inferred title brings its own qualitative conditions; the recorded one was already confirmed.
    assert recorded.to_confirm == () and len(inferred.to_confirm) == 3


def test_it_explains_both_missing_alternatives_of_cstdcs() -> None:
    result = check(person({2024: year("HTTNV", titles=("LDTT",))}), "CSTDCS", 2024)
    assert failing(result) == [
        "Không đáp ứng trường hợp: Hoàn thành xuất sắc nhiệm vụ (Năm 2024 được xếp loại hoàn thành tốt nhiệm vụ, "
        "chưa đạt hoàn thành xuất sắc nhiệm vụ)",
        "Không đáp ứng trường hợp: Có sáng kiến được công nhận hoặc đề tài nghiên cứu khoa học được nghiệm thu "
        "(Thiếu sáng kiến có phạm vi ảnh hưởng cấp cơ sở)",
    ]


def test_it_requires_an_initiative_and_states_the_quota_for_cstdcs_under_nd91() -> None:
    excellent_only = check(person({2023: year("HTXSNV", titles=("LDTT",))}), "CSTDCS", 2023)
    with_initiative = check(
        person({2023: year("HTTNV", titles=("LDTT",), initiatives=(("co_so", "Sổ tay điện tử"),))}),
        "CSTDCS",
        2023,
    )
    assert failing(excellent_only) == ["Thiếu sáng kiến có phạm vi ảnh hưởng cấp cơ sở"]
    assert with_initiative.result == "eligible"
    assert with_initiative.to_confirm == (
        "Nằm trong tỷ lệ không quá 15% số cá nhân đạt Lao động tiên tiến của cơ quan, đơn vị",
    )


def test_it_refuses_cstdcs_when_the_ldtt_of_that_year_was_revoked() -> None:
    history = person(
        {2024: year("HTXSNV", titles=("LDTT",))},
        awards=[{"code": "LDTT", "year": 2024, "decision": "12/QĐ-SYT", "revoked": True}],
    )
    assert failing(check(history, "CSTDCS", 2024)) == ["Danh hiệu Lao động tiên tiến năm 2024 đã bị thu hồi"]


def three_years(initiative_year: int = 2024, scope: str = "tinh") -> dict[int, dict[str, object]]:
    years = {y: year(titles=CSTDCS_CHAIN) for y in (2022, 2023, 2024)}
    years[initiative_year] = year(titles=CSTDCS_CHAIN, initiatives=((scope, "Phần mềm điều phối cấp cứu"),))
    return years


def test_it_accepts_cstd_tinh_with_a_chain_crossing_the_change_of_law() -> None:
    result = check(person(three_years()), "CSTD_TINH", 2024)
    assert (result.result, result.regime) == ("eligible", "LAW2022")
    assert result.reasons == [
        "Có 3 năm liên tục đạt Chiến sĩ thi đua cơ sở (2022, 2023, 2024)",
        "Có sáng kiến phạm vi cấp tỉnh năm 2024: Phần mềm điều phối cấp cứu",
    ]


def test_it_takes_the_provincial_initiative_from_any_year_of_the_period_and_nationwide_counts() -> None:
    result = check(person(three_years(initiative_year=2022, scope="toan_quoc")), "CSTD_TINH", 2024)
    assert result.reasons[1] == "Có sáng kiến phạm vi toàn quốc năm 2022: Phần mềm điều phối cấp cứu"


def test_it_refuses_cstd_tinh_with_only_a_grassroots_initiative() -> None:
    result = check(person(three_years(scope="co_so")), "CSTD_TINH", 2024)
    assert failing(result) == ["Thiếu sáng kiến có phạm vi ảnh hưởng cấp tỉnh"]


def test_it_breaks_a_chain_at_a_year_with_no_record() -> None:
    years = three_years()
    del years[2023]
    result = check(person(years), "CSTD_TINH", 2024)
    assert failing(result) == [
        "Chỉ có 1 năm liên tục đạt Chiến sĩ thi đua cơ sở (2024), cần 3 năm; năm 2023 không có dữ liệu"
    ]


def test_it_does_not_count_a_revoked_title_in_a_chain() -> None:
    history = person(
        three_years(), awards=[{"code": "CSTDCS", "year": 2022, "decision": "5/QĐ", "revoked": True}]
    )
    result = check(history, "CSTD_TINH", 2024)
    assert failing(result) == [
        "Chỉ có 2 năm liên tục đạt Chiến sĩ thi đua cơ sở (2023, 2024), cần 3 năm; "
        "danh hiệu năm 2022 đã bị thu hồi"
    ]


def test_it_does_not_infer_titles_in_a_chain() -> None:
    # Excellent every year with initiatives, but CSTĐCS recorded only in 2024: chains use recorded titles.
    years = {y: year("HTXSNV", titles=("LDTT",), initiatives=(("tinh", "Đề án"),)) for y in (2022, 2023)}
    years[2024] = year("HTXSNV", titles=CSTDCS_CHAIN, initiatives=(("tinh", "Đề án"),))
    result = check(person(years), "CSTD_TINH", 2024)
    assert failing(result) == [
        "Chỉ có 1 năm liên tục đạt Chiến sĩ thi đua cơ sở (2024), cần 3 năm; năm 2023 không đạt"
    ]


def test_it_counts_a_title_received_by_decision_even_if_not_in_the_year_titles() -> None:
    years = three_years()
    years[2023] = year()
    history = person(years, awards=[{"code": "CSTDCS", "year": 2023, "decision": "9/QĐ-SYT"}])
    assert check(history, "CSTD_TINH", 2024).result == "eligible"


@pytest.mark.parametrize(
    ("provincial_years", "initiative_scope", "expected_failures"),
    [
        ((2021, 2024), "toan_quoc", []),
        ((2021, 2024), "tinh", ["Thiếu sáng kiến có phạm vi ảnh hưởng toàn quốc"]),
        (
            (2024,),
            "toan_quoc",
            ["Chỉ có 1 lần liên tục đạt Chiến sĩ thi đua cấp tỉnh (2024), cần 2 lần; năm 2021 không đạt"],
        ),
        (
            (2020, 2024),
            "toan_quoc",
            ["Chỉ có 1 lần liên tục đạt Chiến sĩ thi đua cấp tỉnh (2024), cần 2 lần; năm 2021 không đạt"],
        ),
    ],
)
def test_it_requires_two_consecutive_provincial_titles_for_cstd_tq(
    provincial_years: tuple[int, ...], initiative_scope: str, expected_failures: list[str]
) -> None:
    awards = [{"code": "CSTD_TINH", "year": y, "decision": f"{y}/QĐ-UBND"} for y in provincial_years]
    years = {y: year(titles=CSTDCS_CHAIN) for y in range(2019, 2025)}
    years[2023] = year(titles=CSTDCS_CHAIN, initiatives=((initiative_scope, "Quy trình cấp cứu liên viện"),))
    assert failing(check(person(years, awards=awards), "CSTD_TQ", 2024)) == expected_failures


def test_it_accepts_the_ministry_example_for_bk_tinh() -> None:
    # Bộ Nội vụ: 2023 excellent with one initiative and no CSTĐCS; 2024 excellent, one initiative, CSTĐCS.
    history = person(
        {
            2023: year("HTXSNV", titles=("LDTT",), initiatives=(("co_so", "Sáng kiến A"),)),
            2024: year("HTXSNV", titles=CSTDCS_CHAIN, initiatives=(("co_so", "Sáng kiến B"),)),
        }
    )
    result = check(history, "BK_TINH", 2024)
    assert result.result == "eligible"
    assert result.reasons == [
        "Đáp ứng trường hợp: 2 năm trở lên liên tục hoàn thành xuất sắc nhiệm vụ, có 2 sáng kiến trong thời gian đó",
        "Có 2 năm liên tục hoàn thành xuất sắc nhiệm vụ (2023, 2024)",
        "Có 2 sáng kiến trong thời gian đó (2023: Sáng kiến A; 2024: Sáng kiến B)",
    ]


def test_it_refuses_bk_tinh_with_one_initiative_and_one_cstdcs() -> None:
    history = person(
        {
            2023: year("HTXSNV", titles=("LDTT",)),
            2024: year("HTXSNV", titles=CSTDCS_CHAIN, initiatives=(("co_so", "B"),)),
        }
    )
    result = check(history, "BK_TINH", 2024)
    assert failing(result) == [
        "Không đáp ứng trường hợp: 2 năm liên tục đạt Chiến sĩ thi đua cơ sở (Chỉ có 1 năm liên tục đạt Chiến sĩ "
        "thi đua cơ sở (2024), cần 2 năm; năm 2023 không đạt)",
        "Không đáp ứng trường hợp: 2 năm trở lên liên tục hoàn thành xuất sắc nhiệm vụ, có 2 sáng kiến trong thời "
        "gian đó (Chỉ có 1 sáng kiến trong thời gian đó (2024: B), cần 2)",
    ]


def bk_ttg_history(
    bk_year: int = 2018, *, revoked: bool = False, cstdcs: tuple[int, ...] = (2020, 2022, 2024)
) -> History:
    years = {
        y: year("HTTNV", titles=("LDTT", "CSTDCS") if y in cstdcs else ("LDTT",)) for y in range(2017, 2025)
    }
    awards = [{"code": "BK_TINH", "year": bk_year, "decision": "88/QĐ-UBND", "revoked": revoked}]
    return person(years, awards=awards)


def test_it_accepts_bk_ttg_after_a_provincial_certificate_and_five_good_years() -> None:
    result = check(bk_ttg_history(), "BK_TTG", 2024)
    assert result.result == "eligible"
    assert result.reasons == [
        "Đã được tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2018 (Quyết định 88/QĐ-UBND)",
        "Có 6 năm liên tục hoàn thành tốt nhiệm vụ trở lên sau năm 2018 (2019, 2020, 2021, 2022, 2023, 2024)",
        "Có 3 năm đạt Chiến sĩ thi đua cơ sở trong thời gian đó (2020, 2022, 2024)",
    ]


@pytest.mark.parametrize(
    ("history_args", "first_failure"),
    [
        (
            {"revoked": True},
            "Chưa được tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh "
            "(năm 2018 đã bị thu hồi, không được tính)",
        ),
        (
            {"bk_year": 2021},
            "Chỉ có 3 năm liên tục hoàn thành tốt nhiệm vụ trở lên sau năm 2021 (2022, 2023, 2024), "
            "cần 5 năm; chỉ tính các năm sau Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2021",
        ),
        (
            {"cstdcs": (2022, 2024)},
            "Chỉ có 2 năm đạt Chiến sĩ thi đua cơ sở trong thời gian đó (2022, 2024), cần 3",
        ),
    ],
)
def test_it_refuses_bk_ttg_without_each_of_its_conditions(
    history_args: dict[str, Any], first_failure: str
) -> None:
    assert failing(check(bk_ttg_history(**history_args), "BK_TTG", 2024))[0] == first_failure


def test_it_refuses_a_subject_dissolved_by_the_restructuring() -> None:
    result = check(person({2025: year("HTXSNV")}, dissolved=True), "LDTT", 2025)
    assert (result.regime, result.result) == ("ND152", "not_eligible")
    assert result.reasons[0] == (
        "Đơn vị đã giải thể do sắp xếp tổ chức bộ máy, không xét khen thưởng (Thông tư 15/2025/TT-BNV)"
    )


def test_it_refuses_a_collective_award_to_a_person() -> None:
    assert check(person({2024: year()}), "TTLDXS", 2024).reasons == [
        "Tập thể lao động xuất sắc chỉ xét tặng cho tập thể"
    ]


@pytest.mark.parametrize("code", ["GK", "HCLD1", "HCLD2", "HCLD3", "HCDL", "BMVNAH"])
def test_it_leaves_awards_without_a_checkable_rule_to_a_person(code: str) -> None:
    result = check(person({2024: year("KHTNV")}), code, 2024)
    # Nothing checkable is never "eligible" by default: a person reviews the dossier.
    assert result.result == "to_review"
    assert result.reasons[0].endswith(
        "không có điều kiện kiểm tra được từ lịch sử thi đua, khen thưởng; cấp có thẩm quyền xem xét theo hồ sơ"
    )
    assert result.to_confirm and all(item.startswith("Đáp ứng tiêu chuẩn") for item in result.to_confirm)


def test_it_does_not_depend_on_the_order_years_are_written() -> None:
    forward = three_years()
    backward = dict(reversed(list(forward.items())))
    assert check(person(forward), "CSTD_TINH", 2024) == check(person(backward), "CSTD_TINH", 2024)


def test_it_keeps_the_law_2022_rules_under_nd152_across_two_changes_of_regime() -> None:
    years = {y: year(titles=CSTDCS_CHAIN) for y in (2023, 2024)}
    years[2025] = year(titles=CSTDCS_CHAIN, initiatives=(("tinh", "Bản đồ số y tế"),))
    result = check(person(years), "CSTD_TINH", 2025)
    assert (result.regime, result.result) == ("ND152", "eligible")
    assert result.reasons[0] == "Có 3 năm liên tục đạt Chiến sĩ thi đua cơ sở (2023, 2024, 2025)"
