"""The members of a cluster-year, their roles and rotation order: one write that every page, the API,
opening a year and the conference go through."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q

from thidua.accounts import access
from thidua.accounts.access import Actor
from thidua.core import audit
from thidua.core.errors import InvalidInput
from thidua.org.models import (
    Cluster,
    ClusterKind,
    ClusterYear,
    MemberRole,
    Membership,
    Unit,
)
from thidua.org.services.common import _require_board


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
