"""Documents made from the register and dossiers: the draft decision (.docx) and award certificates (PDF + QR).

Reads only: nothing here changes data, so nothing here is audited.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from html import escape

import qrcode
import qrcode.image.svg
from weasyprint import HTML

from thidua.awards.models import AwardRecord, Dossier, RecipientKind
from thidua.core.numbers import format_any
from thidua.documents.docx import render_docx
from thidua.documents.model import Column, Document, Letterhead, Paragraph, Signature, Table, vn_long_date


def decision_draft(
    dossier: Dossier, *, number: str, date: dt.date | None, signer_name: str, signer_title: str, place: str
) -> Document:
    """The decision the chairman signs, drafted from the dossier: the awards and the list of recipients."""
    award = dossier.award
    recipients = list(dossier.recipients.select_related("unit"))
    rows = tuple(
        (str(index), r.name, r.position, r.unit.name if r.unit else "")
        for index, r in enumerate(recipients, start=1)
    )
    article_one = (
        f"Điều 1. Tặng {award.name} cho {len(recipients)} "
        f"{'cá nhân, tập thể' if len({r.recipient_kind for r in recipients}) > 1 else _kind_word(recipients)} "
        f"có thành tích xuất sắc năm {dossier.year} (có danh sách kèm theo)."
    )
    return Document(
        letterhead=Letterhead(
            issuer="ỦY BAN NHÂN DÂN",
            parent=None,
            number=f"Số: {number}" if number else "Số: …/QĐ-UBND",
            place=place,
            issued=date,
            kind="QUYẾT ĐỊNH",
            title=f"Về việc tặng {award.name}",
        ),
        blocks=(
            Paragraph("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH", bold=True),
            Paragraph("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"),
            Paragraph(f"Xét đề nghị của {dossier.unit.name} và của Ban Thi đua – Khen thưởng,"),
            Paragraph("QUYẾT ĐỊNH:", bold=True),
            Paragraph(article_one),
            Table(
                columns=(
                    Column("TT", "center", 0.4),
                    Column("Họ tên / Tên tập thể", "left", 2.2),
                    Column("Chức vụ", "left", 1.6),
                    Column("Đơn vị", "left", 1.8),
                ),
                rows=rows,
                caption=f"Danh sách được tặng {award.name}",
            ),
            Paragraph(
                "Điều 2. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân tỉnh, "
                "Trưởng Ban Thi đua – Khen thưởng, thủ trưởng các cơ quan, đơn vị và cá nhân, tập thể có tên tại "
                "Điều 1 chịu trách nhiệm thi hành Quyết định này."
            ),
        ),
        recipients=("Như Điều 2;", "Lưu: VT, TĐKT."),
        signature=Signature(
            position=signer_title or "CHỦ TỊCH", authority="TM. ỦY BAN NHÂN DÂN", name=signer_name or None
        ),
    )


def _kind_word(recipients: Sequence[object]) -> str:
    kinds = {getattr(r, "recipient_kind", "") for r in recipients}
    return "cá nhân" if kinds == {RecipientKind.INDIVIDUAL} else "tập thể"


def decision_draft_docx(dossier: Dossier, **details: object) -> bytes:
    return render_docx(decision_draft(dossier, **details))  # type: ignore[arg-type]


def qr_svg(url: str) -> str:
    """The QR code of `url` as inline SVG markup (no <?xml?> prolog)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    out = io.BytesIO()
    image.save(out)
    text = out.getvalue().decode("utf-8")
    return text[text.index("<svg") :]


CERTIFICATE_CSS = """
@page { size: A4 landscape; margin: 14mm; }
body { font-family: "Times New Roman", "Liberation Serif", serif; color: #7a0000; text-align: center; }
.frame { border: 6px double #b8860b; padding: 12mm 16mm; height: 150mm; position: relative; }
.nation { font-weight: bold; font-size: 13pt; margin: 0; }
.motto { font-size: 13pt; margin: 0 0 8mm; }
.issuer { font-size: 15pt; font-weight: bold; margin: 0; }
.award { font-size: 30pt; font-weight: bold; margin: 6mm 0 4mm; text-transform: uppercase; }
.to { font-size: 14pt; margin: 0; }
.name { font-size: 24pt; font-weight: bold; margin: 2mm 0; }
.detail { font-size: 13pt; margin: 1mm 0; color: #222; }
.decision { font-size: 12pt; margin-top: 6mm; color: #222; }
.qr { position: absolute; right: 10mm; bottom: 8mm; width: 30mm; height: 30mm; }
.qr-note { position: absolute; right: 44mm; bottom: 8mm; width: 80mm; font-size: 8pt; color: #444; text-align: right; }
"""


def certificate_html(award_record: AwardRecord, verify_url: str) -> str:
    decision = award_record.decision
    details = [award_record.position, award_record.unit_name]
    amount = (
        f"<p class='detail'>Tiền thưởng: {format_any(award_record.amount)} đồng</p>"
        if award_record.amount is not None
        else ""
    )
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><style>{CERTIFICATE_CSS}</style></head>
<body><div class="frame">
<p class="nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p><p class="motto">Độc lập – Tự do – Hạnh phúc</p>
<p class="issuer">{escape(decision.signer_title or "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH")}</p>
<p class="award">{escape(award_record.award.name)}</p>
<p class="to">Tặng</p>
<p class="name">{escape(award_record.recipient_name)}</p>
<p class="detail">{escape(" – ".join(d for d in details if d))}</p>
<p class="detail">Đã có thành tích xuất sắc năm {award_record.year}</p>
{amount}
<p class="decision">Quyết định số {escape(decision.number)}, {vn_long_date(decision.date)}</p>
<p class="decision">{escape(decision.signer_name)}</p>
<div class="qr">{qr_svg(verify_url)}</div>
<p class="qr-note">Quét mã để xác minh: {escape(verify_url)}</p>
</div></body></html>"""


def certificate_pdf(award_record: AwardRecord, verify_url: str) -> bytes:
    pdf: bytes = HTML(string=certificate_html(award_record, verify_url)).write_pdf()
    return pdf
