"""The agreement of a cluster-year and its members' targets."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from thidua.accounts import access
from thidua.accounts.access import Actor
from thidua.agreements import selectors
from thidua.agreements.models import (
    Agreement,
    BonusAward,
    CriterionLine,
    FrameworkVersion,
    TargetSource,
    VersionStatus,
)
from thidua.agreements.packaging import version_framework
from thidua.agreements.permissions import can_edit_targets, can_import
from thidua.core import audit
from thidua.core.errors import AccessDenied, Conflict, InvalidInput
from thidua.cycle import rules
from thidua.cycle.models import Amendment
from thidua.engine.validation import target_problems
from thidua.org.models import ClusterYear, Unit

# The rule of the year that the framework picker and the imports hold, named in their refusals.
RULE_BEFORE_SIGNING = (
    "Quy định: thang điểm và số liệu của giao ước chỉ được chọn, thay hoặc nhập từ tệp trước khi thành viên đầu "
    "tiên ký giao ước; sau đó chỉ tiêu chỉ sửa qua đề nghị sửa chỉ tiêu, số liệu thực hiện nhập trên trang báo cáo."
)


def require_before_signing(cluster_year: ClusterYear, *, doing: str) -> None:
    """Refuse `doing` ("đổi thang điểm", "nhập gói dữ liệu") once a member has signed or the year moved on."""
    progress = selectors.year_progress(cluster_year)
    if progress.signing_started:
        raise Conflict(
            f"Không {doing} được vì {cluster_year}: {progress.describe()}. {RULE_BEFORE_SIGNING}",
            details={"rule": "before_signing", "state": progress.state, "signed": list(progress.signed)},
        )


def _require_version_for(cluster_year: ClusterYear, framework_version: FrameworkVersion) -> None:
    if framework_version.status != VersionStatus.PUBLISHED:
        raise InvalidInput("Chỉ dùng được phiên bản thang điểm đã ban hành.", field="framework_version")
    if framework_version.framework.province_id != cluster_year.cluster.province_id:
        raise InvalidInput("Thang điểm này thuộc tỉnh khác.", field="framework_version")


def agreement_framework_set(
    *,
    actor: Actor,
    cluster_year: ClusterYear,
    framework_version: FrameworkVersion,
    confirm_losses: bool = False,
    reason: str = "",
) -> Agreement:
    """Attach a published version of the province's framework to the cluster-year's agreement (made if needed), or
    change it, only before any member has signed. Targets and figures on criteria or bonus items the new version
    lacks are dropped only when the caller confirmed the list it was shown (selectors.framework_change_losses)."""
    if not can_import(actor, cluster_year):
        raise AccessDenied(
            "Chỉ Ban Thi đua – Khen thưởng của tỉnh được chọn thang điểm cho giao ước của cụm, khối."
        )
    _require_version_for(cluster_year, framework_version)
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().filter(cluster_year=cluster_year).first()
        require_before_signing(cluster_year, doing="đổi thang điểm")
        if agreement is None:
            agreement = Agreement.objects.create(
                cluster_year=cluster_year, framework_version=framework_version
            )
            audit.record(
                actor=access.audit_actor(actor),
                action="agreement.create",
                obj=agreement,
                after={"cluster_year": cluster_year.pk, "framework_version": framework_version.pk},
                reason=reason.strip(),
            )
            return agreement
        if agreement.framework_version_id == framework_version.pk:
            return agreement
        losses = selectors.framework_change_losses(agreement, framework_version)
        if losses and not confirm_losses:
            lost = "; ".join(f"{loss.label}: {loss.count}" for loss in losses)
            raise InvalidInput(
                f"Đổi sang {framework_version} sẽ bỏ {lost}. Hãy xem danh sách và xác nhận.",
                field="framework_version",
                details={"losses": {loss.label: list(loss.items) for loss in losses}},
            )
        framework = version_framework(framework_version)
        agreement.lines.exclude(criterion__in=[node.code for node in framework.leaves()]).delete()
        BonusAward.objects.filter(agreement=agreement).exclude(
            item__in=[item.code for item in framework.bonus_items]
        ).delete()
        agreement.deductions.exclude(criterion="").exclude(
            criterion__in=[node.code for node in framework.nodes()]
        ).update(criterion="")
        before = agreement.framework_version_id
        agreement.framework_version = framework_version
        agreement.save(update_fields=["framework_version"])
        audit.record(
            actor=access.audit_actor(actor),
            action="agreement.framework_set",
            obj=agreement,
            before={"framework_version": before},
            after={
                "framework_version": framework_version.pk,
                "removed": {loss.label: list(loss.items) for loss in losses},
            },
            reason=reason.strip(),
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
