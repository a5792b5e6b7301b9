"""The reference scorer reproduces the shared conformance vector, cum-mau-2026, number for number."""

from __future__ import annotations

import json
from pathlib import Path

from tests.reference.loading import load_package
from tests.reference.scorer import score

EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "examples"


def strip_text(results: dict) -> dict:
    """Drop the free text (explanations, notes, warnings) that the spec lets be worded freely."""
    results = {k: v for k, v in results.items() if not k.startswith("_") and k != "warnings"}
    for unit in results["units"]:
        for node in unit["nodes"].values():
            node.pop("explanation", None)
    return results


def test_it_reproduces_the_shared_example() -> None:
    package = load_package(EXAMPLES / "cum-mau-2026.yaml")
    expected = json.loads((EXAMPLES / "cum-mau-2026.results.json").read_text(encoding="utf-8"))
    assert score(package) == strip_text(expected)
