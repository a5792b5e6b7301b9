"""Frameworks and their versions. A version that is published or used by an agreement or a snapshot never
changes: the first edit of one makes a new draft version, and the editor carries on there."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from thidua.accounts import access
from thidua.accounts.access import Actor
from thidua.agreements import documents
from thidua.agreements.documents import NodePath
from thidua.agreements.framework_files import read_framework_file
from thidua.agreements.models import Framework, FrameworkVersion, VersionStatus
from thidua.agreements.packaging import is_same_framework, legal_basis_json
from thidua.agreements.permissions import can_edit_frameworks
from thidua.core import audit
from thidua.core.errors import AccessDenied, Conflict, InvalidInput, NotFound
from thidua.org.models import Unit

Edit = Callable[[dict[str, Any]], None]


def _require_board(actor: Actor, province_id: int) -> None:
    if not can_edit_frameworks(actor, province_id):
        raise AccessDenied("Chỉ Ban Thi đua – Khen thưởng của tỉnh được thay đổi thang điểm.")


def _user(actor: Actor) -> Any:
    return None if access.is_system(actor) else actor


def is_used(version: FrameworkVersion) -> bool:
    return version.agreements.exists() or version.snapshots.exists()


def is_frozen(version: FrameworkVersion) -> bool:
    """Published or used: its content is part of a decision or of a year's record."""
    return version.status == VersionStatus.PUBLISHED or is_used(version)


def _next_number(framework: Framework) -> int:
    latest = framework.versions.aggregate(top=Max("number"))["top"]
    return int(latest or 0) + 1


def _version_create(
    *,
    actor: Actor,
    framework: Framework,
    document: dict[str, Any],
    legal_basis: list[dict[str, Any]],
    derived_from: FrameworkVersion | None,
    reason: str,
) -> FrameworkVersion:
    version = FrameworkVersion.objects.create(
        framework=framework,
        number=_next_number(framework),
        document=document,
        legal_basis=legal_basis,
        derived_from=derived_from,
        created_by=_user(actor),
    )
    audit.record(
        actor=access.audit_actor(actor),
        action="frameworkversion.create",
        obj=version,
        after={
            "framework": framework.pk,
            "number": version.number,
            "derived_from": derived_from.pk if derived_from else None,
        },
        reason=reason,
    )
    return version


def framework_create(
    *, actor: Actor, province: Unit, name: str, document: dict[str, Any] | None = None
) -> FrameworkVersion:
    """A new framework with its first draft version (empty unless a document is given)."""
    _require_board(actor, province.province_or_self_id)
    name = name.strip()
    if not name:
        raise InvalidInput("Tên thang điểm không được để trống.", field="name")
    with transaction.atomic():
        if Framework.objects.filter(province=province, name=name).exists():
            raise Conflict(f"Tỉnh đã có thang điểm tên “{name}”.", field="name")
        framework = Framework.objects.create(province=province, name=name)
        audit.record(
            actor=access.audit_actor(actor), action="framework.create", obj=framework, after={"name": name}
        )
        return _version_create(
            actor=actor,
            framework=framework,
            document=document if document is not None else documents.empty_document(),
            legal_basis=[],
            derived_from=None,
            reason="",
        )


def next_year_name(name: str) -> str:
    """ "Thang điểm cụm thi đua xã 2026" → "… 2027": the usual way a province names next year's scale."""
    years = list(re.finditer(r"(19|20)\d\d", name))
    if not years:
        return f"{name} (bản sao)"
    last = years[-1]
    return name[: last.start()] + str(int(last.group()) + 1) + name[last.end() :]


def framework_copy(*, actor: Actor, version: FrameworkVersion, name: str) -> FrameworkVersion:
    """Copy a version (last year's) into a new framework whose first version is a draft to edit for the new year."""
    _require_board(actor, version.framework.province_id)
    with transaction.atomic():
        copied = framework_create(
            actor=actor,
            province=version.framework.province,
            name=name,
            document=documents.copy_document(version.document),
        )
        FrameworkVersion.objects.filter(pk=copied.pk).update(legal_basis=list(version.legal_basis))
        copied.refresh_from_db()
        audit.record(
            actor=access.audit_actor(actor),
            action="framework.copy",
            obj=copied.framework,
            before={"version": version.pk},
            after={"version": copied.pk},
        )
        return copied


def _writable(actor: Actor, version: FrameworkVersion) -> FrameworkVersion:
    """The version an edit may change: this draft, or a new draft made from a frozen version."""
    locked = FrameworkVersion.objects.select_for_update().select_related("framework").get(pk=version.pk)
    if not is_frozen(locked):
        return locked
    return _version_create(
        actor=actor,
        framework=locked.framework,
        document=documents.copy_document(locked.document),
        legal_basis=list(locked.legal_basis),
        derived_from=locked,
        reason=f"Sửa phiên bản {locked.number} đã ban hành hoặc đã sử dụng: tạo bản nháp mới",
    )


def _edit(
    *,
    actor: Actor,
    version: FrameworkVersion,
    action: str,
    edit: Edit,
    before: Any,
    after: Any,
    reason: str = "",
) -> FrameworkVersion:
    _require_board(actor, version.framework.province_id)
    with transaction.atomic():
        target = _writable(actor, version)
        document = documents.copy_document(target.document)
        try:
            edit(document)
        except (KeyError, IndexError) as exc:
            raise NotFound(
                "Không tìm thấy tiêu chí này trong thang điểm (có thể vừa bị người khác thay đổi)."
            ) from exc
        target.document = document
        target.save(update_fields=["document"])
        audit.record(
            actor=access.audit_actor(actor),
            action=action,
            obj=target,
            before={"value": before},
            after={"value": after},
            reason=reason,
        )
        return target


SETTING_KEYS = (
    "standard_points",
    "bonus_cap",
    "not_applicable",
    "tie_break",
    "bands",
    "honours",
    "bonus_items",
    "late_report",
)


def framework_settings_update(
    *, actor: Actor, version: FrameworkVersion, settings: dict[str, Any]
) -> FrameworkVersion:
    """Replace the framework-wide settings (everything but the sections); absent optional ones are removed."""
    unknown = set(settings) - set(SETTING_KEYS)
    if unknown:
        raise InvalidInput(f"Thiết lập không hợp lệ: {', '.join(sorted(unknown))}.")
    before = {key: version.document.get(key) for key in SETTING_KEYS if key in version.document}

    def edit(document: dict[str, Any]) -> None:
        for key in SETTING_KEYS:
            document.pop(key, None)
        sections = document.pop("sections", [])
        document.update({key: value for key, value in settings.items() if value not in (None, [], "")})
        document["sections"] = sections

    return _edit(
        actor=actor,
        version=version,
        action="frameworkversion.settings",
        edit=edit,
        before=before,
        after=settings,
    )


def framework_node_add(
    *, actor: Actor, version: FrameworkVersion, parent: NodePath, node: dict[str, Any]
) -> FrameworkVersion:
    """Append a node under `parent` (empty path: a new section). A leaf that gets a child becomes a group, so its
    rule and bonus go: a node has either children or a rule."""

    def edit(document: dict[str, Any]) -> None:
        if parent:
            holder = documents.node_at(document, parent)
            holder.pop("rule", None)
            holder.pop("bonus", None)
            holder.setdefault("children", []).append(node)
        else:
            document.setdefault("sections", []).append(node)

    return _edit(
        actor=actor, version=version, action="frameworkversion.node_add", edit=edit, before=None, after=node
    )


def framework_node_update(
    *, actor: Actor, version: FrameworkVersion, path: NodePath, node: dict[str, Any]
) -> FrameworkVersion:
    """Replace a node's own fields (code, title, max, rule, bonus…); its children stay."""
    before = documents.node_at(version.document, path) if path else None
    if before is None:
        raise NotFound("Không tìm thấy tiêu chí này trong thang điểm.")
    own_before = {key: value for key, value in before.items() if key != "children"}

    def edit(document: dict[str, Any]) -> None:
        current = documents.node_at(document, path)
        children = current.get("children")
        current.clear()
        current.update(node)
        if children:
            current["children"] = children
            current.pop("rule", None)
            current.pop("bonus", None)

    return _edit(
        actor=actor,
        version=version,
        action="frameworkversion.node_update",
        edit=edit,
        before=own_before,
        after=node,
    )


def framework_node_delete(*, actor: Actor, version: FrameworkVersion, path: NodePath) -> FrameworkVersion:
    before = documents.node_at(version.document, path) if path else None
    if before is None:
        raise NotFound("Không tìm thấy tiêu chí này trong thang điểm.")

    def edit(document: dict[str, Any]) -> None:
        holder = documents.siblings(document, path)
        del holder[path[-1]]

    return _edit(
        actor=actor,
        version=version,
        action="frameworkversion.node_delete",
        edit=edit,
        before=before,
        after=None,
    )


def framework_node_move(
    *, actor: Actor, version: FrameworkVersion, path: NodePath, offset: int
) -> FrameworkVersion:
    """Move a node up (-1) or down (+1) among its siblings."""
    if offset not in (-1, 1):
        raise InvalidInput("Chỉ di chuyển lên hoặc xuống một vị trí.")
    if not path:
        raise NotFound("Không tìm thấy tiêu chí này trong thang điểm.")
    code = documents.node_at(version.document, path).get("code")

    def edit(document: dict[str, Any]) -> None:
        holder = documents.siblings(document, path)
        index, other = path[-1], path[-1] + offset
        if not 0 <= other < len(holder):
            raise InvalidInput("Tiêu chí đã ở đầu hoặc cuối danh sách.")
        holder[index], holder[other] = holder[other], holder[index]

    return _edit(
        actor=actor,
        version=version,
        action="frameworkversion.node_move",
        edit=edit,
        before={"code": code, "position": path[-1]},
        after={"code": code, "position": path[-1] + offset},
    )


def framework_version_publish(
    *,
    actor: Actor,
    version: FrameworkVersion,
    decision_number: str,
    decision_date: Any = None,
    decision_title: str = "",
) -> FrameworkVersion:
    """Draft → published, only without a single problem; the decision that adopts it becomes its legal basis."""
    _require_board(actor, version.framework.province_id)
    if not decision_number.strip():
        raise InvalidInput("Phải ghi số quyết định ban hành thang điểm.", field="decision_number")
    with transaction.atomic():
        locked = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
        _, problems = documents.read_framework(locked.document)
        if problems:
            raise InvalidInput(
                f"Thang điểm còn {len(problems)} lỗi, chưa ban hành được.",
                details={"problems": [str(problem) for problem in problems]},
            )
        basis = [
            {
                key: value
                for key, value in {
                    "number": decision_number.strip(),
                    "date": decision_date.isoformat() if decision_date else None,
                    "title": decision_title.strip() or None,
                }.items()
                if value
            }
        ]
        now = timezone.now()
        updated = FrameworkVersion.objects.filter(pk=locked.pk, status=VersionStatus.DRAFT).update(
            status=VersionStatus.PUBLISHED, published_at=now, legal_basis=basis
        )
        if updated != 1:
            raise Conflict("Phiên bản này đã được ban hành.")
        locked.refresh_from_db()
        audit.record(
            actor=access.audit_actor(actor),
            action="frameworkversion.publish",
            obj=locked,
            before={"status": VersionStatus.DRAFT},
            after={"status": VersionStatus.PUBLISHED, "legal_basis": basis},
        )
        return locked


def framework_import(
    *, actor: Actor, province: Unit, file_name: str, content: bytes, name: str = ""
) -> tuple[FrameworkVersion, bool]:
    """The framework of a file (a framework export or a whole package) as a version of the province, and whether
    it is new: the published version it is identical to when there is one (compared as read, with its legal
    basis), otherwise a new version of the framework of that name (made if needed), published on the file's legal
    basis or a draft when the file has none. Nothing is written when the file has a problem."""
    _require_board(actor, province.province_or_self_id)
    found, problems = read_framework_file(file_name, content)
    if found is None or problems:
        raise InvalidInput(
            f"Tệp có {len(problems)} lỗi, chưa nhập gì.",
            field="file",
            details={"problems": [str(problem) for problem in problems]},
        )
    with transaction.atomic():
        published = FrameworkVersion.objects.filter(
            framework__province=province, status=VersionStatus.PUBLISHED
        ).select_related("framework")
        for version in published.order_by("-published_at", "-id"):
            if is_same_framework(version, found.framework, found.legal_basis):
                return version, False
        title = name.strip() or (found.name or "").strip()
        if not title:
            raise InvalidInput("Phải ghi tên thang điểm: tệp không có tên thang điểm.", field="name")
        framework = Framework.objects.filter(province=province, name=title).first()
        if framework is None:
            framework = Framework.objects.create(province=province, name=title)
            audit.record(
                actor=access.audit_actor(actor),
                action="framework.create",
                obj=framework,
                after={"name": title},
            )
        version = _version_create(
            actor=actor,
            framework=framework,
            document=documents.framework_document(found.framework),
            legal_basis=legal_basis_json(found.legal_basis),
            derived_from=None,
            reason=f"Nhập từ tệp {file_name}",
        )
        if found.legal_basis:
            FrameworkVersion.objects.filter(pk=version.pk).update(
                status=VersionStatus.PUBLISHED, published_at=timezone.now()
            )
            version.refresh_from_db()
            audit.record(
                actor=access.audit_actor(actor),
                action="frameworkversion.publish",
                obj=version,
                before={"status": VersionStatus.DRAFT},
                after={"status": VersionStatus.PUBLISHED, "legal_basis": version.legal_basis},
                reason=f"Căn cứ pháp lý trong tệp {file_name}",
            )
        return version, True
