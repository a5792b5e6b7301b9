"""What every service of the organisation shares: who may set up a province, and clean names and codes."""

from __future__ import annotations

from collections.abc import Sequence

from thidua.accounts import access
from thidua.accounts.access import Actor
from thidua.core import audit
from thidua.core.errors import AccessDenied, InvalidInput
from thidua.core.text import refuse_bidi_controls
from thidua.org.models import (
    Cluster,
    Unit,
)

UNIT_FIELDS = ("province", "level", "code", "name", "parent", "is_data_source", "valid_from", "valid_to")
CLUSTER_FIELDS = ("province", "kind", "code", "name", "decision_number", "decision_date")
FIRST_YEAR, LAST_YEAR = 2000, 2100


class _Keep:
    """Marks an optional argument the caller did not give, where None is a real value."""


KEEP = _Keep()


def _require_board(actor: Actor, province_id: int) -> None:
    if not access.is_board_admin(actor, province_id):
        raise AccessDenied("Bạn không có quyền quản lý đơn vị, cụm, khối của tỉnh này.")


def _clean_text(value: str, *, field: str, label: str, max_length: int) -> str:
    cleaned = " ".join(refuse_bidi_controls(value, label=label, field=field).split())
    if not cleaned:
        raise InvalidInput(f"{label} không được để trống.", field=field)
    if len(cleaned) > max_length:
        raise InvalidInput(f"{label} dài quá {max_length} ký tự.", field=field)
    return cleaned


def _clean_code(value: str) -> str:
    code = _clean_text(value, field="code", label="Mã", max_length=40).upper()
    if " " in code:
        raise InvalidInput("Mã không được chứa khoảng trắng.", field="code")
    return code


def _clean_name(value: str) -> str:
    return _clean_text(value, field="name", label="Tên", max_length=200)


def _record_created(*, actor: Actor, action: str, obj: Unit | Cluster, fields: Sequence[str]) -> None:
    audit.record(actor=access.audit_actor(actor), action=action, obj=obj, after=audit.snapshot(obj, fields))
