"""Hand-made packages for the points where the engine, the reference and the spec were compared one by one.

The tests pin readings the engine and the reference share (each names the spec sentence).
The two former disagreements (relative of ratio, renormalisation) are fixed in the engine; see README.md.
"""

from __future__ import annotations

import json
import tempfile
from decimal import Decimal as D
from pathlib import Path
from typing import Any

from tests.reference.packages import write_yaml
from tests.reference.test_differential import check, run_engine


def leaf(code: str, top: str | int, rule: dict, **extra: Any) -> dict:
    return {"code": code, "title": f"Tiêu chí {code}", "max": D(top), "rule": rule, **extra}


def package(leaves: list[dict], members: tuple[str, ...] = ("A", "B", "C"), **framework: Any) -> dict:
    total = sum((lf["max"] for lf in leaves), D(0))
    return {
        "format": "thidua.package/1",
        "year": 2026,
        "cluster": {"code": "TEST", "name": "Cụm thử", "kind": "cum", "scope": "Tỉnh Mẫu"},
        "members": [{"code": m, "name": f"Đơn vị {m}", "role": "member"} for m in members],
        "framework": {
            "standard_points": total,
            "bonus_cap": D(50),
            **framework,
            "sections": [{"code": "1", "title": "Phần 1", "max": total, "children": leaves}],
        },
    }


def engine_json(pkg: dict) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "package.yaml"
        write_yaml(pkg, path)
        status, results, errors = run_engine(path)
        assert status == 0, errors
        assert results is not None
        return json.loads(json.dumps(results))


def unit(results: dict, code: str) -> dict:
    return next(u for u in results["units"] if u["code"] == code)


# ------------------------------------------------------------------------ readings the engine shares


def test_it_scores_a_ratio_from_the_exact_quotient() -> None:
    """ "r < 1 → max × r": 9 × 0.955/9 is exactly 0.955 → 0.96 (a 28-digit r first would give 0.9549…9 → 0.95)."""
    pkg = package([leaf("1.1", 9, {"type": "ratio"})])
    pkg["targets"] = {"1.1": {"A": D(9), "B": D(10), "C": D(10)}}
    pkg["values"] = {"1.1": {"A": D("0.955"), "B": D(5), "C": D(5)}}
    check(pkg, "yaml")
    assert unit(engine_json(pkg), "A")["nodes"]["1.1"]["points"] == "0.96"


def test_it_renormalises_in_one_division() -> None:
    """ "standard = (points earned on applicable leaves) × standard_points / (max of applicable leaves)":
    1.62 × 19 / 12 = 2.565 exactly → 2.57 (1.62 × (19/12) with a 28-digit quotient gives 2.56)."""
    pkg = package([leaf("1.1", 12, {"type": "assessed"}), leaf("1.2", 7, {"type": "assessed"})])
    pkg["values"] = {"1.1": {"A": D("1.62"), "B": D(1), "C": D(1)}, "1.2": {"A": D(1), "B": D(1), "C": D(1)}}
    pkg["not_applicable"] = {"1.2": ["A"]}
    check(pkg, "yaml")
    assert unit(engine_json(pkg), "A")["standard"] == "2.57"


def test_it_shares_ranks_and_leaves_the_honour_gap() -> None:
    """ "Units still equal share the rank (1, 1, 3)"; "nobody moves up to fill a gap"; min_total is per unit."""
    pkg = package(
        [leaf("1.1", 40, {"type": "assessed"}), leaf("1.2", 10, {"type": "assessed"})],
        members=("A", "B", "C", "D"),
        honours=[
            {"rank": 1, "award": "Cờ", "min_total": D(45)},
            {"rank": 2, "award": "Bằng khen hạng 2"},
            {"rank": 3, "award": "Bằng khen hạng 3"},
        ],
    )
    pkg["values"] = {
        "1.1": {"A": D(40), "B": D(40), "C": D(30), "D": D(40)},
        "1.2": {"A": D(8), "B": D(8), "C": D(8), "D": D(5)},
    }
    check(pkg, "yaml")
    got = [(u["code"], u["rank"], u["honour"]) for u in engine_json(pkg)["units"]]
    assert got == [("A", 1, "Cờ"), ("B", 1, "Cờ"), ("D", 3, "Bằng khen hạng 3"), ("C", 4, None)]


def test_it_gives_every_zero_the_maximum_when_the_best_is_zero() -> None:
    """`relative` lower: "when the best value is 0 every member with 0 gets max"; a member not reported takes
    no part in `rank` ("Only members that are applicable and reported take part")."""
    pkg = package(
        [
            leaf("1.1", 40, {"type": "relative", "direction": "lower"}),
            leaf("1.2", 10, {"type": "rank", "points_by_rank": [D(10), D(5)]}),
        ]
    )
    pkg["values"] = {"1.1": {"A": D(0), "B": D(3), "C": D(0)}, "1.2": {"B": D(1), "C": D(2)}}
    check(pkg, "yaml")


def test_it_keeps_a_vetoed_units_band_and_caps_the_bonus() -> None:
    pkg = package(
        [
            leaf(
                "1.1",
                40,
                {"type": "ratio"},
                bonus={"step_percent": D(1), "points_per_step": D(1), "cap": D(10)},
            )
        ],
        bonus_cap=D(5),
        bands=[{"label": "Tốt", "min": D(10)}],
        bonus_items=[{"code": "co", "title": "Cờ năm trước", "points": D(3)}],
    )
    pkg["targets"] = {"1.1": {"A": D(10), "B": D(10), "C": D(10)}}
    pkg["values"] = {"1.1": {"A": D(20), "B": D("10.5"), "C": D(10)}}
    pkg["vetoes"] = [{"unit": "A", "reason": "Vụ việc phức tạp"}]
    pkg["bonus_awarded"] = {"co": ["B", "C"]}
    check(pkg, "yaml")


# ------------------------------------------------ the engine's former disagreements, fixed and pinned


def test_it_scores_relative_of_ratio_exactly() -> None:
    pkg = package([leaf("1.1", 10, {"type": "relative", "of": "ratio"})])
    pkg["targets"] = {"1.1": {"A": D(3), "B": D(3), "C": D(1)}}
    pkg["values"] = {"1.1": {"A": D("0.955"), "B": D(2), "C": D(0)}}
    assert unit(engine_json(pkg), "A")["nodes"]["1.1"]["points"] == "4.78"


def test_it_renormalises_by_the_leaves_own_maxima() -> None:
    pkg = package([leaf("1.1", "33.335", {"type": "assessed"}), leaf("1.2", "16.665", {"type": "assessed"})])
    pkg["values"] = {"1.1": {"A": D(20), "B": D(1), "C": D(1)}, "1.2": {"A": D(1), "B": D(1), "C": D(1)}}
    pkg["not_applicable"] = {"1.2": ["A"]}
    assert unit(engine_json(pkg), "A")["standard"] == "30.00"
