"""The Django admin lists master data read-only: every change goes through the audited services and pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from thidua.org.models import Cluster, ClusterYear, Membership, Unit, UnitSuccession


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Browse and search, never edit: an admin save would skip the permission check and the audit row."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "level", "province", "valid_from", "valid_to", "is_data_source")
    list_filter = ("level", "province", "is_data_source")
    search_fields = ("code", "name")


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(ReadOnlyAdmin):
    list_display = ("predecessor", "successor", "kind", "date", "decision_number")
    list_filter = ("kind",)


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Cluster)
class ClusterAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind", "province", "decision_number", "decision_date")
    list_filter = ("kind", "province")
    search_fields = ("code", "name")


@admin.register(ClusterYear)
class ClusterYearAdmin(ReadOnlyAdmin):
    list_display = ("cluster", "year")
    list_filter = ("year",)
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("unit", "cluster_year", "role", "order")
    list_filter = ("role", "cluster_year__year")
