"""Read-only admin pages: every change goes through the services (and their audit rows), never the admin.

A board officer sees the rows of their own province, by the same paths as thidua.core.audit_scope."""

from __future__ import annotations

from django.contrib import admin

from thidua.cycle.models import Amendment, Appeal, Cycle, Evidence, Notification, Signature
from thidua.org.admin import ReadOnlyAdmin

_PROVINCE = "cluster_year__cluster__province"


@admin.register(Cycle)
class CycleAdmin(ReadOnlyAdmin):
    province_paths = (_PROVINCE,)
    list_display = ("cluster_year", "state", "reporting_deadline", "appeal_deadline")
    list_filter = ("state",)


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    province_paths = (f"cycle__{_PROVINCE}",)


@admin.register(Amendment)
class AmendmentAdmin(ReadOnlyAdmin):
    province_paths = (f"cycle__{_PROVINCE}",)


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    province_paths = (f"line__agreement__{_PROVINCE}",)


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    province_paths = (f"line__agreement__{_PROVINCE}",)


# A notification is personal to its recipient and belongs to no province (audit_scope.NO_PROVINCE): with no
# province path a board officer sees none, a superuser all.
admin.site.register(Notification, ReadOnlyAdmin)
