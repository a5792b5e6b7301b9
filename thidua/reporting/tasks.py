"""Background tasks of the reporting app (django-tasks; `manage.py db_worker` runs them)."""

from __future__ import annotations

from django_tasks import task

from thidua.reporting import services


@task()
def generate_document(document_id: int) -> str:
    return services.document_generate(document_id=document_id)
