"""Award eligibility: the catalogue by legal regime, the check over a subject's history, reward money, quotas.

Pure Python with no Django import, so the command line, the dossiers and the register share one implementation.
"""

from thidua.eligibility.catalogue import (
    Award,
    Catalogue,
    CatalogueError,
    Regime,
    UnknownAward,
    load_catalogue,
)
from thidua.eligibility.check import ELIGIBLE, NOT_ELIGIBLE, RESULT_NAMES, TO_REVIEW, Verdict, check
from thidua.eligibility.history import History, HistoryError, load_history
from thidua.eligibility.money import BaseSalary, base_salary_on, load_base_salaries, reward_amount
from thidua.eligibility.quota import quota

__all__ = [
    "ELIGIBLE",
    "NOT_ELIGIBLE",
    "RESULT_NAMES",
    "TO_REVIEW",
    "Award",
    "BaseSalary",
    "Catalogue",
    "CatalogueError",
    "History",
    "HistoryError",
    "Regime",
    "UnknownAward",
    "Verdict",
    "base_salary_on",
    "check",
    "load_base_salaries",
    "load_catalogue",
    "load_history",
    "quota",
    "reward_amount",
]
