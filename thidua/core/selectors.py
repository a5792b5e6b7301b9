"""Reads of the audit trail, scoped by province: a board reads its own province's trail and nothing else.

Events with no province (the national award catalogue, personal API tokens, rows that could not be placed) are
shown to no board: deny by default, since an empty province may as well hide another province's change as a
national one. Superusers read them in the read-only Django admin.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from thidua.accounts import access
from thidua.accounts.models import Role
from thidua.core.models import AuditEvent


def audit_provinces_of(user: Any) -> set[int]:
    """The provinces whose trail the user reads: where they are the board, with the provinces merged into them."""
    return access.provinces_with_role(user, {Role.BOARD_ADMIN})


def audit_events_visible_to(user: Any) -> QuerySet[AuditEvent]:
    provinces = audit_provinces_of(user)
    if not provinces:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(province_id__in=provinces)


def object_events_for_user(
    user: Any, *, object_type: str, object_id: str, object_visible: bool
) -> QuerySet[AuditEvent]:
    """The history of one object: all of it when the object itself is visible to the user, else the board's part."""
    if object_visible:
        return AuditEvent.objects.filter(object_type=object_type, object_id=object_id)
    return audit_events_visible_to(user).filter(object_type=object_type, object_id=object_id)
