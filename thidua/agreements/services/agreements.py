"""The agreement of a cluster-year and its members' targets."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from thidua.accounts import access
from thidua.accounts.access import Actor
from thidua.agreements.models import Agreement, CriterionLine, FrameworkVersion, TargetSource, VersionStatus
from thidua.agreements.packaging import version_framework
from thidua.agreements.permissions import can_edit_targets, can_import
from thidua.core import audit
from thidua.core.errors import AccessDenied, Conflict, InvalidInput
from thidua.cycle import rules
from thidua.cycle.models import Amendment
from thidua.engine.validation import target_problems
from thidua.org.models import ClusterYear, Unit


def agreement_create(
    *, actor: Actor, cluster_year: ClusterYear, framework_version: FrameworkVersion, scope: str = ""
) -> Agreement:
    """The agreement of a cluster-year on a published version of one of its province's frameworks."""
    if not can_import(actor, cluster_year):
        raise AccessDenied("Chỉ Ban Thi đua – Khen thưởng của tỉnh được lập giao ước cho cụm, khối.")
    if framework_version.status != VersionStatus.PUBLISHED:
        raise InvalidInput("Chỉ dùng được phiên bản thang điểm đã ban hành.", field="framework_version")
    if framework_version.framework.province_id != cluster_year.cluster.province_id:
        raise InvalidInput("Thang điểm này thuộc tỉnh khác.", field="framework_version")
    with transaction.atomic():
        if Agreement.objects.filter(cluster_year=cluster_year).exists():
            raise Conflict(f"{cluster_year} đã có giao ước.")
        agreement = Agreement.objects.create(
            cluster_year=cluster_year, framework_version=framework_version, scope=scope
        )
        audit.record(
            actor=access.audit_actor(actor),
            action="agreement.create",
            obj=agreement,
            after={"cluster_year": cluster_year.pk, "framework_version": framework_version.pk},
        )
        return agreement


def _line_state(line: CriterionLine | None) -> dict[str, Any]:
    if line is None:
        return {"target": None, "target_source": ""}
    return {"target": line.target, "target_source": line.target_source}


def target_set(
    *,
    actor: Actor,
    agreement: Agreement,
    unit: Unit,
    criterion: str,
    target: Decimal | None,
    source: str,
    reason: str,
    amendment: Amendment | None = None,
) -> CriterionLine | None:
    """Set (or clear, with None) a member's target for a criterion; `source` is province, local, or blank to
    follow the criterion. Returns the line, or None when clearing left it empty.

    The rules of the year (thidua.cycle.rules): once the unit has signed, only an approved `amendment` of this very
    target changes it; once the results are final, nothing does."""
    cluster_year = agreement.cluster_year
    if not can_edit_targets(actor, cluster_year):
        raise AccessDenied("Chỉ Ban Thi đua – Khen thưởng hoặc cụm trưởng, khối trưởng được sửa chỉ tiêu.")
    rules.refuse_if_final(
        actor=actor,
        cluster_year=cluster_year,
        attempted="agreement.target_set",
        what=f"chỉ tiêu {criterion} của {unit.name}",
        attempt={"unit": unit.code, "criterion": criterion, "target": target},
    )
    rules.refuse_if_signed(
        actor=actor,
        cluster_year=cluster_year,
        unit=unit,
        criterion=criterion,
        target=target,
        amendment=amendment,
    )
    if not reason.strip():
        raise InvalidInput("Phải ghi lý do sửa chỉ tiêu.", field="reason")
    if source not in ("", *TargetSource.values):
        raise InvalidInput("Nguồn chỉ tiêu không hợp lệ.", field="source")
    if not cluster_year.memberships.filter(unit=unit).exists():
        raise InvalidInput(f"{unit.name} không phải thành viên của {cluster_year}.", field="unit")
    leaves = {node.code: node for node in version_framework(agreement.framework_version).leaves()}
    node = leaves.get(criterion)
    if node is None:
        raise InvalidInput(f"Không có tiêu chí lá mã {criterion} trong thang điểm.", field="criterion")
    if target is not None:
        problems = target_problems(node, target)
        if problems:
            raise InvalidInput(f"Tiêu chí {criterion}, {unit.name}: {problems[0]}.", field="target")
    with transaction.atomic():
        line = (
            CriterionLine.objects.select_for_update()
            .filter(agreement=agreement, unit=unit, criterion=criterion)
            .first()
        )
        before = _line_state(line)
        if line is None:
            if target is None:
                return None
            line = CriterionLine(agreement=agreement, unit=unit, criterion=criterion)
        line.target = target
        line.target_source = source if target is not None else ""
        after = _line_state(line)
        if before == after:
            return line
        if line.is_empty():
            line.delete()
            result = None
        else:
            line.save()
            result = line
        audit.record(
            actor=access.audit_actor(actor),
            action="agreement.target_set",
            obj=agreement,
            before={f"{criterion}.{unit.code}": before},
            after={f"{criterion}.{unit.code}": after},
            reason=reason.strip(),
        )
        return result
