"""Small frameworks for tests: one section of leaves, members A, B, C…"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from thidua.engine import ClusterResult, Framework, Inputs, Member, Node, Rule, score
from thidua.engine.model import LeafBonus

D = Decimal


def leaf(code: str, rule: Rule, top: str = "40", bonus: LeafBonus | None = None) -> Node:
    return Node(code=code, title=f"Tiêu chí {code}", max=D(top), rule=rule, bonus=bonus)


def framework(*leaves: Node, **settings: Any) -> Framework:
    total = sum((node.max for node in leaves), D(0))
    section = Node(code="1", title="Nội dung 1", max=total, children=leaves)
    return Framework(standard_points=total, sections=(section,), **settings)


def members(*codes: str) -> list[Member]:
    return [Member(code, f"Đơn vị {code}") for code in codes]


def run(fw: Framework, codes: tuple[str, ...] = ("A",), **inputs: Any) -> ClusterResult:
    return score(fw, members(*codes), Inputs(**inputs))
