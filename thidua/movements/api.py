"""Movement resources of the API (read only): thin handlers over thidua.movements.selectors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from thidua.core.errors import InvalidInput
from thidua.movements import selectors
from thidua.movements.models import Movement, MovementKind, MovementScope
from thidua.org import selectors as org_selectors
from thidua.org.api import ERRORS, UnitRef, unit_ref

router = Router(tags=["Phong trào thi đua"])


class ReviewOut(Schema):
    id: int
    kind: str
    kind_label: str
    date: dt.date
    notes: str


class MovementOut(Schema):
    id: int
    province_id: int
    name: str
    kind: str
    decision_number: str
    decision_date: dt.date
    decision_signer: str
    start_date: dt.date
    end_date: dt.date | None
    scope: str
    # The list's columns as shown on the page and in the export, so every client reads the same words.
    columns: dict[str, str]


class MovementDetailOut(MovementOut):
    clusters: list[int]
    participants: list[UnitRef]
    criteria_codes: list[str]
    award_codes: list[str]
    description: str
    reviews: list[ReviewOut]


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _base(m: Movement) -> dict[str, Any]:
    return {
        "id": m.pk,
        "province_id": m.province_id,
        "name": m.name,
        "kind": m.kind,
        "decision_number": m.decision_number,
        "decision_date": m.decision_date,
        "decision_signer": m.decision_signer,
        "start_date": m.start_date,
        "end_date": m.end_date,
        "scope": m.scope,
        "columns": {c.key: str(c.value(m)) for c in selectors.MOVEMENT_COLUMNS},
    }


def movement_out(m: Movement) -> MovementOut:
    return MovementOut(**_base(m))


def movement_detail_out(m: Movement) -> MovementDetailOut:
    return MovementDetailOut(
        **_base(m),
        clusters=[c.pk for c in m.clusters.all()],
        participants=[unit_ref(u) for u in m.participants.all()],
        criteria_codes=list(m.criteria_codes),
        award_codes=list(m.award_codes),
        description=m.description,
        reviews=[
            ReviewOut(id=r.pk, kind=r.kind, kind_label=str(r.get_kind_display()), date=r.date, notes=r.notes)
            for r in m.reviews.all()
        ],
    )


@router.get("/movements", response={200: list[MovementOut], **ERRORS}, summary="Danh sách phong trào thi đua")
def list_movements(
    request: HttpRequest, kind: str = "", scope: str = "", year: int | None = None, q: str = ""
) -> list[MovementOut]:
    if kind and kind not in MovementKind.values:
        raise InvalidInput("Loại phong trào không hợp lệ.", field="kind")
    if scope and scope not in MovementScope.values:
        raise InvalidInput("Phạm vi không hợp lệ.", field="scope")
    filters = selectors.MovementFilters(kind=kind, scope=scope, year=year, search=q.strip())
    return [movement_out(m) for m in selectors.movement_list(user=_user(request), filters=filters)]


@router.get("/movements/{movement_id}", response={200: MovementDetailOut, **ERRORS}, summary="Một phong trào")
def get_movement(request: HttpRequest, movement_id: int) -> MovementDetailOut:
    return movement_detail_out(selectors.movement_get_for_user(_user(request), movement_id))


@router.get(
    "/units/{unit_id}/movements",
    response={200: list[MovementOut], **ERRORS},
    summary="Các phong trào một đơn vị tham gia",
)
def unit_movements(request: HttpRequest, unit_id: int) -> list[MovementOut]:
    user = _user(request)
    unit = org_selectors.unit_get_for_user(user, unit_id)
    return [movement_out(m) for m in selectors.movements_of_unit(user=user, unit=unit)]
