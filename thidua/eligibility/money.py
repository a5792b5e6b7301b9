"""Reward money: coefficient × the base salary (mức lương cơ sở) in force on the decision date, rounded.

Both the salary and the rounding follow the decision date, not the year of the achievement: an award for 2023
decided on 15/7/2024 is paid at 2.340.000 đồng and rounded under the regime in force that day. Nghị định 98/2023
rounds up to the next 10.000 đồng; Nghị định 91/2017 is given the same rule in the catalogue (its text reads the
same way as far as we know; re-check before relying on it for pre-2024 decisions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from thidua.eligibility.catalogue import Award, Catalogue, Rounding, load_catalogue
from thidua.eligibility.reading import ReadError, read_document

MODES = {"up": ROUND_CEILING, "half_up": ROUND_HALF_UP}


class SalaryTableError(ValueError):
    """The base salary table is invalid or has no salary for a date."""


@dataclass(frozen=True)
class BaseSalary:
    """The base salary from a date, and the decree that set it."""

    start: dt.date
    amount: Decimal
    basis: str


def load_base_salaries(path: str | Path | None = None) -> tuple[BaseSalary, ...]:
    """The dated base salaries (oldest first) from `path`, or the table shipped with ThiĐua."""
    if path is None:
        return _default_salaries()
    try:
        document = read_document(Path(path))
    except ReadError as exc:
        raise SalaryTableError(str(exc)) from exc
    return parse_base_salaries(document)


@cache
def _default_salaries() -> tuple[BaseSalary, ...]:
    data = resources.files("thidua.eligibility").joinpath("data", "base_salaries.yaml")
    with resources.as_file(data) as file:
        return load_base_salaries(file)


def parse_base_salaries(document: Any) -> tuple[BaseSalary, ...]:
    rows = document.get("base_salaries") if isinstance(document, Mapping) else None
    if not isinstance(rows, list) or not rows:
        raise SalaryTableError("base_salaries: cần danh sách {from, amount, basis}")
    salaries: list[BaseSalary] = []
    for index, row in enumerate(rows):
        start = row.get("from") if isinstance(row, Mapping) else None
        amount = row.get("amount") if isinstance(row, Mapping) else None
        if isinstance(start, str):
            start = dt.date.fromisoformat(start)
        if (
            not isinstance(start, dt.date)
            or isinstance(amount, bool)
            or not isinstance(amount, int | Decimal)
            or amount <= 0
        ):
            raise SalaryTableError(f"base_salaries[{index}]: cần from (ngày) và amount (số đồng dương)")
        salaries.append(BaseSalary(start, Decimal(amount), str(row.get("basis", ""))))
    return tuple(sorted(salaries, key=lambda salary: salary.start))


def base_salary_on(day: dt.date, salaries: tuple[BaseSalary, ...] | None = None) -> BaseSalary:
    table = salaries if salaries is not None else load_base_salaries()
    in_force = [salary for salary in table if salary.start <= day]
    if not in_force:
        raise SalaryTableError(f"Không có mức lương cơ sở áp dụng cho ngày {day.strftime('%d/%m/%Y')}")
    return in_force[-1]


def round_reward(amount: Decimal, rounding: Rounding) -> Decimal:
    steps = (amount / rounding.step).to_integral_value(rounding=MODES[rounding.mode])
    return steps * rounding.step


def reward_amount(
    coefficient: Decimal | int | str,
    decision_date: dt.date,
    *,
    catalogue: Catalogue | None = None,
    salaries: tuple[BaseSalary, ...] | None = None,
) -> Decimal:
    """The reward in đồng for `coefficient` on a decision signed on `decision_date`.

    0,3 × 1.490.000 = 447.000 → 450.000; 8,0 × 1.800.000 = 14.400.000 (already a multiple of 10.000).
    """
    factor = Decimal(coefficient)
    if not factor.is_finite() or factor < 0:
        raise ValueError(f"coefficient must be a non-negative number, got {coefficient!r}")
    salary = base_salary_on(decision_date, salaries)
    regime = (catalogue or load_catalogue()).regime_for_date(decision_date)
    return round_reward(factor * salary.amount, regime.reward_rounding)


@dataclass(frozen=True)
class AwardReward:
    """The money of one award for one kind of recipient on a decision date, with the decree's article."""

    coefficient: Decimal | None
    amount: Decimal | None
    article: str


def award_reward(
    award: Award,
    kind: str,
    decision_date: dt.date,
    *,
    catalogue: Catalogue | None = None,
    salaries: tuple[BaseSalary, ...] | None = None,
) -> AwardReward:
    """The coefficient the decree in force on `decision_date` sets for `award` and `kind`, and the amount.

    The regime follows the decision date, as the salary does (Nghị định 98/2023 and 152/2025: "mức lương cơ sở
    đang có hiệu lực vào thời điểm ban hành quyết định"). No coefficient (Bà mẹ Việt Nam anh hùng, a province's
    award without one) gives no amount, never zero.
    """
    catalogue = catalogue or load_catalogue()
    regime = catalogue.regime_for_date(decision_date)
    coefficient, article = catalogue.reward(award, regime, kind)
    if coefficient is None:
        return AwardReward(None, None, article)
    return AwardReward(
        coefficient,
        reward_amount(coefficient, decision_date, catalogue=catalogue, salaries=salaries),
        article,
    )
