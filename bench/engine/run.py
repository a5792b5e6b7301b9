"""Scoring a national year in one process: 3,321 units in 400 clusters, 60 leaves each, every rule type; package
format 2's parts (facts, per-case deductions with a cap, tiers that add or take away, steps) on one leaf in six, a
deduction cap on section 2 and one agreed criterion per cluster.

Prints the engine's time and its ratio to a floor measured in the same run: a plain loop doing only the Decimal
arithmetic of proportional scoring (A/T × max, rounded) over the same inputs. Goal: ≤ 1 s and ≤ 3× the floor.
Run: DEBUG=1 .venv/bin/python bench/engine/run.py [--profile [sort key, e.g. tottime]]
"""

from __future__ import annotations

import cProfile
import pstats
import random
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext

from thidua.engine import (
    AssessedRule,
    BandsRule,
    BonusItem,
    BooleanRule,
    ChangeRule,
    CountRule,
    Deduction,
    Framework,
    Honour,
    Inputs,
    LateReport,
    LeafBonus,
    Member,
    Node,
    PointsBand,
    RankRule,
    RatingLevel,
    RatingRule,
    RatioRule,
    RelativeRule,
    Rule,
    ScoreBand,
    ThresholdRule,
    Veto,
    score,
)
from thidua.engine.scoring import CONTEXT
from thidua.engine.terms import Agreed, Fact, GroupCaps, Part, PerCase, Range, Steps, Term, Tier, Tiers

UNITS = 3321
CLUSTERS = 400
PROVINCES = 34
LEAVES_PER_SECTION = (30, 20, 10)
CENT = Decimal("0.01")
LABELS = (
    "Hoàn thành xuất sắc nhiệm vụ",
    "Hoàn thành tốt nhiệm vụ",
    "Hoàn thành nhiệm vụ",
    "Không hoàn thành nhiệm vụ",
)
RULES: tuple[Rule, ...] = (
    RatioRule(),
    RatioRule(direction="lower"),
    RatioRule(floor_ratio=Decimal("0.8")),
    ThresholdRule(value=Decimal(80)),
    ThresholdRule(value=Decimal(100), against="target_percent"),
    BandsRule(
        bands=(PointsBand(Decimal(95), fraction=Decimal(1)), PointsBand(Decimal(80), fraction=Decimal("0.8")))
    ),
    RatingRule(
        levels=tuple(
            RatingLevel(label, fraction=Decimal(f))
            for label, f in zip(LABELS, ("1", "0.8", "0.5", "0"), strict=True)
        )
    ),
    AssessedRule(),
    CountRule(each=Decimal(2)),
    BooleanRule(),
    ChangeRule(),
    RelativeRule(),
    RankRule(points_by_rank=(Decimal(10), Decimal(8), Decimal(6), Decimal(4), Decimal(2))),
)


CASES = (
    Fact("vi_pham", "count", "Số trường hợp vi phạm", default=Decimal(0)),
    Fact("tre", "count", "Số báo cáo trễ", default=Decimal(0)),
)
V2_PARTS: tuple[dict[str, object], ...] = (
    {
        "facts": CASES,
        "deduction_part": Part(
            (Term(PerCase("vi_pham", Decimal("0.5"))), Term(PerCase("tre", Decimal("0.25")))), cap=Decimal(2)
        ),
    },
    {
        "facts": CASES,
        "bonus_part": Part(
            (
                Term(
                    Tiers(
                        (
                            Tier(Range(below=Decimal(95)), Decimal(-2)),
                            Tier(Range(from_=Decimal(95), below=Decimal(100)), Decimal(-1)),
                            Tier(Range(above=Decimal(100), below=Decimal(120)), Decimal(1)),
                            Tier(Range(from_=Decimal(120)), Decimal(2)),
                        ),
                        measure="value",
                        fact="tre",
                    )
                ),
                Term(
                    Steps(
                        start=Decimal(2),
                        step=Decimal(1),
                        points=Decimal("0.1"),
                        fact="vi_pham",
                        cap=Decimal("0.5"),
                    )
                ),
            )
        ),
    },
)


def build_framework(province: int) -> Framework:
    sections = []
    for s, count in enumerate(LEAVES_PER_SECTION, start=1):
        leaves = []
        for i in range(1, count + 1):
            rule = RULES[(i + s + province) % len(RULES)]
            bonus = (
                LeafBonus(Decimal(1), Decimal("0.5"), Decimal(5))
                if isinstance(rule, RatioRule) and i % 2
                else None
            )
            node = Node(code=f"{s}.{i}", title=f"Tiêu chí {s}.{i}", max=Decimal(10), rule=rule, bonus=bonus)
            if i % 6 == 0:
                # Version 2 parts on one leaf in six (issue 11): per-case deductions with a cap, tiers that add or
                # take away, steps in percentage points.
                node = replace(node, bonus=None, **V2_PARTS[(i // 6) % len(V2_PARTS)])
            leaves.append(node)
        caps = GroupCaps(deduction=Decimal(4)) if s == 2 else None
        sections.append(
            Node(
                code=str(s), title=f"Nội dung {s}", max=Decimal(10 * count), children=tuple(leaves), caps=caps
            )
        )
    return Framework(
        standard_points=Decimal(600),
        sections=tuple(sections),
        bonus_cap=Decimal(30),
        tie_break=("section:1", "bonus", "deductions"),
        bands=(
            ScoreBand("Xuất sắc", Decimal(540)),
            ScoreBand("Tốt", Decimal(480)),
            ScoreBand("Khá", Decimal(400)),
        ),
        honours=(Honour(1, "Cờ thi đua", Decimal(500)), Honour(2, "Bằng khen"), Honour(3, "Bằng khen")),
        bonus_items=(BonusItem("co_tinh", "Cờ thi đua năm trước", Decimal(10)),),
        late_report=LateReport(date(2026, 12, 15), Decimal(1), Decimal(10)),
        version=2,
    )


def value_for(rule: Rule, rng: random.Random, target: Decimal) -> Decimal | str | bool:
    if isinstance(rule, RatingRule):
        return rng.choice(LABELS)
    if isinstance(rule, BooleanRule):
        return rng.random() < 0.8
    if isinstance(rule, AssessedRule):
        return Decimal(rng.randint(500, 1000)) / 100
    if isinstance(rule, CountRule):
        return Decimal(rng.randint(0, 7))
    return (target * Decimal(rng.randint(60, 140)) / 100).quantize(CENT)


def build_cluster(framework: Framework, codes: list[str], rng: random.Random) -> tuple[list[Member], Inputs]:
    members = [Member(code, f"Xã {code}") for code in codes]
    targets: dict[str, dict[str, Decimal]] = {}
    values: dict[str, dict[str, Decimal | str | bool]] = {}
    baselines: dict[str, dict[str, Decimal]] = {}
    facts: dict[str, dict[str, dict[str, Decimal | str | bool]]] = {}
    for leaf in framework.leaves():
        assert leaf.rule is not None
        targets[leaf.code] = {c: Decimal(rng.randint(50, 5000)) / 10 for c in codes}
        values[leaf.code] = {c: value_for(leaf.rule, rng, targets[leaf.code][c]) for c in codes}
        baselines[leaf.code] = {c: Decimal(rng.randint(0, 30)) for c in codes}
        if leaf.facts:
            facts[leaf.code] = {
                c: {"vi_pham": Decimal(rng.randint(0, 5)), "tre": Decimal(rng.randint(0, 3))} for c in codes
            }
    agreed_leaf = next((leaf.code for leaf in framework.leaves() if leaf.facts), framework.leaves()[0].code)
    return members, Inputs(
        targets=targets,
        values=values,
        baselines=baselines,
        not_applicable={"1.3": frozenset(codes[:1])},
        bonus_awarded={"co_tinh": frozenset(codes[1:2])},
        deductions=(Deduction(codes[2], Decimal(8), "Không ký giao ước"),),
        submitted={c: date(2026, 12, 10) + timedelta(days=rng.randint(0, 9)) for c in codes},
        vetoes=(Veto(codes[-1], "Vụ việc phức tạp về an ninh trật tự"),) if rng.random() < 0.1 else (),
        facts=facts,
        agreed=(
            Agreed(codes[0], agreed_leaf, Decimal("9.5"), "Đoàn thẩm định thống nhất", "Đoàn thẩm định"),
        ),
    )


def build_year() -> list[tuple[Framework, list[Member], Inputs]]:
    rng = random.Random(2026)
    frameworks = [build_framework(p) for p in range(PROVINCES)]
    sizes = [UNITS // CLUSTERS + (1 if i < UNITS % CLUSTERS else 0) for i in range(CLUSTERS)]
    year = []
    number = 0
    for index, size in enumerate(sizes):
        codes = [f"U{number + i:05d}" for i in range(size)]
        number += size
        framework = frameworks[index % PROVINCES]
        members, inputs = build_cluster(framework, codes, rng)
        year.append((framework, members, inputs))
    return year


def floor(year: list[tuple[Framework, list[Member], Inputs]]) -> Decimal:
    """Only the arithmetic of proportional scoring: per unit and leaf, A/T × max rounded, summed."""
    grand = Decimal(0)
    with localcontext(CONTEXT):
        for framework, members, inputs in year:
            leaves = [(leaf.code, leaf.max) for leaf in framework.leaves()]
            for member in members:
                total = Decimal(0)
                for code, top in leaves:
                    actual = inputs.targets[code][member.code] * Decimal("0.9")  # a number for every leaf
                    target = inputs.targets[code][member.code]
                    total += (
                        top if actual >= target else (top * actual / target).quantize(CENT, ROUND_HALF_UP)
                    )
                grand += total
    return grand


def run_engine(year: list[tuple[Framework, list[Member], Inputs]]) -> int:
    return sum(len(score(framework, members, inputs).units) for framework, members, inputs in year)


def main() -> int:
    year = build_year()
    leaves = sum(len(f.leaves()) * len(m) for f, m, _ in year)
    start = time.perf_counter()
    floor(year)
    floor_time = time.perf_counter() - start
    if "--profile" in sys.argv:
        profiler = cProfile.Profile()
        profiler.enable()
        run_engine(year)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(*(sys.argv[2:] or ["cumulative"])).print_stats(40)
        return 0
    start = time.perf_counter()
    units = run_engine(year)
    engine_time = time.perf_counter() - start
    print(f"engine: {units} đơn vị, {len(year)} cụm, {leaves} lượt chấm tiêu chí")
    print(
        f"engine {engine_time:.3f} s; floor {floor_time:.3f} s; ratio {engine_time / floor_time:.2f}× (goal ≤ 1 s, ≤ 3×)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
