# One row per reported line, step 2 of 3: every cycle.LineState is merged into the agreement's CriterionLine of the
# same cluster-year, member and criterion (created when the line had no figures yet); evidence, appeals and the
# audit trail follow the merged row. Reversible: the rows are split again for the cycles that opened their lines.

from django.db import migrations

WORKFLOW = (
    "status",
    "version",
    "comment",
    "reported_value",
    "saved_by_id",
    "saved_by_name",
    "saved_at",
    "verified_by_id",
    "verified_by_name",
    "verified_at",
    "verification_reason",
)


def merge_lines(apps, schema_editor):
    LineState = apps.get_model("cycle", "LineState")
    CriterionLine = apps.get_model("agreements", "CriterionLine")
    Agreement = apps.get_model("agreements", "Agreement")
    Evidence = apps.get_model("cycle", "Evidence")
    Appeal = apps.get_model("cycle", "Appeal")
    AuditEvent = apps.get_model("core", "AuditEvent")
    agreements = {a.cluster_year_id: a.pk for a in Agreement.objects.all()}
    merged: dict[int, int] = {}
    for state in LineState.objects.select_related("cycle").order_by("pk").iterator():
        agreement_id = agreements.get(state.cycle.cluster_year_id)
        if agreement_id is None:
            # A cycle's lines are opened from its agreement; a line without one has nowhere to go, and dropping it
            # silently would lose a unit's report.
            raise RuntimeError(
                f"LineState {state.pk}: năm thi đua {state.cycle.cluster_year_id} không có giao ước."
            )
        line, _ = CriterionLine.objects.get_or_create(
            agreement_id=agreement_id, unit_id=state.unit_id, criterion=state.criterion
        )
        CriterionLine.objects.filter(pk=line.pk).update(**{name: getattr(state, name) for name in WORKFLOW})
        merged[state.pk] = line.pk
    for model in (Evidence, Appeal):
        for row in model.objects.all().only("pk", "line_id"):
            model.objects.filter(pk=row.pk).update(agreement_line_id=merged[row.line_id])
    for event in AuditEvent.objects.filter(object_type="cycle.linestate").only("pk", "object_id"):
        new_id = merged.get(int(event.object_id)) if event.object_id.isdigit() else None
        if new_id is not None:
            AuditEvent.objects.filter(pk=event.pk).update(
                object_type="agreements.criterionline", object_id=str(new_id)
            )


def split_lines(apps, schema_editor):
    """Back to two rows: a LineState for every line of a cycle that opened its lines (reached reporting)."""
    LineState = apps.get_model("cycle", "LineState")
    CriterionLine = apps.get_model("agreements", "CriterionLine")
    Cycle = apps.get_model("cycle", "Cycle")
    Evidence = apps.get_model("cycle", "Evidence")
    Appeal = apps.get_model("cycle", "Appeal")
    AuditEvent = apps.get_model("core", "AuditEvent")
    cycles = {
        c.cluster_year_id: c.pk for c in Cycle.objects.exclude(state__in=["setup", "signing"])
    }
    split: dict[int, int] = {}
    for line in CriterionLine.objects.select_related("agreement").order_by("pk").iterator():
        cycle_id = cycles.get(line.agreement.cluster_year_id)
        if cycle_id is None:
            continue
        state = LineState.objects.create(
            cycle_id=cycle_id,
            unit_id=line.unit_id,
            criterion=line.criterion,
            **{name: getattr(line, name) for name in WORKFLOW},
        )
        split[line.pk] = state.pk
    for model in (Evidence, Appeal):
        for row in model.objects.all().only("pk", "agreement_line_id"):
            model.objects.filter(pk=row.pk).update(line_id=split[row.agreement_line_id])
    for event in AuditEvent.objects.filter(object_type="agreements.criterionline").only("pk", "object_id", "action"):
        old_id = split.get(int(event.object_id)) if event.object_id.isdigit() else None
        if old_id is not None and event.action.startswith("cycle."):
            AuditEvent.objects.filter(pk=event.pk).update(object_type="cycle.linestate", object_id=str(old_id))


class Migration(migrations.Migration):
    dependencies = [("cycle", "0002_lines_are_agreement_lines")]

    operations = [migrations.RunPython(merge_lines, split_lines, elidable=False)]
