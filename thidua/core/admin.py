"""The whole audit trail, every province and the events of none, for superusers only and read-only.

Not for staff holding `core.view_auditevent` (user_admin_site_grant gives board officers the view permissions of
core): the trail of other provinces is not theirs to read. Boards read their own on the audit log page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from thidua.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("created_at", "actor_name", "action", "object_type", "object_repr", "province")
    list_filter = ("action", "object_type", ("province", admin.EmptyFieldListFilter))
    search_fields = ("actor_name", "action", "object_repr", "reason")
    list_select_related = ("province",)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
