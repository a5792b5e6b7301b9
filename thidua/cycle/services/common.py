"""What the cycle's services share: the framework's criteria of a cycle, the value columns of a line, the
compare-and-set of a line (its figures and its workflow are one row), and notifications (in the app, and by e-mail when the user has an address)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from thidua.accounts import access
from thidua.accounts.access import Actor
from thidua.accounts.models import Role, RoleAssignment
from thidua.agreements.models import Agreement, CriterionLine
from thidua.agreements.packaging import version_framework
from thidua.core.errors import Conflict, InvalidInput, NotFound
from thidua.cycle.criteria import Criterion, criteria_of, shown_value
from thidua.cycle.models import Cycle, Notification
from thidua.engine import Value


def agreement_of(cycle: Cycle) -> Agreement:
    agreement = (
        Agreement.objects.select_related("framework_version")
        .filter(cluster_year_id=cycle.cluster_year_id)
        .first()
    )
    if agreement is None:
        raise NotFound(f"{cycle.cluster_year} chưa có giao ước.")
    return agreement


def cycle_criteria(cycle: Cycle) -> dict[str, Criterion]:
    """The cycle's leaves by code, read once per cycle object."""
    cached: dict[str, Criterion] | None = getattr(cycle, "_criteria", None)
    if cached is None:
        framework = version_framework(agreement_of(cycle).framework_version)
        cached = {c.code: c for c in criteria_of(framework)}
        cycle._criteria = cached  # type: ignore[attr-defined]
    return cached


def actor_name(actor: Actor) -> str:
    name = access.audit_actor(actor)
    if isinstance(name, str):
        return name
    return str(actor.get_full_name() or actor.get_username())  # type: ignore[union-attr]


def actor_user(actor: Actor) -> Any:
    return None if access.is_system(actor) else actor


def value_columns(value: Value | None) -> dict[str, Any]:
    """The line's value columns for `value`: the one its type takes is set, the other two cleared."""
    return {
        "value_number": value if value is not None and not isinstance(value, bool | str) else None,
        "value_label": value if isinstance(value, str) else None,
        "value_flag": value if isinstance(value, bool) else None,
    }


def compare_and_set(
    line: CriterionLine, *, expected_version: int, statuses: Iterable[str], **changes: Any
) -> None:
    """Apply `changes` only if nobody changed the line since `expected_version` was read; otherwise say who did
    and what the line holds now, so the user can decide again with the other person's value in view."""
    updated = CriterionLine.objects.filter(
        pk=line.pk, version=expected_version, status__in=list(statuses)
    ).update(version=F("version") + 1, updated_at=timezone.now(), **changes)
    if updated == 1:
        line.refresh_from_db()
        return
    current = CriterionLine.objects.get(pk=line.pk)
    if current.version != expected_version:
        who = current.saved_by_name or current.verified_by_name or "người khác"
        raise Conflict(
            f"{who} đã thay đổi dòng này trong lúc bạn sửa; giá trị hiện tại là “{shown_value(current.value) or '(trống)'}”. "
            "Giá trị của bạn chưa được lưu.",
            details={"version": current.version, "value": shown_value(current.value), "by": who},
        )
    raise InvalidInput(f"Dòng đang ở trạng thái “{current.get_status_display()}”, không sửa được.")


def now() -> dt.datetime:
    return timezone.now()


def today() -> dt.date:
    return timezone.localdate()


# --- notifications ----------------------------------------------------------------------------------------


def officers_of(unit_ids: Iterable[int]) -> list[Any]:
    ids = set(
        RoleAssignment.objects.active()
        .filter(role=Role.UNIT_OFFICER, unit_id__in=list(unit_ids))
        .values_list("user_id", flat=True)
    )
    return list(get_user_model().objects.filter(pk__in=ids))


def leaders_of(cycle: Cycle, *, about: int | None = None) -> list[Any]:
    """The officers who act as the leader about a unit: the leading unit's, or the deputy's when `about` is the
    leading unit itself (nobody answers about their own unit)."""
    from thidua.accounts.access import leadership_of

    leadership = leadership_of(cycle.cluster_year)
    acting = leadership.leader
    if acting is not None and about == acting.pk:
        acting = leadership.deputy
    return officers_of([acting.pk]) if acting is not None else []


def notify(users: Iterable[Any], text: str, url: str = "") -> None:
    """A notification per user in the same transaction as the change; e-mail only once that change is committed."""
    people = {user.pk: user for user in users if user is not None and getattr(user, "pk", None)}
    Notification.objects.bulk_create(
        [Notification(user=user, text=text[:500], url=url) for user in people.values()]
    )
    addresses = [user.email for user in people.values() if user.email]
    if addresses:
        transaction.on_commit(
            lambda: send_mail(
                subject=f"[ThiĐua] {text[:80]}",
                message=text + (f"\n\n{url}" if url else ""),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=addresses,
                fail_silently=True,
            )
        )


def notifications_mark_read(*, actor: Actor) -> int:
    """Mark the actor's own notifications read. Nobody else sees them, so no audit row is written."""
    return Notification.objects.filter(user=actor_user(actor), read_at__isnull=True).update(read_at=now())
