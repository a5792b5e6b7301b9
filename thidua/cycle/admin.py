"""Read-only admin pages: every change goes through the services (and their audit rows), never the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from thidua.cycle.models import Amendment, Appeal, Cycle, Evidence, LineState, Notification, Signature


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Cycle)
class CycleAdmin(ReadOnlyAdmin):
    list_display = ("cluster_year", "state", "reporting_deadline", "appeal_deadline")
    list_filter = ("state",)


@admin.register(LineState)
class LineStateAdmin(ReadOnlyAdmin):
    list_display = ("cycle", "unit", "criterion", "status", "version")
    list_filter = ("status",)


for model in (Signature, Evidence, Amendment, Appeal, Notification):
    admin.site.register(model, ReadOnlyAdmin)
