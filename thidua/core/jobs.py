"""What every row that tracks background work shares (a generated report, an import): its status choices and the
compare-and-set moves queued → running → done | failed, so a task run twice (a worker restarted mid-way) cannot
start or finish the same work twice. The page polls the row; the partial core/partials/job_progress.html shows
its progress bar.

The row's model needs the fields `status`, `progress` (percent), `step`, `started_at` and `finished_at`.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Lỗi")


FINISHED = (JobStatus.DONE, JobStatus.FAILED)


def job_claim(model: type[models.Model], pk: int, *, step: str, **fields: Any) -> bool:
    """Take a queued row for this worker; False when another run already took it or it is gone."""
    claimed: int = model._default_manager.filter(pk=pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), progress=1, step=step[:200], **fields
    )
    return claimed == 1


def job_progress(model: type[models.Model], pk: int, *, percent: int, step: str, **fields: Any) -> None:
    """How far the work is, for the page that polls; kept between 1 and 99 until the work ends."""
    model._default_manager.filter(pk=pk, status=JobStatus.RUNNING).update(
        progress=max(1, min(percent, 99)), step=step[:200], **fields
    )


def job_end(model: type[models.Model], pk: int, *, status: JobStatus, step: str = "", **fields: Any) -> bool:
    """Move a running row to done or failed; False when it was not running (already ended by another run)."""
    if status not in FINISHED:
        raise ValueError(f"a job ends done or failed, not {status}")
    extra = {"progress": 100} if status == JobStatus.DONE else {}
    ended: int = model._default_manager.filter(pk=pk, status=JobStatus.RUNNING).update(
        status=status, finished_at=timezone.now(), **({"step": step[:200]} if step else {}), **extra, **fields
    )
    return ended == 1
