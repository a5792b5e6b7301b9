from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.eligibility import load_base_salaries, load_catalogue, quota, reward_amount
from thidua.eligibility.catalogue import CatalogueError, parse_catalogue
from thidua.eligibility.money import SalaryTableError, base_salary_on

ALL_CODES = [
    "LDTT",
    "CSTDCS",
    "CSTD_TINH",
    "CSTD_TQ",
    "TTLDTT",
    "TTLDXS",
    "CO_TINH",
    "CO_CP",
    "XA_TIEU_BIEU",
    "BK_TINH",
    "BK_TTG",
    "GK",
    "HCLD1",
    "HCLD2",
    "HCLD3",
    "HCDL1",
    "HCDL2",
    "HCDL",
    "BMVNAH",
]


@pytest.mark.parametrize(
    ("year", "regime"),
    [(2017, "ND91"), (2023, "ND91"), (2024, "LAW2022"), (2025, "ND152"), (2030, "ND152"), (2010, "ND91")],
)
def test_it_chooses_the_regime_in_force_at_the_end_of_the_year(year: int, regime: str) -> None:
    assert load_catalogue().regime_for_year(year).code == regime


@pytest.mark.parametrize(
    ("day", "regime"),
    [
        (dt.date(2023, 12, 31), "ND91"),
        (dt.date(2024, 1, 1), "LAW2022"),
        # Nghị định 152/2025 is in force from 1/7/2025, not from its signature on 14/6/2025.
        (dt.date(2025, 6, 30), "LAW2022"),
        (dt.date(2025, 7, 1), "ND152"),
    ],
)
def test_it_chooses_the_regime_in_force_on_a_date(day: dt.date, regime: str) -> None:
    assert load_catalogue().regime_for_date(day).code == regime


def test_it_defines_every_award_of_the_domain_with_a_level_and_a_rule_set() -> None:
    catalogue = load_catalogue()
    assert list(catalogue.awards) == ALL_CODES
    for code in ALL_CODES:
        award = catalogue.award(code)
        kind = "collective" if award.recipient == "collective" else "individual"
        for regime in catalogue.regimes:
            assert catalogue.ruleset(award, regime, kind) is not None, (code, regime.code)


def test_it_keeps_the_coefficients_of_the_domain_as_decimals() -> None:
    catalogue = load_catalogue()
    coefficients = {code: catalogue.award(code).coefficient for code in ALL_CODES[:9]}
    assert coefficients == {
        "LDTT": Decimal("0.3"),
        "CSTDCS": Decimal("1.0"),
        "CSTD_TINH": Decimal("3.0"),
        "CSTD_TQ": Decimal("4.5"),
        "TTLDTT": Decimal("0.8"),
        "TTLDXS": Decimal("1.5"),
        "CO_TINH": Decimal("8.0"),
        "CO_CP": Decimal("12.0"),
        "XA_TIEU_BIEU": Decimal("2.0"),
    }
    assert all(isinstance(c, Decimal) for c in coefficients.values())


def test_it_uses_the_nd91_rule_where_one_exists_and_law_2022_otherwise() -> None:
    catalogue = load_catalogue()
    ldtt, tinh = catalogue.award("LDTT"), catalogue.award("CSTD_TINH")
    nd91, law, nd152 = catalogue.regimes
    assert catalogue.ruleset(ldtt, nd91, "individual") is not catalogue.ruleset(ldtt, law, "individual")
    assert catalogue.ruleset(tinh, nd91, "individual") is catalogue.ruleset(tinh, law, "individual")
    assert catalogue.ruleset(ldtt, nd152, "individual") is catalogue.ruleset(ldtt, law, "individual")


def test_it_reports_every_error_of_a_bad_catalogue() -> None:
    document = {
        "format": "thidua.catalogue/1",
        "regimes": [
            {
                "code": "LAW2022",
                "name": "x",
                "from": "2024-01-01",
                "reward_rounding": {"step": 10000, "mode": "up"},
            }
        ],
        "awards": {
            "X": {
                "name": "X",
                "recipient": "robot",
                "level": "co_so",
                "regimes": {
                    "LAW2022": {
                        "individual": {
                            "conditions": [
                                {"rule": "magic"},
                                {"rule": "title_chain", "title": "Y", "years": 0},
                            ]
                        }
                    }
                },
            },
        },
    }
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(document)
    assert caught.value.errors[0] == "awards.X.recipient: phải là một trong individual, collective, both"
    assert any(
        e.startswith("awards.X.regimes.LAW2022.individual.conditions[0].rule: loại điều kiện 'magic'")
        for e in caught.value.errors
    )
    assert (
        "awards.X.regimes.LAW2022.individual.conditions[1].title: mã khen thưởng 'Y' không có trong danh mục"
        in (caught.value.errors)
    )
    assert (
        "awards.X.regimes.LAW2022.individual.conditions[1].years: phải là số nguyên dương, nhận được 0"
        in (caught.value.errors)
    )


@pytest.mark.parametrize(
    ("coefficient", "day", "amount"),
    [
        ("0.3", dt.date(2020, 5, 1), Decimal("450000")),  # 447.000 rounded up
        ("8.0", dt.date(2023, 7, 1), Decimal("14400000")),  # already a multiple of 10.000
        ("0.3", dt.date(2023, 6, 30), Decimal("450000")),  # the day before the 1.800.000 salary
        ("0.3", dt.date(2023, 7, 1), Decimal("540000")),
        ("0.3", dt.date(2024, 7, 1), Decimal("710000")),  # 702.000 → 710.000
        ("1.5", dt.date(2025, 8, 1), Decimal("3510000")),
        ("4.5", dt.date(2024, 6, 30), Decimal("8100000")),
        ("0.15", dt.date(2019, 7, 1), Decimal("230000")),  # 223.500 → 230.000
    ],
)
def test_it_computes_reward_money_on_the_decision_date_rounded_up(
    coefficient: str, day: dt.date, amount: Decimal
) -> None:
    assert reward_amount(Decimal(coefficient), day) == amount


def test_it_refuses_a_decision_date_before_the_salary_table() -> None:
    with pytest.raises(SalaryTableError, match="Không có mức lương cơ sở áp dụng cho ngày 01/01/2016"):
        reward_amount(Decimal("1"), dt.date(2016, 1, 1))


def test_it_reads_the_base_salaries_from_data() -> None:
    table = load_base_salaries()
    assert base_salary_on(dt.date(2024, 7, 1), table).amount == Decimal("2340000")
    assert base_salary_on(dt.date(2024, 6, 30), table).basis == "Nghị định 24/2023/NĐ-CP"


@pytest.mark.parametrize(
    ("population", "percent", "rounding", "expected"),
    [
        (41, 20, "floor", 8),
        (41, Decimal("20"), "ceiling", 9),
        (41, "20", "half_up", 8),
        (40, 20, "floor", 8),
        (40, 20, "ceiling", 8),
        (13, 15, "floor", 1),
        (10, 15, "half_up", 2),  # 1,5 → 2
        (0, 20, "floor", 0),
    ],
)
def test_it_rounds_quotas_as_set(population: int, percent: object, rounding: str, expected: int) -> None:
    assert quota(population, percent, rounding) == expected  # type: ignore[arg-type]


def test_it_rounds_quotas_down_by_default() -> None:
    assert quota(41, 20) == 8


def test_it_refuses_an_unknown_quota_rounding() -> None:
    with pytest.raises(ValueError, match="rounding must be one of floor, ceiling, half_up"):
        quota(41, 20, "banker")


@given(population=st.integers(min_value=0, max_value=5000), percent=st.integers(min_value=0, max_value=100))
def test_it_never_lets_a_floor_quota_exceed_the_share(population: int, percent: int) -> None:
    allowed = quota(population, percent)
    # The ceiling holds, and one more would break it: floor is the largest count within the share.
    assert allowed * 100 <= population * percent < (allowed + 1) * 100
