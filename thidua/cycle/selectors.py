"""Reads of the cycle, scoped by permission. The report page and the ranking page read in a fixed number of
queries whatever the number of members and criteria (tested with django_assert_num_queries at two sizes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.accounts import access
from thidua.accounts.models import Role
from thidua.agreements.models import Agreement, CriterionLine, LineStatus, ScoreSnapshot, Submission
from thidua.agreements.packaging import agreement_package, version_framework
from thidua.core.errors import NotFound
from thidua.core.work import WorkItem
from thidua.cycle import permissions
from thidua.cycle.criteria import Criterion, criteria_of, input_text, shown_value
from thidua.cycle.lines import TO_CYCLE, cycle_of, lines_of
from thidua.cycle.models import (
    Appeal,
    Cycle,
    CycleState,
    Evidence,
    Notification,
    RequestStatus,
    Signature,
)
from thidua.cycle.services.common import agreement_of, cycle_criteria
from thidua.engine import UnitResult
from thidua.org.models import ClusterYear, Membership, Unit


def cycles_visible_to(user: Any) -> QuerySet[Cycle]:
    return Cycle.objects.filter(
        cluster_year__cluster__in=access.clusters_visible_to(user).values("pk")
    ).select_related("cluster_year__cluster__province")


def cycle_get_for_user(user: Any, pk: int) -> Cycle:
    cycle = cycles_visible_to(user).filter(pk=pk).first()
    if cycle is None:
        raise NotFound(_("Không tìm thấy năm thi đua hoặc bạn không có quyền xem."))
    return cycle


def cycle_of_cluster_year(user: Any, cluster_year: ClusterYear) -> Cycle | None:
    return cycles_visible_to(user).filter(cluster_year=cluster_year).first()


def line_get_for_user(user: Any, pk: int) -> CriterionLine:
    line = (
        CriterionLine.objects.select_related(f"{TO_CYCLE}__cluster_year__cluster__province", "unit")
        # A line of a year whose cycle is not opened is an agreement's line only, not a reporting line.
        .filter(pk=pk, **{f"{TO_CYCLE}__isnull": False})
        .first()
    )
    if line is None:
        raise NotFound(_("Không tìm thấy dòng báo cáo hoặc bạn không có quyền xem."))
    actor = permissions.cycle_actor(user, cycle_of(line))
    # A data-source reviewer reads the lines of their own agency's criteria, not every line of the province.
    if not actor.visible or not (
        actor.reports_for_unit(line.unit_id)
        or actor.follows
        or actor.sees_results
        or (actor.reviews and actor.may_verify_line(line))
    ):
        raise NotFound(_("Không tìm thấy dòng báo cáo hoặc bạn không có quyền xem."))
    return line


def evidence_get_for_user(user: Any, pk: int) -> Evidence:
    evidence = (
        Evidence.objects.select_related(f"line__{TO_CYCLE}__cluster_year__cluster", "line__unit")
        .filter(pk=pk)
        .first()
    )
    if evidence is None:
        raise NotFound(_("Không tìm thấy minh chứng."))
    line_get_for_user(user, evidence.line_id)
    return evidence


def unit_for_report(user: Any, cycle: Cycle, unit_id: int) -> Unit:
    """The member whose report the user may open: its own officers, and those who follow the whole cycle."""
    if unit_id not in permissions.member_unit_ids(cycle):
        raise NotFound(_("Đơn vị không phải thành viên của năm thi đua này."))
    if not (
        permissions.cycle_actor(user, cycle).reports_for_unit(unit_id)
        or permissions.cycle_actor(user, cycle).follows
    ):
        raise NotFound(_("Không tìm thấy báo cáo hoặc bạn không có quyền xem."))
    return Unit.objects.get(pk=unit_id)


# --- a unit's report ------------------------------------------------------------------------------------


@dataclass
class ReportRow:
    """One criterion of a unit's report, with its stored figures, its workflow and its self-scored points."""

    criterion: Criterion
    line: CriterionLine
    evidence: list[Evidence]
    result: Any = None  # the engine's NodeResult for the self-score
    appeals: list[Appeal] = field(default_factory=list)

    @property
    def value_text(self) -> str:
        return shown_value(self.line.value)

    @property
    def input_text(self) -> str:
        return input_text(self.line.value)

    @property
    def target(self) -> Any:
        return self.line.target

    @property
    def baseline(self) -> Any:
        return self.line.baseline

    @property
    def not_applicable(self) -> bool:
        return self.line.not_applicable


@dataclass
class SectionRows:
    code: str
    title: str
    max: Any
    points: Any
    rows: list[ReportRow]


@dataclass
class UnitReport:
    """A member's report grouped by section, with its self-score (None when the inputs cannot be scored yet)."""

    cycle: Cycle
    unit: Unit
    sections: list[SectionRows]
    score: UnitResult | None
    score_problem: str = ""


def self_score(cycle: Cycle, unit: Unit) -> tuple[UnitResult | None, str]:
    """The unit's score on everything stored now. The whole cluster is scored because relative and rank
    criteria compare the unit with the others; only this unit's result is shown."""
    package = agreement_package(agreement_of(cycle))
    problems = package.problems()
    if problems:
        return None, str(problems[0])
    return package.score().unit(unit.code), ""


def unit_report(cycle: Cycle, unit: Unit, *, with_score: bool = True, only: str | None = None) -> UnitReport:
    criteria = cycle_criteria(cycle)
    lines = {
        line.criterion: line
        for line in lines_of(cycle)
        .filter(unit=unit, **({"criterion": only} if only else {}))
        .prefetch_related("evidence", "appeals")
    }
    score, problem = self_score(cycle, unit) if with_score else (None, "")
    sections: dict[str, SectionRows] = {}
    for code, criterion in criteria.items():
        line = lines.get(code)
        if line is None:
            continue
        section = criterion.section
        if section.code not in sections:
            points = score.sections.get(section.code) if score else None
            sections[section.code] = SectionRows(section.code, section.title, section.max, points, [])
        sections[section.code].rows.append(
            ReportRow(
                criterion=criterion,
                line=line,
                evidence=list(line.evidence.all()),
                result=score.nodes.get(code) if score else None,
                appeals=list(line.appeals.all()),
            )
        )
    return UnitReport(
        cycle=cycle, unit=unit, sections=list(sections.values()), score=score, score_problem=problem
    )


# --- verification ---------------------------------------------------------------------------------------


@dataclass
class QueueItem:
    """A submitted line waiting for this verifier."""

    line: CriterionLine
    criterion: Criterion

    @property
    def value_text(self) -> str:
        return shown_value(self.line.value)

    @property
    def input_text(self) -> str:
        return input_text(self.line.value)


def _verification_scope(
    actor: permissions.CycleActor, criteria: dict[str, Criterion]
) -> dict[tuple[int, ...], list[str]]:
    """The lines the actor verifies in a cycle, as criterion codes grouped by the member units they may verify
    them for (the leader's own unit goes to the deputy), by the one rule of CycleActor.may_verify."""
    by_source: dict[str, tuple[int, ...]] = {}
    out: dict[tuple[int, ...], list[str]] = {}
    for code, criterion in criteria.items():
        source = criterion.data_source
        if source not in by_source:
            by_source[source] = tuple(sorted(actor.verifiable_units(source)))
        if by_source[source]:
            out.setdefault(by_source[source], []).append(code)
    return out


def verification_notes(user: Any, *, cycle: Cycle | None = None) -> list[str]:
    """Why the leader's (or the deputy's) own unit's lines are not in their queue, for each cycle in verification."""
    cycles = cycles_visible_to(user).filter(state=CycleState.VERIFICATION)
    if cycle is not None:
        cycles = cycles.filter(pk=cycle.pk)
    notes = []
    for found in cycles:
        note = permissions.cycle_actor(user, found).own_lines_note
        if note is not None:
            notes.append(note if cycle is not None else f"{found.cluster_year}: {note}")
    return notes


def verification_queue(user: Any, *, cycle: Cycle | None = None) -> list[QueueItem]:
    """One queue across every cluster the user verifies for: an agency's criteria in every cluster of the
    province, the leader's other criteria of the cluster, everything for the board."""
    cycles = cycles_visible_to(user).filter(state=CycleState.VERIFICATION)
    if cycle is not None:
        cycles = cycles.filter(pk=cycle.pk)
    condition = Q(pk__in=[])
    criteria_by_cycle: dict[int, dict[str, Criterion]] = {}
    for found in cycles:
        criteria = cycle_criteria(found)
        scope = _verification_scope(permissions.cycle_actor(user, found), criteria)
        if scope:
            criteria_by_cycle[found.pk] = criteria
            for units, codes in scope.items():
                condition |= Q(
                    agreement__cluster_year_id=found.cluster_year_id, criterion__in=codes, unit_id__in=units
                )
    if not criteria_by_cycle:
        return []
    found_lines = list(
        CriterionLine.objects.filter(condition, status=LineStatus.SUBMITTED)
        .select_related("unit", f"{TO_CYCLE}__cluster_year__cluster")
        .prefetch_related("evidence")
    )
    order = {code: i for criteria in criteria_by_cycle.values() for i, code in enumerate(criteria)}
    items = [
        QueueItem(line=line, criterion=criteria_by_cycle[cycle_of(line).pk][line.criterion])
        for line in found_lines
    ]
    items.sort(
        key=lambda item: (cycle_of(item.line).pk, order.get(item.line.criterion, 0), item.line.unit_id)
    )
    return items


# --- results --------------------------------------------------------------------------------------------


def previous_final(cycle: Cycle) -> ScoreSnapshot | None:
    """Last year's final snapshot of the same cluster, for the change against last year."""
    earlier = (
        Cycle.objects.filter(
            cluster_year__cluster_id=cycle.cluster_year.cluster_id,
            cluster_year__year=cycle.cluster_year.year - 1,
            final_snapshot__isnull=False,
        )
        .select_related("final_snapshot")
        .first()
    )
    return earlier.final_snapshot if earlier else None


def appeals_of(cycle: Cycle) -> list[Appeal]:
    return list(
        Appeal.objects.filter(line__agreement__cluster_year_id=cycle.cluster_year_id)
        .select_related("line__unit", "filed_by")
        .order_by("status", "-filed_at")
    )


def notifications_of(user: Any, *, limit: int = 50) -> list[Notification]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Notification.objects.filter(user=user)[:limit])


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def units_by_code(cycle: Cycle) -> dict[str, Unit]:
    return {m.unit.code: m.unit for m in cycle.cluster_year.memberships.select_related("unit")}


# --- the home page's work list --------------------------------------------------------------------------


@dataclass
class _CycleFacts:
    """What the work list needs of the cycles it shows, read for all of them at once."""

    members: dict[int, list[tuple[int, str]]]  # cluster-year id -> (unit id, name) in the agreed order
    signed: set[tuple[int, int]]  # (cycle id, unit id)
    submitted: set[tuple[int, int]]  # (cluster-year id, unit id)
    returned: dict[tuple[int, int], int]  # (cycle id, unit id) -> returned lines
    lines: dict[int, tuple[int, int]]  # cycle id -> (lines, verified lines)
    pending_appeals: dict[int, int]  # cycle id -> appeals waiting for an answer
    waiting: dict[int, int]  # cycle id -> submitted lines this user may verify
    leads: dict[int, bool]  # cycle id -> the user is the leader's side of it (leader or deputy)


def _verifiable_lines(
    actors: dict[int, permissions.CycleActor], cycles: list[Cycle]
) -> dict[int, dict[tuple[int, ...], list[str]]]:
    """The lines of each cycle in verification that the user verifies (criterion codes by the member units they
    may verify them for), by the one rule of CycleActor.may_verify, with the user's rights and the frameworks read
    once for all the cycles instead of once per cycle."""
    verifying = [c for c in cycles if c.state == CycleState.VERIFICATION]
    if not verifying:
        return {}
    agreements = {
        a.cluster_year_id: a
        for a in Agreement.objects.select_related("framework_version").filter(
            cluster_year_id__in=[c.cluster_year_id for c in verifying]
        )
    }
    frameworks: dict[int, dict[str, Criterion]] = {}
    out: dict[int, dict[tuple[int, ...], list[str]]] = {}
    for cycle in verifying:
        agreement = agreements.get(cycle.cluster_year_id)
        if agreement is None:
            continue
        version_id = agreement.framework_version_id
        if version_id not in frameworks:
            framework = version_framework(agreement.framework_version)
            frameworks[version_id] = {c.code: c for c in criteria_of(framework)}
        out[cycle.pk] = _verification_scope(actors[cycle.pk], frameworks[version_id])
    return out


def _cycle_facts(user: Any, cycles: list[Cycle]) -> _CycleFacts:
    cycle_ids = [c.pk for c in cycles]
    year_ids = [c.cluster_year_id for c in cycles]
    members: dict[int, list[tuple[int, str]]] = {}
    for year_id, unit_id, name in (
        Membership.objects.filter(cluster_year_id__in=year_ids)
        .order_by("order", "id")
        .values_list("cluster_year_id", "unit_id", "unit__name")
    ):
        members.setdefault(year_id, []).append((unit_id, name))
    returned: dict[tuple[int, int], int] = {}
    lines: dict[int, tuple[int, int]] = {}
    for row in (
        CriterionLine.objects.filter(agreement__cluster_year_id__in=year_ids)
        .values("unit_id", "status", cycle_id=F(TO_CYCLE))
        .annotate(n=Count("id"))
    ):
        if row["status"] == LineStatus.RETURNED:
            returned[(row["cycle_id"], row["unit_id"])] = row["n"]
        verified = row["n"] if row["status"] in (LineStatus.ACCEPTED, LineStatus.CORRECTED) else 0
        total, done = lines.get(row["cycle_id"], (0, 0))
        lines[row["cycle_id"]] = (total + row["n"], done + verified)
    pending = dict(
        Appeal.objects.filter(line__agreement__cluster_year_id__in=year_ids, status=RequestStatus.PENDING)
        .values(cycle_id=F(f"line__{TO_CYCLE}"))
        .annotate(n=Count("id"))
        .values_list("cycle_id", "n")
    )
    actors = permissions.cycle_actors(user, cycles, with_agencies=True)
    scopes = _verifiable_lines(actors, cycles)
    waiting: dict[int, int] = {}
    if any(scopes.values()):
        condition = Q(pk__in=[])
        for cycle_id, scope in scopes.items():
            for units, codes in scope.items():
                condition |= Q(**{TO_CYCLE: cycle_id}, criterion__in=codes, unit_id__in=units)
        waiting = dict(
            CriterionLine.objects.filter(condition, status=LineStatus.SUBMITTED)
            .values(cycle_id=F(TO_CYCLE))
            .annotate(n=Count("id"))
            .values_list("cycle_id", "n")
        )
    return _CycleFacts(
        members=members,
        signed=set(Signature.objects.filter(cycle_id__in=cycle_ids).values_list("cycle_id", "unit_id")),
        submitted=set(
            Submission.objects.filter(agreement__cluster_year_id__in=year_ids).values_list(
                "agreement__cluster_year_id", "unit_id"
            )
        ),
        returned=returned,
        lines=lines,
        pending_appeals=pending,
        waiting=waiting,
        leads={cycle_id: actor.leads or actor.deputises for cycle_id, actor in actors.items()},
    )


def _deadline_of(cycle: Cycle) -> str:
    from thidua.core.templatetags.vn import vn_date

    if cycle.state == CycleState.SIGNING and cycle.signing_deadline:
        return _("hạn ký %(date)s") % {"date": vn_date(cycle.signing_deadline)}
    if cycle.state in (CycleState.REPORTING, CycleState.VERIFICATION) and cycle.reporting_deadline:
        return _("hạn báo cáo %(date)s") % {"date": vn_date(cycle.reporting_deadline)}
    if cycle.state == CycleState.PROVISIONAL and cycle.appeal_deadline:
        return _("hạn kiến nghị %(date)s") % {"date": vn_date(cycle.appeal_deadline)}
    return ""


def _context_of(cycle: Cycle) -> str:
    """ "Cụm thi đua số 5 năm 2026 · Công bố tạm thời, nhận kiến nghị · hạn kiến nghị 31/12/2099" """
    parts = [
        _("%(cluster)s năm %(year)s")
        % {"cluster": cycle.cluster_year.cluster.name, "year": cycle.cluster_year.year},
        str(CycleState(cycle.state).label),
    ]
    deadline = _deadline_of(cycle)
    if deadline:
        parts.append(deadline)
    return " · ".join(parts)


def _board_items(cycle: Cycle, facts: _CycleFacts) -> list[tuple[str, str]]:
    """The board's readiness of the cycle (the figures of its readiness page) and its next step: open signing,
    move on, publish the provisional results, freeze the final ones."""
    detail = reverse("cycle:detail", args=[cycle.pk])
    if cycle.state == CycleState.SETUP:
        return [(_("Đặt hạn và mở ký kết giao ước"), detail)]
    members = [unit_id for unit_id, _name in facts.members.get(cycle.cluster_year_id, [])]
    total = len(members)
    signed = sum(1 for unit_id in members if (cycle.pk, unit_id) in facts.signed)
    submitted = sum(1 for unit_id in members if (cycle.cluster_year_id, unit_id) in facts.submitted)
    lines, verified = facts.lines.get(cycle.pk, (0, 0))
    readiness = _(
        "Tiến độ: %(signed)s/%(total)s đơn vị đã ký · %(submitted)s/%(total)s đã nộp báo cáo · "
        "%(verified)s/%(lines)s dòng đã thẩm định"
    ) % {"signed": signed, "submitted": submitted, "total": total, "verified": verified, "lines": lines}
    out = [(readiness, detail)]
    if cycle.state == CycleState.SIGNING and total and signed == total:
        out.append((_("Chuyển sang báo cáo cuối năm"), detail))
    elif cycle.state == CycleState.REPORTING and total and submitted == total:
        out.append((_("Chuyển sang thẩm định"), detail))
    elif cycle.state == CycleState.VERIFICATION and lines and verified == lines:
        out.append((_("Công bố kết quả tạm thời"), detail))
    elif cycle.state == CycleState.PROVISIONAL and not facts.pending_appeals.get(cycle.pk):
        out.append((_("Chốt kết quả chính thức"), detail))
    return out


def _officer_items(cycle: Cycle, facts: _CycleFacts, own: set[int]) -> list[tuple[str, str]]:
    """What each of the user's member units has to do: sign, report and submit, resubmit returned lines,
    read its provisional results."""
    out: list[tuple[str, str]] = []
    for unit_id, name in facts.members.get(cycle.cluster_year_id, []):
        if unit_id not in own:
            continue
        report = reverse("cycle:report", args=[cycle.pk, unit_id])
        if cycle.state == CycleState.SIGNING and (cycle.pk, unit_id) not in facts.signed:
            out.append(
                (_("Ký giao ước cho %(unit)s") % {"unit": name}, reverse("cycle:detail", args=[cycle.pk]))
            )
        elif cycle.state == CycleState.REPORTING and (cycle.cluster_year_id, unit_id) not in facts.submitted:
            out.append((_("Nhập và nộp báo cáo của %(unit)s") % {"unit": name}, report))
        elif cycle.state == CycleState.VERIFICATION and facts.returned.get((cycle.pk, unit_id)):
            n = facts.returned[(cycle.pk, unit_id)]
            out.append(
                (_("Sửa và gửi lại %(n)s dòng bị trả lại của %(unit)s") % {"n": n, "unit": name}, report)
            )
        elif cycle.state == CycleState.PROVISIONAL:
            out.append(
                (
                    _("Xem kết quả tạm thời của %(unit)s, kiến nghị nếu chưa đồng ý") % {"unit": name},
                    reverse("cycle:unit_results", args=[cycle.pk, unit_id]),
                )
            )
    return out


def cycle_work(user: Any) -> list[WorkItem]:
    """The year's work of the user's clusters, one line per next action, for the home page: the board's readiness
    and next step in its provinces, the leader's lines to verify and appeals to answer, each member unit's
    signing, report and results, and a data-source reviewer's queue. Final cycles hold no more work. Reads a
    fixed number of queries however many cycles, members, lines and appeals there are."""
    board = access.provinces_with_role(user, {Role.BOARD_ADMIN})
    own = access.officer_units(user)
    reviewing = access.provinces_with_role(user, {Role.DATA_SOURCE_REVIEWER})
    if not (board or own or reviewing):
        return []
    condition = (
        Q(cluster_year__cluster__province_id__in=board)
        | Q(cluster_year__memberships__unit_id__in=own)
        | Q(state=CycleState.VERIFICATION, cluster_year__cluster__province_id__in=reviewing)
    )
    cycles = list(
        cycles_visible_to(user)
        .filter(pk__in=Cycle.objects.filter(condition).values("pk"))
        .exclude(state=CycleState.FINAL)
        .order_by("-cluster_year__year", "cluster_year__cluster__name", "pk")
    )
    if not cycles:
        return [_queue_item(0)] if reviewing else []
    facts = _cycle_facts(user, cycles)
    items: list[WorkItem] = []
    for cycle in cycles:
        province_id = cycle.cluster_year.cluster.province_id
        runs = province_id in board
        leads = facts.leads.get(cycle.pk, False)
        actions: list[tuple[str, str]] = []
        board_steps = _board_items(cycle, facts) if runs else []
        # The readiness line comes first, then what to do: verify, answer, the board's next step.
        actions += board_steps[:1]
        if runs or leads:
            waiting = facts.waiting.get(cycle.pk, 0)
            if waiting:
                queue = f"{reverse('cycle:verify_queue')}?nam={cycle.pk}"
                actions.append((_("Thẩm định %(n)s dòng số liệu") % {"n": waiting}, queue))
            appeals = facts.pending_appeals.get(cycle.pk, 0)
            if appeals and cycle.state == CycleState.PROVISIONAL:
                actions.append(
                    (_("Trả lời %(n)s kiến nghị") % {"n": appeals}, reverse("cycle:appeals", args=[cycle.pk]))
                )
        actions += board_steps[1:]
        actions += _officer_items(cycle, facts, own)
        if not actions and (
            runs or leads or own & {u for u, _name in facts.members.get(cycle.cluster_year_id, [])}
        ):
            actions.append((_("Theo dõi tiến độ"), reverse("cycle:detail", args=[cycle.pk])))
        context = _context_of(cycle)
        items += [WorkItem(text=text, url=url, context=context) for text, url in actions]
    if reviewing and not (board or any(facts.leads.values())):
        # A reviewer's lines are spread over the province's clusters: one line with the whole queue.
        items.append(_queue_item(sum(facts.waiting.values())))
    return items


def _queue_item(waiting: int) -> WorkItem:
    return WorkItem(
        text=_("Hàng chờ thẩm định: %(n)s dòng số liệu") % {"n": waiting}, url=reverse("cycle:verify_queue")
    )


def notification_work(user: Any) -> list[WorkItem]:
    """Unread notifications, as one line to the notifications page."""
    unread = unread_count(user)
    if not unread:
        return []
    return [
        WorkItem(
            text=_("%(n)s thông báo chưa đọc") % {"n": unread},
            url=reverse("cycle:notifications"),
            count=unread,
        )
    ]
