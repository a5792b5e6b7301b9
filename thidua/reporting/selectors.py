"""Reads of the reporting app, through thidua.reporting.permissions: what a user may see is decided there."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from thidua.accounts import access
from thidua.accounts.models import Role
from thidua.core.errors import NotFound
from thidua.core.models import AuditEvent
from thidua.org import selectors as org_selectors
from thidua.org.models import ClusterYear, Unit
from thidua.reporting import permissions
from thidua.reporting.models import DocumentKind, GeneratedDocument, LeaderSection, SectionKind

DOCUMENT_NOT_FOUND = "Không tìm thấy tài liệu hoặc bạn không có quyền xem."


def cluster_year_for_reports(user: Any, pk: int) -> ClusterYear:
    """The cluster-year, when the user may read its report or write its sections."""
    cluster_year = org_selectors.cluster_year_get_for_user(user, pk)
    if not (
        permissions.can_read_cluster_report(user, cluster_year)
        or permissions.can_write_sections(user, cluster_year)
    ):
        raise NotFound(_("Không tìm thấy báo cáo của cụm, khối này hoặc bạn không có quyền xem."))
    return cluster_year


def province_for_reports(user: Any, pk: int) -> Unit:
    province = Unit.objects.filter(pk=pk, province__isnull=True).first()
    if province is None or not permissions.can_read_province_report(user, province.pk):
        raise NotFound(_("Không tìm thấy báo cáo của tỉnh này hoặc bạn không có quyền xem."))
    return province


def _can_read(user: Any, document: GeneratedDocument) -> bool:
    if document.cluster_year is not None:
        return permissions.can_read_cluster_report(user, document.cluster_year)
    return permissions.can_read_province_report(user, document.province_id)


def document_get_for_user(user: Any, pk: int) -> GeneratedDocument:
    """The document, or NotFound when it does not exist or the user may not read it (the two look the same)."""
    document = (
        GeneratedDocument.objects.select_related("cluster_year__cluster", "province").filter(pk=pk).first()
    )
    if document is None or not _can_read(user, document):
        raise NotFound(DOCUMENT_NOT_FOUND)
    return document


def documents_of_cluster_year(*, user: Any, cluster_year: ClusterYear) -> QuerySet[GeneratedDocument]:
    if not permissions.can_read_cluster_report(user, cluster_year):
        return GeneratedDocument.objects.none()
    return GeneratedDocument.objects.filter(cluster_year=cluster_year).select_related("requested_by")[:20]


def documents_of_province_year(*, user: Any, province: Unit, year: int) -> QuerySet[GeneratedDocument]:
    if not permissions.can_read_province_report(user, province.pk):
        return GeneratedDocument.objects.none()
    return GeneratedDocument.objects.filter(
        kind=DocumentKind.PROVINCE, province=province, year=year
    ).select_related("requested_by")[:20]


@dataclass(frozen=True)
class SectionView:
    """A leader section as the page shows it: the text, its version, and its earlier versions from the audit."""

    kind: str
    label: str
    section: LeaderSection | None
    history: list[AuditEvent]

    @property
    def text(self) -> str:
        return self.section.text if self.section is not None else ""

    @property
    def version(self) -> int:
        return self.section.version if self.section is not None else 0


def leader_sections(*, cluster_year: ClusterYear) -> list[SectionView]:
    """Both sections in report order, each with its saves newest first (who, when, the text before and after)."""
    stored = {
        s.kind: s
        for s in LeaderSection.objects.filter(cluster_year=cluster_year).select_related("updated_by")
    }
    views = []
    for kind, label in SectionKind.choices:
        section = stored.get(kind)
        history: list[AuditEvent] = []
        if section is not None:
            history = list(
                AuditEvent.objects.filter(
                    object_type="reporting.leadersection",
                    object_id=str(section.pk),
                    action="leader_section.save",
                ).order_by("-id")[:20]
            )
        views.append(SectionView(kind=kind, label=str(label), section=section, history=history))
    return views


@dataclass(frozen=True)
class ReportIndex:
    """What the reports page lists for a user: cluster-years with stored results, and provinces."""

    cluster_years: list[ClusterYear]
    provinces: list[tuple[Unit, list[int]]]


def report_index(*, user: Any) -> ReportIndex:
    visible = access.clusters_visible_to(user).values("pk")
    candidates = (
        ClusterYear.objects.filter(cluster__in=visible, score_snapshots__isnull=False)
        .select_related("cluster")
        .distinct()
        .order_by("-year", "cluster__kind", "cluster__code")
    )
    led = access.cluster_years_led_by(user).select_related("cluster")
    by_pk = {cy.pk: cy for cy in candidates if permissions.can_read_cluster_report(user, cy)}
    for cy in led:
        by_pk.setdefault(cy.pk, cy)
    cluster_years = sorted(by_pk.values(), key=lambda cy: (-cy.year, cy.cluster.kind, cy.cluster.code))
    readers = access.provinces_with_role(user, {Role.BOARD_ADMIN, Role.COUNCIL_MEMBER})
    provinces = [
        (p, years_with_results(p))
        for p in Unit.objects.filter(pk__in=readers, province__isnull=True).order_by("name")
    ]
    return ReportIndex(cluster_years=cluster_years, provinces=provinces)


def years_with_results(province: Unit) -> list[int]:
    return sorted(
        set(
            ClusterYear.objects.filter(cluster__province=province, score_snapshots__isnull=False).values_list(
                "year", flat=True
            )
        ),
        reverse=True,
    )
