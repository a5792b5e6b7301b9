"""The cluster_leader role no longer grants anything: the leader's powers come from the cluster-year's membership
roles. Each active cluster_leader assignment becomes a unit_officer assignment of the unit leading the cluster in
its newest year with a leader (unless the user already has it), and is revoked; the revoked row stays on record."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.utils import timezone


def forward(apps: Any, schema_editor: Any) -> None:
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    Membership = apps.get_model("org", "Membership")
    now = timezone.now()
    for assignment in RoleAssignment.objects.filter(role="cluster_leader", revoked_at__isnull=True):
        leading = (
            Membership.objects.filter(cluster_year__cluster_id=assignment.cluster_id, role="leader")
            .order_by("-cluster_year__year")
            .first()
        )
        if leading is not None:
            held = RoleAssignment.objects.filter(
                user_id=assignment.user_id, role="unit_officer", unit_id=leading.unit_id, revoked_at__isnull=True
            ).exists()
            if not held:
                RoleAssignment.objects.create(
                    user_id=assignment.user_id, role="unit_officer", scope_kind="unit", unit_id=leading.unit_id
                )
        assignment.revoked_at = now
        assignment.save(update_fields=["revoked_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("org", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
