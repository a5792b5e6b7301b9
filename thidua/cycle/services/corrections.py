"""Corrections of final results: the frozen snapshot never changes; a correction scores the year again, makes the
new snapshot the final one (so thidua.cycle.results puts it in force), and audits every number that moved."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse

from thidua.accounts import access
from thidua.accounts.access import Actor
from thidua.agreements.models import ScoreSnapshot
from thidua.agreements.selectors import snapshot_compare
from thidua.agreements.services.snapshots import snapshot_create
from thidua.core import audit
from thidua.core.errors import AccessDenied, Conflict, InvalidInput
from thidua.cycle import permissions
from thidua.cycle.models import Cycle, CycleState
from thidua.cycle.services.common import notify, officers_of


def replace_final(
    *, actor: Actor, cycle: Cycle, reason: str, before: dict[str, Any], after: dict[str, Any], what: str
) -> tuple[ScoreSnapshot, list[dict[str, Any]]]:
    """Inside the caller's transaction, after it changed an input: score again, make that snapshot the final one
    (compare-and-set on the one it replaces), write the cycle.final_correct audit row with the differences and
    tell the members. `what` names the change in the members' notification. Returns the snapshot and the
    differences."""
    if cycle.final_snapshot_id is None:
        raise InvalidInput("Chỉ điều chỉnh sau khi kết quả đã chính thức.")
    previous = ScoreSnapshot.objects.get(pk=cycle.final_snapshot_id)
    # The board (and the conference's chair) may score by the agreements' rules, so the snapshot is theirs.
    snapshot = snapshot_create(
        actor=actor, cluster_year=cycle.cluster_year, reason=f"Điều chỉnh sau khi chính thức: {reason}"
    )
    if Cycle.objects.filter(pk=cycle.pk, final_snapshot_id=previous.pk).update(final_snapshot=snapshot) != 1:
        raise Conflict("Kết quả vừa được người khác điều chỉnh; hãy tải lại trang.")
    differences = [
        {"unit": d.unit, "node": d.node, "what": d.what, "before": d.before, "after": d.after}
        for d in snapshot_compare(previous, snapshot)
    ]
    audit.record(
        actor=access.audit_actor(actor),
        action="cycle.final_correct",
        obj=cycle,
        before={**before, "snapshot": previous.pk},
        after={**after, "snapshot": snapshot.pk, "differences": differences},
        reason=reason,
    )
    cycle.refresh_from_db()
    notify(
        officers_of(permissions.member_unit_ids(cycle)),
        f"{cycle.cluster_year}: kết quả chính thức được điều chỉnh ({what}): {reason}",
        reverse("cycle:results", args=[cycle.pk]),
    )
    return snapshot, differences


def final_rescore(*, actor: Actor, cycle: Cycle, reason: str) -> ScoreSnapshot:
    """Score the final year again after the conference changed what is ranked (a veto recorded or withdrawn: the
    only input that may still change once the results are final). The board or the cluster's leader, who chairs
    the conference, with a reason; refused when nothing would change."""
    if not (permissions.cycle_actor(actor, cycle).board or permissions.cycle_actor(actor, cycle).leads):
        raise AccessDenied(
            "Chỉ Ban Thi đua – Khen thưởng hoặc cụm trưởng, khối trưởng được chấm lại kết quả chính thức."
        )
    if cycle.state != CycleState.FINAL or cycle.final_snapshot_id is None:
        raise InvalidInput("Chỉ chấm lại sau khi kết quả đã chính thức.")
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Phải ghi lý do chấm lại kết quả chính thức.", field="reason")
    with transaction.atomic():
        snapshot, differences = replace_final(
            actor=actor, cycle=cycle, reason=reason, before={}, after={"rescore": True}, what="chấm lại"
        )
        if not differences:
            # Nothing moved: the whole correction (snapshot, audit row, notifications) is rolled back.
            raise InvalidInput("Chấm lại không làm thay đổi con số nào của kết quả chính thức.")
        return snapshot
