"""Writing the audit trail. Services call `record` inside their own transaction, never signals."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction

from thidua.core.audit_scope import province_id_of
from thidua.core.middleware import current_request_id
from thidua.core.models import AuditEvent


class AuditOutsideTransaction(RuntimeError):
    """A service tried to audit a change outside the transaction that makes the change."""


def to_json_value(value: Any) -> Any:
    """A JSON-safe copy of a field value: Decimals and dates as strings, model instances as their pk."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Mapping):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_json_value(v) for v in value]
    if hasattr(value, "name") and hasattr(value, "url"):  # a FieldFile
        return value.name or ""
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of `obj` as JSON-safe values (foreign keys by id)."""
    out: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        out[name] = to_json_value(getattr(obj, attname))
    return out


def changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values differ, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    object_repr: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    reason: str = "",
    province: models.Model | int | None = None,
) -> AuditEvent:
    """Write one audit row. Must run inside the transaction that makes the change, so both land or neither.

    The row carries the province whose data changed, which decides which board may read it: `province` when the
    service names it (a unit, a province or its id), else the province `obj` belongs to (thidua.core.audit_scope).
    """
    if not connection.in_atomic_block:
        raise AuditOutsideTransaction(f"audit of {action} outside a transaction")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    if not str(object_id).strip() or not object_type:
        # A row that names nothing cannot be opened from the history pages; every change is to something.
        raise ValueError(
            f"audit of {action} names no object (object_type={object_type!r}, object_id={object_id!r})"
        )
    province_id = _province_id(province, obj)
    user = actor if getattr(actor, "pk", None) is not None else None
    actor_name = ""
    if user is not None:
        actor_name = (user.get_full_name() or user.get_username())[:150]
    elif isinstance(actor, str):
        actor_name = actor[:150]
    return AuditEvent.objects.create(
        actor=user,
        actor_name=actor_name,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=object_repr[:255],
        before=to_json_value(dict(before or {})),
        after=to_json_value(dict(after or {})),
        reason=reason,
        request_id=current_request_id(),
        province_id=province_id,
    )


REFUSED = "rule.refused"


def record_refusal(
    *,
    actor: Any,
    attempted: str,
    obj: models.Model,
    message: str,
    attempt: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Write that `actor` tried `attempted` (an action code) on `obj` and a rule of the year refused it with
    `message`. The refusal changes nothing else, so this row is written in its own transaction, before the
    service raises; a caller that wraps the attempt in a transaction of its own rolls the row back with it."""
    with transaction.atomic():
        return record(
            actor=actor,
            action=REFUSED,
            obj=obj,
            after={"attempted": attempted, **dict(attempt or {})},
            reason=message,
        )


def _province_id(province: models.Model | int | None, obj: models.Model | None) -> int | None:
    if isinstance(province, int):
        return province
    if province is not None:
        return province_id_of(province)
    return province_id_of(obj) if obj is not None else None
