"""A hypothesis strategy for random valid cluster-year packages, and writers for YAML and JSON files.

The packages stay inside what the spec defines clearly (see the README of this folder for what is left out and
why); every number is a Decimal.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.representer import SafeRepresenter

D = Decimal
LABELS = [
    "Hoàn thành xuất sắc nhiệm vụ",
    "Hoàn thành tốt nhiệm vụ",
    "Hoàn thành nhiệm vụ",
    "Không hoàn thành",
]
OPS = [">=", ">", "<=", "<", "=="]

# Small pools of values make ties, equal targets and exact band edges likely; free decimals find the rest.
SMALL = [
    D(0),
    D(1),
    D(2),
    D(3),
    D(7),
    D(9),
    D(10),
    D(11),
    D(40),
    D("40.5"),
    D(45),
    D(100),
    D("0.3"),
    D("99.99"),
]
# values whose quotients by the pool above land exactly on a half cent once multiplied by a max like 9 or 30
HALF_CENT = [D("0.955"), D("1.0015"), D("0.3015"), D("2.6405"), D("0.105"), D("1.035"), D("6.985")]


def amounts(low: int = 0, high: int = 200, places: int = 2) -> st.SearchStrategy[Decimal]:
    return st.one_of(
        st.sampled_from([x for x in SMALL + HALF_CENT if low <= x <= high]),
        st.decimals(min_value=low, max_value=high, places=places, allow_nan=False, allow_infinity=False),
        st.decimals(min_value=low, max_value=high, places=4, allow_nan=False, allow_infinity=False),
    )


def fractions() -> st.SearchStrategy[Decimal]:
    return st.sampled_from([D(0), D("0.25"), D("0.5"), D("0.8"), D(1), D("0.333")])


@st.composite
def level(draw: Any, leaf_max: Decimal) -> dict:
    if draw(st.booleans()):
        return {"fraction": draw(fractions())}
    return {"points": draw(st.decimals(min_value=0, max_value=leaf_max, places=2))}


@st.composite
def rule_for(draw: Any, leaf_max: Decimal) -> tuple[dict, dict | None]:
    """A leaf rule (and a ratio bonus or None)."""
    kind = draw(
        st.sampled_from(
            [
                "ratio",
                "threshold",
                "bands",
                "rating",
                "assessed",
                "count",
                "boolean",
                "change",
                "relative",
                "rank",
            ]
        )
    )
    rule: dict[str, Any] = {"type": kind}
    bonus = None
    if kind == "ratio":
        if draw(st.booleans()):
            rule["direction"] = draw(st.sampled_from(["higher", "lower"]))
        if draw(st.booleans()):
            rule["below"] = draw(st.sampled_from(["proportional", "zero"]))
        if draw(st.booleans()):
            rule["floor_ratio"] = draw(st.sampled_from([D(0), D("0.5"), D("0.8"), D("0.95"), D(1)]))
        if draw(st.booleans()):
            bonus = {
                "step_percent": draw(st.sampled_from([D(1), D(2), D("0.5"), D(5), D(3)])),
                "points_per_step": draw(st.sampled_from([D("0.5"), D("0.25"), D(1), D("0.1"), D("0.33")])),
                "cap": draw(st.sampled_from([D(5), D(2), D(10), D("1.5")])),
            }
    elif kind == "threshold":
        rule["against"] = draw(st.sampled_from(["value", "target", "target_percent"]))
        if draw(st.booleans()):
            rule["op"] = draw(st.sampled_from(OPS))
        if rule["against"] != "target":
            rule["value"] = draw(st.sampled_from([D(0), D(10), D(40), D(80), D(100), D("40.5")]))
        if draw(st.booleans()):
            rule["else_points"] = draw(st.decimals(min_value=0, max_value=leaf_max, places=2))
    elif kind == "bands":
        if draw(st.booleans()):
            rule["input"] = draw(st.sampled_from(["actual", "target_percent"]))
        mins = draw(
            st.lists(
                st.sampled_from([D(0), D(10), D(40), D(60), D(80), D(95), D(100)]),
                min_size=1,
                max_size=4,
                unique=True,
            )
        )
        rule["bands"] = [{"min": m, **draw(level(leaf_max))} for m in mins]
    elif kind == "rating":
        labels = draw(st.lists(st.sampled_from(LABELS), min_size=1, max_size=4, unique=True))
        rule["levels"] = {label: draw(level(leaf_max)) for label in labels}
    elif kind == "count":
        rule["each"] = draw(st.sampled_from([D(1), D(5), D(10), D("2.5"), D("0.75")]))
    elif kind == "boolean":
        if draw(st.booleans()):
            rule["else_points"] = draw(st.decimals(min_value=0, max_value=leaf_max, places=2))
    elif kind == "change":
        if draw(st.booleans()):
            rule["direction"] = draw(st.sampled_from(["higher", "lower"]))
        if draw(st.booleans()):
            rule["same"] = draw(fractions())
        if draw(st.booleans()):
            rule["worse"] = draw(st.sampled_from([D(0), D("0.25")]))
    elif kind in ("relative", "rank"):
        if draw(st.booleans()):
            rule["direction"] = draw(st.sampled_from(["higher", "lower"]))
        if draw(st.booleans()):
            rule["of"] = draw(st.sampled_from(["actual", "ratio"]))
        if kind == "rank":
            rule["points_by_rank"] = sorted(
                draw(
                    st.lists(st.decimals(min_value=0, max_value=leaf_max, places=1), min_size=1, max_size=5)
                ),
                reverse=True,
            )
    return rule, bonus


def needs_target(rule: dict) -> bool:
    kind = rule["type"]
    return (
        kind == "ratio"
        or (kind == "threshold" and rule.get("against", "value") != "value")
        or (kind == "bands" and rule.get("input") == "target_percent")
        or (kind in ("relative", "rank") and rule.get("of") == "ratio")
    )


def zero_target_allowed(rule: dict) -> bool:
    """T = 0 is defined only for `ratio` lower and `threshold` against target (for the others A/T is undefined)."""
    kind = rule["type"]
    if kind == "ratio":
        return rule.get("direction", "higher") == "lower"
    return kind == "threshold" and rule.get("against") == "target"


@st.composite
def value_for(draw: Any, rule: dict, leaf_max: Decimal) -> Any:
    kind = rule["type"]
    if kind == "rating":
        return draw(st.sampled_from(sorted(rule["levels"])))
    if kind == "assessed":
        return draw(st.one_of(st.just(leaf_max), st.decimals(min_value=0, max_value=leaf_max, places=2)))
    if kind == "count":
        return D(draw(st.integers(min_value=0, max_value=12)))
    if kind == "boolean":
        return draw(st.booleans())
    return draw(amounts())


@st.composite
def packages(draw: Any) -> dict:
    n_members = draw(st.integers(min_value=2, max_value=6))
    codes = draw(st.permutations([f"DV-{i}" for i in range(1, n_members + 1)]))
    members = [{"code": c, "name": f"Đơn vị {c}", "role": "member"} for c in codes]

    n_leaves = draw(st.integers(min_value=1, max_value=8))
    n_sections = draw(st.integers(min_value=1, max_value=min(3, n_leaves)))
    split = (
        sorted(
            draw(
                st.lists(
                    st.integers(1, n_leaves - 1),
                    min_size=n_sections - 1,
                    max_size=n_sections - 1,
                    unique=True,
                )
            )
        )
        if n_sections > 1
        else []
    )
    sizes = [b - a for a, b in zip([0, *split], [*split, n_leaves], strict=True)]

    twins = {
        c: draw(st.sampled_from(codes[:i]))
        for i, c in enumerate(codes)
        if i > 0 and draw(st.integers(0, 3)) == 0
    }
    targets: dict[str, dict] = {}
    values: dict[str, dict] = {}
    baselines: dict[str, dict] = {}
    marked: dict[str, list] = {}
    sections = []
    leaf_count = 0
    for s_index, size in enumerate(sizes, start=1):
        leaves = []
        for l_index in range(1, size + 1):
            code = f"{s_index}.{l_index}"
            leaf_max = draw(
                st.one_of(
                    st.integers(1, 100).map(D),
                    st.sampled_from([D(9), D(30), D(33), D(7), D(21), D("0.9")]),
                    st.decimals(min_value=1, max_value=60, places=1),
                )
            )
            rule, bonus = draw(rule_for(leaf_max))
            leaf: dict[str, Any] = {"code": code, "title": f"Tiêu chí {code}", "max": leaf_max, "rule": rule}
            if bonus is not None:
                leaf["bonus"] = bonus
            leaves.append(leaf)
            leaf_count += 1
            row_t, row_v, row_b, na = {}, {}, {}, []
            for c in codes:
                if c in twins:  # same inputs as an earlier member: equal totals, tie-breaks, shared ranks
                    twin = twins[c]
                    for row in (row_t, row_v, row_b):
                        if twin in row:
                            row[c] = row[twin]
                    if twin in na:
                        na.append(c)
                    continue
                is_marked = draw(st.integers(0, 11)) == 0
                if is_marked:
                    na.append(c)
                if needs_target(rule) and draw(st.integers(0, 9)) > 0:
                    # a zero target where A/T is needed is an input error: rare, and never with an N/A mark
                    zero_ok = zero_target_allowed(rule) or (not is_marked and draw(st.integers(0, 30)) == 0)
                    row_t[c] = draw(amounts(0 if zero_ok else 1, 200))
                elif rule["type"] not in ("ratio",) and draw(st.integers(0, 5)) == 0:
                    row_t[c] = draw(amounts(1, 200))  # a target the rule does not read
                if draw(st.integers(0, 9)) > 0:
                    row_v[c] = draw(value_for(rule, leaf_max))
                if rule["type"] == "change" and draw(st.integers(0, 9)) > 0:
                    row_b[c] = draw(amounts())
            if row_t:
                targets[code] = row_t
            if row_v:
                values[code] = row_v
            if row_b:
                baselines[code] = row_b
            if na:
                marked[code] = na
        # sometimes group the leaves under an intermediate node
        if len(leaves) >= 2 and draw(st.booleans()):
            group_max = sum((leaf["max"] for leaf in leaves[:2]), D(0))
            group = {"code": f"{s_index}.g", "title": "Nhóm", "max": group_max, "children": leaves[:2]}
            children = [group, *leaves[2:]]
        else:
            children = leaves
        sections.append(
            {
                "code": str(s_index),
                "title": f"Phần {s_index}",
                "max": sum((leaf["max"] for leaf in leaves), D(0)),
                "children": children,
            }
        )
    standard_points = sum((s["max"] for s in sections), D(0))

    policy = draw(st.sampled_from([None, "renormalize", "full", "zero"]))
    framework: dict[str, Any] = {
        "standard_points": standard_points,
        "bonus_cap": draw(st.sampled_from([D(0), D(1), D(5), D(10), D(50)])),
    }
    if policy is not None:
        framework["not_applicable"] = policy
    keys = ["bonus", "deductions", "standard", *[f"section:{s['code']}" for s in sections]]
    framework["tie_break"] = draw(st.lists(st.sampled_from(keys), max_size=3, unique=True))
    if draw(st.booleans()):
        fracs = draw(
            st.lists(
                st.sampled_from([D(0), D("0.25"), D("0.5"), D("0.8"), D("0.9")]),
                min_size=1,
                max_size=4,
                unique=True,
            )
        )
        framework["bands"] = [
            {"label": f"Mức {i}", "min": (standard_points * f).quantize(D(1))}
            for i, f in enumerate(sorted(fracs, reverse=True))
        ]
    if draw(st.booleans()):
        ranks = draw(st.lists(st.integers(1, 4), min_size=1, max_size=3, unique=True))
        honours = []
        for r in sorted(ranks):
            h: dict[str, Any] = {"rank": r, "award": f"Khen thưởng hạng {r}"}
            if draw(st.booleans()):
                h["min_total"] = (
                    standard_points * draw(st.sampled_from([D(0), D("0.5"), D("0.8")]))
                ).quantize(D(1))
            honours.append(h)
        framework["honours"] = honours
    items = draw(
        st.lists(
            st.sampled_from([("co_tinh", D(10)), ("co_cp", D(15)), ("bk", D("2.5"))]), max_size=3, unique=True
        )
    )
    if items:
        framework["bonus_items"] = [{"code": c, "title": f"Thành tích {c}", "points": p} for c, p in items]
    late = draw(st.booleans())
    if late:
        framework["late_report"] = {
            "deadline": dt.date(2026, 12, 15),
            "points_per_day": draw(st.sampled_from([D(1), D("0.5"), D(2)])),
            "cap": draw(st.sampled_from([D(10), D(3), D("2.5")])),
        }
    framework["sections"] = sections

    package: dict[str, Any] = {
        "format": "thidua.package/1",
        "year": 2026,
        "cluster": {"code": "TEST-CUM", "name": "Cụm thử", "kind": "cum", "scope": "Tỉnh Mẫu"},
        "members": members,
        "framework": framework,
        "targets": targets,
        "values": values,
        "baselines": baselines,
        "not_applicable": marked,
    }
    if items:
        package["bonus_awarded"] = {c: draw(st.lists(st.sampled_from(codes), unique=True)) for c, _ in items}
    package["deductions"] = [
        {
            "unit": draw(st.sampled_from(codes)),
            "points": draw(st.sampled_from([D(8), D("0.5"), D(2), D(1000)])),
            "reason": "Vi phạm",
        }
        for _ in range(draw(st.integers(0, 3)))
    ]
    if late:
        package["submitted"] = {
            c: dt.date(2026, 12, 15) + dt.timedelta(days=draw(st.integers(-5, 8)))
            for c in codes
            if draw(st.integers(0, 5)) > 0
        }
    vetoed = draw(st.lists(st.sampled_from(codes), max_size=2, unique=True))
    package["vetoes"] = [{"unit": c, "reason": f"Vụ việc phức tạp tại {c}"} for c in vetoed]
    return package


# ---------------------------------------------------------------------------------------------- writers


def _plain(x: Any, as_string: bool) -> Any:
    if isinstance(x, bool) or x is None:
        return x
    if isinstance(x, Decimal):
        return str(x) if as_string else x
    if isinstance(x, dt.date):
        return x.isoformat()
    if isinstance(x, dict):
        return {str(k): _plain(v, as_string) for k, v in x.items()}
    if isinstance(x, list):
        return [_plain(v, as_string) for v in x]
    return x


def write_json(package: dict, path: Path, numbers_as_strings: bool) -> None:
    if numbers_as_strings:
        text = json.dumps(_plain(package, True), ensure_ascii=False, indent=1)
    else:
        text = _dump_json_numbers(_plain(package, False))
    path.write_text(text, encoding="utf-8")


def _dump_json_numbers(x: Any) -> str:
    if isinstance(x, Decimal):
        return str(x)
    if isinstance(x, dict):
        return (
            "{"
            + ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {_dump_json_numbers(v)}" for k, v in x.items())
            + "}"
        )
    if isinstance(x, list):
        return "[" + ", ".join(_dump_json_numbers(v) for v in x) + "]"
    return json.dumps(x, ensure_ascii=False)


def _represent_decimal(representer: SafeRepresenter, data: Decimal) -> Any:
    text = str(data)
    tag = "tag:yaml.org,2002:int" if "." not in text and "E" not in text else "tag:yaml.org,2002:float"
    return representer.represent_scalar(tag, text)


def write_yaml(package: dict, path: Path) -> None:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.representer.add_representer(Decimal, _represent_decimal)
    with path.open("w", encoding="utf-8") as f:
        yaml.dump(package, f)
