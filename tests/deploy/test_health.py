"""/suc-khoe/ answers 200 when the database, the worker and the disk are well, 503 naming what is not."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from thidua.core.health import HEARTBEAT_PATH
from thidua.core.testing import row_counts

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _run_pending_tasks() -> None:
    """What one pass of `manage.py db_worker --batch` does: claim and run every ready task."""
    from django.core.management import call_command

    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_it_reports_healthy_once_a_live_worker_ran_the_heartbeat(settings: Any) -> None:
    settings.TASKS = DB_TASKS
    first = Client().get("/suc-khoe/")
    assert first.status_code == 200
    body = first.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["worker"]["message"] == (
        "Chưa có nhịp của tiến trình nền; đã gửi một việc kiểm tra, hỏi lại sau ít giây."
    )
    assert DBTaskResult.objects.filter(task_path=HEARTBEAT_PATH, status=TaskResultStatus.READY).count() == 1
    assert first["Cache-Control"].startswith("max-age=0")

    _run_pending_tasks()
    again = Client().get("/suc-khoe/").json()
    assert again["status"] == "ok"
    assert again["checks"]["worker"]["last_heartbeat_seconds"] is not None
    assert again["checks"]["worker"]["message"].startswith("Tiến trình nền nhận việc (nhịp gần nhất ")
    # A fresh heartbeat is enough: no new task is queued on every call.
    assert not DBTaskResult.objects.filter(task_path=HEARTBEAT_PATH, status=TaskResultStatus.READY).exists()


@pytest.mark.django_db(transaction=True)
def test_it_answers_503_when_no_worker_took_the_queued_work(settings: Any) -> None:
    settings.TASKS = DB_TASKS
    settings.HEALTH_WORKER_MAX_WAIT_SECONDS = 120
    Client().get("/suc-khoe/")  # queues the heartbeat; no worker runs it
    DBTaskResult.objects.filter(task_path=HEARTBEAT_PATH).update(
        enqueued_at=timezone.now() - dt.timedelta(seconds=300)
    )
    response = Client().get("/suc-khoe/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["worker"]["ok"] is False
    assert body["checks"]["worker"]["message"] == (
        "Có việc nền đã chờ 300 giây (quá 120 giây) mà không tiến trình nền nào nhận: kiểm tra dịch vụ thidua-worker."
    )
    assert body["checks"]["database"]["ok"] is True
    # The waiting heartbeat is not queued twice.
    assert DBTaskResult.objects.filter(task_path=HEARTBEAT_PATH).count() == 1


@pytest.mark.django_db
def test_it_answers_503_when_the_data_disk_is_nearly_full(settings: Any) -> None:
    settings.HEALTH_MIN_FREE_BYTES = 2**60  # more than any disk has
    response = Client().get("/suc-khoe/")
    assert response.status_code == 503
    disk = response.json()["checks"]["disk"]
    assert disk["ok"] is False
    assert disk["message"].startswith("Ổ dữ liệu còn ")
    assert disk["message"].endswith(" MB: giải phóng chỗ hoặc mở rộng ổ.")


@pytest.mark.django_db
def test_it_answers_503_when_the_database_does_not_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("server closed the connection")

    monkeypatch.setattr(connection, "cursor", broken)
    response = Client().get("/suc-khoe/")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"] == {
        "ok": False,
        "message": "Không truy vấn được cơ sở dữ liệu (OperationalError).",
    }
    assert checks["worker"] == {"ok": False, "message": "Không kiểm tra được vì cơ sở dữ liệu lỗi."}


@pytest.mark.django_db
def test_it_refuses_writes_and_shows_no_province_data(settings: Any) -> None:
    before = row_counts()
    response = Client().post("/suc-khoe/")
    assert response.status_code == 405
    assert row_counts() == before
