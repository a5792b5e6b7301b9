"""The results in force of a cluster-year, and the rule that final results do not change.

One home for "which scoring counts": the cycle's pages, the conference, the reports, the API and the exports all
ask `results_in_force`. A score snapshot can be taken at any time (a leader checking the numbers); only the one
the cycle published counts:
- results final: the final snapshot, which a correction replaces by a new audited one (cycle.final_correct);
- results published provisionally: the provisional snapshot;
- a year opened in the app but not published yet: none;
- a year kept outside the in-app cycle (a past year imported as a package, no cycle): its latest scoring, the
  only result it has.
Who may see them stays with the permission helpers (cycle.permissions.CycleActor.sees_results, agreements.permissions).
"""

from __future__ import annotations

from thidua.agreements.models import ScoreSnapshot
from thidua.core.models import AuditEvent
from thidua.cycle.models import Cycle, CycleState
from thidua.org.models import ClusterYear


def cycle_of(cluster_year: ClusterYear | int) -> Cycle | None:
    cluster_year_id = cluster_year if isinstance(cluster_year, int) else cluster_year.pk
    return Cycle.objects.filter(cluster_year_id=cluster_year_id).first()


def in_force_id(cycle: Cycle) -> int | None:
    """The snapshot in force of a cycle already loaded (no query)."""
    if cycle.state == CycleState.FINAL:
        return cycle.final_snapshot_id
    if cycle.state == CycleState.PROVISIONAL:
        return cycle.provisional_snapshot_id
    return None


def results_in_force(cluster_year: ClusterYear | int, *, cycle: Cycle | None = None) -> ScoreSnapshot | None:
    """The snapshot whose results count for the cluster-year now (see the module's docstring); None when none does."""
    found = cycle if cycle is not None else cycle_of(cluster_year)
    if found is None:
        cluster_year_id = cluster_year if isinstance(cluster_year, int) else cluster_year.pk
        return (
            ScoreSnapshot.objects.filter(cluster_year_id=cluster_year_id)
            .order_by("-created_at", "-id")
            .first()
        )
    snapshot_id = in_force_id(found)
    return ScoreSnapshot.objects.filter(pk=snapshot_id).first() if snapshot_id else None


def finalisation(cycle: Cycle) -> AuditEvent | None:
    """The audit row of the step that made the results final (who, when, early or after the appeal deadline, the
    reason); the cycle and results pages show it."""
    if cycle.state != CycleState.FINAL:
        return None
    return (
        AuditEvent.objects.filter(
            action="cycle.advance",
            object_type=Cycle._meta.label_lower,
            object_id=str(cycle.pk),
            after__state=CycleState.FINAL,
        )
        .order_by("-created_at", "-id")
        .first()
    )


def corrections(cycle: Cycle) -> list[AuditEvent]:
    """Every correction made after the results were final, oldest first, each naming its new snapshot."""
    return list(
        AuditEvent.objects.filter(
            action="cycle.final_correct", object_type=Cycle._meta.label_lower, object_id=str(cycle.pk)
        ).order_by("created_at", "id")
    )


def published_chain(cycle: Cycle) -> list[ScoreSnapshot]:
    """The provisional snapshot, the final one and every correction of it, oldest first: the history of the
    results in force, leaving out any other snapshot taken meanwhile."""
    ids: list[int] = []
    if cycle.provisional_snapshot_id:
        ids.append(cycle.provisional_snapshot_id)
    frozen = finalisation(cycle)
    if frozen is not None and isinstance(frozen.after.get("snapshot"), int):
        ids.append(frozen.after["snapshot"])
    ids += [e.after["snapshot"] for e in corrections(cycle) if isinstance(e.after.get("snapshot"), int)]
    if cycle.final_snapshot_id and cycle.final_snapshot_id not in ids:
        ids.append(cycle.final_snapshot_id)
    found = ScoreSnapshot.objects.in_bulk(ids)
    chain: list[ScoreSnapshot] = []
    for snapshot_id in ids:
        if snapshot_id in found and found[snapshot_id] not in chain:
            chain.append(found[snapshot_id])
    return chain
