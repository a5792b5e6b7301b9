"""Dossiers (hồ sơ đề nghị khen thưởng): made by a unit, passed up the levels with a reason at every return,
recalled by their sender, and approved by the chairman's decision, which puts the awards in the register."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from thidua.accounts import access
from thidua.awards.models import (
    AttachmentKind,
    CatalogueAward,
    Dossier,
    DossierAttachment,
    DossierRecipient,
    DossierStatus,
    DossierStep,
    Level,
    Subject,
)
from thidua.awards.rights import council_provinces
from thidua.awards.services.register import AwardEntry, accepts, award_record_create
from thidua.awards.services.subjects import subject_check
from thidua.core.audit import record
from thidua.core.errors import AccessDenied, Conflict, InvalidInput
from thidua.core.text import refuse_bidi_controls
from thidua.eligibility import UnknownAward
from thidua.org.models import Unit, UnitLevel

ROUTE = (
    DossierStatus.DRAFT,
    DossierStatus.AT_PARENT,
    DossierStatus.AT_BOARD,
    DossierStatus.AT_COUNCIL,
    DossierStatus.AT_CHAIRMAN,
)
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# The start of each accepted file type: the name alone would let any file through as "báo cáo.pdf".
SIGNATURES = {
    ".pdf": (b"%PDF-", "application/pdf"),
    ".docx": (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".png": (b"\x89PNG\r\n\x1a\n", "image/png"),
    ".jpg": (b"\xff\xd8\xff", "image/jpeg"),
    ".jpeg": (b"\xff\xd8\xff", "image/jpeg"),
}


@dataclass(frozen=True)
class Proposal:
    """A person or collective proposed for the dossier's award, e.g. from a conference's vote."""

    kind: str
    name: str
    unit: Unit | None = None
    position: str = ""
    category: str = "can_bo"
    subject: Subject | None = None


def has_parent_level(unit: Unit) -> bool:
    """A unit under a commune or department goes through it; a commune or department goes straight to the board."""
    return unit.parent_id is not None and unit.parent is not None and unit.parent.level != UnitLevel.PROVINCE


def route_of(dossier: Dossier) -> tuple[str, ...]:
    if has_parent_level(dossier.unit):
        return tuple(ROUTE)
    return tuple(s for s in ROUTE if s != DossierStatus.AT_PARENT)


def holds(actor: Any, dossier: Dossier, status: str | None = None) -> bool:
    """Is the dossier, in `status` (its current one by default), on the actor's desk?"""
    status = status or dossier.status
    if access.is_system(actor):
        return True
    if status == DossierStatus.DRAFT:
        return dossier.unit_id in access.officer_units(actor) or access.is_board_admin(
            actor, dossier.province_id
        )
    if status == DossierStatus.AT_PARENT:
        return dossier.unit.parent_id in access.officer_units(actor)
    if status in (DossierStatus.AT_BOARD, DossierStatus.AT_CHAIRMAN):
        return access.is_board_admin(actor, dossier.province_id)
    if status == DossierStatus.AT_COUNCIL:
        return dossier.province_id in council_provinces(actor)
    return False


def _move(*, actor: Any, dossier: Dossier, action: str, to: str, reason: str, sent: bool) -> Dossier:
    old = dossier.status
    fields: dict[str, Any] = {"status": to}
    if sent:
        fields |= {"sent_by": actor if getattr(actor, "pk", None) else None, "sent_from": old}
    else:
        fields |= {"sent_by": None, "sent_from": ""}
    if Dossier.objects.filter(pk=dossier.pk, status=old).update(**fields) != 1:
        raise Conflict("Hồ sơ vừa được người khác chuyển; hãy tải lại trang.")
    DossierStep.objects.create(
        dossier=dossier,
        action=action,
        from_status=old,
        to_status=to,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=str(access.audit_actor(actor))[:150],
        reason=reason,
    )
    dossier.refresh_from_db()
    record(
        actor=access.audit_actor(actor),
        action=f"awards.dossier_{action}",
        obj=dossier,
        before={"status": old},
        after={"status": to},
        reason=reason,
    )
    return dossier


@transaction.atomic
def dossier_create(
    *, actor: Any, unit: Unit, award_code: str, year: int, title: str, source: str = ""
) -> Dossier:
    """Open a dossier of `unit` proposing `award_code` for the achievements of `year`."""
    if unit.pk not in access.officer_units(actor) and not access.is_board_admin(
        actor, unit.province_or_self_id
    ):
        raise AccessDenied("Chỉ cán bộ thi đua của đơn vị hoặc Ban Thi đua – Khen thưởng được lập hồ sơ.")
    award = CatalogueAward.objects.filter(code=award_code).first()
    if award is None:
        raise InvalidInput(f"Mã khen thưởng {award_code} không có trong danh mục.", field="award_code")
    if not title.strip():
        raise InvalidInput("Cần nhập tên hồ sơ.", field="title")
    dossier = Dossier.objects.create(
        province_id=unit.province_or_self_id,
        unit=unit,
        award=award,
        year=year,
        title=title.strip(),
        source=source,
    )
    record(
        actor=access.audit_actor(actor),
        action="awards.dossier_create",
        obj=dossier,
        after={"unit": unit.pk, "award": award.code, "year": year, "title": dossier.title, "source": source},
    )
    return dossier


def _eligibility(dossier: Dossier, subject: Subject | None) -> tuple[str, list[str]]:
    if subject is None:
        return "unknown", ["Không có lịch sử thi đua trong hệ thống; cấp có thẩm quyền xem xét theo hồ sơ"]
    try:
        verdict = subject_check(subject=subject, award_code=dossier.award.code, year=dossier.year)
    except UnknownAward as exc:
        return "unknown", [exc.message]
    return verdict.result, verdict.cited_reasons


@transaction.atomic
def dossier_recipient_add(*, actor: Any, dossier: Dossier, proposal: Proposal) -> DossierRecipient:
    """Propose one more person or collective, with the eligibility answer as of now."""
    if dossier.status != DossierStatus.DRAFT or not holds(actor, dossier):
        raise AccessDenied("Chỉ thêm người, tập thể khi hồ sơ đang ở đơn vị soạn.")
    if not accepts(dossier.award, proposal.kind):
        raise InvalidInput(f"{dossier.award.name} không tặng cho đối tượng này.", field="kind")
    if not proposal.name.strip():
        raise InvalidInput("Cần nhập tên.", field="name")
    result, reasons = _eligibility(dossier, proposal.subject)
    recipient = DossierRecipient.objects.create(
        dossier=dossier,
        subject=proposal.subject,
        recipient_kind=proposal.kind,
        name=proposal.name.strip(),
        unit=proposal.unit or dossier.unit,
        position=proposal.position,
        category=proposal.category,
        eligibility=result,
        reasons=reasons,
    )
    record(
        actor=access.audit_actor(actor),
        action="awards.dossier_recipient_add",
        obj=dossier,
        after={"recipient": recipient.name, "kind": recipient.recipient_kind, "eligibility": result},
    )
    return recipient


def dossier_create_from_proposals(
    *,
    actor: Any,
    unit: Unit,
    award_code: str,
    year: int,
    title: str,
    proposals: Sequence[Proposal],
    source: str,
) -> Dossier:
    """The conference's proposals as a dossier of `unit`; every recipient gets its eligibility answer."""
    with transaction.atomic():
        dossier = dossier_create(
            actor=actor, unit=unit, award_code=award_code, year=year, title=title, source=source
        )
        for proposal in proposals:
            dossier_recipient_add(actor=actor, dossier=dossier, proposal=proposal)
        return dossier


@transaction.atomic
def dossier_attachment_add(
    *, actor: Any, dossier: Dossier, kind: str, upload: UploadedFile
) -> DossierAttachment:
    """Attach a document; only PDF, Word, Excel and images up to 10 MB, checked by their content."""
    if not holds(actor, dossier):
        raise AccessDenied("Chỉ nơi đang giữ hồ sơ được thêm tài liệu.")
    if kind not in AttachmentKind.values:
        raise InvalidInput("Loại tài liệu không hợp lệ.", field="kind")
    name = refuse_bidi_controls(upload.name or "tai-lieu", label="Tên tệp", field="file")
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    if suffix not in SIGNATURES:
        raise InvalidInput("Chỉ nhận tệp PDF, Word (.docx), Excel (.xlsx), PNG hoặc JPEG.", field="file")
    if upload.size is None or upload.size > MAX_ATTACHMENT_BYTES:
        raise InvalidInput("Tệp lớn hơn 10 MB.", field="file")
    magic, content_type = SIGNATURES[suffix]
    upload.seek(0)
    head = upload.read(len(magic))
    upload.seek(0)
    if head != magic:
        raise InvalidInput("Nội dung tệp không đúng với phần mở rộng của tên tệp.", field="file")
    attachment = DossierAttachment(
        dossier=dossier,
        kind=kind,
        original_name=name[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    record(
        actor=access.audit_actor(actor),
        action="awards.dossier_attachment_add",
        obj=dossier,
        after={"attachment": attachment.original_name, "kind": kind, "size": attachment.size},
    )
    return attachment


@transaction.atomic
def dossier_forward(*, actor: Any, dossier: Dossier, reason: str = "") -> Dossier:
    """Send the dossier to the next level; the chairman's level ends with dossier_approve instead."""
    route = route_of(dossier)
    if dossier.status not in route or dossier.status == DossierStatus.AT_CHAIRMAN:
        raise InvalidInput("Hồ sơ ở bước này không chuyển tiếp được.")
    if not holds(actor, dossier):
        raise AccessDenied("Hồ sơ không ở cấp của bạn.")
    if dossier.status == DossierStatus.DRAFT and not dossier.recipients.exists():
        raise InvalidInput("Hồ sơ chưa có người, tập thể nào được đề nghị.")
    target = route[route.index(dossier.status) + 1]
    return _move(actor=actor, dossier=dossier, action="forward", to=target, reason=reason, sent=True)


@transaction.atomic
def dossier_return(*, actor: Any, dossier: Dossier, reason: str) -> Dossier:
    """Send the dossier back one level, always with the reason the lower level must fix."""
    route = route_of(dossier)
    if dossier.status not in route or dossier.status == DossierStatus.DRAFT:
        raise InvalidInput("Hồ sơ ở bước này không trả lại được.")
    if not holds(actor, dossier):
        raise AccessDenied("Hồ sơ không ở cấp của bạn.")
    if not reason.strip():
        raise InvalidInput("Cần ghi lý do trả lại hồ sơ.", field="reason")
    target = route[route.index(dossier.status) - 1]
    return _move(actor=actor, dossier=dossier, action="return", to=target, reason=reason.strip(), sent=False)


@transaction.atomic
def dossier_recall(*, actor: Any, dossier: Dossier, reason: str = "") -> Dossier:
    """The sender takes the dossier back while the next level has not acted on it."""
    if not dossier.sent_from or dossier.status == DossierStatus.APPROVED:
        raise InvalidInput("Hồ sơ không thể rút lại ở bước này.")
    if dossier.sent_by_id is None or dossier.sent_by_id != getattr(actor, "pk", None):
        raise AccessDenied("Chỉ người đã chuyển hồ sơ được rút lại.")
    return _move(
        actor=actor, dossier=dossier, action="recall", to=dossier.sent_from, reason=reason, sent=False
    )


@transaction.atomic
def dossier_approve(
    *,
    actor: Any,
    dossier: Dossier,
    decision_number: str,
    decision_date: dt.date,
    signer_name: str,
    signer_title: str,
) -> Dossier:
    """Record the chairman's decision on the dossier: every recipient enters the register under it."""
    if dossier.status != DossierStatus.AT_CHAIRMAN:
        raise InvalidInput("Chỉ ghi quyết định khi hồ sơ đã trình Chủ tịch UBND tỉnh.")
    if not holds(actor, dossier):
        raise AccessDenied("Chỉ Ban Thi đua – Khen thưởng ghi quyết định của Chủ tịch UBND tỉnh.")
    if not decision_number.strip():
        raise InvalidInput("Cần nhập số quyết định.", field="decision_number")
    province = dossier.province
    level = dossier.award.level if dossier.award.level in Level.values else Level.PROVINCE
    decision = None
    for recipient in dossier.recipients.select_related("unit"):
        entry = AwardEntry(
            decision_number=decision_number.strip(),
            decision_date=decision_date,
            level=level,
            signer_name=signer_name,
            signer_title=signer_title,
            decision_title=f"Về việc khen thưởng {dossier.award.name}",
            award_code=dossier.award.code,
            recipient_kind=recipient.recipient_kind,
            recipient_name=recipient.name,
            year=dossier.year,
            unit=recipient.unit,
            position=recipient.position,
            category=recipient.category,
            subject=recipient.subject,
        )
        decision = award_record_create(actor=actor, province=province, entry=entry).record.decision
    if decision is None:
        raise InvalidInput("Hồ sơ chưa có người, tập thể nào được đề nghị.")
    Dossier.objects.filter(pk=dossier.pk).update(decision=decision)
    return _move(
        actor=actor, dossier=dossier, action="approve", to=DossierStatus.APPROVED, reason="", sent=False
    )
