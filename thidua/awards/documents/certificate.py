"""Award certificates (PDF through WeasyPrint, with a QR code to the public verification page), from the office's
template templates/awards/documents/giay_chung_nhan.html.

Reads only: nothing here changes data, so nothing here is audited.
"""

from __future__ import annotations

import io
from typing import Any

import qrcode
import qrcode.image.svg
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from weasyprint import HTML

from thidua.awards.documents.common import authority_lines, authority_text, same_or_within, signing
from thidua.awards.models import AwardRecord, RecipientKind
from thidua.core.numbers import format_number
from thidua.documents.model import place_name, vn_long_date

CERTIFICATE_TEMPLATE = "awards/documents/giay_chung_nhan.html"


def qr_svg(url: str) -> str:
    """The QR code of `url` as inline SVG markup (no <?xml?> prolog)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    out = io.BytesIO()
    image.save(out)
    text = out.getvalue().decode("utf-8")
    return text[text.index("<svg") :]


def recipient_detail(record: AwardRecord) -> str:
    """The line under the name: an individual's position and unit; a collective's unit only when it is not the
    collective itself (its name is printed once)."""
    parts: list[str] = []
    if record.recipient_kind == RecipientKind.INDIVIDUAL and record.position:
        parts.append(record.position)
    unit = record.unit.name if record.unit else record.unit_name
    if unit and not same_or_within(unit, record.recipient_name):
        parts.append(unit)
    return ", ".join(parts)


NBSP = "\u00a0"


def certificate_title(record: AwardRecord) -> str:
    """The big title: "Bằng khen", "Cờ thi đua" — the authority ("của Chủ tịch Ủy ban nhân dân tỉnh") is the
    heading above it, so it is not repeated; whatever remains keeps "Ủy ban nhân dân" on one line."""
    name = record.award.name
    head, sep, _owner = name.partition(" của ")
    title = head if sep else name
    return title.replace("Ủy ban nhân dân", NBSP.join(["Ủy", "ban", "nhân", "dân"]))


def issuing_authority(record: AwardRecord) -> str:
    """ "Chủ tịch Ủy ban nhân dân tỉnh An Giang": who issued the award, for the public verification page."""
    return authority_text(record.award, record.decision.province.name, _unit(record))


def _unit(record: AwardRecord) -> str:
    return record.unit.name if record.unit else record.unit_name


def certificate_context(record: AwardRecord, verify_url: str) -> dict[str, Any]:
    decision = record.decision
    return {
        "record": record,
        "ten_khen_thuong": certificate_title(record),
        "co_quan": authority_lines(record.award, decision.province.name, _unit(record)),
        "chi_tiet": recipient_detail(record),
        "tien": format_number(record.amount) if record.amount is not None else "",
        "dia_danh_ngay": f"{place_name(decision.province.name)}, {vn_long_date(decision.date)}",
        "ky": signing(decision.signer_title, decision.signer_name, head="CHỦ TỊCH"),
        "qr": mark_safe(qr_svg(verify_url)),  # our own SVG from qrcode, no user text inside
        "verify_url": verify_url,
    }


def certificate_html(record: AwardRecord, verify_url: str) -> str:
    return render_to_string(CERTIFICATE_TEMPLATE, certificate_context(record, verify_url))


def certificate_pdf(record: AwardRecord, verify_url: str) -> bytes:
    pdf: bytes = HTML(string=certificate_html(record, verify_url)).write_pdf()
    return pdf
