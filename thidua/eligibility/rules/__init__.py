"""The rule kinds a catalogue may use, by the name written in its `rule:` key, and `any_of` to combine them."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from thidua.eligibility.rules.base import Context, Finding, Outcome, Params, Rule
from thidua.eligibility.rules.cluster import ClusterRule
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

__all__ = [
    "RULE_KINDS",
    "AnyOf",
    "Cited",
    "Context",
    "Finding",
    "Outcome",
    "Rule",
    "parse_rule",
    "parse_rules",
]


@dataclass(frozen=True)
class Case:
    """One alternative of `any_of`: a label for the user, its clause of the law, and the conditions that must all
    hold."""

    label: str
    rules: tuple[Rule, ...]
    article: str = ""


@dataclass(frozen=True)
class AnyOf:
    """Eligible by any one of several alternatives (the clauses "hoặc" of a decree).

    One alternative met is enough; when none is met and one could not be decided (a count not recorded), the
    answer is undecided rather than failed, because that alternative may still hold.
    """

    cases: tuple[Case, ...]

    def evaluate(self, ctx: Context) -> Outcome:
        failures: list[Finding] = []
        undecided: list[Finding] = []
        for case in self.cases:
            outcome = Outcome()
            for rule in case.rules:
                outcome += rule.evaluate(ctx)
            outcome = outcome.cited(case.article)
            if outcome.met:
                lead = Finding(True, f"Đáp ứng trường hợp: {case.label}", case.article)
                return Outcome((lead, *outcome.findings), outcome.to_confirm)
            if outcome.failed:
                missing = "; ".join(f.text for f in outcome.findings if f.met is False)
                failures.append(
                    Finding(False, f"Không đáp ứng trường hợp: {case.label} ({missing})", case.article)
                )
            else:
                unknown = "; ".join(f.text for f in outcome.findings if f.met is None)
                undecided.append(
                    Finding(None, f"Chưa xác định được trường hợp: {case.label} ({unknown})", case.article)
                )
        return Outcome(tuple(undecided + failures))


@dataclass(frozen=True)
class Cited:
    """A condition with the article and clause of the text that sets it, given to each of its findings."""

    rule: Rule
    article: str

    def evaluate(self, ctx: Context) -> Outcome:
        return self.rule.evaluate(ctx).cited(self.article)


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
    "cluster": ClusterRule.parse,
}


def parse_rule(raw: Any, place: str, errors: list[str], codes: Collection[str]) -> Rule | None:
    if not isinstance(raw, Mapping):
        errors.append(f"{place}: điều kiện phải là một bảng có khóa rule")
        return None
    kind = raw.get("rule")
    article = raw.get("article")
    if article is not None and (not isinstance(article, str) or not article.strip()):
        errors.append(f"{place}.article: căn cứ (điều, khoản, điểm) phải là một câu")
        article = None
    rule: Rule | None
    if kind == "any_of":
        rule = _parse_any_of(raw, place, errors, codes)
    else:
        parser = RULE_KINDS.get(str(kind))
        if parser is None:
            known = ", ".join([*RULE_KINDS, "any_of"])
            errors.append(f"{place}.rule: loại điều kiện {kind!r} không hợp lệ ({known})")
            return None
        rule = parser(Params(raw, place, errors, codes))
    if rule is not None and article:
        return Cited(rule, article.strip())
    return rule


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
        article = case.get("article")
        cases.append(Case(case["label"], rules, article.strip() if isinstance(article, str) else ""))
    return AnyOf(tuple(cases))
