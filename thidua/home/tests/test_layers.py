"""Core sits below every area: the areas import its guards, audit and errors, so it imports none of them (not even
inside a function). The home page and the links between areas live in thidua.home, above the areas."""

from __future__ import annotations

import ast
from pathlib import Path

import thidua.core

AREAS = {"awards", "conference", "cycle", "agreements", "reporting", "movements", "eligibility", "documents"}


def _imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_it_keeps_core_free_of_every_area() -> None:
    root = Path(thidua.core.__file__).parent
    offending = {
        f"{path.relative_to(root)}: {module}"
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        for module in _imports_of(path)
        if module.startswith("thidua.") and module.split(".")[1] in AREAS
    }
    assert offending == set()
