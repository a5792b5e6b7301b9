"""What opening a cluster's next year would create: last year's members as they stand in the new year (a unit
merged away is replaced by its successor, a dissolved one is dropped) and the leader and deputy elected at last
year's conference. Pure reads: the preview page shows the plan, and services.cluster_year_open writes it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from thidua.org.models import (
    Cluster,
    ClusterYear,
    MemberRole,
    Membership,
    SuccessionKind,
    Unit,
    UnitSuccession,
)

_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class PlannedMember:
    """A member of the new year, and the member of last year it carries on when it replaces one."""

    unit: Unit
    order: int
    role: str = MemberRole.MEMBER
    replaces: Unit | None = None
    how: str = ""

    @property
    def role_label(self) -> str:
        return str(MemberRole(self.role).label)


@dataclass(frozen=True)
class DroppedMember:
    """A member of last year that the new year does not carry, and why."""

    unit: Unit
    why: str


@dataclass
class OpeningPlan:
    """Everything opening `year` for `cluster` would create, and what the page must say about it."""

    cluster: Cluster
    year: int
    source: ClusterYear | None
    already_open: ClusterYear | None = None
    members: list[PlannedMember] = field(default_factory=list)
    dropped: list[DroppedMember] = field(default_factory=list)
    # Where the roles come from, in one sentence for the page and the audit row.
    roles_note: str = ""

    @property
    def leader(self) -> PlannedMember | None:
        return next((m for m in self.members if m.role == MemberRole.LEADER), None)

    @property
    def deputy(self) -> PlannedMember | None:
        return next((m for m in self.members if m.role == MemberRole.DEPUTY), None)

    @property
    def replaced(self) -> list[PlannedMember]:
        return [m for m in self.members if m.replaces is not None]

    def summary(self) -> dict[str, object]:
        """What the audit row keeps of the plan."""
        return {
            "from_year": self.source.year if self.source else None,
            "members": [m.unit.code for m in self.members],
            "replaced": {m.replaces.code: m.unit.code for m in self.members if m.replaces is not None},
            "dropped": {d.unit.code: d.why for d in self.dropped},
            "roles": self.roles_note,
        }


def _follow(unit: Unit, cluster: Cluster, year: int) -> tuple[Unit | None, str]:
    """The unit that carries `unit` on 1 January of `year`: itself while in force, else its successor after every
    merger or rename, or None with the reason when it was dissolved without one."""
    first_day = ClusterYear(year=year).first_day
    seen = {unit.pk}
    current, how = unit, ""
    while current.valid_to is not None and current.valid_to < first_day:
        step = UnitSuccession.objects.filter(predecessor=current).select_related("successor").first()
        ended = f"{current.name} hết hiệu lực từ ngày {current.valid_to + _ONE_DAY:%d/%m/%Y}"
        decision = f" ({step.decision_number})" if step is not None and step.decision_number else ""
        if step is None or step.successor is None:
            kind = (
                "giải thể" if step is not None and step.kind == SuccessionKind.DISSOLUTION else "hết hiệu lực"
            )
            return None, f"{current.name} {kind} từ ngày {current.valid_to + _ONE_DAY:%d/%m/%Y}{decision}"
        if step.successor.pk in seen:
            return None, ended
        seen.add(step.successor.pk)
        verb = {"merger": "sáp nhập vào", "rename": "đổi tên thành"}.get(step.kind, "do đơn vị kế thừa:")
        how = f"{current.name} {verb} {step.successor.name} từ ngày {step.date:%d/%m/%Y}{decision}"
        current = step.successor
    if current.valid_from > ClusterYear(year=year).last_day:
        return None, f"{current.name} chưa có hiệu lực trong năm {year}"
    if not cluster.accepts_level(current.level):
        return None, f"{how}; {current.name} không thuộc loại đơn vị của {cluster.get_kind_display().lower()}"
    return current, how


def opening_plan(cluster: Cluster, year: int) -> OpeningPlan:
    """The new year's members from last year's, in last year's rotation order, with the elected leader and
    deputy; the caller has checked the reader's rights."""
    source = ClusterYear.objects.filter(cluster=cluster, year=year - 1).first()
    plan = OpeningPlan(
        cluster=cluster,
        year=year,
        source=source,
        already_open=ClusterYear.objects.filter(cluster=cluster, year=year).first(),
    )
    if source is None:
        plan.roles_note = (
            f"{cluster.name} chưa có năm {year - 1} nên năm {year} mở ra chưa có thành viên; "
            "hãy thêm thành viên và chọn cụm trưởng, cụm phó."
        )
        return plan
    carried: dict[int, PlannedMember] = {}
    last_year = list(
        Membership.objects.filter(cluster_year=source).select_related("unit").order_by("order", "id")
    )
    for membership in last_year:
        unit, how = _follow(membership.unit, cluster, year)
        if unit is None:
            plan.dropped.append(DroppedMember(membership.unit, how))
        elif unit.pk in carried:
            plan.dropped.append(DroppedMember(membership.unit, f"{how}, đơn vị đã có trong danh sách"))
        else:
            replaces = membership.unit if unit.pk != membership.unit_id else None
            carried[unit.pk] = PlannedMember(unit, len(carried) + 1, replaces=replaces, how=how)
    plan.members = list(carried.values())
    _carry_roles(plan, source, last_year)
    return plan


def _carry_roles(plan: OpeningPlan, source: ClusterYear, last_year: list[Membership]) -> None:
    """The leader and deputy elected at last year's conference; failing that, say so and show the rotation."""
    from thidua.conference.selectors import leadership_elected

    leader, deputy = leadership_elected(source)
    notes: list[str] = []
    for elected, role, label in (
        (leader, MemberRole.LEADER, "cụm trưởng"),
        (deputy, MemberRole.DEPUTY, "cụm phó"),
    ):
        if elected is None:
            continue
        unit, _how = _follow(elected, plan.cluster, plan.year)
        index = next(
            (i for i, m in enumerate(plan.members) if unit is not None and m.unit.pk == unit.pk), None
        )
        if index is None:
            notes.append(
                f"{elected.name} được bầu làm {label} tại hội nghị tổng kết năm {source.year} "
                f"nhưng không còn trong danh sách thành viên năm {plan.year}; hãy chọn {label}"
            )
            continue
        kept = plan.members[index]
        plan.members[index] = PlannedMember(kept.unit, kept.order, role, kept.replaces, kept.how)
        notes.append(f"{kept.unit.name} được bầu làm {label} tại hội nghị tổng kết năm {source.year}")
    if leader is None and deputy is None:
        notes.append(
            f"Hội nghị tổng kết năm {source.year} chưa bầu cụm trưởng, cụm phó năm {plan.year}: "
            f"vai trò để trống, Ban chọn sau khi mở năm. {_rotation_hint(plan, last_year)}"
        )
    elif leader is None or deputy is None:
        missing = "cụm trưởng" if leader is None else "cụm phó"
        notes.append(f"hội nghị chưa bầu {missing}, Ban chọn sau khi mở năm")
    plan.roles_note = "; ".join(notes).rstrip() + ("" if notes[-1].endswith(".") else ".")


def _rotation_hint(plan: OpeningPlan, last_year: list[Membership]) -> str:
    """Last year's rotation (conference.proposals.rotation_suggestion), named in this year's units."""
    from thidua.conference.proposals import RotationMember, rotation_suggestion

    carried = {m.unit.code for m in plan.members}
    rows = [
        RotationMember(m.unit.code, m.unit.name, m.order, m.role) for m in last_year if m.unit.code in carried
    ]
    suggestion = rotation_suggestion(rows)
    if suggestion.leader is None:
        return ""
    return f"Gợi ý theo luân phiên: {suggestion.reason}"


def province_opening_plans(clusters: list[Cluster], year: int) -> list[OpeningPlan]:
    """One plan per cluster of the province, those already open included (the page marks them)."""
    return [opening_plan(cluster, year) for cluster in clusters]
