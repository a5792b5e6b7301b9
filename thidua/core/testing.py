"""Helpers shared by the test suites of every area (imported by tests only)."""

from __future__ import annotations

from django.apps import apps
from django.db import connection


def row_counts() -> dict[str, int]:
    """The number of rows of every table of every installed model: compare before and after a refused request
    to prove it changed nothing anywhere."""
    counts = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # table names come from our own models
            counts[table] = cursor.fetchone()[0]
    return counts
