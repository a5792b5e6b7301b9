"""What every rule shares: its findings, the context it reads, and the reader of its parameters in the catalogue."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from thidua.eligibility.history import COLLECTIVE_COUNTS, History
from thidua.eligibility.text import RATINGS, SCOPES


@dataclass(frozen=True)
class Finding:
    """One condition and the sentence a user reads: met (True), failed (False) or not decidable from the history
    (None: a person must look at the dossier), with the article and clause of the text that sets it."""

    met: bool | None
    text: str
    article: str = ""

    def cited(self, article: str) -> Finding:
        """This finding with `article` where it names none of its own (the most precise citation wins)."""
        return self if self.article or not article else Finding(self.met, self.text, article)


@dataclass(frozen=True)
class Outcome:
    """What a rule found, and the qualitative points it leaves to a person."""

    findings: tuple[Finding, ...] = ()
    to_confirm: tuple[str, ...] = ()

    @property
    def met(self) -> bool:
        """Every finding met: nothing failed and nothing left undecided."""
        return all(finding.met is True for finding in self.findings)

    @property
    def failed(self) -> bool:
        return any(finding.met is False for finding in self.findings)

    def cited(self, article: str) -> Outcome:
        return Outcome(tuple(f.cited(article) for f in self.findings), self.to_confirm)

    def __add__(self, other: Outcome) -> Outcome:
        return Outcome(self.findings + other.findings, self.to_confirm + other.to_confirm)


def met(text: str) -> Outcome:
    return Outcome((Finding(True, text),))


def failed(text: str) -> Outcome:
    return Outcome((Finding(False, text),))


def undecided(text: str) -> Outcome:
    """A condition the history cannot decide (a count not recorded…): the answer becomes "cần xem xét"."""
    return Outcome((Finding(None, text),))


@dataclass(frozen=True)
class Context:
    """The history under check, the year of the achievement, and how to reach the rest of the catalogue."""

    history: History
    year: int
    names: Mapping[str, str]
    # Evaluates another award's conditions for the same year; used by `meets` (see rules.individual.Meets).
    infer: Callable[[str], Outcome]

    def name(self, code: str) -> str:
        return self.names.get(code, code)


class Rule(Protocol):
    def evaluate(self, ctx: Context) -> Outcome: ...


class Params:
    """Reads one rule's parameters from the catalogue, collecting errors as 'place: message'."""

    def __init__(self, raw: Mapping[str, Any], place: str, errors: list[str], codes: Collection[str]) -> None:
        self.raw = raw
        self.place = place
        self.errors = errors
        self.codes = codes

    def error(self, key: str, message: str) -> None:
        self.errors.append(f"{self.place}.{key}: {message}")

    def code(self, key: str) -> str:
        value = self.raw.get(key)
        if not isinstance(value, str) or value not in self.codes:
            self.error(key, f"mã khen thưởng {value!r} không có trong danh mục")
            return ""
        return value

    def choice(self, key: str, allowed: tuple[str, ...], default: str | None = None) -> str:
        value = self.raw.get(key, default)
        if value not in allowed:
            self.error(key, f"giá trị {value!r} không hợp lệ ({', '.join(allowed)})")
            return allowed[0]
        return str(value)

    def rating(self, key: str = "rating") -> str:
        return self.choice(key, RATINGS)

    def scope(self, key: str = "scope", default: str | None = None) -> str:
        return self.choice(key, SCOPES, default)

    def count_field(self, key: str = "of") -> str:
        return self.choice(key, COLLECTIVE_COUNTS)

    def positive_int(self, key: str, default: int | None = None) -> int:
        value = self.raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.error(key, f"phải là số nguyên dương, nhận được {value!r}")
            return 1
        return int(value)

    def percent(self, key: str = "percent") -> Decimal:
        value = self.raw.get(key)
        try:
            number = Decimal(str(value)) if isinstance(value, int | str | Decimal) else Decimal("NaN")
        except InvalidOperation:
            number = Decimal("NaN")
        if isinstance(value, bool) or not number.is_finite() or not 0 <= number <= 100:
            self.error(key, f"phải là tỷ lệ phần trăm từ 0 đến 100, nhận được {value!r}")
            return Decimal(0)
        return number

    def text(self, key: str) -> str:
        value = self.raw.get(key)
        if not isinstance(value, str) or not value.strip():
            self.error(key, "thiếu nội dung")
            return ""
        return value.strip()

    def code_counts(self, key: str) -> dict[str, int]:
        """An optional mapping of title code → minimum count, e.g. {CSTDCS: 3}."""
        value = self.raw.get(key)
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.error(key, "phải là bảng mã danh hiệu → số lần")
            return {}
        counts: dict[str, int] = {}
        for code, count in value.items():
            if code not in self.codes:
                self.error(f"{key}.{code}", "mã khen thưởng không có trong danh mục")
            elif isinstance(count, bool) or not isinstance(count, int) or count < 1:
                self.error(f"{key}.{code}", f"phải là số nguyên dương, nhận được {count!r}")
            else:
                counts[str(code)] = count
        return counts
