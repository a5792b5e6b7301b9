"""Every change to units, clusters, years and memberships: permission checked, atomic, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from thidua.accounts import access
from thidua.accounts.access import Actor
from thidua.core import audit
from thidua.core.errors import AccessDenied, InvalidInput
from thidua.core.text import refuse_bidi_controls
from thidua.org.models import (
    Cluster,
    ClusterKind,
    ClusterYear,
    MemberRole,
    Membership,
    SuccessionKind,
    Unit,
    UnitLevel,
    UnitSuccession,
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


def cluster_create(
    *,
    actor: Actor,
    province: Unit,
    kind: str,
    code: str,
    name: str,
    decision_number: str = "",
    decision_date: dt.date | None = None,
) -> Cluster:
    """A cluster (cụm) or block (khối) set up by a decision of the province."""
    if province.level != UnitLevel.PROVINCE:
        raise InvalidInput("Cụm, khối phải thuộc một tỉnh, thành phố.", field="province")
    _require_board(actor, province.pk)
    if kind not in ClusterKind.values:
        raise InvalidInput("Loại phải là cụm hoặc khối thi đua.", field="kind")
    code, name = _clean_code(code), _clean_name(name)
    if Cluster.objects.filter(province=province, code=code).exists():
        raise InvalidInput(f"Tỉnh đã có cụm, khối mã {code}.", field="code")
    with transaction.atomic():
        cluster = Cluster.objects.create(
            province=province,
            kind=kind,
            code=code,
            name=name,
            decision_number=decision_number.strip(),
            decision_date=decision_date,
        )
        _record_created(actor=actor, action="cluster.create", obj=cluster, fields=CLUSTER_FIELDS)
    return cluster


def cluster_year_create(*, actor: Actor, cluster: Cluster, year: int) -> ClusterYear:
    """Open a year for a cluster; its members are then set with membership_set."""
    _require_board(actor, cluster.province_id)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(f"Năm phải từ {FIRST_YEAR} đến {LAST_YEAR}.", field="year")
    if ClusterYear.objects.filter(cluster=cluster, year=year).exists():
        raise InvalidInput(f"{cluster.name} đã có năm {year}.", field="year")
    with transaction.atomic():
        cluster_year = ClusterYear.objects.create(cluster=cluster, year=year)
        audit.record(
            actor=access.audit_actor(actor),
            action="cluster_year.create",
            obj=cluster_year,
            after={"cluster": cluster.pk, "year": year},
        )
    return cluster_year


@dataclass(frozen=True)
class MemberSpec:
    """One member of a cluster year as the board enters it."""

    unit: Unit
    role: str = MemberRole.MEMBER
    order: int = 0


def _members_snapshot(cluster_year: ClusterYear) -> list[dict[str, Any]]:
    return [
        {"unit": m.unit.code, "role": m.role, "order": m.order}
        for m in Membership.objects.filter(cluster_year=cluster_year)
        .select_related("unit")
        .order_by("order", "id")
    ]


def _validate_members(cluster_year: ClusterYear, members: Sequence[MemberSpec]) -> None:
    cluster = cluster_year.cluster
    lineage = access.province_lineage(cluster.province_id)
    seen: set[int] = set()
    for row, spec in enumerate(members, start=1):
        place = f"Dòng {row}: {spec.unit.name}"
        if spec.unit.pk in seen:
            raise InvalidInput("Đơn vị có tên hai lần trong danh sách.", field="members", place=place)
        seen.add(spec.unit.pk)
        if spec.role not in MemberRole.values:
            raise InvalidInput("Vai trò không hợp lệ.", field="role", place=place)
        if spec.order < 0:
            raise InvalidInput("Thứ tự luân phiên không được âm.", field="order", place=place)
        if spec.unit.province_or_self_id not in lineage:
            raise InvalidInput("Đơn vị không thuộc tỉnh của cụm, khối.", field="members", place=place)
        if not cluster.accepts_level(spec.unit.level):
            expected = "đơn vị hành chính" if cluster.kind == ClusterKind.CUM else "sở, ban, ngành, cơ quan"
            raise InvalidInput(
                f"{cluster.get_kind_display()} chỉ gồm {expected}.", field="members", place=place
            )
        valid_to = spec.unit.valid_to
        if spec.unit.valid_from > cluster_year.last_day or (
            valid_to is not None and valid_to < cluster_year.first_day
        ):
            raise InvalidInput(
                f"Đơn vị không có hiệu lực trong năm {cluster_year.year}.", field="members", place=place
            )
    for role, label in (
        (MemberRole.LEADER, "cụm trưởng (khối trưởng)"),
        (MemberRole.DEPUTY, "cụm phó (khối phó)"),
    ):
        if sum(1 for spec in members if spec.role == role) > 1:
            raise InvalidInput(f"Mỗi năm chỉ có một {label}.", field="role")


def membership_set(
    *, actor: Actor, cluster_year: ClusterYear, members: Sequence[MemberSpec], reason: str = ""
) -> list[Membership]:
    """Replace the members of a cluster year, with their roles and rotation order, all at once."""
    _require_board(actor, cluster_year.cluster.province_id)
    _validate_members(cluster_year, members)
    wanted = {spec.unit.pk: spec for spec in members}
    with transaction.atomic():
        locked = ClusterYear.objects.select_for_update().get(pk=cluster_year.pk)
        before = _members_snapshot(locked)
        Membership.objects.filter(cluster_year=locked).exclude(unit_id__in=wanted).delete()
        # Everyone becomes a plain member first, so swapping leader and deputy never trips the one-leader rule.
        Membership.objects.filter(cluster_year=locked).update(role=MemberRole.MEMBER)
        existing = {m.unit_id: m for m in Membership.objects.filter(cluster_year=locked)}
        for spec in members:
            membership = existing.get(spec.unit.pk)
            if membership is None:
                Membership.objects.create(
                    cluster_year=locked, unit=spec.unit, role=spec.role, order=spec.order
                )
            else:
                Membership.objects.filter(pk=membership.pk).update(role=spec.role, order=spec.order)
        after = _members_snapshot(locked)
        if before != after:
            audit.record(
                actor=access.audit_actor(actor),
                action="membership.set",
                obj=locked,
                before={"members": before},
                after={"members": after},
                reason=reason,
            )
    return list(Membership.objects.filter(cluster_year=cluster_year).select_related("unit"))


def membership_role_change(
    *, actor: Actor, membership: Membership, role: str, reason: str = ""
) -> Membership:
    """Give a member a new role for the year; whoever held a leader or deputy role before becomes a member."""
    cluster_year = membership.cluster_year
    _require_board(actor, cluster_year.cluster.province_id)
    if role not in MemberRole.values:
        raise InvalidInput("Vai trò không hợp lệ.", field="role")
    with transaction.atomic():
        ClusterYear.objects.select_for_update().get(pk=cluster_year.pk)
        before = _members_snapshot(cluster_year)
        if role != MemberRole.MEMBER:
            Membership.objects.filter(cluster_year=cluster_year, role=role).exclude(pk=membership.pk).update(
                role=MemberRole.MEMBER
            )
        Membership.objects.filter(pk=membership.pk).update(role=role)
        after = _members_snapshot(cluster_year)
        old, new = audit.changed({"members": before}, {"members": after})
        if new:
            audit.record(
                actor=access.audit_actor(actor),
                action="membership.role_change",
                obj=membership,
                before=old,
                after=new,
                reason=reason,
            )
    membership.refresh_from_db()
    return membership
