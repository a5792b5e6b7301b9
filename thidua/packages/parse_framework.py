"""The `framework` part of a package: settings and the tree of nodes with their rules."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from thidua.engine.model import (
    RULE_TYPES,
    ZERO,
    Against,
    AssessedRule,
    BandsInput,
    BandsRule,
    Below,
    BonusItem,
    BooleanRule,
    ChangeRule,
    Comparison,
    CountRule,
    Direction,
    Framework,
    Honour,
    LateReport,
    LeafBonus,
    Node,
    Of,
    PointsBand,
    Policy,
    RankRule,
    RatingLevel,
    RatingRule,
    RatioRule,
    RelativeRule,
    Rule,
    ScoreBand,
    TargetSource,
    ThresholdRule,
)
from thidua.engine.registry import v1_rule_keys
from thidua.packages.fields import Reader, key_text

FRAMEWORK_KEYS = (
    "standard_points",
    "bonus_cap",
    "not_applicable",
    "tie_break",
    "bands",
    "honours",
    "bonus_items",
    "late_report",
    "sections",
)
NODE_KEYS = (
    "code",
    "title",
    "max",
    "children",
    "rule",
    "bonus",
    "unit_of_measure",
    "data_source",
    "target_source",
    "note",
)
# Derived from the one registry of rule types (thidua/engine/registry.py).
RULE_KEYS: Mapping[str, tuple[str, ...]] = v1_rule_keys()
DIRECTIONS: tuple[Direction, ...] = ("higher", "lower")
OF: tuple[Of, ...] = ("actual", "ratio")
BELOW: tuple[Below, ...] = ("proportional", "zero")
COMPARISONS: tuple[Comparison, ...] = (">=", ">", "<=", "<", "==")
AGAINST: tuple[Against, ...] = ("value", "target", "target_percent")
BANDS_INPUT: tuple[BandsInput, ...] = ("actual", "target_percent")
POLICIES: tuple[Policy, ...] = ("renormalize", "full", "zero")
TARGET_SOURCES: tuple[TargetSource, ...] = ("province", "local")


class FrameworkReader(Reader):
    """Reads a framework; `broken` collects the codes of leaves whose rule could not be read."""

    node_keys: tuple[str, ...] = NODE_KEYS
    version = 1

    def __init__(self) -> None:
        super().__init__()
        self.broken: set[str] = set()

    def rule_raw(self, data: Mapping[Any, Any]) -> object:
        """The mapping that holds a leaf's rule (`rule`; version 2 also `standard`)."""
        return data.get("rule")

    def finish_node(self, data: Mapping[Any, Any], place: str, node: Node) -> Node:
        """Version 2 reads its own keys of a node here."""
        return node

    def framework(self, raw: object) -> Framework | None:
        data = self.mapping(raw, "framework")
        if data is None:
            return None
        self.known_keys(data, "framework", FRAMEWORK_KEYS)
        standard = self.number(data.get("standard_points"), "framework.standard_points")
        sections = [
            self.node(item, f"framework.sections[{i}]")
            for i, item in enumerate(self.sequence(data.get("sections"), "framework.sections", required=True))
        ]
        framework = Framework(
            standard_points=standard if standard is not None else ZERO,
            sections=tuple(node for node in sections if node is not None),
            bonus_cap=self.number(data.get("bonus_cap"), "framework.bonus_cap", required=False) or ZERO,
            not_applicable=self.choice(
                data.get("not_applicable"),
                "framework.not_applicable",
                ("renormalize", "full", "zero"),
                "renormalize",
            ),
            tie_break=tuple(
                key
                for i, item in enumerate(self.sequence(data.get("tie_break"), "framework.tie_break"))
                if (key := self.text(item, f"framework.tie_break[{i}]")) is not None
            ),
            bands=self.score_bands(data.get("bands")),
            honours=self.honours(data.get("honours")),
            bonus_items=self.bonus_items(data.get("bonus_items")),
            late_report=self.late_report(data.get("late_report")),
        )
        return framework if standard is not None else None

    def score_bands(self, raw: object) -> tuple[ScoreBand, ...]:
        out = []
        for i, item in enumerate(self.sequence(raw, "framework.bands")):
            place = f"framework.bands[{i}]"
            data = self.mapping(item, place)
            if data is None:
                continue
            self.known_keys(data, place, ("label", "min"))
            label = self.text(data.get("label"), f"{place}.label")
            low = self.number(data.get("min"), f"{place}.min")
            if label is not None and low is not None:
                out.append(ScoreBand(label=label, min=low))
        return tuple(out)

    def honours(self, raw: object) -> tuple[Honour, ...]:
        out = []
        for i, item in enumerate(self.sequence(raw, "framework.honours")):
            place = f"framework.honours[{i}]"
            data = self.mapping(item, place)
            if data is None:
                continue
            self.known_keys(data, place, ("rank", "award", "min_total"))
            rank = self.integer(data.get("rank"), f"{place}.rank")
            award = self.text(data.get("award"), f"{place}.award")
            min_total = self.number(data.get("min_total"), f"{place}.min_total", required=False)
            if rank is not None and award is not None:
                out.append(Honour(rank=rank, award=award, min_total=min_total))
        return tuple(out)

    def bonus_items(self, raw: object) -> tuple[BonusItem, ...]:
        out = []
        for i, item in enumerate(self.sequence(raw, "framework.bonus_items")):
            place = f"framework.bonus_items[{i}]"
            data = self.mapping(item, place)
            if data is None:
                continue
            self.known_keys(data, place, ("code", "title", "points"))
            code = self.text(data.get("code"), f"{place}.code")
            title = self.text_with_commas(data, "title", f"{place}.title", ("code", "title", "points"))
            points = self.number(data.get("points"), f"{place}.points")
            if code is not None and title is not None and points is not None:
                out.append(BonusItem(code=code, title=title, points=points))
        return tuple(out)

    def late_report(self, raw: object) -> LateReport | None:
        data = self.mapping(raw, "framework.late_report", required=False)
        if data is None:
            return None
        self.known_keys(data, "framework.late_report", ("deadline", "points_per_day", "cap"))
        deadline = self.date(data.get("deadline"), "framework.late_report.deadline")
        per_day = self.number(data.get("points_per_day"), "framework.late_report.points_per_day")
        cap = self.number(data.get("cap"), "framework.late_report.cap")
        if deadline is None or per_day is None or cap is None:
            return None
        return LateReport(deadline=deadline, points_per_day=per_day, cap=cap)

    def node(self, raw: object, path: str) -> Node | None:
        data = self.mapping(raw, path)
        if data is None:
            return None
        code = self.text(data.get("code"), f"{path}.code")
        place = f"{path} ({code})" if code else path
        self.known_keys(data, place, self.node_keys)
        title = self.text_with_commas(data, "title", f"{place}.title", self.node_keys)
        top = self.number(data.get("max"), f"{place}.max")
        children = [
            self.node(item, f"{path}.children[{i}]")
            for i, item in enumerate(self.sequence(data.get("children"), f"{place}.children"))
        ]
        rule_raw = self.rule_raw(data)
        rule = self.rule(rule_raw, place, top, code) if rule_raw is not None else None
        bonus = self.leaf_bonus(data.get("bonus"), place)
        target_source = data.get("target_source")
        if code is None or title is None or top is None or None in children:
            return None
        if rule_raw is not None and rule is None:
            # Stand in for the unreadable rule so the rest of the tree is still checked; its inputs are skipped.
            self.broken.add(code)
            rule = AssessedRule()
        node = Node(
            code=code,
            title=title,
            max=top,
            children=tuple(child for child in children if child is not None),
            rule=rule,
            bonus=bonus,
            unit_of_measure=self.text(
                data.get("unit_of_measure"), f"{place}.unit_of_measure", required=False
            ),
            data_source=self.text(data.get("data_source"), f"{place}.data_source", required=False),
            target_source=(
                self.choice(target_source, f"{place}.target_source", TARGET_SOURCES, "province")
                if target_source is not None
                else None
            ),
            note=self.text(data.get("note"), f"{place}.note", required=False),
        )
        return self.finish_node(data, place, node)

    def leaf_bonus(self, raw: object, place: str) -> LeafBonus | None:
        data = self.mapping(raw, f"{place}.bonus", required=False)
        if data is None:
            return None
        self.known_keys(data, f"{place}.bonus", ("step_percent", "points_per_step", "cap"))
        step = self.number(data.get("step_percent"), f"{place}.bonus.step_percent")
        per_step = self.number(data.get("points_per_step"), f"{place}.bonus.points_per_step")
        cap = self.number(data.get("cap"), f"{place}.bonus.cap")
        if step is None or per_step is None or cap is None:
            return None
        return LeafBonus(step_percent=step, points_per_step=per_step, cap=cap)

    def rule(self, raw: object, place: str, top: Decimal | None, code: str | None) -> Rule | None:
        data = self.mapping(raw, f"{place}.rule")
        if data is None:
            return None
        kind = key_text(data.get("type"))
        if kind not in RULE_TYPES:
            allowed = ", ".join(RULE_TYPES)
            self.problem(
                f"{place}.rule.type", f"loại quy tắc “{key_text(kind)}” không hợp lệ; cho phép: {allowed}"
            )
            return None
        self.known_keys(data, f"{place}.rule", ("type", *RULE_KEYS[kind]))
        before = len(self.problems)
        rule = self._rule_of(kind, data, f"{place}.rule")
        return rule if len(self.problems) == before else None

    def _rule_of(self, kind: str, data: Mapping[Any, Any], at: str) -> Rule | None:
        if kind == "ratio":
            return RatioRule(
                direction=self.choice(data.get("direction"), f"{at}.direction", DIRECTIONS, "higher"),
                below=self.choice(data.get("below"), f"{at}.below", BELOW, "proportional"),
                floor_ratio=self.number(data.get("floor_ratio"), f"{at}.floor_ratio", required=False) or ZERO,
            )
        if kind == "threshold":
            return ThresholdRule(
                value=self.number(data.get("value"), f"{at}.value", required=False),
                op=self.choice(data.get("op"), f"{at}.op", COMPARISONS, ">="),
                against=self.choice(data.get("against"), f"{at}.against", AGAINST, "value"),
                else_points=self.number(data.get("else_points"), f"{at}.else_points", required=False) or ZERO,
            )
        if kind == "bands":
            bands = []
            for i, item in enumerate(self.sequence(data.get("bands"), f"{at}.bands", required=True)):
                band = self._points_or_fraction(item, f"{at}.bands[{i}]", ("min", "points", "fraction"))
                low = self.number(band.get("min"), f"{at}.bands[{i}].min") if band is not None else None
                if band is not None and low is not None:
                    points, fraction = self._pf(band, f"{at}.bands[{i}]")
                    bands.append(PointsBand(min=low, points=points, fraction=fraction))
            return BandsRule(
                bands=tuple(bands),
                input=self.choice(data.get("input"), f"{at}.input", BANDS_INPUT, "actual"),
            )
        if kind == "rating":
            levels = []
            for label, item in self.items(data.get("levels"), f"{at}.levels"):
                level = self._points_or_fraction(item, f"{at}.levels.{label}", ("points", "fraction"))
                if level is not None:
                    points, fraction = self._pf(level, f"{at}.levels.{label}")
                    levels.append(RatingLevel(label=label, points=points, fraction=fraction))
            if data.get("levels") is None:
                self.problem(f"{at}.levels", "thiếu mục bắt buộc")
            return RatingRule(levels=tuple(levels))
        if kind == "assessed":
            return AssessedRule()
        if kind == "count":
            each = self.number(data.get("each"), f"{at}.each")
            return CountRule(each=each) if each is not None else None
        if kind == "boolean":
            return BooleanRule(
                else_points=self.number(data.get("else_points"), f"{at}.else_points", required=False) or ZERO
            )
        if kind == "change":
            same = self.number(data.get("same"), f"{at}.same", required=False)
            worse = self.number(data.get("worse"), f"{at}.worse", required=False)
            return ChangeRule(
                direction=self.choice(data.get("direction"), f"{at}.direction", DIRECTIONS, "lower"),
                same=same if same is not None else Decimal("0.5"),
                worse=worse if worse is not None else ZERO,
            )
        direction = self.choice(data.get("direction"), f"{at}.direction", DIRECTIONS, "higher")
        of = self.choice(data.get("of"), f"{at}.of", OF, "actual")
        if kind == "relative":
            return RelativeRule(direction=direction, of=of)
        table = [
            self.number(item, f"{at}.points_by_rank[{i}]")
            for i, item in enumerate(
                self.sequence(data.get("points_by_rank"), f"{at}.points_by_rank", required=True)
            )
        ]
        return RankRule(points_by_rank=tuple(p for p in table if p is not None), direction=direction, of=of)

    def _points_or_fraction(
        self, raw: object, place: str, allowed: tuple[str, ...]
    ) -> Mapping[Any, Any] | None:
        data = self.mapping(raw, place)
        if data is not None:
            self.known_keys(data, place, allowed)
        return data

    def _pf(self, data: Mapping[Any, Any], place: str) -> tuple[Decimal | None, Decimal | None]:
        return (
            self.number(data.get("points"), f"{place}.points", required=False),
            self.number(data.get("fraction"), f"{place}.fraction", required=False),
        )
