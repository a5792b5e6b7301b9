"""Lay a report out as a `Document` (docx, PDF, Markdown) or as workbook sheets, and write the file."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from thidua.documents.charts import Series, count_chart, ranking_chart, stacked_chart
from thidua.documents.docx import render_docx
from thidua.documents.markdown import render_markdown
from thidua.documents.model import (
    Block,
    Bullets,
    Column,
    Document,
    Heading,
    Letterhead,
    Paragraph,
    Signature,
    Table,
    place_name,
)
from thidua.documents.pdf import render_pdf
from thidua.documents.xlsx import Sheet, SheetChart, SheetColumn, render_xlsx
from thidua.engine.numbers import vn
from thidua.reports.model import ClusterReport, LeaderText, ProvinceReport, RankingRow
from thidua.reports.words import group_word, leader_word, whole_or_points

Format = Literal["md", "docx", "xlsx", "pdf"]
FORMATS: tuple[Format, ...] = ("md", "docx", "xlsx", "pdf")
NO_SHORTCOMINGS = (
    "Phần hạn chế, tồn tại chưa được {leader} cung cấp; báo cáo không tự đánh giá thay, "
    "nội dung này cần được bổ sung trước khi ban hành."
)
NO_DIRECTIONS = (
    "Phần phương hướng, nhiệm vụ năm {next_year} chưa được {leader} cung cấp; "
    "nội dung này cần được bổ sung trước khi ban hành."
)


def render(report: ClusterReport | ProvinceReport, fmt: Format) -> bytes:
    """The report as the bytes of a file in `fmt`."""
    if fmt == "xlsx":
        sheets = cluster_sheets(report) if isinstance(report, ClusterReport) else province_sheets(report)
        return render_xlsx(sheets)
    document = cluster_document(report) if isinstance(report, ClusterReport) else province_document(report)
    if fmt == "docx":
        return render_docx(document)
    if fmt == "pdf":
        return render_pdf(document)
    return render_markdown(document).encode("utf-8")


def _letterhead(report: ClusterReport, title: str) -> Letterhead:
    symbol = "CTĐ" if report.kind == "cum" else "KTĐ"
    return Letterhead(
        issuer=report.cluster_name,
        parent=f"UBND {report.scope}" if report.scope else None,
        number=report.options.number or f"Số: …/BC-{symbol}",
        place=place_name(report.scope),
        issued=report.options.issued,
        kind="BÁO CÁO",
        title=title,
    )


def _leader_text(text: LeaderText, empty: str) -> list[Block]:
    return list(text) if text else [Paragraph(empty, italic=True)]


def cluster_document(report: ClusterReport) -> Document:
    group = group_word(report.kind)
    leader = leader_word(report.kind, "leader").lower()
    blocks: list[Block] = [
        Heading(1, "Đặc điểm tình hình"),
        *[Paragraph(text) for text in report.identification],
        Heading(1, f"Kết quả thực hiện giao ước thi đua năm {report.year}"),
    ]
    for part in report.sections:
        blocks.append(Heading(2, f"Nội dung {part.code}: {part.title} ({whole_or_points(part.max)} điểm)"))
        blocks.append(
            Bullets(part.sentences) if part.sentences else Paragraph("Không có số liệu để tổng hợp.")
        )
    if report.criteria:
        blocks.append(Heading(2, "Kết quả thực hiện các chỉ tiêu có kế hoạch"))
        blocks.extend(Paragraph(text) for text in report.targets_summary)
        blocks.append(criteria_table(report))
    conference: list[Block] = (
        [Heading(2, "Kết quả hội nghị tổng kết"), Bullets(report.conference_sentences)]
        if report.conference_sentences
        else []
    )
    blocks += [
        Heading(1, "Kết quả chấm điểm, xếp hạng và đề nghị khen thưởng"),
        Heading(2, "Kết quả chấm điểm, xếp hạng"),
        *[Paragraph(text) for text in report.ranking_sentences],
        ranking_table(report),
        *([comparison_table(report)] if compared(report) else []),
        sections_table(report),
    ]
    if report.ranking:
        blocks.append(_ranking_chart(report))
        if report.section_titles:
            blocks.append(_sections_chart(report))
    blocks += [
        Heading(2, "Điểm thưởng, điểm trừ"),
        Bullets(report.bonus_sentences + report.deduction_sentences),
        Heading(2, "Trường hợp không xét thi đua"),
        Bullets(report.veto_sentences),
        Heading(2, "Đề nghị khen thưởng"),
        Bullets(report.honour_sentences)
        if report.honour_sentences
        else Paragraph("Chưa có kết quả xếp hạng để đề nghị khen thưởng."),
        *conference,
        Heading(1, "Hạn chế, tồn tại"),
        *_leader_text(report.shortcomings, NO_SHORTCOMINGS.format(leader=leader)),
        Heading(1, f"Phương hướng, nhiệm vụ năm {report.year + 1}"),
        *_leader_text(report.directions, NO_DIRECTIONS.format(leader=leader, next_year=report.year + 1)),
    ]
    return Document(
        letterhead=_letterhead(
            report, f"Tổng kết phong trào thi đua năm {report.year} của {report.cluster_name}"
        ),
        blocks=tuple(blocks),
        recipients=(
            "Hội đồng Thi đua - Khen thưởng tỉnh (để báo cáo)",
            "Ban Thi đua - Khen thưởng, Sở Nội vụ",
            f"Các đơn vị thành viên {group}",
            "Lưu: VT",
        ),
        signature=Signature(
            authority=f"TM. {report.cluster_name}",
            position=leader_word(report.kind, "leader"),
            name=report.options.signer,
        ),
    )


def _rank(rank: int | None) -> str:
    return str(rank) if rank is not None else "-"


COMPARED_HEADERS = ("Tự chấm", "Cụm chấm", "Điểm duyệt", "Chênh lệch")


def compared(report: ClusterReport) -> bool:
    """Whether the report carries the compared columns (made in the app, where the units' own figures are kept)."""
    return any(row.compared is not None for row in report.ranking)


def compared_cells(row: RankingRow) -> tuple[Decimal | None, ...]:
    """Tự chấm, Cụm chấm, Điểm duyệt, Chênh lệch; without a comparison, the total as verified and approved."""
    if row.compared is None:
        return (None, row.total, row.total, None)
    found = row.compared
    return (found.own, found.verified, found.approved, found.difference)


def _signed(value: Decimal | None) -> str:
    if value is None:
        return "-"
    return ("+" if value > 0 else "") + vn(value, 2)


def ranking_table(report: ClusterReport) -> Table:
    columns = (
        Column("Hạng", "center", 0.8),
        Column("Đơn vị", "left", 2.4),
        Column("Điểm chuẩn", "right", 1.1),
        Column("Điểm thưởng", "right", 1.1),
        Column("Điểm trừ", "right", 0.9),
        Column("Tổng điểm", "right", 1.1),
        Column("Xếp loại", "center", 1.0),
        Column("Đề nghị khen thưởng / ghi chú", "left", 2.2),
    )
    rows = tuple(
        (
            _rank(row.rank),
            row.name,
            vn(row.standard, 2),
            vn(row.bonus, 2),
            vn(row.deductions, 2),
            vn(row.total, 2),
            row.band or "",
            row.honour or (f"Không xét: {row.vetoed}" if row.vetoed else ""),
        )
        for row in report.ranking
    )
    return Table(columns, rows, caption=f"Bảng 1. Kết quả chấm điểm, xếp hạng năm {report.year}")


def comparison_table(report: ClusterReport) -> Table:
    """Tự chấm / Cụm chấm / Điểm duyệt and the difference; without the units' own figures (a package alone),
    the totals before and after agreed points."""
    with_own = any(row.compared is not None and row.compared.own is not None for row in report.ranking)
    headers = COMPARED_HEADERS if with_own else COMPARED_HEADERS[1:3]
    columns = (Column("Đơn vị", "left", 2.6), *(Column(header, "right", 1.2) for header in headers))

    def cells(row: RankingRow) -> tuple[str, ...]:
        own, verified, approved, difference = compared_cells(row)
        shown = (
            vn(own, 2) if own is not None else "-",
            vn(verified, 2) if verified is not None else "-",
            vn(approved, 2) if approved is not None else "-",
            _signed(difference),
        )
        return shown if with_own else shown[1:3]

    rows = tuple((row.name, *cells(row)) for row in report.ranking)
    caption = (
        "Bảng 4. Điểm tự chấm, điểm cụm chấm và điểm duyệt"
        if with_own
        else "Bảng 4. Điểm theo cách tính và điểm duyệt sau khi thống nhất"
    )
    return Table(columns, rows, caption=caption)


def sections_table(report: ClusterReport) -> Table:
    columns = (
        Column("Đơn vị", "left", 2.6),
        *[
            Column(f"Nội dung {index} ({whole_or_points(top)})", "right", 1.2)
            for index, (_, top) in enumerate(report.section_titles, 1)
        ],
    )
    rows = tuple((row.name, *[vn(value, 2) for value in row.sections]) for row in report.ranking)
    return Table(columns, rows, caption="Bảng 2. Điểm đạt theo từng nội dung (trước khi quy đổi)")


def criteria_table(report: ClusterReport) -> Table:
    columns = (
        Column("Mã", "center", 0.6),
        Column("Tiêu chí", "left", 3.0),
        Column("Đơn vị tính", "center", 1.0),
        Column("Tổng chỉ tiêu", "right", 1.1),
        Column("Tổng thực hiện", "right", 1.1),
        Column("Tỷ lệ so kế hoạch", "right", 1.3),
        Column("Số đơn vị đạt", "center", 0.9),
    )

    def shown(value: Decimal | None) -> str:
        return vn(value) if value is not None else "-"

    rows = tuple(
        (
            row.code,
            row.title + (" (chỉ tiêu giảm)" if row.lower else ""),
            row.unit or "",
            shown(row.sum_target),
            shown(row.sum_actual),
            vn(row.ratio_percent, 2) + "%" if row.ratio_percent is not None else "-",
            f"{row.reached}/{row.reported}",
        )
        for row in report.criteria
    )
    return Table(
        columns,
        rows,
        caption="Bảng 3. Tổng hợp các tiêu chí có chỉ tiêu kế hoạch của cả " + group_word(report.kind),
    )


def _ranking_chart(report: ClusterReport) -> Block:
    ranked = [row for row in report.ranking if row.rank is not None]
    leaders = sum(1 for row in ranked if row.rank == 1)
    return ranking_chart(
        [row.name for row in ranked],
        [row.total for row in ranked],
        f"Biểu đồ 1. Tổng điểm thi đua năm {report.year} theo thứ hạng",
        leaders=leaders,
    )


def _sections_chart(report: ClusterReport) -> Block:
    series = [
        Series(f"Nội dung {index}", tuple(row.sections[index - 1] for row in report.ranking))
        for index in range(1, len(report.section_titles) + 1)
    ]
    return stacked_chart(
        [row.name for row in report.ranking], series, "Biểu đồ 2. Điểm đạt theo từng nội dung của các đơn vị"
    )


def cluster_sheets(report: ClusterReport) -> list[Sheet]:
    title = (f"{report.cluster_name.upper()} - NĂM {report.year}", "Kết quả chấm điểm, xếp hạng thi đua")
    section_columns = tuple(
        SheetColumn(f"Nội dung {index} ({whole_or_points(top)})", "points", 13)
        for index, (_, top) in enumerate(report.section_titles, 1)
    )
    with_comparison = compared(report)
    total_columns = (
        tuple(SheetColumn(header, "points", 12) for header in COMPARED_HEADERS)
        if with_comparison
        else (SheetColumn("Tổng điểm", "points", 12),)
    )
    ranking = Sheet(
        name="Xếp hạng",
        title=title,
        columns=(
            SheetColumn("Hạng", "integer", 7),
            SheetColumn("Đơn vị", "text", 28),
            *section_columns,
            SheetColumn("Điểm chuẩn", "points", 12),
            SheetColumn("Điểm thưởng", "points", 12),
            SheetColumn("Điểm trừ", "points", 11),
            *total_columns,
            SheetColumn("Xếp loại", "text", 12),
            SheetColumn("Đề nghị khen thưởng", "text", 32),
            SheetColumn("Không xét thi đua (lý do)", "text", 30),
        ),
        rows=tuple(
            (
                row.rank,
                row.name,
                *row.sections,
                row.standard,
                row.bonus,
                row.deductions,
                *(compared_cells(row) if with_comparison else (row.total,)),
                row.band,
                row.honour,
                row.vetoed,
            )
            for row in report.ranking
        ),
        # The chart shows the total that counts: the approved one when the columns are compared.
        chart=SheetChart(
            "Điểm duyệt" if with_comparison else "Tổng điểm",
            category=1,
            values=(5 + len(section_columns) + (2 if with_comparison else 0),),
            x_title="Điểm",
        ),
    )
    criteria = Sheet(
        name="Chỉ tiêu",
        title=(
            f"{report.cluster_name.upper()} - NĂM {report.year}",
            "Tổng hợp các tiêu chí có chỉ tiêu kế hoạch",
        ),
        columns=(
            SheetColumn("Mã", "text", 7),
            SheetColumn("Tiêu chí", "text", 40),
            SheetColumn("Đơn vị tính", "text", 12),
            SheetColumn("Chỉ tiêu giảm", "text", 9),
            SheetColumn("Tổng chỉ tiêu", "exact", 14),
            SheetColumn("Tổng thực hiện", "exact", 14),
            SheetColumn("Tỷ lệ so kế hoạch", "percent", 12),
            SheetColumn("Số đơn vị đạt", "integer", 10),
            SheetColumn("Số đơn vị báo cáo", "integer", 10),
        ),
        rows=tuple(
            (
                row.code,
                row.title,
                row.unit,
                "Có" if row.lower else "",
                row.sum_target,
                row.sum_actual,
                row.ratio_percent,
                row.reached,
                row.reported,
            )
            for row in report.criteria
        ),
        notes=("Tỷ lệ (%) không được cộng dồn giữa các đơn vị nên không có tổng chỉ tiêu, tổng thực hiện.",),
    )
    sentences = Sheet(
        name="Báo cáo",
        title=title,
        columns=(SheetColumn("Phần", "text", 28), SheetColumn("Nội dung", "text", 110)),
        rows=tuple(_sentence_rows(report)),
    )
    return [ranking, criteria, sentences]


def _sentence_rows(report: ClusterReport) -> list[tuple[str, str]]:
    rows = [("Đặc điểm tình hình", text) for text in report.identification]
    for part in report.sections:
        rows += [(f"Nội dung {part.code}", text) for text in part.sentences]
    rows += [("Chỉ tiêu kế hoạch", text) for text in report.targets_summary]
    rows += [("Xếp hạng", text) for text in report.ranking_sentences]
    rows += [("Điểm thưởng, điểm trừ", text) for text in report.bonus_sentences + report.deduction_sentences]
    rows += [("Không xét thi đua", text) for text in report.veto_sentences]
    rows += [("Đề nghị khen thưởng", text) for text in report.honour_sentences]
    return rows


def province_document(report: ProvinceReport) -> Document:
    blocks: list[Block] = [
        Heading(1, "Tổng hợp kết quả các cụm, khối thi đua"),
        *[Paragraph(text) for text in report.sentences],
        province_table(report),
    ]
    if report.award_counts:
        blocks.append(
            count_chart(
                [award for award, _ in report.award_counts],
                [count for _, count in report.award_counts],
                f"Biểu đồ 1. Số đơn vị được đề nghị khen thưởng năm {report.year}",
            )
        )
    for cluster in report.clusters:
        blocks.append(Heading(2, cluster.cluster_name))
        blocks.extend(Paragraph(text) for text in cluster.ranking_sentences + cluster.honour_sentences)
    blocks += [
        Heading(1, "Hạn chế, tồn tại"),
        *_leader_text(
            report.options.shortcomings, NO_SHORTCOMINGS.format(leader="Ban Thi đua - Khen thưởng")
        ),
        Heading(1, f"Phương hướng, nhiệm vụ năm {report.year + 1}"),
        *_leader_text(
            report.options.directions,
            NO_DIRECTIONS.format(leader="Ban Thi đua - Khen thưởng", next_year=report.year + 1),
        ),
    ]
    return Document(
        letterhead=Letterhead(
            issuer="Hội đồng Thi đua - Khen thưởng",
            parent=f"UBND {report.scope}",
            number=report.options.number or "Số: …/BC-HĐTĐKT",
            place=place_name(report.scope),
            issued=report.options.issued,
            title=f"Tổng kết phong trào thi đua các cụm, khối thi đua năm {report.year}",
        ),
        blocks=tuple(blocks),
        recipients=("Ủy ban nhân dân tỉnh (để báo cáo)", "Các cụm, khối thi đua", "Lưu: VT"),
        signature=Signature(authority="TM. Hội đồng", position="Chủ tịch", name=report.options.signer),
    )


def province_table(report: ProvinceReport) -> Table:
    columns = (
        Column("STT", "center", 0.5),
        Column("Cụm, khối thi đua", "left", 2.0),
        Column("Số đơn vị", "center", 0.8),
        Column("Đơn vị dẫn đầu", "left", 2.2),
        Column("Tổng điểm", "right", 1.0),
        Column("Đề nghị khen thưởng", "left", 2.2),
    )
    rows = []
    for index, cluster in enumerate(report.clusters, 1):
        first = [row for row in cluster.ranking if row.rank == 1]
        rows.append(
            (
                str(index),
                cluster.cluster_name,
                str(len(cluster.ranking)),
                ", ".join(row.name for row in first) or "-",
                vn(first[0].total, 2) if first else "-",
                ", ".join(sorted({row.honour for row in first if row.honour})) or "-",
            )
        )
    return Table(
        columns, tuple(rows), caption=f"Bảng 1. Đơn vị dẫn đầu các cụm, khối thi đua năm {report.year}"
    )


def province_sheets(report: ProvinceReport) -> list[Sheet]:
    rows = []
    for cluster in report.clusters:
        for row in cluster.ranking:
            rows.append(
                (
                    cluster.cluster_code,
                    cluster.cluster_name,
                    row.rank,
                    row.name,
                    row.total,
                    row.band,
                    row.honour,
                    row.vetoed,
                )
            )
    units = Sheet(
        name="Các cụm, khối",
        title=(f"{report.scope.upper()} - NĂM {report.year}", "Kết quả chấm điểm các cụm, khối thi đua"),
        columns=(
            SheetColumn("Mã cụm, khối", "text", 14),
            SheetColumn("Cụm, khối thi đua", "text", 26),
            SheetColumn("Hạng", "integer", 7),
            SheetColumn("Đơn vị", "text", 28),
            SheetColumn("Tổng điểm", "points", 12),
            SheetColumn("Xếp loại", "text", 12),
            SheetColumn("Đề nghị khen thưởng", "text", 32),
            SheetColumn("Không xét thi đua (lý do)", "text", 30),
        ),
        rows=tuple(rows),
    )
    awards = Sheet(
        name="Khen thưởng",
        title=(f"{report.scope.upper()} - NĂM {report.year}", "Số đơn vị được đề nghị khen thưởng"),
        columns=(SheetColumn("Hình thức khen thưởng", "text", 40), SheetColumn("Số đơn vị", "integer", 12)),
        rows=tuple(report.award_counts),
        chart=SheetChart("Số đơn vị được đề nghị", category=0, values=(1,), horizontal=False),
    )
    return [units, awards]
