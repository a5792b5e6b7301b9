"""The award catalogue: legal regimes and awards, read from data a province can edit (data/catalogue.yaml).

Which regime a year falls under: an achievement is assessed for the calendar year, at its end, so the regime is
the one in force on 31 December of that year. 2023 → ND91 (Luật 2022 starts 1/1/2024); 2024 → LAW2022; 2025 →
ND152, because Nghị định 152/2025 (from 14/6/2025) is the text in force when the 2025 year ends and its titles
are considered, Nghị định 98/2023 having been replaced. Years before the first regime of the file fall under it.
Money follows the decision date instead (see money.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from thidua.core.numbers import format_number
from thidua.eligibility.history import KINDS
from thidua.eligibility.quota import ROUNDINGS
from thidua.eligibility.reading import ReadError, read_document
from thidua.eligibility.rules import Rule, parse_rules

CATALOGUE_FORMAT = "thidua.catalogue/1"
RECIPIENTS = ("individual", "collective", "both")
LEVELS = ("co_so", "tinh", "thu_tuong", "chu_tich_nuoc")


class CatalogueError(ValueError):
    """The catalogue data is invalid; `errors` holds every problem as 'place: message'."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


class UnknownAward(KeyError):
    """An award code that the catalogue does not define."""

    def __init__(self, code: str, known: tuple[str, ...]) -> None:
        super().__init__(code)
        self.code = code
        self.message = f'Mã khen thưởng "{code}" không có trong danh mục ({", ".join(known)})'

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Rounding:
    """How a reward amount is rounded: to a multiple of `step` đồng, `up` or `half_up`."""

    step: Decimal
    mode: str


@dataclass(frozen=True)
class Regime:
    """A legal regime: the texts in force from a date, and the regime whose rules it reuses where it has none."""

    code: str
    name: str
    start: dt.date
    fallback: str | None
    reward_rounding: Rounding


@dataclass(frozen=True)
class QuotaRule:
    """A ceiling on how many may be proposed, as a share of a population the history does not hold."""

    percent: Decimal
    of: str
    rounding: str

    def describe(self) -> str:
        percent = format_number(self.percent)
        return f"Nằm trong tỷ lệ không quá {percent}% {self.of}"


@dataclass(frozen=True)
class RuleSet:
    """The conditions of one award for one kind of recipient under one regime."""

    conditions: tuple[Rule, ...] = ()
    to_confirm: tuple[str, ...] = ()
    quota: QuotaRule | None = None


@dataclass(frozen=True)
class Reward:
    """The reward a decree sets for an award under one regime: × the base salary, per kind of recipient."""

    individual: Decimal | None
    collective: Decimal | None
    article: str = ""

    def coefficient(self, kind: str) -> Decimal | None:
        # A household is paid as a person is: the decrees set no separate household rate for these forms.
        return self.collective if kind == "collective" else self.individual


@dataclass(frozen=True)
class Award:
    """One award of the catalogue: who receives it, who decides, the reward, and its rules per regime."""

    code: str
    name: str
    recipient: str
    level: str
    decided_by: str
    coefficient: Decimal | None
    rules: Mapping[str, Mapping[str, RuleSet]] = field(default_factory=dict)
    # Per regime: the legal basis of the award (the law's article) and the decree's reward.
    bases: Mapping[str, str] = field(default_factory=dict)
    rewards: Mapping[str, Reward] = field(default_factory=dict)

    def accepts(self, kind: str) -> bool:
        return self.recipient in ("both", kind)


@dataclass(frozen=True)
class Catalogue:
    """Regimes (oldest first) and awards by code."""

    regimes: tuple[Regime, ...]
    awards: Mapping[str, Award]

    @property
    def names(self) -> dict[str, str]:
        return {code: award.name for code, award in self.awards.items()}

    def award(self, code: str) -> Award:
        try:
            return self.awards[code]
        except KeyError:
            raise UnknownAward(code, tuple(self.awards)) from None

    def regime(self, code: str) -> Regime:
        return next(regime for regime in self.regimes if regime.code == code)

    def regime_for_date(self, day: dt.date) -> Regime:
        in_force = [regime for regime in self.regimes if regime.start <= day]
        return in_force[-1] if in_force else self.regimes[0]

    def regime_for_year(self, year: int) -> Regime:
        return self.regime_for_date(dt.date(year, 12, 31))

    def _chain(self, regime: Regime) -> list[Regime]:
        """The regime, then the regimes whose rules it reuses, in order (a cycle stops the walk)."""
        chain: list[Regime] = []
        current: Regime | None = regime
        while current is not None and current not in chain:
            chain.append(current)
            current = self.regime(current.fallback) if current.fallback else None
        return chain

    def basis(self, award: Award, regime: Regime) -> str:
        """The legal basis of `award` under `regime` (its own, or the one of the regime it falls back on)."""
        return next((award.bases[r.code] for r in self._chain(regime) if r.code in award.bases), "")

    def reward(self, award: Award, regime: Regime, kind: str) -> tuple[Decimal | None, str]:
        """(coefficient, article) for `kind` under `regime`; the award's single coefficient where the catalogue
        gives no reward per regime (a province's own award), and (None, "") where nothing is set."""
        for current in self._chain(regime):
            reward = award.rewards.get(current.code)
            if reward is not None:
                return reward.coefficient(kind), reward.article
        return award.coefficient, ""

    def ruleset(self, award: Award, regime: Regime, kind: str) -> RuleSet | None:
        """The award's rules for that kind of recipient, following the regime's fallback where it has none."""
        seen: set[str] = set()
        current: Regime | None = regime
        while current is not None and current.code not in seen:
            seen.add(current.code)
            by_kind = award.rules.get(current.code)
            if by_kind is not None and kind in by_kind:
                return by_kind[kind]
            current = self.regime(current.fallback) if current.fallback else None
        return None


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """The catalogue in `path`, or the one shipped with ThiĐua; raises CatalogueError listing every problem."""
    if path is None:
        return _default_catalogue()
    try:
        document = read_document(Path(path))
    except ReadError as exc:
        raise CatalogueError([str(exc)]) from exc
    return parse_catalogue(document)


@cache
def _default_catalogue() -> Catalogue:
    data = resources.files("thidua.eligibility").joinpath("data", "catalogue.yaml")
    with resources.as_file(data) as file:
        return load_catalogue(file)


def parse_catalogue(document: Any) -> Catalogue:
    errors: list[str] = []
    if not isinstance(document, Mapping) or document.get("format") != CATALOGUE_FORMAT:
        raise CatalogueError([f'format: phải là "{CATALOGUE_FORMAT}"'])
    regimes = _regimes(document.get("regimes"), errors)
    raw_awards = document.get("awards")
    if not isinstance(raw_awards, Mapping) or not raw_awards:
        errors.append("awards: danh mục không có khen thưởng nào")
        raw_awards = {}
    codes = tuple(str(code) for code in raw_awards)
    regime_codes = {regime.code for regime in regimes}
    awards = {
        str(code): _award(str(code), raw, errors, codes, regime_codes) for code, raw in raw_awards.items()
    }
    if errors:
        raise CatalogueError(errors)
    return Catalogue(regimes, awards)


def _regimes(raw: Any, errors: list[str]) -> tuple[Regime, ...]:
    if not isinstance(raw, list) or not raw:
        errors.append("regimes: cần ít nhất một chế độ pháp lý")
        return ()
    regimes: list[Regime] = []
    for index, item in enumerate(raw):
        place = f"regimes[{index}]"
        if not isinstance(item, Mapping):
            errors.append(f"{place}: phải là một bảng")
            continue
        start = item.get("from")
        if isinstance(start, str):
            try:
                start = dt.date.fromisoformat(start)
            except ValueError:
                start = None
        if not isinstance(start, dt.date):
            errors.append(f"{place}.from: ngày bắt đầu không hợp lệ")
            continue
        rounding = item.get("reward_rounding") or {}
        step, mode = rounding.get("step"), rounding.get("mode")
        if (
            isinstance(step, bool)
            or not isinstance(step, int | Decimal)
            or step <= 0
            or mode not in ("up", "half_up")
        ):
            errors.append(f"{place}.reward_rounding: cần step (số đồng) và mode (up, half_up)")
            continue
        regimes.append(
            Regime(
                str(item.get("code")),
                str(item.get("name", "")),
                start,
                item.get("fallback"),
                Rounding(Decimal(step), str(mode)),
            )
        )
    regimes.sort(key=lambda regime: regime.start)
    codes = {regime.code for regime in regimes}
    for regime in regimes:
        if regime.fallback is not None and regime.fallback not in codes:
            errors.append(f"regimes.{regime.code}.fallback: chế độ {regime.fallback!r} không có")
    return tuple(regimes)


def _award(code: str, raw: Any, errors: list[str], codes: tuple[str, ...], regimes: set[str]) -> Award:
    place = f"awards.{code}"
    if not isinstance(raw, Mapping):
        errors.append(f"{place}: phải là một bảng")
        raw = {}
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        errors.append(f"{place}.name: thiếu tên khen thưởng")
    recipient = raw.get("recipient")
    if recipient not in RECIPIENTS:
        errors.append(f"{place}.recipient: phải là một trong {', '.join(RECIPIENTS)}")
    level = raw.get("level")
    if level not in LEVELS:
        errors.append(f"{place}.level: phải là một trong {', '.join(LEVELS)}")
    coefficient = raw.get("coefficient")
    if coefficient is not None and (
        isinstance(coefficient, bool) or not isinstance(coefficient, int | Decimal) or coefficient <= 0
    ):
        errors.append(f"{place}.coefficient: phải là số dương hoặc để trống")
        coefficient = None
    rules: dict[str, dict[str, RuleSet]] = {}
    bases: dict[str, str] = {}
    rewards: dict[str, Reward] = {}
    for regime, by_kind in (raw.get("regimes") or {}).items():
        if regime not in regimes:
            errors.append(f"{place}.regimes.{regime}: chế độ pháp lý không có trong regimes")
            continue
        if not isinstance(by_kind, Mapping):
            errors.append(f"{place}.regimes.{regime}: phải là bảng individual/collective → điều kiện")
            continue
        rules[regime] = {}
        for kind, body in by_kind.items():
            kind_place = f"{place}.regimes.{regime}.{kind}"
            if kind == "basis":
                if not isinstance(body, str) or not body.strip():
                    errors.append(f"{kind_place}: căn cứ pháp lý phải là một câu")
                else:
                    bases[regime] = body.strip()
                continue
            if kind == "reward":
                reward = _reward(body, kind_place, errors)
                if reward is not None:
                    rewards[regime] = reward
                continue
            if kind not in KINDS:
                errors.append(f"{kind_place}: loại đối tượng phải là individual hoặc collective")
                continue
            rules[regime][kind] = _ruleset(body, kind_place, errors, codes)
    return Award(
        code=code,
        name=str(name or code),
        recipient=str(recipient),
        level=str(level),
        decided_by=str(raw.get("decided_by") or ""),
        coefficient=None if coefficient is None else Decimal(coefficient),
        rules=rules,
        bases=bases,
        rewards=rewards,
    )


def _reward(raw: Any, place: str, errors: list[str]) -> Reward | None:
    if not isinstance(raw, Mapping) or set(raw) - {"individual", "collective", "article"}:
        errors.append(f"{place}: cần individual, collective (hệ số) và article (căn cứ)")
        return None
    factors: dict[str, Decimal | None] = {}
    for kind in KINDS:
        value = raw.get(kind)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int | Decimal) or value <= 0
        ):
            errors.append(f"{place}.{kind}: hệ số phải là số dương hoặc để trống")
            value = None
        factors[kind] = None if value is None else Decimal(value)
    article = raw.get("article")
    return Reward(factors["individual"], factors["collective"], str(article or "").strip())


def _ruleset(raw: Any, place: str, errors: list[str], codes: tuple[str, ...]) -> RuleSet:
    if not isinstance(raw, Mapping):
        errors.append(f"{place}: phải là bảng conditions / to_confirm / quota")
        return RuleSet()
    to_confirm = raw.get("to_confirm") or []
    if not isinstance(to_confirm, list) or not all(isinstance(item, str) for item in to_confirm):
        errors.append(f"{place}.to_confirm: phải là danh sách câu tiếng Việt")
        to_confirm = []
    return RuleSet(
        conditions=parse_rules(raw.get("conditions"), f"{place}.conditions", errors, codes),
        to_confirm=tuple(to_confirm),
        quota=_quota(raw.get("quota"), f"{place}.quota", errors),
    )


def _quota(raw: Any, place: str, errors: list[str]) -> QuotaRule | None:
    if raw is None:
        return None
    if isinstance(raw, Mapping) and set(raw) - {"percent", "of", "rounding"}:
        # A comma inside an unquoted flow mapping splits the sentence into a stray key: say so, do not drop it.
        unknown = ", ".join(str(key) for key in set(raw) - {"percent", "of", "rounding"})
        errors.append(f"{place}: khóa không hợp lệ: {unknown} (câu có dấu phẩy cần đặt trong ngoặc kép)")
        return None
    percent = raw.get("percent") if isinstance(raw, Mapping) else None
    of = raw.get("of") if isinstance(raw, Mapping) else None
    rounding = raw.get("rounding", "floor") if isinstance(raw, Mapping) else None
    if (
        isinstance(percent, bool)
        or not isinstance(percent, int | Decimal)
        or not 0 < percent <= 100
        or not isinstance(of, str)
        or rounding not in ROUNDINGS
    ):
        errors.append(f"{place}: cần percent (0–100], of (câu mô tả) và rounding ({', '.join(ROUNDINGS)})")
        return None
    return QuotaRule(Decimal(percent), of, str(rounding))
