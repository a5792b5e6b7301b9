"""Scoring a cluster-year with the engine and freezing the result with everything needed to recompute it."""

from __future__ import annotations

from typing import Any, cast

from django.db import transaction

from thidua.accounts import access
from thidua.accounts.access import Actor
from thidua.agreements import documents
from thidua.agreements.models import Agreement, ScoreSnapshot
from thidua.agreements.packaging import agreement_package
from thidua.agreements.permissions import can_score
from thidua.core import audit
from thidua.core.errors import AccessDenied, InvalidInput, NotFound
from thidua.engine import ENGINE_VERSION
from thidua.org.models import ClusterYear
from thidua.packages.results_json import results_document
from thidua.packages.writer import package_tree


def snapshot_create(*, actor: Actor, cluster_year: ClusterYear, reason: str) -> ScoreSnapshot:
    """Score the stored inputs as they are now and keep the inputs, the framework version, the engine version and
    the thidua.results/1 document together; refused while any input has a problem."""
    if not can_score(actor, cluster_year):
        raise AccessDenied("Chỉ Ban Thi đua – Khen thưởng hoặc cụm trưởng, khối trưởng được chấm điểm.")
    if not reason.strip():
        raise InvalidInput("Phải ghi lý do chấm điểm.", field="reason")
    with transaction.atomic():
        agreement = (
            Agreement.objects.select_related("framework_version", "cluster_year__cluster")
            .filter(cluster_year=cluster_year)
            .first()
        )
        if agreement is None:
            raise NotFound(f"{cluster_year} chưa có giao ước để chấm điểm.")
        package = agreement_package(agreement)
        problems = package.problems()
        if problems:
            raise InvalidInput(
                f"Số liệu còn {len(problems)} lỗi, chưa chấm điểm được.",
                details={"problems": [str(problem) for problem in problems]},
            )
        results = results_document(package, package.score())
        name = access.audit_actor(actor)
        snapshot = ScoreSnapshot.objects.create(
            cluster_year=cluster_year,
            framework_version=agreement.framework_version,
            engine_version=ENGINE_VERSION,
            inputs=documents.jsonable(package_tree(package)),
            results=results,
            reason=reason.strip(),
            created_by=cast(Any, None if access.is_system(actor) else actor),
            created_by_name=name
            if isinstance(name, str)
            else (actor.get_full_name() or actor.get_username()),  # type: ignore[union-attr]
        )
        audit.record(
            actor=name,
            action="scoresnapshot.create",
            obj=snapshot,
            after={
                "framework_version": agreement.framework_version_id,
                "engine_version": ENGINE_VERSION,
                "totals": {unit["code"]: unit["total"] for unit in results["units"]},
            },
            reason=reason.strip(),
        )
        return snapshot
