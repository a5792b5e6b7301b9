"""The chairman's decision (draft from a dossier, final from the register with its number) and the tờ trình of
Sở Nội vụ, generated from the office's templates in templates/awards/documents/.

Reads only: nothing here changes data, so nothing here is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from thidua.awards.documents.common import (
    Line,
    counted,
    groups_of,
    long_date,
    money_of,
    province_words,
    regime_on,
    same_or_within,
    signing,
)
from thidua.awards.models import Decision, Dossier, RecipientKind
from thidua.awards.services.catalogue import database_catalogue, database_salaries
from thidua.awards.services.register import amount_for
from thidua.core.errors import ThiduaError
from thidua.documents.docx import render_docx
from thidua.documents.model import Column, Document, Table
from thidua.documents.template import render_document

DECISION_TEMPLATE = "awards/documents/quyet_dinh.txt"
PROPOSAL_TEMPLATE = "awards/documents/to_trinh.txt"
# Up to this many recipients are listed in Điều 1 itself; more go to the annex (phụ lục) after the signature.
INLINE_MAX = 3


@dataclass(frozen=True)
class DecisionDetails:
    """What the office types before printing: number, date, signer, and the tờ trình of Sở Nội vụ it answers."""

    number: str = ""
    date: dt.date | None = None
    signer_name: str = ""
    signer_title: str = "Chủ tịch"
    proposal_number: str = ""
    proposal_date: dt.date | None = None


def dossier_lines(dossier: Dossier, day: dt.date | None) -> list[Line]:
    """The lines a dossier proposes, with the amount each would be paid if decided on `day` (today if blank)."""
    award = dossier.award
    catalogue, salaries = database_catalogue(), database_salaries()

    def amount(kind: str) -> Decimal | None:
        try:
            return amount_for(award, kind, day or dt.date.today(), catalogue, salaries)
        except ThiduaError:
            # No catalogue or no salary for the date: the money article names the award without an amount.
            return None

    return [
        Line(
            award=award,
            kind=recipient.recipient_kind,
            name=recipient.name,
            position=recipient.position,
            unit_name=recipient.unit.name if recipient.unit else "",
            amount=amount(recipient.recipient_kind),
        )
        for recipient in dossier.recipients.select_related("unit")
    ]


def decision_lines(decision: Decision) -> list[Line]:
    """The lines of a recorded decision as the register holds them (amounts as paid)."""
    return [
        Line(
            award=record.award,
            kind=record.recipient_kind,
            name=record.recipient_name,
            position=record.position,
            unit_name=record.unit.name if record.unit else record.unit_name,
            amount=record.amount,
        )
        for record in decision.records.select_related("award", "unit").order_by("id")
    ]


def _list_table(lines: Sequence[Line], *, money: bool) -> Table:
    columns = [
        Column("TT", "center", 0.6),
        Column("Họ và tên / Tên tập thể", "left", 2.2),
        Column("Chức vụ, đơn vị", "left", 2.3),
        Column("Hình thức khen thưởng", "left", 1.9),
    ]
    if money:
        columns.append(Column("Tiền thưởng (đồng)", "right", 1.5))
    rows = []
    for index, line in enumerate(lines, start=1):
        where = ", ".join(
            part
            for part in (
                line.position if line.kind == RecipientKind.INDIVIDUAL else "",
                "" if same_or_within(line.unit_name, line.name) else line.unit_name,
            )
            if part
        )
        row = [f"{index:02d}", line.name, where, line.award.name]
        if money:
            row.append(money_of([line]).total if line.amount is not None else "")
        rows.append(tuple(row))
    return Table(columns=tuple(columns), rows=tuple(rows))


def _context(
    *,
    province_name: str,
    lines: Sequence[Line],
    year: int | None,
    details: DecisionDetails,
    proposer: str,
) -> dict[str, Any]:
    groups = groups_of(lines)
    money = money_of(lines)
    day = details.date
    sign = signing(details.signer_title, details.signer_name, head="CHỦ TỊCH")
    return {
        "tinh": province_words(province_name),
        "TINH": province_words(province_name).upper(),
        "so": details.number,
        "ngay": day,
        "ngay_iso": (day or dt.date.today()).isoformat(),
        "che_do": regime_on(day or dt.date.today()),
        "nam": year,
        "nhom": groups,
        "mot_hinh_thuc": len(groups) == 1,
        "hinh_thuc": "; ".join(group.phrase for group in groups),
        "so_luong": counted(lines),
        "liet_ke": len(lines) <= INLINE_MAX,
        "dong": [line.described for line in lines],
        "tien": money,
        "dieu_tien_thuong": 2 if money.any or money.unpriced else None,
        "dieu_thi_hanh": 3 if money.any or money.unpriced else 2,
        "ky": sign,
        "to_trinh_so": details.proposal_number,
        "to_trinh_ngay": long_date(details.proposal_date),
        "de_nghi_cua": proposer,
    }


def _decision_document(
    *, province_name: str, lines: Sequence[Line], year: int | None, details: DecisionDetails, proposer: str
) -> Document:
    context = _context(
        province_name=province_name, lines=lines, year=year, details=details, proposer=proposer
    )
    money = bool(context["tien"].any)
    return render_document(
        DECISION_TEMPLATE,
        context,
        issued=details.date,
        tables={"danh_sach": _list_table(lines, money=money)},
    )


def decision_draft(dossier: Dossier, details: DecisionDetails) -> Document:
    """The decision the chairman signs, drafted from the dossier: number and date left blank when not typed."""
    return _decision_document(
        province_name=dossier.province.name,
        lines=dossier_lines(dossier, details.date),
        year=dossier.year,
        details=details,
        proposer=dossier.unit.name,
    )


def decision_final(decision: Decision) -> Document:
    """The recorded decision with its number and date, from its lines in the register."""
    dossier = Dossier.objects.filter(decision=decision).select_related("unit").first()
    lines = decision_lines(decision)
    years = sorted({record_year for record_year in decision.records.values_list("year", flat=True)})
    details = DecisionDetails(
        number=decision.number,
        date=decision.date,
        signer_name=decision.signer_name,
        signer_title=decision.signer_title,
    )
    return _decision_document(
        province_name=decision.province.name,
        lines=lines,
        year=years[-1] if years else None,
        details=details,
        proposer=dossier.unit.name if dossier is not None else "",
    )


def proposal_draft(dossier: Dossier, details: DecisionDetails) -> Document:
    """The tờ trình of Sở Nội vụ asking the chairman to decide the dossier's awards."""
    lines = dossier_lines(dossier, details.date)
    context = _context(
        province_name=dossier.province.name,
        lines=lines,
        year=dossier.year,
        details=details,
        proposer=dossier.unit.name,
    )
    context["ky"] = signing("Giám đốc", "", head="GIÁM ĐỐC")
    return render_document(
        PROPOSAL_TEMPLATE,
        context,
        issued=details.proposal_date,
        tables={"danh_sach": _list_table(lines, money=bool(context["tien"].any))},
    )


def decision_draft_docx(dossier: Dossier, details: DecisionDetails) -> bytes:
    return render_docx(decision_draft(dossier, details))


def decision_final_docx(decision: Decision) -> bytes:
    return render_docx(decision_final(decision))


def proposal_draft_docx(dossier: Dossier, details: DecisionDetails) -> bytes:
    return render_docx(proposal_draft(dossier, details))
