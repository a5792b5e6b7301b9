"""Read-only admin views: every change goes through the services, so the admin site only looks."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from thidua.awards.models import AwardRecord, CatalogueAward, Decision, Dossier, Subject


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("number", "date", "level", "status")


@admin.register(AwardRecord)
class AwardRecordAdmin(ReadOnlyAdmin):
    list_display = ("recipient_name", "award", "year", "status")
    search_fields = ("search_text",)


@admin.register(CatalogueAward)
class CatalogueAwardAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "level", "coefficient")


@admin.register(Subject)
class SubjectAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "unit")


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    list_display = ("title", "unit", "status")
