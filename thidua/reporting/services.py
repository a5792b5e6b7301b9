"""Changes of the reporting app: the leader's sections, and report documents from request to stored file.

A document moves queued → running → done | failed, each step a compare-and-set, so a task run twice (a worker
restarted mid-way) cannot finish one document twice.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from thidua.accounts import access
from thidua.accounts.access import Actor, SystemActor
from thidua.core import audit
from thidua.core.errors import AccessDenied, Conflict, InvalidInput, NotFound
from thidua.core.jobs import JobStatus, job_claim, job_end, job_progress
from thidua.cycle.results import results_in_force
from thidua.org.models import ClusterYear, Unit, UnitLevel
from thidua.reporting import building, permissions, sources
from thidua.reporting.models import (
    DocumentFormat,
    DocumentKind,
    GeneratedDocument,
    LeaderSection,
    SectionKind,
)
from thidua.reports.render import Format

logger = logging.getLogger(__name__)
SYSTEM = SystemActor(name="tạo báo cáo")
SECTION_MAX_CHARS = 20_000
DOCUMENT_FIELDS = ("kind", "format", "province", "year", "cluster_year", "status")


def _user(actor: Actor) -> Any:
    return None if access.is_system(actor) else actor


# --- the leader's sections -------------------------------------------------------------------------------------


def leader_section_save(
    *, actor: Actor, cluster_year: ClusterYear, kind: str, text: str, expected_version: int, reason: str = ""
) -> LeaderSection:
    """The leader's new text of a section. `expected_version` is the version the leader started from: when
    someone saved in between, the save is refused so neither text is lost without anyone seeing it."""
    if not permissions.can_write_sections(actor, cluster_year):
        raise AccessDenied("Chỉ cụm trưởng, khối trưởng của năm này được viết phần hạn chế và phương hướng.")
    if kind not in SectionKind.values:
        raise InvalidInput("Phần phải là hạn chế, tồn tại hoặc phương hướng, nhiệm vụ.", field="kind")
    text = text.replace("\r\n", "\n").strip()
    if len(text) > SECTION_MAX_CHARS:
        raise InvalidInput(f"Nội dung dài quá {SECTION_MAX_CHARS} ký tự.", field="text")
    with transaction.atomic():
        section, _ = LeaderSection.objects.get_or_create(cluster_year=cluster_year, kind=kind)
        before = {"text": section.text, "version": section.version}
        updated = LeaderSection.objects.filter(pk=section.pk, version=expected_version).update(
            text=text, version=F("version") + 1, updated_by=_user(actor), updated_at=timezone.now()
        )
        if updated != 1:
            raise Conflict(
                "Nội dung đã được người khác sửa sau khi bạn mở trang; hãy tải lại trang để xem bản mới.",
                field="text",
            )
        section.refresh_from_db()
        audit.record(
            actor=access.audit_actor(actor),
            action="leader_section.save",
            obj=section,
            before=before,
            after={"text": section.text, "version": section.version},
            reason=reason,
        )
    return section


# --- asking for a document -------------------------------------------------------------------------------------


def _check_format(fmt: str) -> None:
    if fmt not in DocumentFormat.values:
        raise InvalidInput("Định dạng phải là md, docx, xlsx hoặc pdf.", field="format")


def _queue(actor: Actor, document: GeneratedDocument) -> None:
    audit.record(
        actor=access.audit_actor(actor),
        action="report.request",
        obj=document,
        after=audit.snapshot(document, DOCUMENT_FIELDS),
    )
    # The worker must not look for the row before it is committed; with the immediate backend the work runs
    # right after the commit, in the same request.
    from thidua.reporting.tasks import generate_document

    transaction.on_commit(lambda: generate_document.enqueue(document.pk))


def cluster_report_request(*, actor: Actor, cluster_year: ClusterYear, fmt: str) -> GeneratedDocument:
    """Ask for the cluster-year's summary report in `fmt`; the file is made in the background."""
    if not permissions.can_request_cluster_report(actor, cluster_year):
        raise AccessDenied(
            "Chỉ Ban Thi đua – Khen thưởng hoặc cụm trưởng, khối trưởng được tạo báo cáo tổng kết."
        )
    _check_format(fmt)
    if results_in_force(cluster_year) is None:
        raise InvalidInput(f"{cluster_year} chưa có kết quả chấm điểm được lưu, chưa tạo được báo cáo.")
    with transaction.atomic():
        document = GeneratedDocument.objects.create(
            kind=DocumentKind.CLUSTER,
            format=fmt,
            province_id=cluster_year.cluster.province_id,
            year=cluster_year.year,
            cluster_year=cluster_year,
            requested_by=_user(actor),
        )
        _queue(actor, document)
    return document


def province_report_request(*, actor: Actor, province: Unit, year: int, fmt: str) -> GeneratedDocument:
    """Ask for the province report of `year` over every cluster and block with stored results."""
    if province.level != UnitLevel.PROVINCE:
        raise InvalidInput("Báo cáo toàn tỉnh phải chọn một tỉnh, thành phố.", field="province")
    if not permissions.can_request_province_report(actor, province.pk):
        raise AccessDenied("Chỉ Ban Thi đua – Khen thưởng của tỉnh được tạo báo cáo toàn tỉnh.")
    _check_format(fmt)
    if not sources.cluster_years_with_results(province, year):
        raise InvalidInput(
            f"Năm {year} chưa có cụm, khối thi đua nào có kết quả chấm điểm được lưu.", field="year"
        )
    with transaction.atomic():
        document = GeneratedDocument.objects.create(
            kind=DocumentKind.PROVINCE, format=fmt, province=province, year=year, requested_by=_user(actor)
        )
        _queue(actor, document)
    return document


# --- the background work ---------------------------------------------------------------------------------------


def document_start(*, document_id: int) -> GeneratedDocument | None:
    """Claim a queued document for this worker; None when another run already took it or it is gone."""
    if not job_claim(GeneratedDocument, document_id, step="Bắt đầu"):
        return None
    return GeneratedDocument.objects.select_related("province", "cluster_year__cluster").get(pk=document_id)


def document_progress(*, document: GeneratedDocument, percent: int, step: str) -> None:
    """How far the work is, for the page that polls; not audited, it changes nothing anyone decided."""
    job_progress(GeneratedDocument, document.pk, percent=percent, step=step)


def _file_name(document: GeneratedDocument) -> str:
    subject = document.cluster_year.cluster.code if document.cluster_year is not None else "toan-tinh"
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", subject).strip("-") or "bao-cao"
    return f"bao-cao-tong-ket-{safe}-{document.year}.{document.format}"


def document_finish(*, document: GeneratedDocument, data: bytes) -> None:
    name = _file_name(document)
    stored = default_storage.save(f"reports/{document.year}/{document.pk}-{name}", ContentFile(data))
    with transaction.atomic():
        finished = job_end(
            GeneratedDocument,
            document.pk,
            status=JobStatus.DONE,
            step="Hoàn thành",
            file=stored,
            file_name=name,
            size=len(data),
        )
        if not finished:
            transaction.on_commit(lambda: default_storage.delete(stored))
            return
        audit.record(
            actor=access.audit_actor(SYSTEM),
            action="report.generate",
            obj=document,
            before={"status": JobStatus.RUNNING},
            after={"status": JobStatus.DONE, "file": stored, "size": len(data)},
        )


def document_fail(*, document: GeneratedDocument, error: str) -> None:
    with transaction.atomic():
        if job_end(GeneratedDocument, document.pk, status=JobStatus.FAILED, error=error[:2000]):
            audit.record(
                actor=access.audit_actor(SYSTEM),
                action="report.fail",
                obj=document,
                before={"status": JobStatus.RUNNING},
                after={"status": JobStatus.FAILED, "error": error[:2000]},
            )


def document_generate(*, document_id: int) -> str:
    """Make the document's file and store it; the task's whole body. Returns the final status."""
    document = document_start(document_id=document_id)
    if document is None:
        return "skipped"

    def progress(percent: int, step: str) -> None:
        document_progress(document=document, percent=percent, step=step)

    fmt: Format = document.format  # type: ignore[assignment]
    try:
        if document.cluster_year is not None:
            data = building.cluster_report_bytes(document.cluster_year, fmt, progress)
        else:
            data = building.province_report_bytes(document.province, document.year, fmt, progress)
    except NotFound as exc:
        document_fail(document=document, error=exc.message)
        return JobStatus.FAILED
    except Exception:
        # The user sees that it failed and can ask again; the traceback goes to the log, not to the page.
        logger.exception("report document %s failed", document_id)
        document_fail(
            document=document, error="Lỗi khi tạo tệp; hãy thử lại, nếu vẫn lỗi hãy báo quản trị hệ thống."
        )
        return JobStatus.FAILED
    progress(90, "Lưu tệp")
    document_finish(document=document, data=data)
    return JobStatus.DONE
