"""The framework document as stored in a FrameworkVersion: the package's `framework` part as plain JSON with
decimal strings. Reading it goes through the package reader and the engine, so the web editor, the import and the
command line judge a framework by the same rules and the same Vietnamese messages."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from thidua.engine import Framework, Problem, validate_framework
from thidua.packages.parse_framework import FrameworkReader
from thidua.packages.parse_v2 import V2FrameworkReader
from thidua.packages.workbook.v2 import version_2_keys
from thidua.packages.writer import framework_tree

NodePath = tuple[int, ...]


def jsonable(tree: Any) -> Any:
    """Decimals as decimal strings and dates as ISO text: JSON never carries a float."""
    if isinstance(tree, Decimal):
        return f"{tree:f}"
    if isinstance(tree, dt.date):
        return tree.isoformat()
    if isinstance(tree, dict):
        return {str(key): jsonable(value) for key, value in tree.items()}
    if isinstance(tree, list | tuple):
        return [jsonable(value) for value in tree]
    return tree


def framework_document(framework: Framework) -> dict[str, Any]:
    return dict(jsonable(framework_tree(framework)))


def empty_document() -> dict[str, Any]:
    return {"standard_points": "1000", "bonus_cap": "0", "not_applicable": "renormalize", "sections": []}


def is_version_2(document: Any) -> bool:
    if not isinstance(document, dict):
        return False
    return any(version_2_keys(node) for _, node in walk(document)) or any(
        isinstance(item, dict) and any(key in item for key in ("max", "per_case", "node"))
        for item in document.get("bonus_items") or ()
    )


def read_framework(document: Any) -> tuple[Framework | None, list[Problem]]:
    """The framework and every problem of it (structure, then the engine's checks)."""
    # A framework written with version 2's constructs (the editor's “Cách chấm theo định dạng 2”) reads as one.
    reader = V2FrameworkReader() if is_version_2(document) else FrameworkReader()
    framework = reader.framework(document)
    problems = list(reader.problems)
    if framework is not None:
        problems += validate_framework(framework)
    return framework, problems


def node_place(document: dict[str, Any], path: NodePath) -> str:
    """The node's place as the reader and the engine name it: framework.sections[0].children[1] (1.2)."""
    place = f"framework.sections[{path[0]}]"
    for index in path[1:]:
        place += f".children[{index}]"
    node = node_at(document, path)
    code = node.get("code") if isinstance(node, dict) else None
    return f"{place} ({code})" if code else place


def walk(document: dict[str, Any]) -> list[tuple[NodePath, dict[str, Any]]]:
    """Every node with its index path, parents before children."""
    out: list[tuple[NodePath, dict[str, Any]]] = []

    def visit(nodes: list[Any], prefix: NodePath) -> None:
        for index, node in enumerate(nodes):
            if isinstance(node, dict):
                out.append(((*prefix, index), node))
                visit(node.get("children") or [], (*prefix, index))

    visit(document.get("sections") or [], ())
    return out


def node_at(document: dict[str, Any], path: NodePath) -> dict[str, Any]:
    nodes: list[Any] = document.get("sections") or []
    node: dict[str, Any] = {}
    for index in path:
        if not 0 <= index < len(nodes):
            raise KeyError(path)
        node = nodes[index]
        nodes = node.get("children") or []
    return node


def siblings(document: dict[str, Any], path: NodePath) -> list[Any]:
    """The list that holds the node at `path` (created if the parent has none yet)."""
    if len(path) == 1:
        return document.setdefault("sections", [])  # type: ignore[no-any-return]
    parent = node_at(document, path[:-1])
    return parent.setdefault("children", [])  # type: ignore[no-any-return]


def path_text(path: NodePath) -> str:
    return "-".join(str(index) for index in path)


def parse_path(text: str) -> NodePath:
    return tuple(int(part) for part in text.split("-")) if text else ()


@dataclass
class Findings:
    """Problems of a framework document sorted by where they belong: a node (by index path) or the settings."""

    by_node: dict[NodePath, list[str]] = field(default_factory=dict)
    general: list[Problem] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(messages) for messages in self.by_node.values()) + len(self.general)


def findings(document: dict[str, Any], problems: list[Problem]) -> Findings:
    """Each problem goes to the deepest node whose place starts it, so the editor shows it next to that node."""
    places = [(node_place(document, path), path) for path, _ in walk(document)]
    out = Findings()
    for problem in problems:
        best: tuple[str, NodePath] | None = None
        for place, path in places:
            starts = problem.place == place or problem.place.startswith((place + ".", place + " "))
            if starts and (best is None or len(place) > len(best[0])):
                best = (place, path)
        if best is None:
            out.general.append(problem)
            continue
        rest = problem.place[len(best[0]) :].lstrip(". ")
        message = f"{rest}: {problem.message}" if rest else problem.message
        out.by_node.setdefault(best[1], []).append(message)
    return out


def copy_document(document: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(document)
