"""Movements in the Django admin, read-only: changes go through the audited services and pages."""

from __future__ import annotations

from django.contrib import admin

from thidua.movements.models import Movement, MovementReview
from thidua.org.admin import ReadOnlyAdmin


@admin.register(Movement)
class MovementAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "decision_number", "start_date", "end_date", "scope", "province")
    list_filter = ("kind", "scope", "province")
    search_fields = ("name", "decision_number")


@admin.register(MovementReview)
class MovementReviewAdmin(ReadOnlyAdmin):
    list_display = ("movement", "kind", "date")
    list_filter = ("kind",)
