"""Read-only admin of frameworks, their versions, agreements with their lines, and score snapshots: every change
to these goes through the audited services, which an admin save would skip."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from thidua.agreements.models import Agreement, CriterionLine, Framework, FrameworkVersion, ScoreSnapshot
from thidua.org.admin import ReadOnlyAdmin


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = ("name", "province", "created_at")
    list_filter = ("province",)
    search_fields = ("name",)


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(ReadOnlyAdmin):
    list_display = ("framework", "number", "status", "published_at", "created_at")
    list_filter = ("status",)
    search_fields = ("framework__name",)
    list_select_related = ("framework",)


class CriterionLineInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CriterionLine
    verbose_name = _("dòng chỉ tiêu")
    verbose_name_plural = _("các dòng chỉ tiêu")
    fields = ("unit", "criterion", "target", "target_source", "value_number", "value_label", "value_flag")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ("cluster_year", "framework_version", "status", "created_at")
    list_filter = ("status",)
    list_select_related = ("cluster_year__cluster", "framework_version__framework")
    inlines = (CriterionLineInline,)


@admin.register(CriterionLine)
class CriterionLineAdmin(ReadOnlyAdmin):
    list_display = (
        "agreement_of",
        "unit",
        "criterion",
        "target",
        "value_number",
        "value_label",
        "status",
        "version",
        "updated_at",
    )
    list_filter = ("status",)
    search_fields = ("criterion", "unit__name", "unit__code")
    list_select_related = ("agreement__cluster_year__cluster", "unit")

    @admin.display(description=_("giao ước"), ordering="agreement")
    def agreement_of(self, line: CriterionLine) -> str:
        return str(line.agreement)


@admin.register(ScoreSnapshot)
class ScoreSnapshotAdmin(ReadOnlyAdmin):
    list_display = ("cluster_year", "framework_version", "engine_version", "created_by_name", "created_at")
    list_select_related = ("cluster_year__cluster", "framework_version__framework")
    search_fields = ("reason", "created_by_name")
    date_hierarchy = "created_at"
