"""Roles, tokens and login attempts, read-only in the admin: roles change only through the audited services.

The admin's login is throttled like the site's (thidua.accounts.throttle): one throttle for every door."""

from __future__ import annotations

from django.contrib import admin

from thidua.accounts.forms import AdminLoginForm
from thidua.accounts.models import ApiToken, LoginAttempt, RoleAssignment
from thidua.org.admin import ReadOnlyAdmin


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    province_paths = ("unit__province", "unit", "cluster__province")
    list_display = ("user", "role", "scope_kind", "unit", "cluster", "granted_at", "revoked_at")
    list_filter = ("role", "scope_kind")
    search_fields = ("user__username", "user__first_name")


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("user", "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at")
    exclude = ("token_hash",)


@admin.register(LoginAttempt)
class LoginAttemptAdmin(ReadOnlyAdmin):
    list_display = ("username", "address", "succeeded", "created_at")
    search_fields = ("username", "address")


admin.site.login_form = AdminLoginForm
