"""The conference's documents: the minutes (biên bản) and the dossier to the province (tờ trình + biên bản + list).

Built as thidua.documents models, so the .docx (Nghị định 30/2020 layout) and the PDF say the same thing.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from thidua.conference.models import (
    Ballot,
    BallotStatus,
    Conference,
    Proposal,
    QuestionKind,
    Veto,
    VetoStatus,
)
from thidua.conference.results import FinalResults
from thidua.documents.docx import render_docx
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
    vn_long_date,
)
from thidua.documents.pdf import render_pdf
from thidua.engine.numbers import vn_points
from thidua.org.models import ClusterYear, MemberRole, Membership


@dataclass(frozen=True)
class ConferenceRecord:
    """Everything the documents say, read once by the view through the selectors."""

    cluster_year: ClusterYear
    conference: Conference | None
    members: list[Membership]
    vetoes: list[Veto]
    ballots: list[Ballot]
    proposals: list[Proposal]
    results: FinalResults | None


def _province_line(record: ConferenceRecord) -> str:
    return record.cluster_year.cluster.province.name.upper()


def _role_label(role: str) -> str:
    labels: dict[str, str] = {MemberRole.LEADER: " (cụm trưởng)", MemberRole.DEPUTY: " (cụm phó)"}
    return labels.get(role, "")


def _ballot_blocks(ballot: Ballot) -> list[Block]:
    totals = ballot.totals or {}
    if ballot.question == QuestionKind.APPROVAL:
        counted = (
            f"đồng ý {totals.get('approve', 0)}, không đồng ý {totals.get('reject', 0)}, "
            f"không biểu quyết {totals.get('abstain', 0)}"
        )
    else:
        names = {str(c.pk): c.unit.name for c in ballot.candidates.select_related("unit")}
        by_candidate = ", ".join(f"{names.get(k, k)} {v}" for k, v in totals.get("candidates", {}).items())
        counted = f"{by_candidate}, không bầu ai {totals.get('abstain', 0)}"
    blocks: list[Block] = [Heading(2, ballot.title)]
    if ballot.rerun_of_id is not None:
        blocks.append(
            Paragraph(
                "Bỏ phiếu lại do lần bỏ phiếu trước không đủ số đại biểu dự họp tối thiểu.", italic=True
            )
        )
    if ballot.status != BallotStatus.CLOSED:
        blocks.append(Paragraph("Chưa kết thúc bỏ phiếu.", italic=True))
        return blocks
    blocks += [
        Paragraph(
            f"Tổng số đại biểu: {totals.get('voters', 0)}; có mặt: {ballot.present or 0}; "
            f"số phiếu thu về: {totals.get('cast', 0)} ({counted}). Hình thức: bỏ phiếu kín."
        ),
        Paragraph(f"Kết quả kiểm phiếu: {ballot.result_reason}."),
    ]
    if ballot.is_overridden:
        verdict = "Đạt" if ballot.override_passed else "Không đạt"
        if ballot.override_winner is not None:
            verdict = f"{verdict}, {ballot.override_winner.name}"
        blocks.append(
            Paragraph(f"Chủ tọa quyết định: {verdict}. Lý do: {ballot.override_reason}.", italic=True)
        )
    return blocks


def _proposal_table(proposals: list[Proposal], *, only_proposed: bool) -> Table:
    rows = [p for p in proposals if p.award or not only_proposed]
    return Table(
        columns=(
            Column("TT", "center", 0.4),
            Column("Đơn vị", "left", 2.0),
            Column("Hạng", "center", 0.5),
            Column("Tổng điểm", "right", 0.8),
            Column("Hình thức đề nghị", "left", 1.6),
            Column("Lý do", "left", 3.0),
        ),
        rows=tuple(
            (
                str(i),
                p.unit.name,
                str(p.rank) if p.rank is not None else "—",
                vn_points(p.total) if p.total is not None else "—",
                p.award or "Không đề nghị",
                p.reason,
            )
            for i, p in enumerate(rows, start=1)
        ),
    )


def minutes_document(record: ConferenceRecord) -> Document:
    """Biên bản hội nghị tổng kết: who met, the ranking, vetoes, every ballot with its count, the proposals."""
    cy = record.cluster_year
    conference = record.conference
    cluster = cy.cluster.name
    when = vn_long_date(conference.held_on) if conference else "ngày … tháng … năm …"
    place = conference.place if conference else "…"
    blocks: list[Block] = [
        Paragraph(
            f"Hôm nay, {when}, tại {place}, {cluster} tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng "
            f"năm {cy.year}, bình xét thi đua, suy tôn đơn vị dẫn đầu và bầu cụm trưởng, cụm phó năm {cy.year + 1}."
        ),
        Heading(1, "Thành phần tham dự"),
        Paragraph(
            f"Chủ trì: {conference.chair_name if conference else '…'}; thư ký: "
            f"{(conference.secretary_name if conference else '') or '…'}"
        ),
        Bullets(tuple(f"{m.unit.name}{_role_label(m.role)}" for m in record.members)),
    ]
    if conference and conference.guests:
        blocks.append(Paragraph(f"Đại biểu dự: {conference.guests}"))
    blocks.append(Heading(1, "Kết quả chấm điểm, xếp hạng"))
    if record.results is not None:
        blocks.append(
            Table(
                columns=(
                    Column("Hạng", "center", 0.5),
                    Column("Đơn vị", "left", 2.5),
                    Column("Tổng điểm", "right", 1.0),
                    Column("Ghi chú", "left", 2.0),
                ),
                rows=tuple(
                    (
                        str(u.rank) if u.rank is not None else "—",
                        u.name,
                        vn_points(u.total),
                        f"Không xét thi đua: {u.vetoed}" if u.vetoed else "",
                    )
                    for u in record.results.units
                ),
                caption=f"Nguồn: {record.results.source}",
            )
        )
    else:
        blocks.append(Paragraph("Chưa có kết quả chấm điểm cuối cùng của năm.", italic=True))
    blocks.append(Heading(1, "Các trường hợp không xét thi đua"))
    active = [v for v in record.vetoes if v.status == VetoStatus.ACTIVE]
    blocks.append(
        Bullets(tuple(f"{v.unit.name}: {v.reason}" for v in active)) if active else Paragraph("Không có.")
    )
    blocks.append(Heading(1, "Kết quả biểu quyết"))
    # Every ballot, in the order held: one that failed its quorum stays beside its re-run.
    for ballot in record.ballots:
        blocks.extend(_ballot_blocks(ballot))
    if not record.ballots:
        blocks.append(Paragraph("Chưa có cuộc bỏ phiếu nào.", italic=True))
    blocks.append(Heading(1, "Đề nghị khen thưởng"))
    if record.proposals:
        blocks.append(_proposal_table(record.proposals, only_proposed=False))
    else:
        blocks.append(Paragraph("Chưa lập đề nghị khen thưởng.", italic=True))
    blocks.append(
        Paragraph(
            "Biên bản được lập và thông qua tại hội nghị, các đại biểu dự họp thống nhất với nội dung biên bản."
        )
    )
    return Document(
        letterhead=Letterhead(
            issuer=cluster,
            parent=_province_line(record),
            number=f"Số: {conference.minutes_number}"
            if conference and conference.minutes_number
            else "Số: …/BB-CTĐ",
            place=place_name(cy.cluster.province.name),
            issued=conference.held_on if conference else None,
            kind="BIÊN BẢN",
            title=f"Hội nghị tổng kết công tác thi đua, khen thưởng năm {cy.year}",
        ),
        blocks=tuple(blocks),
        signature=Signature(position="CHỦ TRÌ HỘI NGHỊ", name=conference.chair_name if conference else None),
        # Nghị định 30/2020 (Phụ lục III): a biên bản is signed by its secretary and its chair.
        co_signature=Signature(
            position="THƯ KÝ", name=(conference.secretary_name or None) if conference else None
        ),
    )


def submission_document(record: ConferenceRecord) -> Document:
    """Tờ trình đề nghị khen thưởng: the cover letter naming the cluster, the vote and the proposed units."""
    cy = record.cluster_year
    conference = record.conference
    leader = next((m.unit.name for m in record.members if m.role == MemberRole.LEADER), cy.cluster.name)
    proposed = [p for p in record.proposals if p.award]
    honour = next(
        (b for b in record.ballots if b.purpose == "honour" and b.status == BallotStatus.CLOSED), None
    )
    blocks: list[Block] = [
        Paragraph(
            f"Căn cứ kết quả chấm điểm, xếp hạng thi đua năm {cy.year} và biên bản Hội nghị tổng kết "
            f"{'ngày ' + conference.held_on.strftime('%d/%m/%Y') if conference else ''} của {cy.cluster.name},"
        ),
        Paragraph(
            f"{leader}, đơn vị cụm trưởng {cy.cluster.name} năm {cy.year}, kính đề nghị Ủy ban nhân dân tỉnh "
            f"xem xét, khen thưởng {len(proposed)} lượt đơn vị có thành tích xuất sắc trong phong trào thi đua năm {cy.year}:"
        ),
    ]
    if honour is not None:
        blocks.append(Paragraph(f"Kết quả suy tôn đơn vị dẫn đầu: {honour.result_reason}."))
    blocks.append(_proposal_table(record.proposals, only_proposed=True))
    blocks.append(
        Paragraph("Hồ sơ kèm theo: Biên bản hội nghị; danh sách đơn vị đề nghị khen thưởng kèm điểm.")
    )
    blocks.append(
        Paragraph("Kính trình Ủy ban nhân dân tỉnh (qua Ban Thi đua – Khen thưởng) xem xét, quyết định.")
    )
    return Document(
        letterhead=Letterhead(
            issuer=cy.cluster.name,
            parent=_province_line(record),
            number="Số: …/TTr-CTĐ",
            place=place_name(cy.cluster.province.name),
            issued=conference.held_on if conference else None,
            kind="TỜ TRÌNH",
            title=f"Về việc đề nghị khen thưởng năm {cy.year} cho các đơn vị thuộc {cy.cluster.name}",
        ),
        blocks=tuple(blocks),
        recipients=("Ủy ban nhân dân tỉnh;", "Ban Thi đua – Khen thưởng tỉnh;", "Lưu: VT."),
        signature=Signature(position="CỤM TRƯỞNG", authority=f"TM. {cy.cluster.name.upper()}", name=None),
    )


def minutes_docx(record: ConferenceRecord) -> bytes:
    return render_docx(minutes_document(record))


def minutes_pdf(record: ConferenceRecord) -> bytes:
    return render_pdf(minutes_document(record))


def dossier_zip(record: ConferenceRecord) -> bytes:
    """The dossier as one archive: the submission and the minutes, each as .docx and .pdf."""
    buffer = io.BytesIO()
    submission, minutes = submission_document(record), minutes_document(record)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("1-to-trinh.docx", render_docx(submission))
        archive.writestr("1-to-trinh.pdf", render_pdf(submission))
        archive.writestr("2-bien-ban.docx", render_docx(minutes))
        archive.writestr("2-bien-ban.pdf", render_pdf(minutes))
    return buffer.getvalue()
