"""Register resources of the API: the same list and filters as the page and the export, and the statistics."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Query, Router, Schema

from thidua.awards import selectors
from thidua.awards.models import AwardRecord

router = Router(tags=["Khen thưởng"])


class RegisterQuery(Schema):
    q: str = ""
    award: str = ""
    level: str = ""
    year: int | None = None
    unit: int | None = None
    kind: str = ""
    category: str = ""
    status: str = ""
    decision: int | None = None
    page: int = 1
    page_size: int = 50


class AwardOut(Schema):
    id: int
    decision_number: str
    decision_date: dt.date
    level: str
    award_code: str
    award: str
    recipient_name: str
    recipient_kind: str
    position: str
    unit_id: int | None
    unit: str
    category: str
    year: int
    amount: Decimal | None
    status: str
    cells: list[str]


class AwardPage(Schema):
    # Exact up to 1,000 matches; past that, count is 1,000 and count_exact is False (there are more).
    count: int
    count_exact: bool
    page: int
    columns: list[str]
    items: list[AwardOut]


class CountOut(Schema):
    label: str
    count: int


class CountTableOut(Schema):
    key: str
    title: str
    total: int
    rows: list[CountOut]


def award_out(record: AwardRecord) -> AwardOut:
    return AwardOut(
        id=record.pk,
        decision_number=record.decision.number,
        decision_date=record.decision.date,
        level=record.decision.level,
        award_code=record.award.code,
        award=record.award.name,
        recipient_name=record.recipient_name,
        recipient_kind=record.recipient_kind,
        position=record.position,
        unit_id=record.unit_id,
        unit=record.unit.name if record.unit else record.unit_name,
        category=record.category,
        year=record.year,
        amount=record.amount,
        status=record.status,
        cells=selectors.register_cells(record),
    )


def _filters(query: RegisterQuery) -> selectors.RegisterFilters:
    return selectors.RegisterFilters(
        q=query.q,
        award=query.award,
        level=query.level,
        year=query.year,
        unit=query.unit,
        kind=query.kind,
        category=query.category,
        status=query.status,
        decision=query.decision,
    )


@router.get("/awards", response=AwardPage, summary="Sổ khen thưởng (cùng bộ lọc với trang và tệp Excel)")
def award_list(request: HttpRequest, query: Query[RegisterQuery]) -> AwardPage:
    rows = selectors.register_rows(user=request.user, filters=_filters(query))
    size = min(max(query.page_size, 1), 500)
    page = max(query.page, 1)
    count = rows.count()
    items = list(rows[(page - 1) * size : page * size])
    return AwardPage(
        count=count,
        count_exact=rows.exact,
        page=page,
        columns=[c.header for c in selectors.SCREEN_COLUMNS],
        items=[award_out(r) for r in items],
    )


@router.get("/awards/{pk}", response=AwardOut, summary="Một khen thưởng trong sổ")
def award_detail(request: HttpRequest, pk: int) -> AwardOut:
    return award_out(selectors.record_get_for_user(request.user, pk))


@router.get("/award-statistics", response=list[CountTableOut], summary="Thống kê khen thưởng")
def award_statistics(request: HttpRequest, query: Query[RegisterQuery]) -> list[CountTableOut]:
    tables = selectors.register_statistics(user=request.user, filters=_filters(query))
    return [
        CountTableOut(
            key=t.key,
            title=t.title,
            total=t.total,
            rows=[CountOut(label=b.label, count=b.count) for b in t.rows],
        )
        for t in tables
    ]
