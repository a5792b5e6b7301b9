"""Imports of the register and of subjects from .xlsx, done by the worker: the upload is kept privately, a
RegisterImport row follows it from queued to done or failed, and the file is written all or nothing.

The work runs as the user who sent the file: the register's and the subjects' own services check that user's
rights again when the worker writes, and write the one audit event of the file. A refused file writes nothing,
and no audit event; its errors by row and column stay on the row for the page.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from thidua.accounts import access
from thidua.awards.importing import parse_register_xlsx, parse_subjects_xlsx
from thidua.awards.models import ImportKind, RegisterImport
from thidua.awards.rights import board_provinces
from thidua.awards.services import register as register_services
from thidua.awards.services import subjects as subject_services
from thidua.core.errors import AccessDenied, InvalidInput, ThiduaError
from thidua.core.jobs import JobStatus, job_claim, job_end, job_progress
from thidua.core.text import refuse_bidi_controls
from thidua.org.models import Unit

logger = logging.getLogger(__name__)
# Share of the bar for reading and checking the rows; writing takes the rest in one transaction.
READING_SHARE = 60
WARNINGS_KEPT = 50


def import_provinces(user: Any, kind: str) -> set[int]:
    """The provinces the user may import into: the board's for the register; for subjects, the provinces of the
    units the user sees (the subjects' service checks each row's unit when it writes)."""
    if kind == ImportKind.REGISTER:
        return board_provinces(user)
    return set(
        Unit.objects.filter(pk__in=access.units_visible_to(user).values("province_id")).values_list(
            "pk", flat=True
        )
    )


def import_request(
    *,
    actor: Any,
    kind: str,
    province: Unit,
    upload: UploadedFile,
    on_existing: str = register_services.ExistingLines.REFUSE,
) -> RegisterImport:
    """Keep the file privately and queue its import; the worker reads it after the commit. `on_existing` is the
    user's choice for register lines already in the register: refuse the file, or skip them."""
    if on_existing not in register_services.ExistingLines.values:
        raise InvalidInput("Cách xử lý dòng đã có trong sổ không hợp lệ.", field="on_existing")
    if kind not in ImportKind.values:
        raise InvalidInput("Loại dữ liệu nhập không hợp lệ.", field="kind")
    if province.pk not in import_provinces(actor, kind):
        if kind == ImportKind.REGISTER:
            raise AccessDenied("Chỉ Ban Thi đua – Khen thưởng của tỉnh được ghi sổ khen thưởng.")
        raise AccessDenied("Bạn không có quyền nhập đối tượng khen thưởng của tỉnh này.")
    name = (upload.name or "tep.xlsx").rsplit("/", 1)[-1][:200]
    refuse_bidi_controls(name, label="Tên tệp", field="file")
    job = RegisterImport(kind=kind, province=province, file_name=name, requested_by=actor)
    job.file.save(name, upload, save=False)
    try:
        with transaction.atomic():
            job.save()
            from thidua.awards.tasks import run_import

            transaction.on_commit(lambda: run_import.enqueue(job.pk, str(on_existing)))
    except BaseException:
        # The stored file must not outlive a request whose row was not written.
        job.file.storage.delete(job.file.name)
        raise
    return job


def _progress(job: RegisterImport, total: int, read: int, checked: int) -> None:
    share = READING_SHARE * read // total if total else 0
    job_progress(
        RegisterImport,
        job.pk,
        percent=2 + share,
        step="Đọc và kiểm tra các dòng",
        rows_total=total,
        rows_read=read,
        rows_checked=checked,
    )


def _fail(job: RegisterImport, errors: list[str], sheet: str = "") -> str:
    job_end(
        RegisterImport, job.pk, status=JobStatus.FAILED, step="Không nhập", errors=errors, sheet=sheet[:100]
    )
    return JobStatus.FAILED


def _write(job: RegisterImport, user: Any, parsed: Any, on_existing: str) -> dict[str, Any] | None:
    """Write the checked rows and end the row as done in one transaction; None when another run ended it."""
    with transaction.atomic():
        if job.kind == ImportKind.REGISTER:
            result = register_services.register_import(
                actor=user,
                province=job.province,
                entries=parsed.entries,
                file_name=job.file_name,
                on_existing=on_existing,
                job=job,
            )
            summary: dict[str, Any] = {
                "decisions": result.decisions,
                "records": result.records,
                "skipped": result.skipped,
                "warnings": result.warnings[:WARNINGS_KEPT],
                "warnings_total": len(result.warnings),
            }
        else:
            created, years = subject_services.subjects_import(
                actor=user, rows=parsed.rows, file_name=job.file_name, job=job
            )
            summary = {"created": created, "years": years}
        if not job_end(RegisterImport, job.pk, status=JobStatus.DONE, step="Hoàn thành", summary=summary):
            transaction.set_rollback(True)
            return None
    return summary


def import_run(*, import_id: int, on_existing: str = register_services.ExistingLines.REFUSE) -> str:
    """The task's whole body: read, check, write or refuse. Returns the final status."""
    if not job_claim(RegisterImport, import_id, step="Mở tệp"):
        return "skipped"
    job = RegisterImport.objects.select_related("province", "requested_by").get(pk=import_id)
    try:
        with job.file.open("rb") as handle:
            reader = parse_register_xlsx if job.kind == ImportKind.REGISTER else parse_subjects_xlsx
            parsed = reader(
                handle,
                province=job.province,
                progress=lambda total, read, checked: _progress(job, total, read, checked),
            )
        if parsed.errors:
            return _fail(job, parsed.errors, parsed.sheet)
        job_progress(RegisterImport, job.pk, percent=READING_SHARE + 5, step="Ghi vào sổ")
        try:
            summary = _write(job, job.requested_by, parsed, on_existing)
        except ThiduaError as exc:
            return _fail(job, [exc.message, *exc.details.get("lines", [])], parsed.sheet)
        return "skipped" if summary is None else JobStatus.DONE
    except Exception:
        # The user sees that it failed and can send the file again; the traceback goes to the log.
        logger.exception("import %s failed", import_id)
        return _fail(job, ["Lỗi khi nhập tệp; hãy thử lại, nếu vẫn lỗi hãy báo quản trị hệ thống."])
    finally:
        # The upload holds personal data: once read, it is not kept.
        if job.file.name:
            job.file.storage.delete(job.file.name)
