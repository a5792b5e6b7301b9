"""Reads of frameworks, agreements, imports and snapshots, always through what the user may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from thidua.accounts import access
from thidua.agreements import documents, permissions
from thidua.agreements.describe import children_sum, rule_text
from thidua.agreements.models import (
    Agreement,
    CriterionLine,
    Framework,
    FrameworkVersion,
    PackageImport,
    ScoreSnapshot,
    VersionStatus,
)
from thidua.agreements.packaging import Loss, memberships, version_framework
from thidua.core.errors import AccessDenied, NotFound
from thidua.engine.model import uses_target
from thidua.engine.numbers import vn
from thidua.org.models import ClusterYear, Membership
from thidua.org.selectors import cluster_year_get_for_user
from thidua.packages.fields import as_number


def framework_list(*, user: Any) -> QuerySet[Framework]:
    return (
        Framework.objects.filter(province_id__in=permissions.provinces_seen_by(user))
        .select_related("province")
        .prefetch_related("versions")
        .order_by("province__name", "name")
    )


def framework_version_get_for_user(user: Any, pk: int, *, write: bool = False) -> FrameworkVersion:
    version = (
        FrameworkVersion.objects.select_related("framework__province", "derived_from").filter(pk=pk).first()
    )
    if version is None or version.framework.province_id not in permissions.provinces_seen_by(user):
        raise NotFound(_("Không tìm thấy thang điểm hoặc bạn không có quyền xem."))
    if write and not permissions.can_edit_frameworks(user, version.framework.province_id):
        raise AccessDenied(_("Chỉ Ban Thi đua – Khen thưởng của tỉnh được thay đổi thang điểm."))
    return version


@dataclass
class TreeRow:
    """A node of the framework as the page shows it: indented, with its rule in words and its problems."""

    path: str
    depth: int
    node: dict[str, Any]
    is_leaf: bool
    rule: str
    children_sum: Decimal | None
    max: Decimal | None
    problems: list[str] = field(default_factory=list)

    @property
    def indent(self) -> str:
        return "\u00a0\u00a0\u00a0" * self.depth

    @property
    def sum_differs(self) -> bool:
        return self.children_sum is not None and self.children_sum != self.max


def framework_rows(document: dict[str, Any], found: documents.Findings | None = None) -> list[TreeRow]:
    rows = []
    for path, node in documents.walk(document):
        children = node.get("children") or []
        rows.append(
            TreeRow(
                path=documents.path_text(path),
                depth=len(path) - 1,
                node=node,
                is_leaf=not children,
                rule=rule_text(node) if not children else "",
                children_sum=children_sum(node),
                max=as_number(node.get("max")),
                problems=(found.by_node.get(path, []) if found else []),
            )
        )
    return rows


def cluster_year_for_agreement(user: Any, pk: int) -> tuple[ClusterYear, Agreement | None]:
    cluster_year = cluster_year_get_for_user(user, pk)
    agreement = (
        Agreement.objects.select_related("framework_version__framework")
        .filter(cluster_year=cluster_year)
        .first()
    )
    return cluster_year, agreement


@dataclass
class TargetCell:
    membership: Membership
    target: Decimal | None
    source: str
    source_label: str


@dataclass
class TargetRow:
    code: str
    title: str
    unit_of_measure: str
    uses_target: bool
    cells: list[TargetCell]


def targets_table(agreement: Agreement) -> tuple[list[Membership], list[TargetRow]]:
    """Criteria × members: every leaf of the framework with each member's target and where it comes from."""
    members = memberships(agreement.cluster_year)
    lines = {(line.criterion, line.unit_id): line for line in agreement.lines.all()}
    labels = {"province": gettext_noop("Tỉnh giao"), "local": gettext_noop("NQ địa phương"), "": ""}
    rows = []
    for leaf in version_framework(agreement.framework_version).leaves():
        cells = []
        for membership in members:
            line = lines.get((leaf.code, membership.unit_id))
            target = line.target if line else None
            source = (
                (line.target_source if line and line.target_source else leaf.target_source or "")
                if target is not None
                else ""
            )
            cells.append(
                TargetCell(membership=membership, target=target, source=source, source_label=labels[source])
            )
        assert leaf.rule is not None
        rows.append(
            TargetRow(
                code=leaf.code,
                title=leaf.title,
                unit_of_measure=leaf.unit_of_measure or "",
                uses_target=uses_target(leaf.rule),
                cells=cells,
            )
        )
    return members, rows


def package_import_get_for_user(user: Any, pk: int) -> PackageImport:
    found = PackageImport.objects.select_related("cluster_year__cluster__province").filter(pk=pk).first()
    if found is None or not permissions.can_import(user, found.cluster_year):
        raise NotFound(_("Không tìm thấy tệp nhập hoặc bạn không có quyền xem."))
    return found


def snapshot_list(*, user: Any, cluster_year: ClusterYear) -> QuerySet[ScoreSnapshot]:
    if not permissions.can_view_scores(user, cluster_year):
        return ScoreSnapshot.objects.none()
    return ScoreSnapshot.objects.filter(cluster_year=cluster_year).select_related(
        "framework_version__framework"
    )


def snapshot_get_for_user(user: Any, pk: int) -> ScoreSnapshot:
    snapshot = (
        ScoreSnapshot.objects.select_related("cluster_year__cluster", "framework_version__framework")
        .filter(pk=pk)
        .first()
    )
    if snapshot is None or not permissions.can_view_scores(user, snapshot.cluster_year):
        raise NotFound(_("Không tìm thấy kết quả chấm điểm hoặc bạn không có quyền xem."))
    return snapshot


@dataclass(frozen=True)
class Difference:
    """One number that differs between two snapshots, for a unit (and a criterion, when `node` is set)."""

    unit: str
    node: str
    what: str
    before: str | None
    after: str | None


UNIT_FIELDS = (
    ("rank", gettext_noop("Hạng")),
    ("total", gettext_noop("Tổng điểm")),
    ("standard", gettext_noop("Điểm chuẩn")),
    ("bonus", gettext_noop("Thưởng")),
    ("deductions", gettext_noop("Trừ")),
    ("band", gettext_noop("Xếp loại")),
    ("honour", gettext_noop("Đề nghị khen thưởng")),
    ("vetoed", gettext_noop("Không xét thi đua")),
)
NODE_FIELDS = (
    ("status", gettext_noop("Trạng thái")),
    ("points", gettext_noop("Điểm")),
    ("bonus", gettext_noop("Thưởng")),
)


def snapshot_compare(before: ScoreSnapshot, after: ScoreSnapshot) -> list[Difference]:
    """Every unit figure, section and criterion whose result differs, unit by unit."""
    old = {unit["code"]: unit for unit in before.results["units"]}
    new = {unit["code"]: unit for unit in after.results["units"]}
    out: list[Difference] = []
    for code in sorted(set(old) | set(new)):
        a, b = old.get(code, {}), new.get(code, {})
        for key, label in UNIT_FIELDS:
            if a.get(key) != b.get(key):
                out.append(Difference(code, "", label, _text(a.get(key)), _text(b.get(key))))
        sections_a, sections_b = a.get("sections", {}), b.get("sections", {})
        for section in sorted(set(sections_a) | set(sections_b)):
            if sections_a.get(section) != sections_b.get(section):
                out.append(
                    Difference(
                        code,
                        section,
                        gettext_noop("Điểm nội dung"),
                        sections_a.get(section),
                        sections_b.get(section),
                    )
                )
        nodes_a, nodes_b = a.get("nodes", {}), b.get("nodes", {})
        for node in sorted(set(nodes_a) | set(nodes_b)):
            x, y = nodes_a.get(node, {}), nodes_b.get(node, {})
            for key, label in NODE_FIELDS:
                if x.get(key) != y.get(key):
                    out.append(Difference(code, node, label, _text(x.get(key)), _text(y.get(key))))
    return out


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class AgreementIndexRow:
    """A cluster-year the user can see, its agreement if it has one, and whether the user may see its scores."""

    cluster_year: ClusterYear
    agreement: Agreement | None
    can_view_scores: bool


def agreement_index(*, user: Any) -> list[AgreementIndexRow]:
    """Every cluster-year of the clusters the user can see, newest year first."""
    cluster_years = list(
        ClusterYear.objects.filter(cluster__in=access.clusters_visible_to(user).values("pk"))
        .select_related("cluster__province")
        .order_by("-year", "cluster__code")
    )
    agreements = {
        a.cluster_year_id: a
        for a in Agreement.objects.filter(cluster_year__in=cluster_years).select_related(
            "framework_version__framework"
        )
    }
    return [
        AgreementIndexRow(cy, agreements.get(cy.pk), permissions.can_view_scores(user, cy))
        for cy in cluster_years
    ]


# --- where the year stands, and the framework versions a year may use --------------------------------------

# Cycle states in which no member can have signed yet (thidua.cycle's CycleState values).
BEFORE_SIGNING_STATES = ("", "setup", "signing")


@dataclass(frozen=True)
class YearProgress:
    """Where a cluster-year's workflow stands: its cycle state ("" before the board opens it) and who signed."""

    state: str
    state_label: str
    signed: tuple[str, ...]

    @property
    def signing_started(self) -> bool:
        """Once a member has signed, or the year has moved past signing, the agreement's terms are settled."""
        return bool(self.signed) or self.state not in BEFORE_SIGNING_STATES

    def describe(self) -> str:
        """What has started, in words: "Xã Vĩnh Hòa đã ký giao ước" or the state the year is in."""
        if self.state not in BEFORE_SIGNING_STATES:
            return _("năm thi đua đang ở giai đoạn “%(state)s”") % {"state": self.state_label}
        return _("%(units)s đã ký giao ước") % {"units": ", ".join(self.signed)}


def year_progress(cluster_year: ClusterYear) -> YearProgress:
    """Read afresh from thidua.cycle (looked up by name: the cycle app builds on this one)."""
    if not apps.is_installed("thidua.cycle"):
        return YearProgress("", "", ())
    cycle = apps.get_model("cycle", "Cycle").objects.filter(cluster_year_id=cluster_year.pk).first()
    if cycle is None:
        return YearProgress("", "", ())
    signed = (
        apps.get_model("cycle", "Signature")
        .objects.filter(cycle=cycle)
        .order_by("signed_at", "id")
        .values_list("unit__name", flat=True)
    )
    return YearProgress(str(cycle.state), str(cycle.get_state_display()), tuple(signed))


def published_versions(province_id: int) -> QuerySet[FrameworkVersion]:
    """The versions a cluster-year of the province may use: published ones, newest first."""
    return (
        FrameworkVersion.objects.filter(framework__province_id=province_id, status=VersionStatus.PUBLISHED)
        .select_related("framework")
        .order_by("-published_at", "framework__name", "-number")
    )


def previous_year_version(cluster_year: ClusterYear) -> FrameworkVersion | None:
    """The version the same cluster's agreement used the year before, if that year had one."""
    agreement = (
        Agreement.objects.filter(
            cluster_year__cluster_id=cluster_year.cluster_id, cluster_year__year=cluster_year.year - 1
        )
        .select_related("framework_version__framework")
        .first()
    )
    return agreement.framework_version if agreement is not None else None


def framework_change_losses(agreement: Agreement, version: FrameworkVersion) -> list[Loss]:
    """The targets and figures on criteria and bonus items the new version does not have: changing to it drops
    them, so the page lists them and the service asks for a confirmation first."""
    framework = version_framework(version)
    leaves = {node.code for node in framework.leaves()}
    items = {item.code for item in framework.bonus_items}
    lines = [
        f"{line.criterion} – {line.unit.name}"
        for line in agreement.lines.select_related("unit").order_by("criterion", "unit__name")
        if line.criterion not in leaves and not line.is_empty()
    ]
    bonus = [
        f"{award.item} – {award.unit.name}"
        for award in agreement.bonus_awards.select_related("unit").order_by("item", "unit__name")
        if award.item not in items
    ]
    nodes = {node.code for node in framework.nodes()}
    deductions = [
        f"−{vn(d.points)} {d.unit.name} ({d.criterion}): {d.reason}"
        for d in agreement.deductions.select_related("unit")
        if d.criterion and d.criterion not in nodes
    ]
    out = []
    if lines:
        out.append(Loss(_("Chỉ tiêu, số liệu của tiêu chí không có trong thang điểm mới"), tuple(lines)))
    if bonus:
        out.append(Loss(_("Điểm thưởng không có trong thang điểm mới"), tuple(bonus)))
    if deductions:
        out.append(Loss(_("Điểm trừ bỏ gắn với tiêu chí không còn trong thang điểm mới"), tuple(deductions)))
    return out


def verified_lines(cluster_year: ClusterYear) -> dict[tuple[str, str], str]:
    """(unit code, criterion) → who verified it, for the year's lines already verified."""
    rows = CriterionLine.objects.filter(
        agreement__cluster_year_id=cluster_year.pk, verified_at__isnull=False
    ).values_list("unit__code", "criterion", "verified_by_name")
    return {(unit, criterion): name for unit, criterion, name in rows}
