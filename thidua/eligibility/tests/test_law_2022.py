"""Every award of the catalogue, for individuals and collectives, checked against the conditions of Luật Thi đua,
khen thưởng 06/2022/QH15 and its decrees as the catalogue writes them: three answers, every condition with its
article and clause, and the reward the decrees set for each form (see the sources in data/catalogue.yaml)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from thidua.eligibility import check, load_catalogue
from thidua.eligibility.money import award_reward
from thidua.eligibility.rules import Finding
from thidua.eligibility.tests.builders import collective, person, year

LAW = "Luật Thi đua, khen thưởng 2022"
CSTDCS_CHAIN = ("LDTT", "CSTDCS")
LEADS = {"rank": 1, "leading": True, "honoured": True, "proposed": ["CO_TINH"]}


def counts(rating: str = "HTXSNV", **overrides: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "rating": rating,
        "members": 20,
        "members_completed": 20,
        "members_ldtt": 15,
        "members_cstdcs": 2,
        "disciplined": 0,
    }
    record.update(overrides)
    return record


# The collective of the issue: rated "không hoàn thành nhiệm vụ", three members disciplined.
FAILING_COLLECTIVE = {2023: counts("KHTNV", disciplined=3), 2024: counts("KHTNV", disciplined=3)}


def test_it_refuses_the_provincial_bang_khen_to_a_failing_collective_with_the_clause() -> None:
    result = check(collective(FAILING_COLLECTIVE), "BK_TINH", 2024)
    assert (result.result, result.result_name) == ("not_eligible", "Không đủ điều kiện")
    assert result.findings == (
        Finding(
            False,
            "Không đáp ứng trường hợp: 2 năm trở lên liên tục hoàn thành xuất sắc nhiệm vụ "
            "(Năm 2024 chưa đạt hoàn thành xuất sắc nhiệm vụ (năm 2024 không đạt), cần 2 năm liên tục)",
            f"Điều 74, khoản 2, điểm c {LAW}",
        ),
        Finding(
            False,
            "Không đáp ứng trường hợp: Có thành tích xuất sắc được bình xét trong phong trào thi đua của cụm, khối "
            "(Năm 2024 không có kết quả của cụm, khối thi đua)",
            f"Điều 74, khoản 2, điểm a {LAW}",
        ),
    )


def test_it_refuses_the_prime_minister_bang_khen_to_a_failing_collective_with_the_clause() -> None:
    result = check(collective(FAILING_COLLECTIVE), "BK_TTG", 2024)
    assert result.result == "not_eligible"
    assert [(f.met, f.article) for f in result.findings] == [
        (False, f"Điều 73, khoản 2 {LAW}"),
        (False, f"Điều 73, khoản 2 {LAW}"),
    ]
    assert result.reasons[0] == "Chưa được tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"


def test_it_gives_the_provincial_bang_khen_to_a_collective_proposed_by_its_cluster() -> None:
    years = {2024: {**counts("HTTNV"), "cluster": {"rank": 2, "proposed": ["BK_TINH"]}}}
    result = check(collective(years), "BK_TINH", 2024)
    assert result.result == "eligible"
    assert result.findings[0] == Finding(
        True,
        "Đáp ứng trường hợp: Có thành tích xuất sắc được bình xét trong phong trào thi đua của cụm, khối",
        f"Điều 74, khoản 2, điểm a {LAW}",
    )
    assert (
        result.reasons[1]
        == "Năm 2024 được cụm, khối thi đua bình xét, đề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
    )


def test_it_refuses_the_provincial_flag_to_a_unit_its_cluster_did_not_honour() -> None:
    years = {2024: {**counts(), "cluster": {"rank": 1, "leading": True, "honoured": False}}}
    result = check(collective(years), "CO_TINH", 2024)
    assert result.result == "not_eligible"
    assert result.findings[0] == Finding(
        False, "Năm 2024 không được cụm, khối thi đua suy tôn", f"Điều 26 {LAW}"
    )


def test_it_keeps_the_ministry_worked_example_eligible_with_its_clause() -> None:
    history = person(
        {
            2023: year("HTXSNV", titles=("LDTT",), initiatives=(("co_so", "Sáng kiến A"),)),
            2024: year("HTXSNV", titles=CSTDCS_CHAIN, initiatives=(("co_so", "Sáng kiến B"),)),
        }
    )
    result = check(history, "BK_TINH", 2024)
    assert (result.result, result.result_name) == ("eligible", "Đủ điều kiện")
    assert {f.article for f in result.findings} == {f"Điều 74, khoản 1, điểm d {LAW}"}
    assert all(condition["met"] is True for condition in result.conditions)


# A strong and a weak history for every award and kind of recipient the award accepts, and the answers the law
# gives them. Awards that a person judges on the dossier answer "to_review" whatever the record says.
STRONG_PERSON: dict[int, dict[str, Any]] = {
    y: year("HTXSNV", titles=CSTDCS_CHAIN, initiatives=(("toan_quoc", f"Sáng kiến {y}"),))
    for y in range(2018, 2025)
}
PERSON_AWARDS = [
    {"code": "BK_TINH", "year": 2018, "decision": "18/QĐ-UBND"},
    {"code": "CSTD_TINH", "year": 2021, "decision": "21/QĐ-UBND"},
    {"code": "CSTD_TINH", "year": 2024, "decision": "24/QĐ-UBND"},
]
WEAK_PERSON: dict[int, dict[str, Any]] = {2024: year("KHTNV")}
STRONG_COLLECTIVE: dict[int, dict[str, Any]] = {y: counts() for y in range(2018, 2025)}
STRONG_COLLECTIVE[2024] = {**counts(), "cluster": LEADS}
COLLECTIVE_AWARDS = [{"code": "BK_TINH", "year": 2018, "decision": "18/QĐ-UBND"}]

EXPECTED: dict[str, dict[str, tuple[str, str] | None]] = {
    # code: {kind: (strong history's answer, weak history's answer), or None when the kind is refused}
    "LDTT": {"individual": ("eligible", "not_eligible"), "collective": None},
    "CSTDCS": {"individual": ("eligible", "not_eligible"), "collective": None},
    "CSTD_TINH": {"individual": ("eligible", "not_eligible"), "collective": None},
    "CSTD_TQ": {"individual": ("eligible", "not_eligible"), "collective": None},
    "TTLDTT": {"individual": None, "collective": ("eligible", "not_eligible")},
    "TTLDXS": {"individual": None, "collective": ("eligible", "not_eligible")},
    "CO_TINH": {"individual": None, "collective": ("eligible", "not_eligible")},
    "CO_CP": {"individual": None, "collective": ("eligible", "not_eligible")},
    "XA_TIEU_BIEU": {"individual": None, "collective": ("to_review", "to_review")},
    "BK_TINH": {"individual": ("eligible", "not_eligible"), "collective": ("eligible", "not_eligible")},
    "BK_TTG": {"individual": ("eligible", "not_eligible"), "collective": ("eligible", "not_eligible")},
    "GK": {"individual": ("to_review", "to_review"), "collective": ("to_review", "to_review")},
    "HCLD1": {"individual": ("to_review", "to_review"), "collective": ("to_review", "to_review")},
    "HCLD2": {"individual": ("to_review", "to_review"), "collective": ("to_review", "to_review")},
    "HCLD3": {"individual": ("to_review", "to_review"), "collective": ("to_review", "to_review")},
    "HCDL1": {"individual": ("to_review", "to_review"), "collective": ("to_review", "to_review")},
    "HCDL2": {"individual": ("to_review", "to_review"), "collective": ("to_review", "to_review")},
    "HCDL": {"individual": ("to_review", "to_review"), "collective": ("to_review", "to_review")},
    "BMVNAH": {"individual": ("to_review", "to_review"), "collective": None},
}


def test_it_has_an_expectation_for_every_award_of_the_catalogue() -> None:
    assert set(EXPECTED) == set(load_catalogue().awards)


def _history(kind: str, strong: bool) -> Any:
    if kind == "individual":
        return person(STRONG_PERSON, awards=PERSON_AWARDS) if strong else person(WEAK_PERSON)
    return (
        collective(STRONG_COLLECTIVE, awards=COLLECTIVE_AWARDS) if strong else collective(FAILING_COLLECTIVE)
    )


@pytest.mark.parametrize("kind", ["individual", "collective"])
@pytest.mark.parametrize("code", list(EXPECTED))
def test_it_answers_every_award_for_both_kinds_with_an_article_for_every_condition(
    code: str, kind: str
) -> None:
    expected = EXPECTED[code][kind]
    award = load_catalogue().award(code)
    for strong in (True, False):
        result = check(_history(kind, strong), code, 2024)
        if expected is None:
            wanted = "cá nhân" if award.recipient == "individual" else "tập thể"
            assert result.result == "not_eligible"
            assert result.reasons == [f"{award.name} chỉ xét tặng cho {wanted}"]
        else:
            assert result.result == expected[0 if strong else 1], (strong, result.conditions)
        # Never a reason without its text of law: the award's basis at least.
        assert result.basis
        assert all(f.article for f in result.findings), result.conditions
        assert [c["met"] for c in result.conditions] == [f.met for f in result.findings]


def test_it_never_answers_eligible_for_an_award_with_nothing_to_check() -> None:
    result = check(person(STRONG_PERSON), "GK", 2024)
    assert result.result == "to_review"
    assert result.conditions == [
        {
            "text": "Giấy khen không có điều kiện kiểm tra được từ lịch sử thi đua, khen thưởng; "
            "cấp có thẩm quyền xem xét theo hồ sơ",
            "article": f"Điều 75 {LAW}",
            "met": None,
        }
    ]


# Money: coefficient × the base salary in force on the decision date, rounded up to 10.000 đồng, for every form.
MONEY = [
    # (award, kind, decision date, coefficient, amount)
    ("LDTT", "individual", dt.date(2024, 3, 1), "0.3", "540000"),
    ("LDTT", "individual", dt.date(2024, 8, 1), "0.3", "710000"),  # 702.000 rounded up
    ("CSTDCS", "individual", dt.date(2025, 8, 1), "1.0", "2340000"),
    ("CSTD_TINH", "individual", dt.date(2024, 3, 1), "3.0", "5400000"),
    ("CSTD_TQ", "individual", dt.date(2024, 3, 1), "4.5", "8100000"),
    ("TTLDTT", "collective", dt.date(2024, 3, 1), "0.8", "1440000"),
    ("TTLDXS", "collective", dt.date(2024, 3, 1), "1.5", "2700000"),
    ("CO_TINH", "collective", dt.date(2024, 3, 1), "8.0", "14400000"),
    ("CO_CP", "collective", dt.date(2024, 3, 1), "12.0", "21600000"),
    ("XA_TIEU_BIEU", "collective", dt.date(2025, 8, 1), "2.0", "4680000"),
    ("BK_TINH", "individual", dt.date(2025, 8, 1), "1.5", "3510000"),
    ("BK_TINH", "collective", dt.date(2025, 8, 1), "3.0", "7020000"),
    ("BK_TINH", "individual", dt.date(2023, 12, 1), "1.0", "1800000"),  # Nghị định 91
    ("BK_TTG", "individual", dt.date(2024, 3, 1), "3.5", "6300000"),
    ("BK_TTG", "collective", dt.date(2025, 8, 1), "7.0", "16380000"),
    ("GK", "individual", dt.date(2024, 3, 1), "0.3", "540000"),
    ("GK", "collective", dt.date(2024, 8, 1), "0.6", "1410000"),  # 1.404.000 rounded up
    ("HCLD1", "individual", dt.date(2024, 8, 1), "9.0", "21060000"),
    ("HCLD2", "individual", dt.date(2024, 8, 1), "7.5", "17550000"),
    ("HCLD3", "individual", dt.date(2024, 8, 1), "4.5", "10530000"),
    ("HCLD3", "collective", dt.date(2025, 8, 1), "9.0", "21060000"),
    ("HCDL1", "individual", dt.date(2024, 3, 1), "15.0", "27000000"),
    ("HCDL2", "individual", dt.date(2024, 3, 1), "12.5", "22500000"),
    ("HCDL", "collective", dt.date(2024, 3, 1), "21.0", "37800000"),
]


@pytest.mark.parametrize(("code", "kind", "day", "coefficient", "amount"), MONEY)
def test_it_computes_the_reward_of_every_form(
    code: str, kind: str, day: dt.date, coefficient: str, amount: str
) -> None:
    catalogue = load_catalogue()
    reward = award_reward(catalogue.award(code), kind, day, catalogue=catalogue)
    assert (reward.coefficient, reward.amount) == (Decimal(coefficient), Decimal(amount))
    assert reward.article


def test_it_cites_the_decree_in_force_on_the_decision_date_for_the_money() -> None:
    catalogue = load_catalogue()
    award = catalogue.award("BK_TTG")
    before = award_reward(award, "individual", dt.date(2025, 6, 30), catalogue=catalogue)
    after = award_reward(award, "individual", dt.date(2025, 7, 1), catalogue=catalogue)
    assert before.article == "Điều 58, khoản 1, điểm a Nghị định 98/2023/NĐ-CP"
    assert after.article == "Điều 54, khoản 1, điểm a Nghị định 152/2025/NĐ-CP"


def test_it_gives_no_amount_where_no_text_sets_one() -> None:
    catalogue = load_catalogue()
    reward = award_reward(catalogue.award("BMVNAH"), "individual", dt.date(2025, 8, 1), catalogue=catalogue)
    assert (reward.coefficient, reward.amount) == (None, None)


def test_it_covers_every_form_with_a_coefficient_in_the_money_table() -> None:
    priced = {code for code, *_rest in MONEY}
    catalogue = load_catalogue()
    assert priced == {code for code, award in catalogue.awards.items() if code != "BMVNAH"}
