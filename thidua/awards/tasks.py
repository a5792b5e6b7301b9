"""Background tasks of the awards app (django-tasks; `manage.py db_worker` runs them)."""

from __future__ import annotations

from django_tasks import task

from thidua.awards.services import imports


@task()
def run_import(import_id: int, on_existing: str = "refuse") -> str:
    return imports.import_run(import_id=import_id, on_existing=on_existing)
