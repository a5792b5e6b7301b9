"""Who may do what in a cluster's year, decided once per request in a CycleActor; deny by default.

- the board of the province runs the cycle (deadlines, states, publishing, freezing) and may verify any line;
- the officers of a member unit sign, report, submit and appeal for that unit only;
- the leader's and the deputy's powers belong to the year: they are the officers of the units whose membership
  role that cluster-year is leader or deputy (thidua.accounts.access.leadership_of), so electing next year's moves
  them when that year's membership is set;
- a data-source reviewer verifies the lines whose criterion's data source is their agency, in every cluster of the
  province; the leader verifies the other criteria of the cluster, answers appeals and approves target amendments;
- nobody verifies, approves or answers about their own unit: the leader's own lines go to the deputy (or the
  board), and the refusal says so;
- members see the provisional results; observers see final results only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from thidua.accounts import access
from thidua.accounts.models import Role
from thidua.agreements.models import CriterionLine
from thidua.cycle.models import Cycle, CycleState
from thidua.org.models import ClusterKind, MemberRole, Membership, Unit

_CACHE_ATTR = "_thidua_cycle_actors"


@dataclass
class CycleActor:
    """What one user may do in one cycle, read once: the units they report for, whether they are the board, the
    council, the leader or the deputy of that year, and the data-source agencies they confirm figures for. What
    only some pages need (whether the cluster is visible, the agencies) is read the first time it is asked."""

    user: Any
    cycle: Cycle
    board: bool
    council: bool
    members: frozenset[int]
    reports_for: frozenset[int]
    leader: Unit | None
    deputy: Unit | None
    # The role list this was decided from: a new list (roles changed, forget_roles) means deciding again.
    roles: list[Any]
    # Names of the province's data-source agencies (a criterion's data_source names one), and those of them the
    # user confirms figures for in this province; None until first needed.
    known_agencies: tuple[frozenset[str], frozenset[str]] | None = None
    known_visible: bool | None = None

    @property
    def visible(self) -> bool:
        if self.known_visible is None:
            self.known_visible = access.is_system(self.user) or access.can_view_cluster_year(
                self.user, self.cycle.cluster_year
            )
        return self.known_visible

    def _agencies(self) -> tuple[frozenset[str], frozenset[str]]:
        if self.known_agencies is None:
            province_id = self.cycle.cluster_year.cluster.province_id
            self.known_agencies = _agencies_of(self.user, {province_id})[province_id]
        return self.known_agencies

    @property
    def agencies(self) -> frozenset[str]:
        return self._agencies()[0]

    @property
    def reviews(self) -> frozenset[str]:
        return self._agencies()[1]

    @property
    def leads(self) -> bool:
        return self.leader is not None and self.leader.pk in self.reports_for

    @property
    def deputises(self) -> bool:
        return self.deputy is not None and self.deputy.pk in self.reports_for

    @property
    def follows(self) -> bool:
        """Readiness and every member's lines: the board, the leader, the deputy and the province's council."""
        return self.board or self.leads or self.deputises or self.council

    @property
    def sees_results(self) -> bool:
        """Provisional results go to the members, the leader, the board and the council; final ones to readers."""
        if self.cycle.state == CycleState.FINAL:
            return self.visible
        if self.cycle.state != CycleState.PROVISIONAL:
            return False
        return self.follows or bool(self.reports_for)

    @property
    def answers_appeals(self) -> bool:
        """May answer some appeal of this cycle (each one is then checked with appeal_refusal)."""
        return self.board or self.leads or self.deputises

    def reports_for_unit(self, unit: Unit | int) -> bool:
        return (unit if isinstance(unit, int) else unit.pk) in self.reports_for

    # --- the leader's work about one unit: verifying, answering appeals, approving amendments, chairing ---------

    def _words(self) -> tuple[str, str]:
        if self.cycle.cluster_year.cluster.kind == ClusterKind.KHOI:
            return "khối trưởng", "khối phó"
        return "cụm trưởng", "cụm phó"

    def _who_instead(self, unit_id: int) -> str:
        """Who acts for a unit when its own officer may not: the deputy for the leading unit, else the leader."""
        leader_word, deputy_word = self._words()
        if self.leader is not None and unit_id == self.leader.pk:
            return deputy_word if self.deputy is not None else "Ban Thi đua – Khen thưởng"
        return leader_word if self.leader is not None else "Ban Thi đua – Khen thưởng"

    def _leads_for(self, unit_id: int) -> bool:
        """Is this user the leader's side for this unit: the leader for the others, the deputy for the leader's?"""
        if self.leader is not None and unit_id == self.leader.pk:
            return self.deputises
        return self.leads

    def own_unit_refusal(self, unit_id: int, what: str, verb: str) -> str | None:
        """Nobody acts on their own unit: the message naming who does, or None. `what`: "Dòng này"…"""
        if unit_id not in self.reports_for:
            return None
        name = self.unit_name(unit_id)
        return f"{what} thuộc đơn vị của bạn ({name}): {self._who_instead(unit_id)} {verb}."

    @property
    def own_lines_note(self) -> str | None:
        """What the leader or the deputy is told about their own unit's lines: who verifies them instead."""
        for unit in (self.leader, self.deputy):
            if unit is not None and unit.pk in self.reports_for:
                return f"Các dòng của đơn vị bạn ({unit.name}) do {self._who_instead(unit.pk)} thẩm định."
        return None

    def unit_name(self, unit_id: int) -> str:
        for unit in (self.leader, self.deputy):
            if unit is not None and unit.pk == unit_id:
                return unit.name
        return Unit.objects.filter(pk=unit_id).values_list("name", flat=True).first() or str(unit_id)

    def verify_refusal(self, unit_id: int, data_source: str) -> str | None:
        """Why this user may not verify the line of `unit_id` for a criterion whose data source is `data_source`,
        or None when they may: the board any line; an agency's reviewers its criteria; the leader the other
        criteria of the members, the deputy those of the leader's unit; never a line of one's own unit."""
        if access.is_system(self.user):
            return None
        if unit_id not in self.members:
            return "Đơn vị không phải thành viên của năm thi đua này."
        if data_source and data_source in self.agencies:
            own = self.own_unit_refusal(unit_id, "Dòng này", f"cán bộ khác của {data_source} thẩm định")
            if own is None and (self.board or data_source in self.reviews):
                return None
            return own or f"Tiêu chí này do {data_source} thẩm định."
        own = self.own_unit_refusal(unit_id, "Dòng này", "thẩm định")
        if own is not None:
            return own
        if self.board or self._leads_for(unit_id):
            return None
        return f"Dòng này do {self._who_instead(unit_id)} thẩm định."

    def may_verify(self, unit_id: int, data_source: str) -> bool:
        """The one rule of "may this actor verify this line" (a reported line, a bonus claim…): see
        verify_refusal for the reason when not."""
        return self.verify_refusal(unit_id, data_source) is None

    def may_verify_line(self, line: CriterionLine) -> bool:
        from thidua.cycle.services.common import cycle_criteria

        criterion = cycle_criteria(self.cycle).get(line.criterion)
        return criterion is not None and self.may_verify(line.unit_id, criterion.data_source)

    def verifiable_units(self, data_source: str) -> frozenset[int]:
        return frozenset(u for u in self.members if self.may_verify(u, data_source))

    def leader_refusal(self, unit_id: int, what: str, verb: str) -> str | None:
        """Answering an appeal or approving an amendment about one unit: the board, or the leader's side for that
        unit (the deputy for the leading unit), never about one's own unit."""
        if access.is_system(self.user):
            return None
        own = self.own_unit_refusal(unit_id, what, verb)
        if own is not None:
            return own
        if self.board or self._leads_for(unit_id):
            return None
        leader_word, deputy_word = self._words()
        return (
            f"Chỉ {leader_word}, {deputy_word} (về đơn vị cụm trưởng) hoặc Ban Thi đua – Khen thưởng {verb}."
        )


def cycle_actor(user: Any, cycle: Cycle) -> CycleActor:
    """What `user` may do in `cycle`, built once and kept on the cycle object for the rest of the request (decided
    again when the user's roles are read again, see access.forget_roles)."""
    cache: dict[int, CycleActor] | None = getattr(cycle, _CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(cycle, _CACHE_ATTR, cache)
    found = cache.get(id(user))
    if found is None or found.user is not user or found.roles is not access.roles_of(user):
        found = cycle_actors(user, [cycle])[cycle.pk]
        cache[id(user)] = found
    return found


def cycle_actors(user: Any, cycles: Sequence[Cycle], *, with_agencies: bool = False) -> dict[int, CycleActor]:
    """CycleActor of the user in each cycle, read in a fixed number of queries however many cycles (the home
    page's work list decides for all the user's cycles at once, `with_agencies` to verify in them)."""
    year_ids = {c.cluster_year_id for c in cycles}
    members: dict[int, set[int]] = {}
    roles: dict[tuple[int, str], Unit] = {}
    for membership in Membership.objects.filter(cluster_year_id__in=year_ids).select_related("unit"):
        members.setdefault(membership.cluster_year_id, set()).add(membership.unit_id)
        if membership.role in (MemberRole.LEADER, MemberRole.DEPUTY):
            roles[(membership.cluster_year_id, membership.role)] = membership.unit
    provinces = {c.cluster_year.cluster.province_id for c in cycles}
    agencies = _agencies_of(user, provinces) if with_agencies else {}
    system = access.is_system(user)
    boards = access.provinces_with_role(user, {Role.BOARD_ADMIN})
    councils = access.provinces_with_role(user, {Role.COUNCIL_MEMBER})
    officer = access.officer_units(user)
    out = {}
    for cycle in cycles:
        province_id = cycle.cluster_year.cluster.province_id
        these = frozenset(members.get(cycle.cluster_year_id, set()))
        out[cycle.pk] = CycleActor(
            user=user,
            cycle=cycle,
            board=system or province_id in boards,
            council=province_id in councils,
            members=these,
            reports_for=frozenset(officer & these),
            leader=roles.get((cycle.cluster_year_id, MemberRole.LEADER)),
            deputy=roles.get((cycle.cluster_year_id, MemberRole.DEPUTY)),
            roles=access.roles_of(user),
            known_agencies=agencies.get(province_id),
        )
    return out


def _agencies_of(user: Any, provinces: set[int]) -> dict[int, tuple[frozenset[str], frozenset[str]]]:
    """For each province: the names of its data-source agencies, and those the user confirms figures for there."""
    names: dict[int, set[str]] = {p: set() for p in provinces}
    for province_id, name in Unit.objects.filter(province_id__in=provinces, is_data_source=True).values_list(
        "province_id", "name"
    ):
        names[province_id].add(name)
    reviewer = agency_names(user) if any(names.values()) else {}
    return {
        p: (frozenset(found), frozenset(n for n in found if p in reviewer.get(n, set())))
        for p, found in names.items()
    }


def agency_names(user: Any) -> dict[str, set[int]]:
    """The agencies the user reviews for, by name (a criterion's data_source text names its agency), each with the
    provinces it serves: its own and those merged into it. Names repeat across provinces (every province has a Sở
    Tài chính), so a name alone never grants anything."""
    ids = access.data_source_agencies(user)
    if not ids:
        return {}
    out: dict[str, set[int]] = {}
    for name, province_id in Unit.objects.filter(pk__in=ids).values_list("name", "province_id"):
        if province_id is not None:
            out.setdefault(name, set()).update(access.province_lineage(province_id))
    return out


def member_unit_ids(cycle: Cycle) -> set[int]:
    """The cycle's member units (the cluster-year's memberships)."""
    return set(cycle.cluster_year.memberships.values_list("unit_id", flat=True))
