"""The Django admin lists master data read-only: every change goes through the audited services and pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from thidua.accounts import access
from thidua.accounts.models import Role
from thidua.org.models import Cluster, ClusterYear, Membership, Unit, UnitSuccession


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Browse and search, never edit: an admin save would skip the permission check and the audit row.

    A board officer sees only the rows of their province (and the provinces merged into it), found through
    `province_paths`; superusers see everything; a model with no path shows a board officer nothing."""

    province_paths: tuple[str, ...] = ()

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        provinces = access.provinces_with_role(request.user, {Role.BOARD_ADMIN})
        if not provinces or not self.province_paths:
            return queryset.none()
        condition = Q()
        for path in self.province_paths:
            condition |= Q(**{f"{path}__in": provinces})
        return queryset.filter(condition).distinct()

    def get_list_filter(self, request: HttpRequest) -> Any:
        """Filters on a relation list only the values of the rows this user may see, not every province's."""
        filters: list[Any] = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str) and self._is_relation(entry):
                filters.append((entry, admin.RelatedOnlyFieldListFilter))
            else:
                filters.append(entry)
        return filters

    def _is_relation(self, name: str) -> bool:
        try:
            field = self.model._meta.get_field(name)
        except Exception:  # a path across relations, or not a field: leave it as written
            return False
        return bool(field.is_relation)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    province_paths = ("province", "pk")
    list_display = ("code", "name", "level", "province", "valid_from", "valid_to", "is_data_source")
    list_filter = ("level", "province", "is_data_source")
    search_fields = ("code", "name")


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(ReadOnlyAdmin):
    province_paths = ("predecessor__province", "predecessor", "successor__province", "successor")
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
    province_paths = ("province",)
    list_display = ("code", "name", "kind", "province", "decision_number", "decision_date")
    list_filter = ("kind", "province")
    search_fields = ("code", "name")


@admin.register(ClusterYear)
class ClusterYearAdmin(ReadOnlyAdmin):
    province_paths = ("cluster__province",)
    list_display = ("cluster", "year")
    list_filter = ("year",)
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    province_paths = ("cluster_year__cluster__province",)
    list_display = ("unit", "cluster_year", "role", "order")
    list_filter = ("role", "cluster_year__year")
