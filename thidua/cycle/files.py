"""Which uploaded files the cycle accepts (signed agreements, evidence): a size limit from settings.UPLOAD_MAX_BYTES
and an allow-list of types checked by both the name and the first bytes, so a renamed executable is refused."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from thidua.core.errors import InvalidInput
from thidua.core.numbers import format_number
from thidua.core.text import refuse_bidi_controls

_ZIP = b"PK\x03\x04"
# suffix → (content type, accepted leading bytes; empty means plain text)
ALLOWED_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (_ZIP,)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (_ZIP,)),
    ".odt": ("application/vnd.oasis.opendocument.text", (_ZIP,)),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", (_ZIP,)),
}


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the checks, with its type as decided here (never the browser's claim)."""

    upload: UploadedFile
    name: str
    content_type: str
    size: int


def _megabytes(size: int) -> str:
    return format_number(Decimal(size) / 1048576, 1)


def check_upload(upload: UploadedFile | None, *, field: str = "file") -> CheckedFile:
    if upload is None:
        raise InvalidInput("Chưa chọn tệp.", field=field)
    name = refuse_bidi_controls(PurePath(upload.name or "").name, label="Tên tệp", field=field)
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED_TYPES:
        allowed = ", ".join(sorted(ALLOWED_TYPES))
        raise InvalidInput(f"Không nhận tệp “{name}”: chỉ nhận các loại {allowed}.", field=field)
    size = int(upload.size or 0)
    if size == 0:
        raise InvalidInput(f"Tệp “{name}” rỗng.", field=field)
    limit = settings.UPLOAD_MAX_BYTES
    if size > limit:
        raise InvalidInput(
            f"Tệp “{name}” dung lượng {_megabytes(size)} MB, vượt giới hạn {_megabytes(limit)} MB.",
            field=field,
        )
    content_type, signatures = ALLOWED_TYPES[suffix]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in signatures):
        raise InvalidInput(f"Nội dung tệp “{name}” không đúng loại {suffix}.", field=field)
    return CheckedFile(upload=upload, name=name, content_type=content_type, size=size)
