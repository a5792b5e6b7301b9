"""Every change to movements and their reviews: the board of the province only, atomic, audited."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction

from thidua.accounts import access
from thidua.accounts.access import Actor
from thidua.core import audit
from thidua.core.errors import AccessDenied, InvalidInput
from thidua.movements.models import Movement, MovementKind, MovementReview, MovementScope, ReviewKind
from thidua.org.models import Cluster, Unit, UnitLevel

MOVEMENT_FIELDS = (
    "name",
    "kind",
    "decision_number",
    "decision_date",
    "decision_signer",
    "start_date",
    "end_date",
    "scope",
    "criteria_codes",
    "award_codes",
    "description",
)
REVIEW_FIELDS = ("movement", "kind", "date", "notes")
# A framework node ("1", "1.2", "2.3.a") or an award code ("co_tinh", "BK-UBND"): no spaces, nothing exotic.
CODE = re.compile(r"^[\w.\-/]{1,60}$")


@dataclass(frozen=True)
class MovementSpec:
    """What the board writes about a movement; the same for creating and editing."""

    name: str
    kind: str
    decision_number: str
    decision_date: dt.date
    start_date: dt.date
    scope: str
    decision_signer: str = ""
    end_date: dt.date | None = None
    clusters: Sequence[Cluster] = field(default_factory=tuple)
    participants: Sequence[Unit] = field(default_factory=tuple)
    criteria_codes: Sequence[str] = field(default_factory=tuple)
    award_codes: Sequence[str] = field(default_factory=tuple)
    description: str = ""


def _require_board(actor: Actor, province_id: int) -> None:
    if not access.is_board_admin(actor, province_id):
        raise AccessDenied("Chỉ Ban Thi đua – Khen thưởng của tỉnh được phát động và sửa phong trào thi đua.")


def _text(value: str, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    cleaned = " ".join(value.split())
    if required and not cleaned:
        raise InvalidInput(f"{label} không được để trống.", field=field)
    if len(cleaned) > max_length:
        raise InvalidInput(f"{label} dài quá {max_length} ký tự.", field=field)
    return cleaned


def _codes(values: Sequence[str], *, field: str, label: str) -> list[str]:
    """Trimmed, in the order given, each once; a code with spaces or odd characters is refused by name."""
    out: list[str] = []
    for raw in values:
        code = raw.strip()
        if not code:
            continue
        if not CODE.match(code):
            raise InvalidInput(f"{label}: mã “{code}” không hợp lệ (không chứa khoảng trắng).", field=field)
        if code not in out:
            out.append(code)
    return out


@dataclass(frozen=True)
class _Clean:
    values: dict[str, Any]
    clusters: list[Cluster]
    participants: list[Unit]


def _clean(province: Unit, spec: MovementSpec) -> _Clean:
    if spec.kind not in MovementKind.values:
        raise InvalidInput("Loại phong trào phải là thường xuyên, chuyên đề hoặc theo đợt.", field="kind")
    if spec.scope not in MovementScope.values:
        raise InvalidInput("Phạm vi phải là toàn tỉnh, các cụm, khối hoặc các đơn vị.", field="scope")
    if spec.end_date is not None and spec.end_date < spec.start_date:
        raise InvalidInput("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.", field="end_date")
    clusters = list(dict.fromkeys(spec.clusters))
    participants = list(dict.fromkeys(spec.participants))
    if any(c.province_id != province.pk for c in clusters):
        raise InvalidInput("Cụm, khối phải thuộc tỉnh phát động phong trào.", field="clusters")
    if any(u.province_or_self_id != province.pk or u.level == UnitLevel.PROVINCE for u in participants):
        raise InvalidInput(
            "Đơn vị tham gia phải là đơn vị thuộc tỉnh phát động phong trào.", field="participants"
        )
    if spec.scope == MovementScope.CLUSTERS and not clusters:
        raise InvalidInput("Phạm vi các cụm, khối cần chọn ít nhất một cụm, khối.", field="clusters")
    if spec.scope == MovementScope.UNITS and not participants:
        raise InvalidInput("Phạm vi các đơn vị cần chọn ít nhất một đơn vị tham gia.", field="participants")
    values = {
        "name": _text(spec.name, field="name", label="Tên phong trào", max_length=300),
        "kind": spec.kind,
        "decision_number": _text(
            spec.decision_number, field="decision_number", label="Số quyết định, chỉ thị", max_length=120
        ),
        "decision_date": spec.decision_date,
        "decision_signer": _text(
            spec.decision_signer, field="decision_signer", label="Người ký", max_length=200, required=False
        ),
        "start_date": spec.start_date,
        "end_date": spec.end_date,
        "scope": spec.scope,
        "criteria_codes": _codes(spec.criteria_codes, field="criteria_codes", label="Tiêu chí"),
        "award_codes": _codes(spec.award_codes, field="award_codes", label="Hình thức khen thưởng"),
        "description": spec.description.strip(),
    }
    return _Clean(values=values, clusters=clusters, participants=participants)


def _state(movement: Movement) -> dict[str, Any]:
    state = audit.snapshot(movement, MOVEMENT_FIELDS)
    state["clusters"] = sorted(movement.clusters.values_list("pk", flat=True))
    state["participants"] = sorted(movement.participants.values_list("pk", flat=True))
    return state


def movement_create(*, actor: Actor, province: Unit, spec: MovementSpec, reason: str = "") -> Movement:
    """A movement launched in the province by the decision the board names."""
    if province.level != UnitLevel.PROVINCE:
        raise InvalidInput("Phong trào phải do một tỉnh, thành phố phát động.", field="province")
    _require_board(actor, province.pk)
    clean = _clean(province, spec)
    with transaction.atomic():
        movement = Movement.objects.create(province=province, **clean.values)
        movement.clusters.set(clean.clusters)
        movement.participants.set(clean.participants)
        audit.record(
            actor=access.audit_actor(actor),
            action="movement.create",
            obj=movement,
            after=_state(movement),
            reason=reason,
        )
    return movement


def movement_update(*, actor: Actor, movement: Movement, spec: MovementSpec, reason: str = "") -> Movement:
    """The board rewrites what it knows of the movement; only what changed goes into the audit row."""
    _require_board(actor, movement.province_id)
    clean = _clean(movement.province, spec)
    with transaction.atomic():
        locked = Movement.objects.select_for_update().get(pk=movement.pk)
        before = _state(locked)
        for name, value in clean.values.items():
            setattr(locked, name, value)
        locked.save()
        locked.clusters.set(clean.clusters)
        locked.participants.set(clean.participants)
        old, new = audit.changed(before, _state(locked))
        if new:
            audit.record(
                actor=access.audit_actor(actor),
                action="movement.update",
                obj=locked,
                before=old,
                after=new,
                reason=reason,
            )
    return locked


def movement_review_add(
    *, actor: Actor, movement: Movement, kind: str, date: dt.date, notes: str = ""
) -> MovementReview:
    """An interim or the final review, held on or after the movement started."""
    _require_board(actor, movement.province_id)
    if kind not in ReviewKind.values:
        raise InvalidInput("Loại phải là sơ kết hoặc tổng kết.", field="kind")
    if date < movement.start_date:
        raise InvalidInput("Ngày sơ kết, tổng kết không được trước ngày bắt đầu phong trào.", field="date")
    if kind == ReviewKind.FINAL and movement.reviews.filter(kind=ReviewKind.FINAL).exists():
        raise InvalidInput("Phong trào đã có hội nghị tổng kết.", field="kind")
    user: Any = actor if getattr(actor, "pk", None) is not None else None
    try:
        with transaction.atomic():
            review = MovementReview.objects.create(
                movement=movement, kind=kind, date=date, notes=notes.strip(), created_by=user
            )
            audit.record(
                actor=access.audit_actor(actor),
                action="movement.review_add",
                obj=review,
                after=audit.snapshot(review, REVIEW_FIELDS),
            )
    except IntegrityError as exc:
        # Two boards adding the final review at once: the unique constraint decides, the loser is told why.
        raise InvalidInput("Phong trào đã có hội nghị tổng kết.", field="kind") from exc
    return review


def movement_review_delete(*, actor: Actor, review: MovementReview, reason: str) -> None:
    """Remove a review entered by mistake; the reason is required because the row disappears."""
    _require_board(actor, review.movement.province_id)
    reason = _text(reason, field="reason", label="Lý do", max_length=500)
    with transaction.atomic():
        before = audit.snapshot(review, REVIEW_FIELDS)
        audit.record(
            actor=access.audit_actor(actor),
            action="movement.review_delete",
            obj=review,
            before=before,
            reason=reason,
        )
        review.delete()
