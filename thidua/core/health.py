"""/suc-khoe/: is this installation able to serve? The database answers, a background worker takes queued work,
and the data disk has room. JSON, 200 when every check passes and 503 otherwise, for a monitor or a load balancer.

The worker's signal. django-tasks-db keeps no heartbeat of its own, and an idle worker leaves no trace, so the check
keeps one small task in the queue: each call enqueues `worker_heartbeat` when none is waiting and none ran lately.
A live worker runs it within its polling interval; a dead or stuck one leaves it (and any other task) waiting. The
check fails when some ready task has waited longer than HEALTH_WORKER_MAX_WAIT_SECONDS — the age of the oldest
unclaimed task, the one thing a user would notice ("my report never comes").
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks import task, task_backends
from django_tasks.base import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

# Heartbeats older than this are deleted (the latest one always stays).
HEARTBEAT_KEEP = dt.timedelta(days=1)


@task()
def worker_heartbeat() -> str:
    """Run by the worker: proves it claims and finishes queued work."""
    return timezone.now().isoformat()


HEARTBEAT_PATH = worker_heartbeat.module_path


def check_database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"ok": False, "message": f"Không truy vấn được cơ sở dữ liệu ({type(exc).__name__})."}
    return {"ok": True, "message": "Cơ sở dữ liệu trả lời.", "engine": connection.vendor}


def _waiting_since(result: DBTaskResult[Any, Any]) -> dt.datetime:
    enqueued: dt.datetime = result.enqueued_at
    run_after: dt.datetime = result.run_after
    return enqueued if run_after == get_date_max() else max(enqueued, run_after)


def check_worker(now: dt.datetime | None = None) -> dict[str, Any]:
    backend = task_backends["default"]
    if not isinstance(backend, DatabaseBackend):
        return {
            "ok": True,
            "message": f"Việc nền chạy ngay trong yêu cầu ({type(backend).__name__}): không có tiến trình nền.",
        }
    now = now or timezone.now()
    limit = settings.HEALTH_WORKER_MAX_WAIT_SECONDS
    results = DBTaskResult.objects.filter(backend_name=backend.alias)
    oldest = results.ready().order_by("enqueued_at").first()
    waited = int((now - _waiting_since(oldest)).total_seconds()) if oldest else 0
    last = results.filter(task_path=HEARTBEAT_PATH, status=TaskResultStatus.SUCCESSFUL).order_by(
        "-finished_at"
    )
    last_beat = last.values_list("finished_at", flat=True).first()
    beat_age = int((now - last_beat).total_seconds()) if last_beat else None

    pending = results.filter(task_path=HEARTBEAT_PATH, status=TaskResultStatus.READY).exists()
    if not pending and (beat_age is None or beat_age > limit // 4):
        worker_heartbeat.enqueue()
        if last_beat:
            last.filter(finished_at__lt=min(last_beat, now - HEARTBEAT_KEEP)).delete()

    report: dict[str, Any] = {"oldest_waiting_seconds": waited, "last_heartbeat_seconds": beat_age}
    if waited > limit:
        return {
            "ok": False,
            "message": (
                f"Có việc nền đã chờ {waited} giây (quá {limit} giây) mà không tiến trình nền nào nhận: "
                "kiểm tra dịch vụ thidua-worker."
            ),
            **report,
        }
    if beat_age is None:
        message = "Chưa có nhịp của tiến trình nền; đã gửi một việc kiểm tra, hỏi lại sau ít giây."
    else:
        message = f"Tiến trình nền nhận việc (nhịp gần nhất {beat_age} giây trước)."
    return {"ok": True, "message": message, **report}


def check_disk() -> dict[str, Any]:
    minimum = settings.HEALTH_MIN_FREE_BYTES
    places = {Path(settings.DATA_DIR), Path(settings.MEDIA_ROOT)}
    free = min(shutil.disk_usage(p if p.exists() else p.parent).free for p in places)
    if free < minimum:
        return {
            "ok": False,
            "message": (
                f"Ổ dữ liệu còn {free // 2**20} MB, dưới mức tối thiểu {minimum // 2**20} MB: "
                "giải phóng chỗ hoặc mở rộng ổ."
            ),
            "free_bytes": free,
        }
    return {"ok": True, "message": f"Ổ dữ liệu còn {free // 2**20} MB.", "free_bytes": free}


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    checks = {"database": check_database()}
    if checks["database"]["ok"]:
        try:
            checks["worker"] = check_worker()
        except Exception as exc:
            checks["worker"] = {
                "ok": False,
                "message": f"Không đọc được hàng đợi việc nền ({type(exc).__name__}).",
            }
    else:
        checks["worker"] = {"ok": False, "message": "Không kiểm tra được vì cơ sở dữ liệu lỗi."}
    checks["disk"] = check_disk()
    healthy = all(c["ok"] for c in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
        json_dumps_params={"ensure_ascii": False},
    )
