"""Building a report file from stored data: the cluster summary and the province's year, in any format.

Pure reads; thidua.reporting.services calls these from the background task and stores what they return.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from django.utils import timezone

from thidua.documents.charts import count_chart
from thidua.documents.docx import render_docx
from thidua.documents.markdown import render_markdown
from thidua.documents.model import Block, Column, Document, Heading, Paragraph, Table
from thidua.documents.pdf import render_pdf
from thidua.documents.xlsx import Sheet, SheetColumn, render_xlsx
from thidua.org.models import ClusterYear, Unit
from thidua.reporting import sources
from thidua.reporting.models import LeaderSection, SectionKind
from thidua.reports.cluster import build_cluster_report
from thidua.reports.model import ProvinceReport, ReportOptions
from thidua.reports.province import build_province_report
from thidua.reports.render import Format, province_document, province_sheets, render
from thidua.reports.text import parse_leader_text

# Called with (percent, what is being done) as the work advances.
Progress = Callable[[int, str], None]


def leader_options(cluster_year: ClusterYear) -> ReportOptions:
    """The report's options with the leader's sections as they are now."""
    texts = dict(LeaderSection.objects.filter(cluster_year=cluster_year).values_list("kind", "text"))
    return ReportOptions(
        issued=timezone.localdate(),
        shortcomings=parse_leader_text(texts.get(SectionKind.SHORTCOMINGS, "")),
        directions=parse_leader_text(texts.get(SectionKind.DIRECTIONS, "")),
        conference=sources.conference_facts(cluster_year),
        comparison=sources.score_comparison(cluster_year),
    )


def cluster_report_bytes(cluster_year: ClusterYear, fmt: Format, progress: Progress) -> bytes:
    progress(10, "Đọc kết quả chấm điểm đã lưu")
    package, result = sources.scored(cluster_year)
    progress(40, "Viết báo cáo")
    report = build_cluster_report(package, result, leader_options(cluster_year))
    progress(60, f"Xuất tệp {fmt}")
    return render(report, fmt)


def province_report_bytes(province: Unit, year: int, fmt: Format, progress: Progress) -> bytes:
    cluster_years = sources.cluster_years_with_results(province, year)
    years = []
    for index, cluster_year in enumerate(cluster_years):
        progress(5 + 55 * index // max(len(cluster_years), 1), f"Đọc kết quả {cluster_year.cluster.name}")
        years.append(sources.scored(cluster_year))
    progress(60, "Tổng hợp toàn tỉnh")
    report = build_province_report(province.name, year, years, ReportOptions(issued=timezone.localdate()))
    register = sources.register_award_counts(province, year)
    progress(70, f"Xuất tệp {fmt}")
    return render_province(report, register, fmt)


def register_blocks(report: ProvinceReport, register: tuple[tuple[str, int], ...]) -> list[Block]:
    """The register's awards of the year: what was granted, next to what the clusters proposed."""
    blocks: list[Block] = [Heading(1, "Kết quả khen thưởng theo sổ khen thưởng")]
    if not register:
        blocks.append(
            Paragraph(f"Sổ khen thưởng chưa ghi nhận khen thưởng nào cho thành tích năm {report.year}.")
        )
        return blocks
    total = sum(count for _, count in register)
    blocks.append(
        Paragraph(
            f"Theo sổ khen thưởng, thành tích năm {report.year} đã được khen thưởng {total} lượt, gồm: "
            + "; ".join(f"{award}: {count}" for award, count in register)
            + "."
        )
    )
    blocks.append(
        Table(
            (
                Column("STT", "center", 0.5),
                Column("Hình thức khen thưởng", "left", 4.0),
                Column("Số lượt", "center", 1.0),
            ),
            tuple((str(i), award, str(count)) for i, (award, count) in enumerate(register, 1)),
            caption=f"Bảng 2. Khen thưởng thành tích năm {report.year} theo sổ khen thưởng",
        )
    )
    blocks.append(
        count_chart(
            [award for award, _ in register],
            [count for _, count in register],
            f"Biểu đồ 2. Khen thưởng thành tích năm {report.year} theo sổ khen thưởng",
        )
    )
    return blocks


def _with_register(document: Document, extra: list[Block]) -> Document:
    """Put the register's section before the board's own sections (hạn chế, phương hướng), which close the body."""
    blocks = list(document.blocks)
    closing = next(
        (
            i
            for i, b in enumerate(blocks)
            if isinstance(b, Heading) and b.level == 1 and b.text.startswith("Hạn chế")
        ),
        len(blocks),
    )
    return dataclasses.replace(document, blocks=tuple(blocks[:closing] + extra + blocks[closing:]))


def render_province(
    report: ProvinceReport, register: tuple[tuple[str, int], ...] | None, fmt: Format
) -> bytes:
    """The province report; with `register` (None when there is no register) its award statistics too."""
    if register is None:
        return render(report, fmt)
    if fmt == "xlsx":
        sheet = Sheet(
            name="Sổ khen thưởng",
            title=(f"{report.scope.upper()} - NĂM {report.year}", "Khen thưởng theo sổ khen thưởng"),
            columns=(SheetColumn("Hình thức khen thưởng", "text", 40), SheetColumn("Số lượt", "integer", 12)),
            rows=tuple(register),
        )
        return render_xlsx([*province_sheets(report), sheet])
    document = _with_register(province_document(report), register_blocks(report, register))
    if fmt == "docx":
        return render_docx(document)
    if fmt == "pdf":
        return render_pdf(document)
    return render_markdown(document).encode("utf-8")
