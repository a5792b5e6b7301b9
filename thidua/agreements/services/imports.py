"""Importing a package or workbook into a cluster-year: upload (kept for the preview), then apply all or nothing
in one transaction with one audit event. Applying reads the stored file again and compares it with the database
as it is then, so a preview that went stale cannot write old figures.

The rule of the year (issue 10): a package replaces the year's whole record, so it is accepted only before the
first member signs the agreement (no cycle yet, or a cycle in "Thiết lập" or "Ký kết giao ước" without a
signature). From the first signature on, upload and apply are refused with the rule named, through the pages and
the API alike: targets then change only through amendments and reported values only through the report page
(thidua.cycle). Before that, the preview lists by part and by unit everything the import would remove or replace
(submission dates, reported values and their verifications, vetoes, bonus awards, deductions, targets…), and the
board applies it or cancels (Hủy) the upload; the audit row of the import keeps that list."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django.db import transaction
from django.utils import timezone

from thidua.accounts import access
from thidua.accounts.access import Actor
from thidua.agreements import documents, selectors
from thidua.agreements.framework_files import is_framework_file
from thidua.agreements.models import (
    AgreedPoints,
    Agreement,
    BonusAward,
    BonusStatus,
    CriterionLine,
    Deduction,
    DeductionStatus,
    FactValue,
    Framework,
    FrameworkVersion,
    ImportStatus,
    MemberAttribute,
    PackageImport,
    Submission,
    VersionStatus,
    Veto,
)
from thidua.agreements.packaging import (
    PART_LABELS,
    Loss,
    Preview,
    file_kind,
    legal_basis_json,
    preview_upload,
)
from thidua.agreements.permissions import can_import
from thidua.agreements.services.agreements import require_before_signing
from thidua.agreements.services.frameworks import _next_number
from thidua.core import audit
from thidua.core.errors import AccessDenied, Conflict, InvalidInput, ThiduaError
from thidua.core.text import refuse_bidi_controls
from thidua.engine import Problem
from thidua.org.models import ClusterYear, Unit
from thidua.packages import Package

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _require(actor: Actor, cluster_year: ClusterYear) -> None:
    if not can_import(actor, cluster_year):
        raise AccessDenied("Chỉ Ban Thi đua – Khen thưởng của tỉnh được nhập gói dữ liệu cho cụm, khối.")


def package_import_upload(
    *, actor: Actor, cluster_year: ClusterYear, file_name: str, content: bytes
) -> PackageImport:
    """Keep an uploaded file for its preview; nothing of the cluster-year changes yet."""
    _require(actor, cluster_year)
    require_before_signing(cluster_year, doing=IMPORTING)
    refuse_bidi_controls(file_name, label="Tên tệp", field="file")
    if file_kind(file_name) is None:
        raise InvalidInput("Chỉ nhận tệp .yaml, .yml, .json hoặc .xlsx.", field="file")
    if len(content) > MAX_UPLOAD_BYTES:
        raise InvalidInput("Tệp lớn hơn 5 MB.", field="file")
    with transaction.atomic():
        upload = PackageImport.objects.create(
            cluster_year=cluster_year,
            file_name=file_name[:255],
            content=content,
            created_by=cast(Any, None if access.is_system(actor) else actor),
        )
        audit.record(
            actor=access.audit_actor(actor),
            action="packageimport.upload",
            obj=upload,
            after={"cluster_year": cluster_year.pk, "file_name": upload.file_name, "bytes": len(content)},
        )
        return upload


IMPORTING = "nhập gói dữ liệu"
FRAMEWORK_ONLY = (
    "tệp này chỉ có thang điểm, không có thành viên và số liệu: hãy nhập ở trang Thang điểm thi đua "
    "(“Nhập thang điểm từ tệp”) rồi chọn thang điểm cho giao ước"
)
# The parts of a year's record an import can take away, in the order the preview lists them.
LOST_PARTS = (
    "submitted",
    "values",
    "vetoes",
    "bonus_awarded",
    "deductions",
    "targets",
    "baselines",
    "not_applicable",
    "facts",
    "agreed",
)


def package_import_preview(package_import: PackageImport) -> Preview:
    """What applying would do, what it would remove or replace (by part, with the units named), and the rule that
    forbids it, if one does."""
    cluster_year = package_import.cluster_year
    content = bytes(package_import.content)
    if is_framework_file(package_import.file_name, content):
        return Preview(package=None, problems=[Problem("tệp", FRAMEWORK_ONLY)])
    preview = preview_upload(cluster_year, package_import.file_name, content)
    try:
        require_before_signing(cluster_year, doing=IMPORTING)
    except ThiduaError as exc:
        preview.refusal = exc.message
    preview.losses = import_losses(cluster_year, preview)
    return preview


def import_losses(cluster_year: ClusterYear, preview: Preview) -> list[Loss]:
    """Everything stored that applying the preview removes or overwrites: figures part by part, the verifications
    of the values it changes, and the signatures of the year (an import never keeps a signature's meaning)."""
    names = {code: unit.name for code, unit in preview.units.items()}
    names |= dict(cluster_year.memberships.values_list("unit__code", "unit__name"))
    by_part: dict[str, list[str]] = {}
    touched_values: set[tuple[str, str]] = set()
    for change in preview.changes:
        if change.before is None:
            continue
        if change.part == "values":
            touched_values.add((change.unit, change.criterion))
        where = names.get(change.unit, change.unit) + (f" ({change.criterion})" if change.criterion else "")
        by_part.setdefault(change.part, []).append(
            f"{where}: {change.before} → {change.after if change.after is not None else 'xóa'}"
        )
    losses = [Loss(PART_LABELS[part], tuple(by_part[part])) for part in LOST_PARTS if part in by_part]
    verified = selectors.verified_lines(cluster_year)
    checked = [
        f"{names.get(unit, unit)} ({criterion}): {who}"
        for (unit, criterion), who in sorted(verified.items())
        if (unit, criterion) in touched_values
    ]
    if checked:
        losses.append(Loss("Kết quả thẩm định", tuple(checked)))
    signed = selectors.year_progress(cluster_year).signed
    if signed:
        losses.append(Loss("Chữ ký giao ước", signed))
    return losses


def _framework_for(
    actor: Actor, cluster_year: ClusterYear, agreement: Agreement | None, package: Package
) -> FrameworkVersion:
    if agreement is not None:
        framework = agreement.framework_version.framework
    else:
        name = f"Thang điểm {cluster_year.cluster.name} năm {cluster_year.year}"
        framework, _ = Framework.objects.get_or_create(
            province_id=cluster_year.cluster.province_id, name=name
        )
    return FrameworkVersion.objects.create(
        framework=framework,
        number=_next_number(framework),
        status=VersionStatus.PUBLISHED,
        document=documents.framework_document(package.framework),
        legal_basis=legal_basis_json(package.legal_basis),
        derived_from=agreement.framework_version if agreement else None,
        created_by=cast(Any, None if access.is_system(actor) else actor),
        published_at=timezone.now(),
    )


def _write_inputs(agreement: Agreement, package: Package, units: dict[str, Unit]) -> None:
    inputs = package.inputs
    wanted: dict[tuple[int, str], dict[str, Any]] = {}

    def line(code: str, unit: str) -> dict[str, Any]:
        return wanted.setdefault(
            (units[unit].pk, code),
            {
                "target": None,
                "value_number": None,
                "value_label": None,
                "value_flag": None,
                "baseline": None,
                "not_applicable": False,
            },
        )

    for code, row in inputs.targets.items():
        for unit, target in row.items():
            line(code, unit)["target"] = target
    for code, values in inputs.values.items():
        for unit, value in values.items():
            field = (
                "value_flag"
                if isinstance(value, bool)
                else "value_label"
                if isinstance(value, str)
                else "value_number"
            )
            line(code, unit)[field] = value
    for code, row in inputs.baselines.items():
        for unit, baseline in row.items():
            line(code, unit)["baseline"] = baseline
    for code, marked in inputs.not_applicable.items():
        for unit in marked:
            line(code, unit)["not_applicable"] = True
    existing = {(item.unit_id, item.criterion): item for item in agreement.lines.all()}
    for key, fields in wanted.items():
        found = existing.pop(key, None)
        if found is None:
            CriterionLine.objects.create(agreement=agreement, unit_id=key[0], criterion=key[1], **fields)
            continue
        changed = [name for name, value in fields.items() if getattr(found, name) != value]
        if changed:
            for name in changed:
                setattr(found, name, fields[name])
            found.save(update_fields=[*changed, "updated_at"])
    CriterionLine.objects.filter(pk__in=[item.pk for item in existing.values()]).delete()
    _write_bonus_awards(agreement, package, units)
    _write_deductions(agreement, package, units)
    # Lists without an identity of their own are replaced as a whole.
    agreement.submissions.all().delete()
    Submission.objects.bulk_create(
        Submission(agreement=agreement, unit=units[unit], submitted_on=day)
        for unit, day in inputs.submitted.items()
    )
    agreement.vetoes.all().delete()
    Veto.objects.bulk_create(
        Veto(
            agreement=agreement,
            unit=units[v.unit],
            reason=v.reason,
            position=i,
            effects=list(v.effects),
            deduct=cast(Any, v.deduct),
        )
        for i, v in enumerate(inputs.vetoes)
    )
    _write_version_2(agreement, package, units)


def _write_version_2(agreement: Agreement, package: Package, units: dict[str, Unit]) -> None:
    """Format 2's parts: every member's facts per criterion, the members' attributes and the agreed points. A
    fact the package repeats keeps its row; the others go. Attributes and agreed points are replaced whole (the
    package says who agreed and why)."""
    wanted: dict[tuple[int, str, str], Any] = {
        (units[unit].pk, code, name): value
        for code, by_unit in package.inputs.facts.items()
        for unit, facts in by_unit.items()
        for name, value in facts.items()
    }
    existing = {(row.unit_id, row.criterion, row.fact): row for row in agreement.facts.all()}
    for key, value in wanted.items():
        columns = FactValue.columns(value)
        found = existing.pop(key, None)
        if found is None:
            FactValue.objects.create(
                agreement=agreement, unit_id=key[0], criterion=key[1], fact=key[2], **columns
            )
        elif found.value != value or type(found.value) is not type(value):
            FactValue.objects.filter(pk=found.pk).update(updated_at=timezone.now(), **columns)
    FactValue.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()
    agreement.attributes.all().delete()
    MemberAttribute.objects.bulk_create(
        MemberAttribute(
            agreement=agreement,
            unit=units[member.code],
            name=name,
            position=position,
            **MemberAttribute.columns(value),
        )
        for member in package.members
        for position, (name, value) in enumerate(member.attributes)
    )
    agreement.agreed_points.all().delete()
    AgreedPoints.objects.bulk_create(
        AgreedPoints(
            agreement=agreement,
            unit=units[a.unit],
            criterion=a.node,
            points=cast(Any, a.points),
            reason=a.reason,
            by=a.by,
            position=position,
        )
        for position, a in enumerate(package.inputs.agreed)
    )


def _write_bonus_awards(agreement: Agreement, package: Package, units: dict[str, Unit]) -> None:
    """A package's bonus_awarded are accepted awards. An award the package keeps keeps its row (the claim, its
    evidence, who accepted it); one it drops goes. Claims waiting or refused count for nothing and are not in a
    package, so they stay, unless the package awards that item, which accepts them."""
    # (unit, item) → the amount or number of cases of a version 2 item, None for a yes/no item.
    wanted: dict[tuple[int, str], Decimal | None] = {
        (units[unit].pk, code): None
        for code, awarded in package.inputs.bonus_awarded.items()
        for unit in awarded
    }
    wanted |= {
        (units[unit].pk, code): amount
        for code, amounts in package.inputs.bonus_amounts.items()
        for unit, amount in amounts.items()
    }
    existing = {(a.unit_id, a.item): a for a in agreement.bonus_awards.all()}
    BonusAward.objects.filter(
        pk__in=[a.pk for key, a in existing.items() if key not in wanted and a.status == BonusStatus.ACCEPTED]
    ).delete()
    for key, award in existing.items():
        if key in wanted and (award.status != BonusStatus.ACCEPTED or award.amount != wanted[key]):
            BonusAward.objects.filter(pk=award.pk).update(status=BonusStatus.ACCEPTED, amount=wanted[key])
    BonusAward.objects.bulk_create(
        BonusAward(
            agreement=agreement,
            unit_id=unit_id,
            item=code,
            status=BonusStatus.ACCEPTED,
            amount=cast(Any, wanted[(unit_id, code)]),
        )
        for unit_id, code in sorted(wanted.keys() - existing.keys())
    )


def _write_deductions(agreement: Agreement, package: Package, units: dict[str, Unit]) -> None:
    """A package's deductions are recorded ones. A recorded deduction the package repeats (same unit, points,
    reason and criterion) keeps its row, with its evidence and who recorded it; the others go and the package's
    new ones are added. Withdrawn deductions count for nothing, are not in a package, and stay on record."""
    recorded: dict[tuple[int, Decimal, str, str], list[Deduction]] = {}
    for row in agreement.deductions.filter(status=DeductionStatus.RECORDED).order_by("position", "id"):
        recorded.setdefault((row.unit_id, row.points, row.reason, row.criterion), []).append(row)
    kept: list[int] = []
    for position, d in enumerate(package.inputs.deductions):
        key = (units[d.unit].pk, d.points, d.reason, d.node or "")
        same = recorded.get(key)
        if same:
            row = same.pop(0)
            if row.position != position:
                Deduction.objects.filter(pk=row.pk).update(position=position)
            kept.append(row.pk)
            continue
        created = Deduction.objects.create(
            agreement=agreement,
            unit=units[d.unit],
            points=cast(Any, d.points),
            reason=d.reason,
            criterion=d.node or "",
            position=position,
        )
        kept.append(created.pk)
    agreement.deductions.filter(status=DeductionStatus.RECORDED).exclude(pk__in=kept).delete()


def package_import_apply(*, actor: Actor, package_import: PackageImport) -> Agreement:
    """Write the uploaded package into its cluster-year, or nothing at all when anything is wrong."""
    cluster_year = package_import.cluster_year
    _require(actor, cluster_year)
    with transaction.atomic():
        if package_import.status != ImportStatus.PREVIEWED:
            raise Conflict("Tệp này đã được nhập hoặc đã hủy.")
        require_before_signing(cluster_year, doing=IMPORTING)
        preview = package_import_preview(package_import)
        package = preview.package
        if package is None or preview.problems:
            raise InvalidInput(
                f"Tệp có {len(preview.problems)} lỗi, chưa nhập gì.",
                details={"problems": [str(problem) for problem in preview.problems]},
            )
        claimed = PackageImport.objects.filter(pk=package_import.pk, status=ImportStatus.PREVIEWED).update(
            status=ImportStatus.APPLIED, applied_at=timezone.now()
        )
        if claimed != 1:
            raise Conflict("Tệp này đã được nhập hoặc đã hủy.")
        agreement = Agreement.objects.select_for_update().filter(cluster_year=cluster_year).first()
        before_version = agreement.framework_version_id if agreement else None
        version = preview.same_version or _framework_for(actor, cluster_year, agreement, package)
        scope = package.cluster.scope or ""
        if agreement is None:
            agreement = Agreement.objects.create(
                cluster_year=cluster_year, framework_version=version, scope=scope
            )
        elif agreement.framework_version_id != version.pk or agreement.scope != scope:
            agreement.framework_version = version
            agreement.scope = scope
            agreement.save(update_fields=["framework_version", "scope"])
        _write_inputs(agreement, package, preview.units)
        changes = [
            {"part": c.part, "criterion": c.criterion, "unit": c.unit, "before": c.before, "after": c.after}
            for c in preview.changes
        ]
        audit.record(
            actor=access.audit_actor(actor),
            action="agreement.import",
            obj=agreement,
            before={"framework_version": before_version},
            after={
                "framework_version": version.pk,
                "file_name": package_import.file_name,
                **preview.counts,
                "changes": changes,
                "replaced": {loss.label: list(loss.items) for loss in preview.losses},
            },
        )
        return agreement


def package_import_discard(*, actor: Actor, package_import: PackageImport) -> None:
    _require(actor, package_import.cluster_year)
    with transaction.atomic():
        updated = PackageImport.objects.filter(pk=package_import.pk, status=ImportStatus.PREVIEWED).update(
            status=ImportStatus.DISCARDED
        )
        if updated != 1:
            raise Conflict("Tệp này đã được nhập hoặc đã hủy.")
        audit.record(
            actor=access.audit_actor(actor),
            action="packageimport.discard",
            obj=package_import,
            before={"status": ImportStatus.PREVIEWED},
            after={"status": ImportStatus.DISCARDED},
        )
