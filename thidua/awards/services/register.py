"""Writing the register: decisions and their awards entered by hand or imported, and revocations."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from thidua.accounts import access
from thidua.awards.models import (
    AwardRecord,
    AwardStatus,
    CatalogueAward,
    Decision,
    RecipientKind,
    RegisterImport,
    Subject,
)
from thidua.awards.services.catalogue import database_catalogue, database_salaries
from thidua.awards.text import normalise
from thidua.core.audit import record, snapshot
from thidua.core.errors import AccessDenied, Conflict, InvalidInput
from thidua.eligibility import Catalogue
from thidua.eligibility.money import SalaryTableError, award_reward
from thidua.org.models import Unit

RECORD_FIELDS = (
    "decision",
    "award",
    "recipient_kind",
    "recipient_name",
    "unit",
    "unit_name",
    "position",
    "category",
    "year",
    "amount",
    "status",
)
IMPORT_BATCH = 5000


@dataclass(frozen=True)
class AwardEntry:
    """One line of the register as the entry form or one import row gives it, already validated."""

    decision_number: str
    decision_date: dt.date
    level: str
    signer_name: str
    signer_title: str
    award_code: str
    recipient_kind: str
    recipient_name: str
    year: int
    unit: Unit | None = None
    unit_name: str = ""
    position: str = ""
    category: str = "can_bo"
    decision_title: str = ""
    subject: Subject | None = None
    # The row of the imported sheet (0 for an entry typed in the form), for naming it in a refusal.
    row: int = 0


class ExistingLines(models.TextChoices):
    """What an import does with a line already in the register (same decision, recipient and award)."""

    REFUSE = "refuse", _("Từ chối cả tệp nếu có dòng đã có trong sổ")
    SKIP = "skip", _("Bỏ qua các dòng đã có trong sổ, nhập các dòng còn lại")


@dataclass
class EntryResult:
    """The award written, and the warnings a person should read (the same achievement awarded twice)."""

    record: AwardRecord
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    """How many decisions and awards an import wrote, the lines it skipped as already in the register, and its
    warnings."""

    decisions: int
    records: int
    warnings: list[str] = field(default_factory=list)
    skipped: int = 0


def new_token() -> str:
    return secrets.token_urlsafe(24)


def accepts(award: CatalogueAward, kind: str) -> bool:
    """Households are commended like collectives (a Bằng khen to a household); individuals only as individuals."""
    wanted = RecipientKind.COLLECTIVE if kind == RecipientKind.HOUSEHOLD else kind
    return award.recipient in ("both", wanted)


def amount_for(
    award: CatalogueAward, kind: str, day: dt.date, catalogue: Catalogue, salaries: Any
) -> Decimal | None:
    """The reward in đồng for `kind` on the decision date: the coefficient the decree in force that day sets for
    the award and that kind of recipient (a collective's Bằng khen is twice a person's), × the base salary in force
    that day, rounded as the regime says; None only where no text sets an amount (Bà mẹ Việt Nam anh hùng)."""
    try:
        return award_reward(
            catalogue.award(award.code), kind, day, catalogue=catalogue, salaries=salaries
        ).amount
    except SalaryTableError as exc:
        raise InvalidInput(str(exc), field="decision_date") from exc


def _require_register_rights(actor: Any, province: Unit) -> None:
    if not access.is_board_admin(actor, province):
        raise AccessDenied("Chỉ Ban Thi đua – Khen thưởng của tỉnh được ghi sổ khen thưởng.")


def duplicate_key(
    award_id: int | str, year: int, name: str, unit_id: int | None, unit_name: str
) -> tuple[Any, ...]:
    """What identifies one achievement: the same recipient (name and unit), the same award, the same year."""
    return (
        str(award_id),
        int(year),
        normalise(name),
        unit_id if unit_id is not None else normalise(unit_name),
    )


def duplicate_warning(name: str, award_name: str, year: int) -> str:
    return (
        f"{name} đã được tặng {award_name} cho thành tích năm {year}: "
        "một thành tích chỉ được khen thưởng một lần, cần kiểm tra lại"
    )


def _decision_for(entry: AwardEntry, province: Unit) -> tuple[Decision, bool]:
    decision = Decision.objects.filter(
        province=province, number=entry.decision_number, date=entry.decision_date
    ).first()
    if decision is not None:
        if decision.level != entry.level:
            raise InvalidInput(
                f"Quyết định {decision} đã có trong sổ với cấp {decision.get_level_display()}.", field="level"
            )
        return decision, False
    decision = Decision.objects.create(
        province=province,
        number=entry.decision_number,
        date=entry.decision_date,
        level=entry.level,
        signer_name=entry.signer_name,
        signer_title=entry.signer_title,
        title=entry.decision_title,
    )
    return decision, True


def _check_entry(entry: AwardEntry, award: CatalogueAward | None) -> CatalogueAward:
    if award is None:
        raise InvalidInput(f"Mã khen thưởng {entry.award_code} không có trong danh mục.", field="award_code")
    if not accepts(award, entry.recipient_kind):
        raise InvalidInput(
            f"{award.name} không tặng cho {RecipientKind(entry.recipient_kind).label.lower()}.",
            field="recipient_kind",
        )
    if entry.year > entry.decision_date.year:
        raise InvalidInput("Năm thành tích không thể sau năm ký quyết định.", field="year")
    return award


def _new_record(
    entry: AwardEntry, *, decision: Decision, award: CatalogueAward, amount: Decimal | None
) -> AwardRecord:
    """The unsaved register line of one entry; a single entry and an imported file build it alike."""
    return AwardRecord(
        decision=decision,
        award=award,
        recipient_kind=entry.recipient_kind,
        recipient_name=entry.recipient_name,
        unit=entry.unit,
        unit_name=entry.unit.name if entry.unit is not None else entry.unit_name,
        position=entry.position,
        category=entry.category,
        year=entry.year,
        amount=amount,
        subject=entry.subject,
        search_text=normalise(entry.recipient_name),
        verify_token=new_token(),
    )


@transaction.atomic
def award_record_create(*, actor: Any, province: Unit, entry: AwardEntry) -> EntryResult:
    """Enter one award in the register (creating its decision on first use) and warn of a repeated achievement."""
    _require_register_rights(actor, province)
    award = _check_entry(entry, CatalogueAward.objects.filter(code=entry.award_code).first())
    decision, created_decision = _decision_for(entry, province)
    if not created_decision and _entry_line_key(entry, award) in _existing_lines(province, [entry]):
        raise Conflict(
            f"{entry.recipient_name} – {award.name} đã có trong sổ theo Quyết định {decision}: "
            "sổ không ghi một dòng hai lần."
        )
    amount = amount_for(award, entry.recipient_kind, decision.date, database_catalogue(), database_salaries())
    unit_name = entry.unit.name if entry.unit is not None else entry.unit_name
    key = duplicate_key(
        award.pk, entry.year, entry.recipient_name, entry.unit.pk if entry.unit else None, unit_name
    )
    existing = AwardRecord.objects.filter(
        decision__province=province,
        award=award,
        year=entry.year,
        status=AwardStatus.ACTIVE,
        search_text=normalise(entry.recipient_name),
    )
    warnings = [
        duplicate_warning(entry.recipient_name, award.name, entry.year)
        for other in existing
        if duplicate_key(other.award_id, other.year, other.recipient_name, other.unit_id, other.unit_name)
        == key
    ][:1]
    created = _new_record(entry, decision=decision, award=award, amount=amount)
    created.save(force_insert=True)
    record(
        actor=access.audit_actor(actor),
        action="awards.record_create",
        obj=created,
        after=snapshot(created, RECORD_FIELDS) | {"decision_number": decision.number},
        reason="; ".join(warnings),
    )
    return EntryResult(created, warnings)


@transaction.atomic
def award_revoke(
    *,
    actor: Any,
    award_record: AwardRecord,
    decision_number: str,
    decision_date: dt.date,
    signer_name: str,
    signer_title: str,
    reason: str,
) -> AwardRecord:
    """Revoke an award by a revoking decision; it stays in the register as revoked and leaves eligibility chains."""
    province = award_record.decision.province
    _require_register_rights(actor, province)
    if not reason.strip():
        raise InvalidInput("Cần ghi lý do thu hồi.", field="reason")
    if decision_date < award_record.decision.date:
        raise InvalidInput(
            "Quyết định thu hồi không thể trước quyết định khen thưởng.", field="decision_date"
        )
    revoking, _created = Decision.objects.get_or_create(
        province=province,
        number=decision_number,
        date=decision_date,
        defaults={
            "level": award_record.decision.level,
            "signer_name": signer_name,
            "signer_title": signer_title,
            "title": f"Thu hồi khen thưởng theo Quyết định {award_record.decision}",
        },
    )
    before = snapshot(award_record, ("status", "revoked_by", "revoked_reason"))
    changed = AwardRecord.objects.filter(pk=award_record.pk, status=AwardStatus.ACTIVE).update(
        status=AwardStatus.REVOKED, revoked_by=revoking, revoked_reason=reason.strip()
    )
    if changed != 1:
        raise Conflict("Khen thưởng này đã bị thu hồi trước đó.")
    award_record.refresh_from_db()
    record(
        actor=access.audit_actor(actor),
        action="awards.record_revoke",
        obj=award_record,
        before=before,
        after=snapshot(award_record, ("status", "revoked_by", "revoked_reason"))
        | {"revoked_by_number": str(revoking)},
        reason=reason.strip(),
    )
    return award_record


def _existing_keys(province: Unit, entries: Sequence[AwardEntry]) -> set[tuple[Any, ...]]:
    years = {entry.year for entry in entries}
    codes = {entry.award_code for entry in entries}
    rows = AwardRecord.objects.filter(
        decision__province=province, year__in=years, award_id__in=_award_ids(codes), status=AwardStatus.ACTIVE
    ).values_list("award_id", "year", "recipient_name", "unit_id", "unit_name")
    return {duplicate_key(*row) for row in rows.iterator(chunk_size=10000)}


def _award_ids(codes: Iterable[str]) -> list[int]:
    return list(CatalogueAward.objects.filter(code__in=codes).values_list("pk", flat=True))


def line_key(
    number: str, day: dt.date, award_id: int | str, name: str, unit_id: int | None, unit_name: str
) -> tuple[Any, ...]:
    """What identifies one line of the register: the same decision, the same recipient, the same award."""
    return (number.strip(), day, str(award_id), normalise(name), unit_id if unit_id else normalise(unit_name))


def _entry_line_key(entry: AwardEntry, award: CatalogueAward) -> tuple[Any, ...]:
    unit_name = entry.unit.name if entry.unit is not None else entry.unit_name
    return line_key(
        entry.decision_number,
        entry.decision_date,
        award.pk,
        entry.recipient_name,
        entry.unit.pk if entry.unit else None,
        unit_name,
    )


def _existing_lines(province: Unit, entries: Sequence[AwardEntry]) -> set[tuple[Any, ...]]:
    numbers = {entry.decision_number for entry in entries}
    rows = AwardRecord.objects.filter(decision__province=province, decision__number__in=numbers).values_list(
        "decision__number", "decision__date", "award_id", "recipient_name", "unit_id", "unit_name"
    )
    return {line_key(*row) for row in rows.iterator(chunk_size=10000)}


def _line_text(entry: AwardEntry, award: CatalogueAward) -> str:
    place = f"Dòng {entry.row}: " if entry.row else ""
    return (
        f"{place}{entry.recipient_name} – {award.name} theo Quyết định {entry.decision_number} ngày "
        f"{entry.decision_date:%d/%m/%Y} đã có trong sổ"
    )


LINES_NAMED = 50


def _new_lines(
    province: Unit, entries: Sequence[AwardEntry], awards: dict[str, CatalogueAward], on_existing: str
) -> tuple[list[AwardEntry], int]:
    """The entries that are not yet in the register (nor earlier in the file), and how many were skipped; with
    "refuse", any such line refuses the whole file and names every one of them."""
    existing = _existing_lines(province, entries)
    fresh: list[AwardEntry] = []
    repeated: list[str] = []
    for entry in entries:
        award = awards[entry.award_code]
        key = _entry_line_key(entry, award)
        if key in existing:
            repeated.append(_line_text(entry, award))
            continue
        existing.add(key)
        fresh.append(entry)
    if repeated and on_existing != ExistingLines.SKIP:
        lines = repeated[:LINES_NAMED]
        if len(repeated) > LINES_NAMED:
            lines.append(f"… và {len(repeated) - LINES_NAMED} dòng khác.")
        raise InvalidInput(
            f"Không nhập: {len(repeated)} dòng đã có trong sổ (cùng quyết định, người hoặc tập thể được khen và "
            "hình thức khen thưởng). Sổ không ghi một dòng hai lần; chọn «Bỏ qua các dòng đã có trong sổ» để "
            "nhập các dòng còn lại.",
            field="on_existing",
            details={"lines": lines},
        )
    return fresh, len(repeated)


@transaction.atomic
def register_import(
    *,
    actor: Any,
    province: Unit,
    entries: Sequence[AwardEntry],
    file_name: str,
    job: RegisterImport,
    on_existing: str = ExistingLines.REFUSE,
) -> ImportResult:
    """Write every validated row or none; one audit event for the whole file, on the import `job` whose page
    shows what the file did. A line already in the register is never written twice: it refuses the file, or is
    skipped when the user chose so."""
    _require_register_rights(actor, province)
    if not entries:
        raise InvalidInput("Tệp không có dòng khen thưởng nào.")
    awards = {award.code: award for award in CatalogueAward.objects.all()}
    for entry in entries:
        _check_entry(entry, awards.get(entry.award_code))
    entries, skipped = _new_lines(province, entries, awards, on_existing)
    catalogue, salaries = database_catalogue(), database_salaries()
    decisions: dict[tuple[str, dt.date], Decision] = {}
    created_decisions = 0
    seen = _existing_keys(province, entries)
    warnings: list[str] = []
    amounts: dict[tuple[str, str, dt.date], Decimal | None] = {}
    batch: list[AwardRecord] = []
    written = 0
    for entry in entries:
        decision_key = (entry.decision_number, entry.decision_date)
        if decision_key not in decisions:
            decisions[decision_key], created = _decision_for(entry, province)
            created_decisions += int(created)
        award = awards[entry.award_code]
        money_key = (award.code, entry.recipient_kind, entry.decision_date)
        if money_key not in amounts:
            amounts[money_key] = amount_for(
                award, entry.recipient_kind, entry.decision_date, catalogue, salaries
            )
        unit_name = entry.unit.name if entry.unit is not None else entry.unit_name
        key = duplicate_key(
            award.pk, entry.year, entry.recipient_name, entry.unit.pk if entry.unit else None, unit_name
        )
        if key in seen:
            warnings.append(duplicate_warning(entry.recipient_name, award.name, entry.year))
        seen.add(key)
        batch.append(
            _new_record(entry, decision=decisions[decision_key], award=award, amount=amounts[money_key])
        )
        if len(batch) >= IMPORT_BATCH:
            AwardRecord.objects.bulk_create(batch)
            written += len(batch)
            batch = []
    AwardRecord.objects.bulk_create(batch)
    written += len(batch)
    record(
        actor=access.audit_actor(actor),
        action="awards.register_import",
        province=province,
        obj=job,
        object_repr=f"Nhập sổ khen thưởng từ {file_name}"[:255],
        after={
            "file": file_name,
            "decisions_created": created_decisions,
            "records": written,
            "skipped_existing": skipped,
            "on_existing": str(on_existing),
            "decision_numbers": sorted({number for number, _day in decisions})[:50],
            "warnings": len(warnings),
        },
    )
    return ImportResult(created_decisions, written, warnings, skipped)
