"""The rule kinds a catalogue may use, by the name written in its `rule:` key, and `any_of` to combine them."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from thidua.eligibility.rules.base import Context, Finding, Outcome, Params, Rule
from thidua.eligibility.rules.collective import MemberCount, MemberShare, NoMember
from thidua.eligibility.rules.individual import (
    ConsecutiveAwards,
    HasInitiative,
    Holds,
    Meets,
    RatingAtLeast,
    RatingChain,
    ServiceMonths,
    TitleChain,
)

__all__ = ["RULE_KINDS", "AnyOf", "Context", "Finding", "Outcome", "Rule", "parse_rule", "parse_rules"]


@dataclass(frozen=True)
class Case:
    """One alternative of `any_of`: a label for the user and the conditions that must all hold."""

    label: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class AnyOf:
    """Eligible by any one of several alternatives (the clauses "hoặc" of a decree)."""

    cases: tuple[Case, ...]

    def evaluate(self, ctx: Context) -> Outcome:
        failures: list[Finding] = []
        for case in self.cases:
            outcome = Outcome()
            for rule in case.rules:
                outcome += rule.evaluate(ctx)
            if outcome.met:
                lead = Finding(True, f"Đáp ứng trường hợp: {case.label}")
                return Outcome((lead, *outcome.findings), outcome.to_confirm)
            missing = "; ".join(f.text for f in outcome.findings if not f.met)
            failures.append(Finding(False, f"Không đáp ứng trường hợp: {case.label} ({missing})"))
        return Outcome(tuple(failures))


RULE_KINDS: dict[str, Callable[[Params], Rule]] = {
    "rating_at_least": RatingAtLeast.parse,
    "service_months": ServiceMonths.parse,
    "meets": Meets.parse,
    "title_chain": TitleChain.parse,
    "rating_chain": RatingChain.parse,
    "initiative": HasInitiative.parse,
    "holds": Holds.parse,
    "consecutive_awards": ConsecutiveAwards.parse,
    "member_share": MemberShare.parse,
    "member_count": MemberCount.parse,
    "no_member": NoMember.parse,
}


def parse_rule(raw: Any, place: str, errors: list[str], codes: Collection[str]) -> Rule | None:
    if not isinstance(raw, Mapping):
        errors.append(f"{place}: điều kiện phải là một bảng có khóa rule")
        return None
    kind = raw.get("rule")
    if kind == "any_of":
        return _parse_any_of(raw, place, errors, codes)
    parser = RULE_KINDS.get(str(kind))
    if parser is None:
        known = ", ".join([*RULE_KINDS, "any_of"])
        errors.append(f"{place}.rule: loại điều kiện {kind!r} không hợp lệ ({known})")
        return None
    return parser(Params(raw, place, errors, codes))


def parse_rules(raw: Any, place: str, errors: list[str], codes: Collection[str]) -> tuple[Rule, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        errors.append(f"{place}: phải là một danh sách điều kiện")
        return ()
    parsed = (parse_rule(item, f"{place}[{i}]", errors, codes) for i, item in enumerate(raw))
    return tuple(rule for rule in parsed if rule is not None)


def _parse_any_of(
    raw: Mapping[str, Any], place: str, errors: list[str], codes: Collection[str]
) -> AnyOf | None:
    cases_raw = raw.get("cases")
    if not isinstance(cases_raw, list) or len(cases_raw) < 2:
        errors.append(f"{place}.cases: any_of cần ít nhất hai trường hợp")
        return None
    cases: list[Case] = []
    for index, case in enumerate(cases_raw):
        case_place = f"{place}.cases[{index}]"
        if not isinstance(case, Mapping) or not isinstance(case.get("label"), str):
            errors.append(f"{case_place}: mỗi trường hợp cần label và conditions")
            continue
        rules = parse_rules(case.get("conditions"), f"{case_place}.conditions", errors, codes)
        if not rules:
            errors.append(f"{case_place}.conditions: trường hợp không có điều kiện nào")
            continue
        cases.append(Case(case["label"], rules))
    return AnyOf(tuple(cases))
