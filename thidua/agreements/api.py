"""Agreement resources of the API: frameworks and their versions, a cluster-year's agreement with its targets,
score snapshots with their thidua.results/1 document, importing a package and scoring. Thin over the same
selectors, services and access rules as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router, Schema, Status, UploadedFile

from thidua.accounts import access
from thidua.agreements import framework_files, permissions, selectors
from thidua.agreements.models import Framework, FrameworkVersion, PackageImport, ScoreSnapshot
from thidua.agreements.packaging import Preview
from thidua.agreements.services import agreements as agreement_services
from thidua.agreements.services import frameworks as framework_services
from thidua.agreements.services import imports as import_services
from thidua.agreements.services import snapshots as snapshot_services
from thidua.core.errors import AccessDenied, NotFound
from thidua.org.api import ERRORS, ErrorOut
from thidua.org.models import Unit

router = Router(tags=["Giao ước thi đua"])
WRITE_ERRORS: dict[int, type[Schema]] = {**ERRORS, 409: ErrorOut}


class VersionRef(Schema):
    id: int
    number: int
    status: str
    published_at: dt.datetime | None


class FrameworkOut(Schema):
    id: int
    province_id: int
    name: str
    versions: list[VersionRef]


class VersionOut(VersionRef):
    framework_id: int
    framework: str
    derived_from_id: int | None
    legal_basis: list[dict[str, Any]]
    document: dict[str, Any]


class TargetOut(Schema):
    unit_id: int
    unit_code: str
    target: Decimal | None
    source: str


class CriterionTargetsOut(Schema):
    code: str
    title: str
    unit_of_measure: str
    uses_target: bool
    targets: list[TargetOut]


class MemberOut(Schema):
    unit_id: int
    code: str
    name: str
    role: str


class AgreementOut(Schema):
    id: int
    cluster_year_id: int
    status: str
    scope: str
    framework_version: VersionRef
    members: list[MemberOut]
    criteria: list[CriterionTargetsOut]


class SnapshotRef(Schema):
    id: int
    cluster_year_id: int
    framework_version_id: int
    engine_version: str
    reason: str
    created_by: str
    created_at: dt.datetime


class SnapshotOut(SnapshotRef):
    results: dict[str, Any]


class ReasonIn(Schema):
    reason: str


class ChangeOut(Schema):
    part: str
    criterion: str
    unit: str
    before: str | None
    after: str | None


class LossOut(Schema):
    label: str
    count: int
    items: list[str]


class ImportOut(Schema):
    id: int
    cluster_year_id: int
    file_name: str
    status: str
    problems: list[str]
    warnings: list[str]
    framework_changed: bool
    same_version_id: int | None
    counts: dict[str, int]
    changes: list[ChangeOut]
    losses: list[LossOut]
    refusal: str


class FrameworkImportOut(Schema):
    version: VersionRef
    framework_id: int
    framework: str
    created: bool


class FrameworkChoiceIn(Schema):
    version_id: int
    confirm_losses: bool = False
    reason: str = ""


def _version_ref(version: FrameworkVersion) -> VersionRef:
    return VersionRef(
        id=version.pk, number=version.number, status=version.status, published_at=version.published_at
    )


def framework_out(framework: Framework) -> FrameworkOut:
    return FrameworkOut(
        id=framework.pk,
        province_id=framework.province_id,
        name=framework.name,
        versions=[_version_ref(v) for v in framework.versions.all()],
    )


def snapshot_ref(snapshot: ScoreSnapshot) -> SnapshotRef:
    return SnapshotRef(
        id=snapshot.pk,
        cluster_year_id=snapshot.cluster_year_id,
        framework_version_id=snapshot.framework_version_id,
        engine_version=snapshot.engine_version,
        reason=snapshot.reason,
        created_by=snapshot.created_by_name,
        created_at=snapshot.created_at,
    )


def import_out(package_import: PackageImport, preview: Preview) -> ImportOut:
    return ImportOut(
        id=package_import.pk,
        cluster_year_id=package_import.cluster_year_id,
        file_name=package_import.file_name,
        status=package_import.status,
        problems=[str(problem) for problem in preview.problems],
        warnings=preview.warnings,
        framework_changed=preview.framework_changed,
        same_version_id=preview.same_version.pk if preview.same_version else None,
        counts=preview.counts,
        changes=[
            ChangeOut(part=c.part, criterion=c.criterion, unit=c.unit, before=c.before, after=c.after)
            for c in preview.changes
        ],
        losses=[
            LossOut(label=loss.label, count=loss.count, items=list(loss.items)) for loss in preview.losses
        ],
        refusal=preview.refusal,
    )


@router.get("/frameworks", response={200: list[FrameworkOut], **ERRORS}, summary="Các thang điểm được xem")
def framework_list(request: HttpRequest) -> list[FrameworkOut]:
    return [framework_out(f) for f in selectors.framework_list(user=request.user)]


@router.get(
    "/framework-versions/{version_id}",
    response={200: VersionOut, **ERRORS},
    summary="Một phiên bản thang điểm với nội dung",
)
def framework_version_get(request: HttpRequest, version_id: int) -> VersionOut:
    version = selectors.framework_version_get_for_user(request.user, version_id)
    return VersionOut(
        **_version_ref(version).dict(),
        framework_id=version.framework_id,
        framework=version.framework.name,
        derived_from_id=version.derived_from_id,
        legal_basis=list(version.legal_basis),
        document=version.document,
    )


FILE_TYPES = {
    "yaml": "application/yaml; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@router.get(
    "/framework-versions/{version_id}/file",
    response={200: None, **ERRORS},
    summary="Tệp thang điểm của một phiên bản (yaml, json hoặc xlsx): thang điểm và căn cứ pháp lý",
)
def framework_version_file(request: HttpRequest, version_id: int, format: str = "yaml") -> HttpResponse:
    version = selectors.framework_version_get_for_user(request.user, version_id)
    if format not in FILE_TYPES:
        raise NotFound("Không có định dạng này; chọn yaml, json hoặc xlsx.")
    content = {
        "yaml": framework_files.framework_yaml,
        "json": framework_files.framework_json,
        "xlsx": framework_files.framework_workbook,
    }[format](version)
    response = HttpResponse(content, content_type=FILE_TYPES[format])
    response["Content-Disposition"] = (
        f'attachment; filename="thang-diem-{version.framework_id}-phien-ban-{version.number}.{format}"'
    )
    return response


@router.post(
    "/frameworks/import",
    response={200: FrameworkImportOut, 201: FrameworkImportOut, **WRITE_ERRORS},
    summary="Nhập thang điểm từ tệp: dùng lại phiên bản đã ban hành giống hệt (200) hoặc tạo phiên bản mới (201)",
)
def framework_import(
    request: HttpRequest, file: File[UploadedFile], name: Form[str] = "", province_id: Form[int | None] = None
) -> Status[FrameworkImportOut]:
    provinces = access.provinces_with_role(request.user, {"board_admin"})
    chosen = province_id if province_id is not None else min(provinces, default=None)
    province = Unit.objects.filter(pk=chosen, province__isnull=True).first() if chosen else None
    if province is None or province.pk not in provinces:
        raise AccessDenied("Chỉ Ban Thi đua – Khen thưởng của tỉnh được thay đổi thang điểm.")
    version, created = framework_services.framework_import(
        actor=request.user,  # type: ignore[arg-type]
        province=province,
        file_name=file.name or "",
        content=file.read(),
        name=name,
    )
    out = FrameworkImportOut(
        version=_version_ref(version),
        framework_id=version.framework_id,
        framework=version.framework.name,
        created=created,
    )
    return Status(201 if created else 200, out)


@router.get(
    "/cluster-years/{cluster_year_id}/agreement",
    response={200: AgreementOut, **ERRORS},
    summary="Giao ước của cụm, khối trong năm với chỉ tiêu của từng thành viên",
)
def agreement_get(request: HttpRequest, cluster_year_id: int) -> AgreementOut:
    cluster_year, agreement = selectors.cluster_year_for_agreement(request.user, cluster_year_id)
    if agreement is None:
        raise NotFound(f"{cluster_year} chưa có giao ước.")
    members, rows = selectors.targets_table(agreement)
    return AgreementOut(
        id=agreement.pk,
        cluster_year_id=cluster_year.pk,
        status=agreement.status,
        scope=agreement.scope,
        framework_version=_version_ref(agreement.framework_version),
        members=[
            MemberOut(unit_id=m.unit_id, code=m.unit.code, name=m.unit.name, role=m.role) for m in members
        ],
        criteria=[
            CriterionTargetsOut(
                code=row.code,
                title=row.title,
                unit_of_measure=row.unit_of_measure,
                uses_target=row.uses_target,
                targets=[
                    TargetOut(
                        unit_id=cell.membership.unit_id,
                        unit_code=cell.membership.unit.code,
                        target=cell.target,
                        source=cell.source,
                    )
                    for cell in row.cells
                ],
            )
            for row in rows
        ],
    )


@router.put(
    "/cluster-years/{cluster_year_id}/agreement/framework",
    response={200: AgreementOut, **WRITE_ERRORS},
    summary="Chọn (hoặc đổi) phiên bản thang điểm đã ban hành cho giao ước, trước khi thành viên ký",
)
def agreement_framework_set(
    request: HttpRequest, cluster_year_id: int, payload: FrameworkChoiceIn
) -> AgreementOut:
    cluster_year, _agreement = selectors.cluster_year_for_agreement(request.user, cluster_year_id)
    version = selectors.framework_version_get_for_user(request.user, payload.version_id)
    agreement_services.agreement_framework_set(
        actor=request.user,  # type: ignore[arg-type]
        cluster_year=cluster_year,
        framework_version=version,
        confirm_losses=payload.confirm_losses,
        reason=payload.reason,
    )
    return agreement_get(request, cluster_year_id)


def _scores_cluster_year(request: HttpRequest, cluster_year_id: int) -> Any:
    cluster_year, _agreement = selectors.cluster_year_for_agreement(request.user, cluster_year_id)
    if not permissions.can_view_scores(request.user, cluster_year):
        raise AccessDenied("Bạn không có quyền xem kết quả chấm điểm chưa công bố của cụm này.")
    return cluster_year


@router.get(
    "/cluster-years/{cluster_year_id}/snapshots",
    response={200: list[SnapshotRef], **ERRORS},
    summary="Các lần chấm điểm của cụm, khối trong năm",
)
def snapshot_list(request: HttpRequest, cluster_year_id: int) -> list[SnapshotRef]:
    cluster_year = _scores_cluster_year(request, cluster_year_id)
    return [snapshot_ref(s) for s in selectors.snapshot_list(user=request.user, cluster_year=cluster_year)]


@router.post(
    "/cluster-years/{cluster_year_id}/snapshots",
    response={201: SnapshotOut, **WRITE_ERRORS},
    summary="Chấm điểm số liệu hiện có và lưu kết quả",
)
def snapshot_create(request: HttpRequest, cluster_year_id: int, payload: ReasonIn) -> Status[SnapshotOut]:
    cluster_year, _agreement = selectors.cluster_year_for_agreement(request.user, cluster_year_id)
    snapshot = snapshot_services.snapshot_create(
        actor=request.user,  # type: ignore[arg-type]
        cluster_year=cluster_year,
        reason=payload.reason,
    )
    return Status(201, SnapshotOut(**snapshot_ref(snapshot).dict(), results=snapshot.results))


@router.get(
    "/snapshots/{snapshot_id}",
    response={200: SnapshotOut, **ERRORS},
    summary="Một lần chấm điểm với kết quả thidua.results/1",
)
def snapshot_get(request: HttpRequest, snapshot_id: int) -> SnapshotOut:
    snapshot = selectors.snapshot_get_for_user(request.user, snapshot_id)
    return SnapshotOut(**snapshot_ref(snapshot).dict(), results=snapshot.results)


@router.post(
    "/cluster-years/{cluster_year_id}/imports",
    response={201: ImportOut, **WRITE_ERRORS},
    summary="Tải lên gói dữ liệu (.yaml, .json, .xlsx) và xem trước",
)
def import_upload(request: HttpRequest, cluster_year_id: int, file: File[UploadedFile]) -> Status[ImportOut]:
    cluster_year, _agreement = selectors.cluster_year_for_agreement(request.user, cluster_year_id)
    created = import_services.package_import_upload(
        actor=request.user,  # type: ignore[arg-type]
        cluster_year=cluster_year,
        file_name=file.name or "",
        content=file.read(),
    )
    return Status(201, import_out(created, import_services.package_import_preview(created)))


@router.post(
    "/imports/{import_id}/apply",
    response={200: ImportOut, **WRITE_ERRORS},
    summary="Nhập gói dữ liệu đã xem trước vào năm thi đua",
)
def import_apply(request: HttpRequest, import_id: int) -> ImportOut:
    package_import = selectors.package_import_get_for_user(request.user, import_id)
    # The preview as it was before applying: what this call changed.
    preview = import_services.package_import_preview(package_import)
    import_services.package_import_apply(actor=request.user, package_import=package_import)  # type: ignore[arg-type]
    package_import.refresh_from_db()
    return import_out(package_import, preview)
