"""cycle/0002–0004 merge the two rows of a reported line (agreements.CriterionLine and the old cycle.LineState) into
one: rows are written in the old shape with the historical models, the migration runs, the merged rows are read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("cycle", "0001_initial"), ("agreements", "0004_line_workflow")]
AFTER = [("cycle", "0004_drop_line_state")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    """Migrate to `targets` and return the historical apps of every migration applied now."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor = MigrationExecutor(connection)
    return executor.loader.project_state(
        [key for key in executor.loader.applied_migrations if key in executor.loader.graph.nodes]
    ).apps


def _old_rows(apps: Any) -> dict[str, Any]:
    User = apps.get_model("auth", "User")
    Unit = apps.get_model("org", "Unit")
    Cluster = apps.get_model("org", "Cluster")
    ClusterYear = apps.get_model("org", "ClusterYear")
    Framework = apps.get_model("agreements", "Framework")
    FrameworkVersion = apps.get_model("agreements", "FrameworkVersion")
    Agreement = apps.get_model("agreements", "Agreement")
    CriterionLine = apps.get_model("agreements", "CriterionLine")
    Cycle = apps.get_model("cycle", "Cycle")
    LineState = apps.get_model("cycle", "LineState")
    Evidence = apps.get_model("cycle", "Evidence")
    Appeal = apps.get_model("cycle", "Appeal")
    AuditEvent = apps.get_model("core", "AuditEvent")

    officer = User.objects.create(username="canbo", first_name="Lan")
    province = Unit.objects.create(level="province", code="AG", name="Tỉnh An Giang")
    an_minh = Unit.objects.create(level="commune", code="AN-MINH", name="Xã An Minh", province=province)
    cluster = Cluster.objects.create(province=province, kind="cum", code="CUM-5", name="Cụm thi đua số 5")
    cluster_year = ClusterYear.objects.create(cluster=cluster, year=2026)
    framework = Framework.objects.create(province=province, name="Thang điểm 2026")
    version = FrameworkVersion.objects.create(framework=framework, number=1, document="{}")
    agreement = Agreement.objects.create(cluster_year=cluster_year, framework_version=version)
    cycle = Cycle.objects.create(cluster_year=cluster_year, state="verification")
    # A line with its figures, and a line opened for reporting that had no figure in the agreement yet.
    with_figures = CriterionLine.objects.create(
        agreement=agreement, unit=an_minh, criterion="1.1", target="50", value_number="80.5"
    )
    reported = LineState.objects.create(
        cycle=cycle,
        unit=an_minh,
        criterion="1.1",
        status="submitted",
        version=3,
        comment="Theo báo cáo quý IV",
        reported_value="80,5",
        saved_by=officer,
        saved_by_name="Lan",
        saved_at=dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC),
    )
    empty = LineState.objects.create(cycle=cycle, unit=an_minh, criterion="1.2", status="returned", version=1)
    Evidence.objects.create(
        line=reported,
        file="cycle/evidence/2026/a.pdf",
        original_name="a.pdf",
        content_type="application/pdf",
        size=9,
    )
    Appeal.objects.create(line=empty, argument="Số liệu đã gửi đủ", filed_by=officer)
    AuditEvent.objects.create(
        actor_name="Lan", action="cycle.line_save", object_type="cycle.linestate", object_id=str(reported.pk)
    )
    return {"line": with_figures.pk, "agreement": agreement.pk, "unit": an_minh.pk}


@pytest.mark.django_db(transaction=True)
def test_it_merges_each_line_state_into_its_agreement_line() -> None:
    old = _old_rows(_migrate(BEFORE))
    apps = _migrate(AFTER)
    CriterionLine = apps.get_model("agreements", "CriterionLine")

    assert "linestate" not in {model._meta.model_name for model in apps.get_app_config("cycle").get_models()}
    merged = CriterionLine.objects.get(pk=old["line"])
    assert (merged.target, merged.value_number) == (Decimal("50"), Decimal("80.5"))
    assert (merged.status, merged.version, merged.comment, merged.reported_value, merged.saved_by_name) == (
        "submitted",
        3,
        "Theo báo cáo quý IV",
        "80,5",
        "Lan",
    )
    assert merged.saved_by.username == "canbo"
    assert merged.saved_at == dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
    # The line that had no figures becomes a row of the agreement, with its workflow.
    opened = CriterionLine.objects.get(agreement_id=old["agreement"], unit_id=old["unit"], criterion="1.2")
    assert (opened.status, opened.version, opened.value_number) == ("returned", 1, None)
    assert CriterionLine.objects.count() == 2
    # Evidence, appeals and the audit trail follow the merged row.
    assert list(apps.get_model("cycle", "Evidence").objects.values_list("line_id", flat=True)) == [merged.pk]
    assert list(apps.get_model("cycle", "Appeal").objects.values_list("line_id", flat=True)) == [opened.pk]
    event = apps.get_model("core", "AuditEvent").objects.get(action="cycle.line_save")
    assert (event.object_type, event.object_id) == ("agreements.criterionline", str(merged.pk))
