"""The shared conformance vector: `thidua score cum-mau-2026.yaml --format json` reproduces every number."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from thidua.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "examples"


def expected_subset(actual: Any, expected: Any, path: str = "") -> list[str]:
    """Every place where `actual` differs from `expected`; free text the vector leaves out is not compared."""
    if isinstance(expected, dict):
        differences = []
        for key, value in expected.items():
            if key == "_note":
                continue
            if not isinstance(actual, dict) or key not in actual:
                differences.append(f"{path}.{key}: missing")
                continue
            differences += expected_subset(actual[key], value, f"{path}.{key}")
        return differences
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{path}: {actual!r} != {expected!r}"]
        return [
            d
            for i, (a, e) in enumerate(zip(actual, expected, strict=True))
            for d in expected_subset(a, e, f"{path}[{i}]")
        ]
    return [] if actual == expected else [f"{path}: {actual!r} != {expected!r}"]


def score_json(package: Path, tmp_path: Path) -> dict[str, Any]:
    output = tmp_path / "results.json"
    assert main(["score", str(package), "--format", "json", "--output", str(output)]) == 0
    document: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    return document


def test_it_reproduces_the_conformance_vector_from_the_fixture(tmp_path: Path) -> None:
    document = score_json(FIXTURES / "cum-mau-2026.yaml", tmp_path)
    expected = json.loads((FIXTURES / "cum-mau-2026.results.json").read_text(encoding="utf-8"))
    assert expected_subset(document, expected) == []
    assert [unit["code"] for unit in document["units"]] == [
        "VINH-HOA",
        "AN-MINH",
        "RACH-GIA",
        "THANH-LOC",
        "VINH-THUAN",
    ]


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not beside the repository")
def test_it_reproduces_the_shared_conformance_vector(tmp_path: Path) -> None:
    document = score_json(SHARED / "cum-mau-2026.yaml", tmp_path)
    expected = json.loads((SHARED / "cum-mau-2026.results.json").read_text(encoding="utf-8"))
    assert expected_subset(document, expected) == []


def test_it_writes_the_results_json_with_every_field_of_the_spec(tmp_path: Path) -> None:
    document = score_json(FIXTURES / "cum-mau-2026.yaml", tmp_path)
    assert list(document) == [
        "format",
        "cluster",
        "year",
        "standard_points",
        "bonus_cap",
        "units",
        "statistics",
        "warnings",
    ]
    unit = document["units"][0]
    assert list(unit) == [
        "code", "name", "rank", "band", "honour", "vetoed", "total", "standard", "bonus", "deductions",
        "sections", "nodes", "missing",
    ]  # fmt: skip
    assert unit["nodes"]["1.1"]["explanation"] == (
        "Thực hiện 45,00/40,50 tỷ đồng = 111,11% kế hoạch → đạt 40,00/40 điểm; "
        "vượt 11,11% → thưởng 5,00 điểm (0,5 điểm mỗi 1%, tối đa 5)"
    )
    # Whole counts compared with whole targets read without decimals ("1.452,00/900,00" read as money).
    assert unit["nodes"]["1.3"]["explanation"].startswith("Thực hiện 1.452/900 lượt người = 161,33% kế hoạch")
    text = (tmp_path / "results.json").read_text(encoding="utf-8")
    assert "Xã Vĩnh Hòa" in text  # not \u-escaped
