"""Read-only admin views: every change goes through the services, so the admin site only looks."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from thidua.awards.models import AwardRecord, CatalogueAward, Decision, Dossier, Subject
from thidua.org.admin import ReadOnlyAdmin


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    province_paths = ("province",)
    list_display = ("number", "date", "level", "status")


@admin.register(AwardRecord)
class AwardRecordAdmin(ReadOnlyAdmin):
    province_paths = ("decision__province",)
    list_display = ("recipient_name", "award", "year", "status")
    search_fields = ("search_text",)


@admin.register(CatalogueAward)
class CatalogueAwardAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "level", "coefficient")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # The catalogue is national law, the same for every province: not scoped like the province's own rows.
        return admin.ModelAdmin.get_queryset(self, request)


@admin.register(Subject)
class SubjectAdmin(ReadOnlyAdmin):
    province_paths = ("province",)
    list_display = ("name", "kind", "unit")


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    province_paths = ("province",)
    list_display = ("title", "unit", "status")
