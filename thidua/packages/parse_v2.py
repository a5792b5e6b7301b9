"""The `framework` of a version 2 package (docs/package-format.md): facts, the three parts of a criterion and
their terms, scales, caps, no_target, bonus items of every kind. Version 1 keys keep their reader.

Rule and term parameters are read from the one registry (`thidua/engine/registry.py`), so a parameter added
there is read, checked and written without touching this file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from thidua.engine.model import (
    ALL_RULE_TYPES,
    ZERO,
    BonusItem,
    FixedRule,
    FormulaRule,
    Framework,
    Node,
    RelativeToLeaderRule,
    Rule,
)
from thidua.engine.registry import RULE_COMMON, RULES, TERM_COMMON, TERMS, Param, TypeSpec
from thidua.engine.terms import (
    FACT_KINDS,
    FLOORS,
    Condition,
    Fact,
    FactValue,
    GroupCaps,
    NoTarget,
    NoTargetMode,
    Part,
    Range,
    ScaleChoice,
    Scales,
    Term,
    Tier,
    Tiers,
)
from thidua.packages.fields import as_number, key_text, shown
from thidua.packages.parse_framework import NODE_KEYS, FrameworkReader

NODE_KEYS_V2 = (*NODE_KEYS, "standard", "facts", "deduction", "scales", "no_target", "caps")
RANGE_KEYS = ("above", "from", "below", "to", "is")
PART_KEYS = ("cap", "floor", "terms")
FACT_KEYS = ("kind", "label", "default", "choices")
CAP_KEYS = ("bonus", "deduction", "bonus_and_deduction")
BONUS_ITEM_KEYS = ("code", "title", "points", "max", "per_case", "cap", "node")
NO_TARGET: tuple[NoTargetMode, ...] = ("not_applicable", "best_of_untargeted")


class V2FrameworkReader(FrameworkReader):
    """Reads a version 2 framework; every problem is placed (`framework.sections[0].children[1] (a1).deduction…`)."""

    node_keys = NODE_KEYS_V2
    version = 2

    def framework(self, raw: object) -> Framework | None:
        framework = super().framework(raw)
        if framework is None:
            return None
        data = self.mapping(raw, "framework")
        assert data is not None
        capped = data.get("bonus_cap") is not None
        return replace(framework, bonus_capped=capped, version=2)

    def rule_raw(self, data: Mapping[Any, Any]) -> object:
        return data.get("standard") if data.get("standard") is not None else data.get("rule")

    def rule(self, raw: object, place: str, top: Decimal | None, code: str | None) -> Rule | None:
        data = self.mapping(raw, f"{place}.rule")
        if data is None:
            return None
        kind = key_text(data.get("type"))
        if kind not in ALL_RULE_TYPES:
            allowed = ", ".join(ALL_RULE_TYPES)
            self.problem(
                f"{place}.rule.type", f"loại quy tắc “{key_text(kind)}” không hợp lệ; cho phép: {allowed}"
            )
            return None
        spec = RULES[kind]
        keys = ("type", *spec.keys, *(param.name for param in RULE_COMMON))
        self.known_keys(data, f"{place}.rule", keys)
        before = len(self.problems)
        if spec.version == 1:
            rule = self._rule_of(kind, data, f"{place}.rule")
        else:
            built = self.from_spec(spec, data, f"{place}.rule")
            rule = built if isinstance(built, FixedRule | FormulaRule | RelativeToLeaderRule) else None
        return rule if len(self.problems) == before else None

    def leaf_bonus(self, raw: object, place: str) -> Any:
        # Version 1's {step_percent, points_per_step, cap} stays; a part with terms is read in finish_node.
        if isinstance(raw, Mapping) and "step_percent" in {key_text(k) for k in raw}:
            return super().leaf_bonus(raw, place)
        return None

    def finish_node(self, data: Mapping[Any, Any], place: str, node: Node) -> Node:
        if data.get("standard") is not None and data.get("rule") is not None:
            self.problem(place, "chỉ ghi một trong hai: standard (điểm chuẩn) hoặc rule")
        rule_raw = data.get("standard") if data.get("standard") is not None else data.get("rule")
        fact = None
        if isinstance(rule_raw, Mapping) and rule_raw.get("fact") is not None:
            fact = self.text(rule_raw.get("fact"), f"{place}.standard.fact")
        raw_bonus = data.get("bonus")
        bonus_part = None
        if (
            raw_bonus is not None
            and node.bonus is None
            and not (isinstance(raw_bonus, Mapping) and "step_percent" in {key_text(k) for k in raw_bonus})
        ):
            bonus_part = self.part(raw_bonus, f"{place}.bonus")
        return replace(
            node,
            facts=self.facts(data.get("facts"), f"{place}.facts"),
            fact=fact,
            bonus_part=bonus_part,
            deduction_part=self.part(data.get("deduction"), f"{place}.deduction"),
            scales=self.scales(data.get("scales"), f"{place}.scales", node),
            no_target=self.no_target(data.get("no_target"), f"{place}.no_target"),
            caps=self.caps(data.get("caps"), f"{place}.caps"),
        )

    # --- generic parameters from the registry -------------------------------------------------------------

    def from_spec(self, spec: TypeSpec, data: Mapping[Any, Any], at: str) -> object | None:
        values: dict[str, object] = {}
        ok = True
        for param in spec.params:
            value = self.param(param, data.get(param.name), f"{at}.{param.name}")
            if value is None:
                if param.required:
                    if data.get(param.name) is None:
                        self.problem(f"{at}.{param.name}", "thiếu mục bắt buộc")
                    ok = False
                continue
            values[param.attribute] = value
        if not ok:
            return None
        built: object = spec.cls(**values)
        return built

    def param(self, param: Param, raw: object, place: str) -> object | None:
        if raw is None:
            return None
        if param.kind == "number":
            return self.number(raw, place)
        if param.kind == "choice":
            return self.choice(raw, place, param.values, str(param.default))
        if param.kind == "flag":
            if isinstance(raw, bool):
                return raw
            self.problem(place, f"phải là true hoặc false, đang là “{shown(raw)}”")
            return None
        if param.kind in ("fact", "expression"):
            return self.text(raw, place)
        if param.kind == "tiers":
            return self.tiers(raw, place)
        if param.kind == "numbers":
            return tuple(
                n
                for i, item in enumerate(self.sequence(raw, place))
                if (n := self.number(item, f"{place}[{i}]"))
            )
        self.problem(place, "không đọc được tham số")
        return None

    # --- pieces -------------------------------------------------------------------------------------------

    def facts(self, raw: object, place: str) -> tuple[Fact, ...]:
        out = []
        for name, item in self.items(raw, place):
            at = f"{place}.{name}"
            data = self.mapping(item, at)
            if data is None:
                continue
            self.known_keys(data, at, FACT_KEYS)
            kind = self.choice(data.get("kind"), f"{at}.kind", FACT_KINDS, "number")
            label = (
                self.text_with_commas(data, "label", f"{at}.label", FACT_KEYS)
                if data.get("label") is not None
                else ""
            ) or ""
            choices = tuple(
                text
                for i, c in enumerate(self.sequence(data.get("choices"), f"{at}.choices"))
                if (text := self.text(c, f"{at}.choices[{i}]")) is not None
            )
            default = self.fact_value(data.get("default"), f"{at}.default", kind)
            out.append(Fact(name=name, kind=kind, label=label, default=default, choices=choices))
        return tuple(out)

    def fact_value(self, raw: object, place: str, kind: str) -> FactValue | None:
        if raw is None:
            return None
        if kind == "yes_no":
            if isinstance(raw, bool):
                return raw
            self.problem(place, f"phải là true hoặc false, đang là “{shown(raw)}”")
            return None
        if kind == "label":
            return raw if isinstance(raw, str) else key_text(raw)
        return self.number(raw, place)

    def range(self, data: Mapping[Any, Any], place: str) -> Range:
        bounds = {
            key: self.number(data.get(key), f"{place}.{key}", required=False)
            for key in ("above", "from", "below", "to")
        }
        if bounds["above"] is not None and bounds["from"] is not None:
            self.problem(place, "chỉ ghi một cận dưới: above (trên) hoặc from (từ)")
        if bounds["below"] is not None and bounds["to"] is not None:
            self.problem(place, "chỉ ghi một cận trên: below (dưới) hoặc to (đến)")
        raw_is = data.get("is")
        is_: FactValue | None = None
        if raw_is is not None:
            number = as_number(raw_is) if not isinstance(raw_is, bool) else None
            is_ = raw_is if isinstance(raw_is, bool) else (number if number is not None else key_text(raw_is))
        return Range(
            above=bounds["above"], from_=bounds["from"], below=bounds["below"], to=bounds["to"], is_=is_
        )

    def tiers(self, raw: object, place: str) -> tuple[Tier, ...]:
        out = []
        items = self.sequence(raw, place, required=True)
        if raw is not None and not items:
            self.problem(place, "cần ít nhất một mức")
        for i, item in enumerate(items):
            at = f"{place}[{i}]"
            data = self.mapping(item, at)
            if data is None:
                continue
            self.known_keys(data, at, (*RANGE_KEYS, "points"))
            points = self.number(data.get("points"), f"{at}.points")
            bounds = self.range(data, at)
            if bounds.is_empty:
                self.problem(at, "mức cần ít nhất một cận: above, from, below, to hoặc is")
            if points is not None:
                out.append(Tier(range=bounds, points=points))
        return tuple(out)

    def conditions(self, raw: object, place: str) -> tuple[Condition, ...]:
        if raw is None:
            return ()
        items: Sequence[Any] = raw if isinstance(raw, list) else [raw]
        out = []
        for i, item in enumerate(items):
            at = f"{place}[{i}]" if isinstance(raw, list) else place
            data = self.mapping(item, at)
            if data is None:
                continue
            self.known_keys(data, at, ("fact", "attribute", *RANGE_KEYS))
            fact = self.text(data.get("fact"), f"{at}.fact", required=False)
            attribute = self.text(data.get("attribute"), f"{at}.attribute", required=False)
            if (fact is None) == (attribute is None):
                self.problem(
                    at, "điều kiện cần đúng một trong hai: fact (số liệu) hoặc attribute (thuộc tính đơn vị)"
                )
                continue
            bounds = self.range(data, at)
            if bounds.is_empty:
                self.problem(at, "điều kiện cần ít nhất một cận: above, from, below, to hoặc is")
                continue
            out.append(Condition(range=bounds, fact=fact, attribute=attribute))
        return tuple(out)

    def term(self, raw: object, place: str) -> Term | None:
        data = self.mapping(raw, place)
        if data is None:
            return None
        kind = key_text(data.get("type"))
        if kind not in TERMS:
            self.problem(f"{place}.type", f"loại mục “{kind}” không hợp lệ; cho phép: {', '.join(TERMS)}")
            return None
        spec = TERMS[kind]
        self.known_keys(data, place, (*TERM_COMMON, *spec.keys))
        how = self.from_spec(spec, data, place)
        label = (
            self.text_with_commas(data, "label", f"{place}.label", (*TERM_COMMON, *spec.keys))
            if data.get("label") is not None
            else None
        )
        when = self.conditions(data.get("when"), f"{place}.when")
        unless = self.conditions(data.get("unless"), f"{place}.unless")
        group = self.text(data.get("group"), f"{place}.group", required=False)
        if how is None:
            return None
        if isinstance(how, Tiers) and not how.tiers:
            return None
        return Term(how=how, label=label, when=when, unless=unless, group=group)  # type: ignore[arg-type]

    def part(self, raw: object, place: str) -> Part | None:
        if raw is None:
            return None
        data = self.mapping(raw, place)
        if data is None:
            return None
        self.known_keys(data, place, PART_KEYS)
        terms = [
            self.term(item, f"{place}.terms[{i}]")
            for i, item in enumerate(self.sequence(data.get("terms"), f"{place}.terms", required=True))
        ]
        cap = self.number(data.get("cap"), f"{place}.cap", required=False)
        floor = self.choice(data.get("floor"), f"{place}.floor", FLOORS, "item")
        return Part(terms=tuple(t for t in terms if t is not None), cap=cap, floor=floor)

    def scales(self, raw: object, place: str, node: Node) -> Scales | None:
        data = self.mapping(raw, place, required=False)
        if data is None:
            return None
        self.known_keys(data, place, ("by", "choices"))
        by = self.mapping(data.get("by"), f"{place}.by")
        fact = attribute = None
        if by is not None:
            self.known_keys(by, f"{place}.by", ("fact", "attribute"))
            fact = self.text(by.get("fact"), f"{place}.by.fact", required=False)
            attribute = self.text(by.get("attribute"), f"{place}.by.attribute", required=False)
            if (fact is None) == (attribute is None):
                self.problem(
                    f"{place}.by", "cần đúng một trong hai: fact (số liệu) hoặc attribute (thuộc tính đơn vị)"
                )
        choices = []
        for i, item in enumerate(self.sequence(data.get("choices"), f"{place}.choices", required=True)):
            at = f"{place}.choices[{i}]"
            entry = self.mapping(item, at)
            if entry is None:
                continue
            self.known_keys(entry, at, (*RANGE_KEYS, "label", "standard", "bonus", "deduction"))
            bounds = self.range(entry, at)
            if bounds.is_empty:
                self.problem(at, "bảng điểm cần ít nhất một cận: above, from, below, to hoặc is")
            standard = (
                self.rule(entry.get("standard"), at, node.max, node.code)
                if entry.get("standard") is not None
                else None
            )
            choices.append(
                ScaleChoice(
                    range=bounds,
                    label=self.text(entry.get("label"), f"{at}.label", required=False),
                    standard=standard,
                    bonus=self.part(entry.get("bonus"), f"{at}.bonus"),
                    deduction=self.part(entry.get("deduction"), f"{at}.deduction"),
                )
            )
        return Scales(choices=tuple(choices), fact=fact, attribute=attribute)

    def no_target(self, raw: object, place: str) -> NoTarget | None:
        if raw is None:
            return None
        if isinstance(raw, str):
            mode: NoTargetMode = self.choice(raw, place, NO_TARGET, "not_applicable")
            return NoTarget(mode=mode)
        data = self.mapping(raw, place)
        if data is None:
            return None
        self.known_keys(data, place, ("points",))
        points = self.number(data.get("points"), f"{place}.points")
        return NoTarget(mode="points", points=points) if points is not None else None

    def caps(self, raw: object, place: str) -> GroupCaps | None:
        data = self.mapping(raw, place, required=False)
        if data is None:
            return None
        self.known_keys(data, place, CAP_KEYS)
        values = {key: self.number(data.get(key), f"{place}.{key}", required=False) for key in CAP_KEYS}
        if all(value is None for value in values.values()):
            self.problem(place, f"cần ít nhất một mức tối đa: {', '.join(CAP_KEYS)}")
        return GroupCaps(**values)

    def bonus_items(self, raw: object) -> tuple[BonusItem, ...]:
        out = []
        for i, item in enumerate(self.sequence(raw, "framework.bonus_items")):
            place = f"framework.bonus_items[{i}]"
            data = self.mapping(item, place)
            if data is None:
                continue
            self.known_keys(data, place, BONUS_ITEM_KEYS)
            code = self.text(data.get("code"), f"{place}.code")
            title = self.text_with_commas(data, "title", f"{place}.title", BONUS_ITEM_KEYS)
            numbers = {
                key: self.number(data.get(key), f"{place}.{key}", required=False)
                for key in ("points", "max", "per_case", "cap")
            }
            given = [key for key in ("points", "max", "per_case") if numbers[key] is not None]
            if len(given) != 1:
                self.problem(
                    place,
                    "mục điểm thưởng cần đúng một trong: points (điểm cố định), max (cho từ 0 đến tối đa), per_case (điểm mỗi lần)",
                )
                continue
            if numbers["cap"] is not None and given[0] != "per_case":
                self.problem(f"{place}.cap", "chỉ mục điểm thưởng per_case mới có cap")
            node = self.text(data.get("node"), f"{place}.node", required=False)
            if code is not None and title is not None:
                out.append(
                    BonusItem(
                        code=code,
                        title=title,
                        points=numbers["points"] or ZERO,
                        max=numbers["max"],
                        per_case=numbers["per_case"],
                        cap=numbers["cap"],
                        node=node,
                    )
                )
        return tuple(out)
