"""Units: created, corrected, merged, dissolved and renamed by the board, each change audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Q

from thidua.accounts import access
from thidua.accounts.access import Actor
from thidua.core import audit
from thidua.core.errors import AccessDenied, InvalidInput
from thidua.org.models import (
    ClusterYear,
    SuccessionKind,
    Unit,
    UnitLevel,
    UnitSuccession,
)
from thidua.org.services.common import (
    KEEP,
    UNIT_FIELDS,
    _clean_code,
    _clean_name,
    _clean_text,
    _Keep,
    _record_created,
    _require_board,
)


def province_create(*, actor: Actor, code: str, name: str, valid_from: dt.date) -> Unit:
    """A new province. Provinces are set by law, not by a province's board: only the installer adds them."""
    if not access.is_system(actor):
        raise AccessDenied("Chỉ quản trị hệ thống mới được thêm tỉnh, thành phố.")
    code, name = _clean_code(code), _clean_name(name)
    if Unit.objects.filter(province__isnull=True, code=code).exists():
        raise InvalidInput(f"Đã có tỉnh mã {code}.", field="code")
    with transaction.atomic():
        unit = Unit.objects.create(level=UnitLevel.PROVINCE, code=code, name=name, valid_from=valid_from)
        _record_created(actor=actor, action="unit.create", obj=unit, fields=UNIT_FIELDS)
    return unit


def _check_parent(parent: Unit | None, province: Unit) -> None:
    if parent is not None and parent.province_or_self_id != province.pk:
        raise InvalidInput("Đơn vị cấp trên phải thuộc cùng tỉnh.", field="parent")


def unit_create(
    *,
    actor: Actor,
    province: Unit,
    level: str,
    code: str,
    name: str,
    parent: Unit | None = None,
    valid_from: dt.date | None = None,
    is_data_source: bool = False,
) -> Unit:
    """A commune, ward, agency or (for history) district of a province."""
    if province.level != UnitLevel.PROVINCE:
        raise InvalidInput("Đơn vị phải thuộc một tỉnh, thành phố.", field="province")
    _require_board(actor, province.pk)
    if level not in UnitLevel.values or level == UnitLevel.PROVINCE:
        raise InvalidInput("Cấp đơn vị không hợp lệ.", field="level")
    code, name = _clean_code(code), _clean_name(name)
    _check_parent(parent, province)
    if Unit.objects.filter(province=province, code=code).exists():
        raise InvalidInput(f"Tỉnh đã có đơn vị mã {code}.", field="code")
    start = valid_from or province.valid_from
    if start < province.valid_from:
        raise InvalidInput("Ngày hiệu lực không được trước ngày thành lập tỉnh.", field="valid_from")
    with transaction.atomic():
        unit = Unit.objects.create(
            province=province,
            level=level,
            code=code,
            name=name,
            parent=parent,
            valid_from=start,
            is_data_source=is_data_source,
        )
        _record_created(actor=actor, action="unit.create", obj=unit, fields=UNIT_FIELDS)
    return unit


def unit_update(
    *,
    actor: Actor,
    unit: Unit,
    name: str | None = None,
    parent: Unit | _Keep | None = KEEP,
    is_data_source: bool | None = None,
    reason: str = "",
) -> Unit:
    """Correct a unit's name, parent or data-source flag. Code, level and dates change only by succession."""
    _require_board(actor, unit.province_or_self_id)
    province_id = unit.province_or_self_id
    new_name = unit.name if name is None else _clean_name(name)
    new_parent = unit.parent if isinstance(parent, _Keep) else parent
    if new_parent is not None and (new_parent.province_or_self_id != province_id or new_parent.pk == unit.pk):
        raise InvalidInput("Đơn vị cấp trên phải thuộc cùng tỉnh và khác chính đơn vị.", field="parent")
    with transaction.atomic():
        locked = Unit.objects.select_for_update().get(pk=unit.pk)
        before = audit.snapshot(locked, UNIT_FIELDS)
        locked.name = new_name
        locked.parent = new_parent
        if is_data_source is not None:
            locked.is_data_source = is_data_source
        locked.save(update_fields=["name", "parent", "is_data_source"])
        old, new = audit.changed(before, audit.snapshot(locked, UNIT_FIELDS))
        if new:
            audit.record(
                actor=access.audit_actor(actor),
                action="unit.update",
                obj=locked,
                before=old,
                after=new,
                reason=reason,
            )
    return locked


def _end_unit(
    *,
    actor: Actor,
    unit: Unit,
    successor: Unit | None,
    kind: str,
    date: dt.date,
    decision_number: str,
    note: str,
) -> UnitSuccession:
    """End `unit` the day before `date` and record who carries its history; the caller holds the transaction."""
    locked = Unit.objects.select_for_update().get(pk=unit.pk)
    last_day = date - dt.timedelta(days=1)
    if not locked.is_valid_on(last_day):
        raise InvalidInput(
            f"{locked.name} không còn hiệu lực vào ngày {last_day:%d/%m/%Y}.", field="date", place=locked.code
        )
    if UnitSuccession.objects.filter(predecessor=locked).exists():
        raise InvalidInput(f"{locked.name} đã được sáp nhập, giải thể hoặc đổi tên.", place=locked.code)
    if successor is not None:
        if successor.pk == locked.pk:
            raise InvalidInput("Không thể sáp nhập một đơn vị vào chính nó.", field="successor")
        if not successor.is_valid_on(date):
            raise InvalidInput(
                f"{successor.name} chưa hoặc không còn hiệu lực vào ngày {date:%d/%m/%Y}.", field="successor"
            )
    _check_years_in_progress(locked, last_day=last_day, kind=kind, note=note)
    before = audit.snapshot(locked, ["valid_to"])
    locked.valid_to = last_day
    locked.save(update_fields=["valid_to"])
    succession = UnitSuccession.objects.create(
        predecessor=locked,
        successor=successor,
        kind=kind,
        date=date,
        decision_number=decision_number.strip(),
        note=note.strip(),
    )
    audit.record(
        actor=access.audit_actor(actor),
        action=f"unit.{kind}",
        obj=locked,
        before=before,
        after={
            "valid_to": last_day,
            "successor": successor.pk if successor is not None else None,
            "decision_number": succession.decision_number,
        },
        reason=note,
    )
    return succession


def _check_years_in_progress(unit: Unit, *, last_day: dt.date, kind: str, note: str) -> None:
    """A member of a year that has not ended on its last day may be dissolved or merged only with the reason
    said: the year's results still count its work, and whoever reads them must learn why it stops mid-year."""
    if note.strip() or kind == SuccessionKind.RENAME:
        return
    not_ended = Q(year__gt=last_day.year)
    if last_day < dt.date(last_day.year, 12, 31):
        not_ended |= Q(year=last_day.year)
    years = list(
        ClusterYear.objects.filter(not_ended, memberships__unit=unit)
        .select_related("cluster")
        .order_by("year", "cluster__code")
    )
    if not years:
        return
    listed = "; ".join(f"{cy.cluster.name} năm {cy.year}" for cy in years)
    verb = "Giải thể" if kind == SuccessionKind.DISSOLUTION else "Sáp nhập"
    raise InvalidInput(
        f"{unit.name} là thành viên của {listed}, năm thi đua chưa kết thúc vào ngày {last_day:%d/%m/%Y}. "
        f"{verb} đơn vị trước khi năm thi đua kết thúc phải ghi rõ lý do.",
        field="note",
        place=unit.code,
    )


def unit_merge(
    *,
    actor: Actor,
    predecessors: Sequence[Unit],
    successor: Unit,
    date: dt.date,
    decision_number: str,
    note: str = "",
) -> list[UnitSuccession]:
    """Merge units into a successor from `date`: each ends the day before and points to the successor."""
    if not predecessors:
        raise InvalidInput("Chọn ít nhất một đơn vị được sáp nhập.", field="predecessors")
    for unit in [*predecessors, successor]:
        _require_board(actor, unit.province_or_self_id)
    if len({u.pk for u in predecessors}) != len(predecessors):
        raise InvalidInput("Một đơn vị được chọn hai lần.", field="predecessors")
    with transaction.atomic():
        return [
            _end_unit(
                actor=actor,
                unit=unit,
                successor=successor,
                kind=SuccessionKind.MERGER,
                date=date,
                decision_number=decision_number,
                note=note,
            )
            for unit in predecessors
        ]


def unit_merge_into_new(
    *,
    actor: Actor,
    predecessors: Sequence[Unit],
    province: Unit,
    level: str,
    code: str,
    name: str,
    date: dt.date,
    decision_number: str,
    parent: Unit | None = None,
    note: str = "",
) -> tuple[Unit, list[UnitSuccession]]:
    """Merge units into a unit the same decision founds: it begins on `date`, the day they end after."""
    with transaction.atomic():
        successor = unit_create(
            actor=actor,
            province=province,
            level=level,
            code=code,
            name=name,
            parent=parent,
            valid_from=date,
            is_data_source=any(u.is_data_source for u in predecessors),
        )
        successions = unit_merge(
            actor=actor,
            predecessors=predecessors,
            successor=successor,
            date=date,
            decision_number=decision_number,
            note=note,
        )
    return successor, successions


def unit_dissolve(
    *,
    actor: Actor,
    unit: Unit,
    date: dt.date,
    decision_number: str,
    successor: Unit | None = None,
    note: str = "",
) -> UnitSuccession:
    """Dissolve a unit from `date`; a successor, if named, takes over its tasks and history."""
    _require_board(actor, unit.province_or_self_id)
    if successor is not None:
        _require_board(actor, successor.province_or_self_id)
    with transaction.atomic():
        return _end_unit(
            actor=actor,
            unit=unit,
            successor=successor,
            kind=SuccessionKind.DISSOLUTION,
            date=date,
            decision_number=decision_number,
            note=note,
        )


def unit_rename(
    *, actor: Actor, unit: Unit, date: dt.date, decision_number: str, new_name: str, new_code: str = ""
) -> Unit:
    """A renamed unit is a new record from `date`, so documents of earlier years keep the old name."""
    _require_board(actor, unit.province_or_self_id)
    if unit.province is None:
        raise InvalidInput("Đổi tên tỉnh, thành phố chỉ thực hiện bằng quản trị hệ thống.", field="unit")
    with transaction.atomic():
        renamed = Unit.objects.create(
            province=unit.province,
            level=unit.level,
            code=_clean_code(new_code or f"{unit.code}-{date.year}"),
            name=_clean_text(new_name, field="new_name", label="Tên mới", max_length=200),
            parent=unit.parent,
            is_data_source=unit.is_data_source,
            valid_from=date,
        )
        _record_created(actor=actor, action="unit.create", obj=renamed, fields=UNIT_FIELDS)
        _end_unit(
            actor=actor,
            unit=unit,
            successor=renamed,
            kind=SuccessionKind.RENAME,
            date=date,
            decision_number=decision_number,
            note="",
        )
    return renamed
