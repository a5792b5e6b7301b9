"""A unit's node results, made into `NodeResult` objects only when someone reads them.

Scoring keeps each leaf's outcome as a plain tuple; a national run scores ~200,000 leaves and building a frozen
object for each (and for every parent) cost more than the arithmetic itself. Reading `unit.nodes` builds them all
once, parents as sums of their children, in the framework's order.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from thidua.engine.model import ZERO, NodeStatus, Policy, Value
from thidua.engine.results import DetailSeed, LeafDetail, NodeResult

if TYPE_CHECKING:
    from thidua.engine.scoring import FrameworkPlan

# status, points, bonus, actual, target, baseline, reference (best value), position (rank), marked not applicable,
# deduction (version 2 parts), detail (version 2 line, None for a version 1 leaf)
LeafRow = tuple[
    NodeStatus,
    Decimal,
    Decimal,
    Value | None,
    Decimal | None,
    Decimal | None,
    Decimal | None,
    int | None,
    bool,
    Decimal,
    "LeafDetail | DetailSeed | None",
]


class LazyNodes(Mapping[str, NodeResult]):
    """Node code → NodeResult for one unit, every node of the tree, parents before children."""

    __slots__ = ("_built", "_cuts", "_plan", "_policy", "_rows")

    def __init__(
        self,
        plan: FrameworkPlan,
        rows: Sequence[LeafRow],
        policy: Policy,
        cuts: Mapping[str, tuple[Decimal, Decimal]] | None = None,
    ) -> None:
        self._plan = plan
        self._rows = rows
        self._policy = policy
        # node code → (bonus, deduction) its group caps took away
        self._cuts = cuts or {}
        self._built: dict[str, NodeResult] | None = None

    def _build(self) -> dict[str, NodeResult]:
        if self._built is None:
            policy = self._policy
            found: dict[str, NodeResult] = {}
            for leaf, row in zip(self._plan.leaves, self._rows, strict=True):
                (
                    status,
                    points,
                    bonus,
                    actual,
                    target,
                    baseline,
                    reference,
                    position,
                    marked,
                    deduction,
                    seed,
                ) = row
                detail = seed.build() if isinstance(seed, DetailSeed) else seed
                found[leaf.node.code] = NodeResult(
                    leaf.node,
                    status,
                    points,
                    bonus,
                    policy,
                    actual,
                    target,
                    baseline,
                    reference,
                    position,
                    marked,
                    deduction=deduction,
                    detail=detail,
                )
            cuts = self._cuts
            for parent in self._plan.parents_bottom_up:
                parts = tuple(found[child.code] for child in parent.children)
                every_na = all(part.status == "not_applicable" for part in parts)
                bonus_cut, deduction_cut = cuts.get(parent.code, (ZERO, ZERO))
                found[parent.code] = NodeResult(
                    parent,
                    "not_applicable" if every_na else "scored",
                    sum((part.points for part in parts), ZERO),
                    sum((part.bonus for part in parts), ZERO) - bonus_cut,
                    policy,
                    parts=parts,
                    deduction=sum((part.deduction for part in parts), ZERO) - deduction_cut,
                )
            self._built = {code: found[code] for code in self._plan.tree_order}
        return self._built

    def __getitem__(self, code: str) -> NodeResult:
        return self._build()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._plan.tree_order)

    def __len__(self) -> int:
        return len(self._plan.tree_order)

    def __repr__(self) -> str:
        return f"LazyNodes({list(self)!r})"
