"""Reporting rows in the Django admin, read-only: changes go through the audited services and pages."""

from __future__ import annotations

from django.contrib import admin

from thidua.org.admin import ReadOnlyAdmin
from thidua.reporting.models import GeneratedDocument, LeaderSection


@admin.register(LeaderSection)
class LeaderSectionAdmin(ReadOnlyAdmin):
    list_display = ("cluster_year", "kind", "version", "updated_at")
    list_filter = ("kind",)


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(ReadOnlyAdmin):
    list_display = (
        "kind",
        "format",
        "province",
        "year",
        "cluster_year",
        "status",
        "progress",
        "requested_at",
    )
    list_filter = ("kind", "format", "status")
