"""Every change to units, clusters, years and memberships: permission checked, atomic, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q

from thidua.accounts import access
from thidua.accounts.access import Actor
from thidua.core import audit
from thidua.core.errors import AccessDenied, InvalidInput
from thidua.org import opening
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
    cleaned = " ".join(value.split())
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


def cluster_update(
    *,
    actor: Actor,
    cluster: Cluster,
    kind: str,
    code: str,
    name: str,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    reason: str = "",
) -> Cluster:
    """Correct a cluster's name, code, kind or founding decision; its years and members stay as they are."""
    _require_board(actor, cluster.province_id)
    if kind not in ClusterKind.values:
        raise InvalidInput("Loại phải là cụm hoặc khối thi đua.", field="kind")
    code, name = _clean_code(code), _clean_name(name)
    if Cluster.objects.filter(province_id=cluster.province_id, code=code).exclude(pk=cluster.pk).exists():
        raise InvalidInput(f"Tỉnh đã có cụm, khối mã {code}.", field="code")
    with transaction.atomic():
        locked = Cluster.objects.select_for_update().get(pk=cluster.pk)
        if kind != locked.kind:
            probe = Cluster(kind=kind)
            misfit = (
                Membership.objects.filter(cluster_year__cluster=locked)
                .select_related("unit")
                .order_by("unit__name")
            )
            wrong = next((m.unit for m in misfit if not probe.accepts_level(m.unit.level)), None)
            if wrong is not None:
                raise InvalidInput(
                    f"Không đổi được thành {ClusterKind(kind).label}: {wrong.name} là thành viên mà "
                    f"{ClusterKind(kind).label} chỉ gồm {_expected_members(probe)}.",
                    field="kind",
                )
        before = audit.snapshot(locked, CLUSTER_FIELDS)
        locked.kind, locked.code, locked.name = kind, code, name
        locked.decision_number, locked.decision_date = decision_number.strip(), decision_date
        locked.save(update_fields=["kind", "code", "name", "decision_number", "decision_date"])
        old, new = audit.changed(before, audit.snapshot(locked, CLUSTER_FIELDS))
        if new:
            audit.record(
                actor=access.audit_actor(actor),
                action="cluster.update",
                obj=locked,
                before=old,
                after=new,
                reason=reason,
            )
    return locked


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


ROLE_LABELS = {MemberRole.LEADER: "cụm trưởng (khối trưởng)", MemberRole.DEPUTY: "cụm phó (khối phó)"}


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
            raise InvalidInput(
                f"{cluster.get_kind_display()} chỉ gồm {_expected_members(cluster)}.",
                field="members",
                place=place,
            )
        valid_to = spec.unit.valid_to
        if spec.unit.valid_from > cluster_year.last_day or (
            valid_to is not None and valid_to < cluster_year.first_day
        ):
            raise InvalidInput(
                f"Đơn vị không có hiệu lực trong năm {cluster_year.year}.", field="members", place=place
            )
    for role, label in ROLE_LABELS.items():
        if sum(1 for spec in members if spec.role == role) > 1:
            raise InvalidInput(f"Mỗi năm chỉ có một {label}.", field="role")


def _expected_members(cluster: Cluster) -> str:
    return "đơn vị hành chính" if cluster.kind == ClusterKind.CUM else "sở, ban, ngành, cơ quan"


def member_has_records(cluster_year: ClusterYear, unit: Unit) -> list[str]:
    """What a member already did in the year (signed the agreement, reported): its data must never be lost."""
    from thidua.agreements.models import CriterionLine, Submission
    from thidua.cycle.models import Signature

    done: list[str] = []
    if Signature.objects.filter(cycle__cluster_year=cluster_year, unit=unit).exists():
        done.append("đã ký giao ước")
    reported = CriterionLine.objects.filter(agreement__cluster_year=cluster_year, unit=unit).filter(
        Q(value_number__isnull=False) | Q(value_label__isnull=False) | Q(value_flag__isnull=False)
    )
    if (
        Submission.objects.filter(agreement__cluster_year=cluster_year, unit=unit).exists()
        or reported.exists()
    ):
        done.append("đã báo cáo kết quả")
    return done


def _check_removals(cluster_year: ClusterYear, removed: Sequence[Membership]) -> None:
    for membership in removed:
        done = member_has_records(cluster_year, membership.unit)
        if done:
            raise InvalidInput(
                f"{membership.unit.name} {' và '.join(done)} năm {cluster_year.year} nên không thể bỏ khỏi "
                "danh sách thành viên: dữ liệu của đơn vị phải được giữ. Nếu đơn vị giải thể hoặc sáp nhập, "
                "hãy ghi nhận việc đó ở trang đơn vị.",
                field="members",
                place=membership.unit.name,
            )


def _require_reason(cluster_year: ClusterYear, members: Sequence[MemberSpec], reason: str) -> None:
    if reason:
        return
    if not members:
        raise InvalidInput(
            f"Danh sách thành viên trống sẽ bỏ mọi thành viên của {cluster_year.cluster.name} năm "
            f"{cluster_year.year}: phải ghi rõ lý do thay đổi thành viên.",
            field="reason",
        )
    raise InvalidInput(
        f"{cluster_year.cluster.name} năm {cluster_year.year} đã có thành viên: "
        "mỗi thay đổi thành viên, vai trò hay thứ tự phải ghi rõ lý do.",
        field="reason",
    )


def _check_leader_kept(
    cluster_year: ClusterYear, had_leader: Membership | None, members: Sequence[MemberSpec]
) -> None:
    if had_leader is None or not members or any(spec.role == MemberRole.LEADER for spec in members):
        return
    raise InvalidInput(
        f"Mỗi năm thi đua phải có đúng một cụm trưởng (khối trưởng): {had_leader.unit.name} đang là cụm trưởng "
        f"năm {cluster_year.year}; hãy chọn đơn vị khác làm cụm trưởng thay vì bỏ vai trò này.",
        field="role",
    )


def _apply_members(
    *,
    actor: Actor,
    cluster_year: ClusterYear,
    members: Sequence[MemberSpec],
    reason: str,
    action: str,
) -> list[Membership]:
    """The one write of a year's members: every page, the API, opening a year and the conference go through it.

    Once the year has members every change needs a reason; the year keeps exactly one leader once it has one and
    at most one deputy; a member that signed or reported is never dropped. The audit row holds the whole list
    before and after, with the reason.
    """
    _require_board(actor, cluster_year.cluster.province_id)
    reason = " ".join(reason.split())
    _validate_members(cluster_year, members)
    wanted = {spec.unit.pk: spec for spec in members}
    with transaction.atomic():
        locked = ClusterYear.objects.select_for_update().select_related("cluster").get(pk=cluster_year.pk)
        current = list(Membership.objects.filter(cluster_year=locked).select_related("unit"))
        planned = sorted((s.unit.pk, s.role, s.order) for s in members)
        if planned == sorted((m.unit_id, m.role, m.order) for m in current):
            return current
        if current:
            _require_reason(locked, members, reason)
        _check_leader_kept(locked, next((m for m in current if m.role == MemberRole.LEADER), None), members)
        _check_removals(locked, [m for m in current if m.unit_id not in wanted])
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
        audit.record(
            actor=access.audit_actor(actor),
            action=action,
            # The year, not the membership: its history page shows every change of its members in one place.
            obj=locked,
            before={"members": before},
            after={"members": _members_snapshot(locked)},
            reason=reason,
        )
    return list(
        Membership.objects.filter(cluster_year=cluster_year).select_related("unit").order_by("order", "id")
    )


def _current_specs(cluster_year: ClusterYear) -> list[MemberSpec]:
    return [
        MemberSpec(unit=m.unit, role=m.role, order=m.order)
        for m in Membership.objects.filter(cluster_year=cluster_year)
        .select_related("unit")
        .order_by("order", "id")
    ]


def membership_set(
    *, actor: Actor, cluster_year: ClusterYear, members: Sequence[MemberSpec], reason: str = ""
) -> list[Membership]:
    """Replace the members of a cluster year, with their roles and rotation order, all at once."""
    return _apply_members(
        actor=actor, cluster_year=cluster_year, members=members, reason=reason, action="membership.set"
    )


def _with_role(specs: Sequence[MemberSpec], unit_id: int, role: str, order: int | None) -> list[MemberSpec]:
    """The list with one member's new role and order; giving the leader's or deputy's role to it makes whoever
    held that role a plain member (the page says so)."""
    out = []
    for spec in specs:
        if spec.unit.pk == unit_id:
            spec = MemberSpec(unit=spec.unit, role=role, order=spec.order if order is None else order)
        elif role != MemberRole.MEMBER and spec.role == role:
            spec = MemberSpec(unit=spec.unit, role=MemberRole.MEMBER, order=spec.order)
        out.append(spec)
    return out


def membership_add(
    *,
    actor: Actor,
    cluster_year: ClusterYear,
    unit: Unit,
    role: str = MemberRole.MEMBER,
    order: int | None = None,
    reason: str = "",
) -> Membership:
    """Add a unit to the year's members; with no order it comes last in the rotation."""
    _require_board(actor, cluster_year.cluster.province_id)
    specs = _current_specs(cluster_year)
    if any(spec.unit.pk == unit.pk for spec in specs):
        raise InvalidInput(
            f"{unit.name} đã là thành viên năm {cluster_year.year}.", field="unit", place=unit.name
        )
    place = order if order is not None else max((s.order for s in specs), default=0) + 1
    specs.append(MemberSpec(unit=unit, role=MemberRole.MEMBER, order=place))
    _apply_members(
        actor=actor,
        cluster_year=cluster_year,
        members=_with_role(specs, unit.pk, role, place),
        reason=reason,
        action="membership.add",
    )
    return Membership.objects.select_related("unit", "cluster_year").get(cluster_year=cluster_year, unit=unit)


def membership_remove(*, actor: Actor, membership: Membership, reason: str = "") -> None:
    """Take a unit out of the year's members (never one that signed or reported, never the leader)."""
    cluster_year = membership.cluster_year
    _require_board(actor, cluster_year.cluster.province_id)
    if membership.role == MemberRole.LEADER:
        raise InvalidInput(
            f"{membership.unit.name} đang là cụm trưởng (khối trưởng) năm {cluster_year.year}: hãy chọn cụm "
            "trưởng mới trước khi bỏ đơn vị khỏi danh sách thành viên.",
            field="role",
        )
    if not reason.strip():
        raise InvalidInput("Bỏ một đơn vị khỏi danh sách thành viên phải ghi rõ lý do.", field="reason")
    specs = [s for s in _current_specs(cluster_year) if s.unit.pk != membership.unit_id]
    _apply_members(
        actor=actor,
        cluster_year=cluster_year,
        members=specs,
        reason=reason,
        action="membership.remove",
    )


def membership_change(
    *, actor: Actor, membership: Membership, role: str, order: int | None = None, reason: str = ""
) -> Membership:
    """Give a member a new role and place in the rotation; whoever held a leader or deputy role it takes becomes
    a member. The leader's own role is not dropped: another unit is made leader instead."""
    cluster_year = membership.cluster_year
    _require_board(actor, cluster_year.cluster.province_id)
    if role not in MemberRole.values:
        raise InvalidInput("Vai trò không hợp lệ.", field="role")
    if membership.role == MemberRole.LEADER and role != MemberRole.LEADER:
        raise InvalidInput(
            f"Mỗi năm thi đua phải có đúng một cụm trưởng (khối trưởng): để {membership.unit.name} thôi làm "
            "cụm trưởng, hãy chọn đơn vị khác làm cụm trưởng.",
            field="role",
        )
    specs = _current_specs(cluster_year)
    _apply_members(
        actor=actor,
        cluster_year=cluster_year,
        members=_with_role(specs, membership.unit_id, role, order),
        reason=reason,
        action="membership.role_change",
    )
    membership.refresh_from_db()
    return membership


def membership_role_change(
    *, actor: Actor, membership: Membership, role: str, reason: str = ""
) -> Membership:
    """Give a member a new role for the year, keeping its place in the rotation (the API's PATCH)."""
    return membership_change(actor=actor, membership=membership, role=role, reason=reason)


def cluster_year_open(*, actor: Actor, cluster: Cluster, year: int) -> ClusterYear:
    """Open `year` for a cluster from last year: its members as they stand in the new year (successors in place
    of merged units, dissolved ones dropped) with the leader and deputy elected at last year's conference."""
    _require_board(actor, cluster.province_id)
    with transaction.atomic():
        plan = opening.opening_plan(cluster, year)
        if plan.already_open is not None:
            raise InvalidInput(f"{cluster.name} đã có năm {year}.", field="year")
        cluster_year = cluster_year_create(actor=actor, cluster=cluster, year=year)
        if plan.members:
            _apply_members(
                actor=actor,
                cluster_year=cluster_year,
                members=[MemberSpec(unit=m.unit, role=m.role, order=m.order) for m in plan.members],
                reason=f"Mở năm {year} từ danh sách năm {year - 1}",
                action="membership.set",
            )
        audit.record(
            actor=access.audit_actor(actor),
            action="cluster_year.open",
            obj=cluster_year,
            after=plan.summary(),
        )
    return cluster_year


def province_year_open(*, actor: Actor, province: Unit, year: int) -> list[ClusterYear]:
    """Open `year` for every cluster and block of the province that does not have it yet, all or nothing."""
    _require_board(actor, province.pk)
    clusters = list(Cluster.objects.filter(province=province).order_by("kind", "code"))
    waiting = [c for c in clusters if not ClusterYear.objects.filter(cluster=c, year=year).exists()]
    if not waiting:
        raise InvalidInput(f"Mọi cụm, khối thi đua của {province.name} đã có năm {year}.", field="year")
    with transaction.atomic():
        return [cluster_year_open(actor=actor, cluster=cluster, year=year) for cluster in waiting]
