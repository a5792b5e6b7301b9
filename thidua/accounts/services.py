"""Users, roles, passwords and API tokens. Board-admin actions are checked and audited here."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.contrib.auth.models import Permission, User
from django.contrib.auth.password_validation import get_default_password_validators, validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from thidua.accounts import access, selectors
from thidua.accounts.access import Actor
from thidua.accounts.models import ROLE_SCOPES, ApiToken, Role, RoleAssignment, ScopeKind
from thidua.accounts.passwords import PublishedPasswordValidator
from thidua.core import audit
from thidua.core.errors import AccessDenied, Conflict, InvalidInput
from thidua.core.text import refuse_bidi_controls
from thidua.org.models import AGENCY_LEVELS, Cluster, Unit, UnitLevel

USER_FIELDS = ("username", "first_name", "email", "is_active")
TOKEN_PREFIX = "td_"


def _require_board_anywhere(actor: Actor) -> None:
    if not access.is_board_admin_anywhere(actor):
        raise AccessDenied("Chỉ Ban Thi đua – Khen thưởng mới được quản lý người dùng.")


def _creating_province(actor: Actor, province: Unit | None) -> int | None:
    """The province whose board creates the account: it alone sees the account until a role places it.

    Only the installer (demo, first set-up) creates accounts of no province; they show on no board's list until a
    role is given.
    """
    if province is not None:
        if not access.is_board_admin(actor, province):
            raise AccessDenied("Bạn không có quyền tạo tài khoản cho tỉnh này.")
        return province.province_or_self_id
    if access.is_system(actor):
        return None
    own = access.board_province_ids(actor)
    if len(own) != 1:
        raise InvalidInput("Chọn tỉnh quản lý tài khoản này.", field="province")
    return own[0]


def _acting_province(actor: Actor, user: User) -> int | None:
    """The actor's board province that a change to this account belongs to, for the audit trail."""
    own = access.board_province_ids(actor)
    for province_id in own:
        if (
            selectors.users_managed_by(actor, provinces=access.province_lineage(province_id))
            .filter(pk=user.pk)
            .exists()
        ):
            return province_id
    return own[0] if own else None


def user_create(
    *,
    actor: Actor,
    username: str,
    full_name: str,
    email: str = "",
    password: str | None = None,
    province: Unit | None = None,
) -> User:
    """A new account; with no password it cannot log in until one is set. It has no role until one is given.

    It belongs to the province whose board creates it (`province`, or the actor's only board province), so that
    board finds it in its user list before giving it a role.
    """
    _require_board_anywhere(actor)
    province_id = _creating_province(actor, province)
    username = refuse_bidi_controls(username, label="Tên đăng nhập", field="username").strip()
    refuse_bidi_controls(full_name, label="Họ và tên", field="full_name")
    if not username:
        raise InvalidInput("Tên đăng nhập không được để trống.", field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise InvalidInput(f"Tên đăng nhập {username} đã được dùng.", field="username")
    user = User(username=username, first_name=" ".join(full_name.split())[:150], email=email.strip())
    if password is None:
        user.set_unusable_password()
    else:
        _validated_password(actor, password, user)
        user.set_password(password)
    with transaction.atomic():
        user.save()
        audit.record(
            actor=access.audit_actor(actor),
            action="user.create",
            obj=user,
            after=audit.snapshot(user, USER_FIELDS),
            province=province_id,
        )
    return user


def _scope_of(*, role: str, unit: Unit | None, cluster: Cluster | None) -> tuple[str, int]:
    """The scope kind and the province it lies in, or a refusal saying what scope the role needs."""
    if (unit is None) == (cluster is None):
        raise InvalidInput("Chọn đúng một phạm vi: tỉnh, cụm/khối hoặc đơn vị.", field="scope")
    if cluster is not None:
        kind, province_id = ScopeKind.CLUSTER, cluster.province_id
    else:
        assert unit is not None
        province_id = unit.province_or_self_id
        if unit.level == UnitLevel.PROVINCE:
            kind = ScopeKind.PROVINCE
        elif role == Role.DATA_SOURCE_REVIEWER:
            if unit.level not in AGENCY_LEVELS:
                raise InvalidInput(
                    "Cơ quan nguồn số liệu phải là sở, ban, ngành hoặc cơ quan.", field="scope"
                )
            kind = ScopeKind.AGENCY
        else:
            kind = ScopeKind.UNIT
    if kind not in ROLE_SCOPES[role]:
        allowed = ", ".join(str(ScopeKind(k).label) for k in sorted(ROLE_SCOPES[role]))
        raise InvalidInput(f"Vai trò {Role(role).label} chỉ giao trong phạm vi: {allowed}.", field="scope")
    return kind, province_id


def role_assign(
    *,
    actor: Actor,
    user: User,
    role: str,
    unit: Unit | None = None,
    cluster: Cluster | None = None,
    reason: str = "",
) -> RoleAssignment:
    """Give a user a role in a province, a cluster, a unit or an agency."""
    if role not in Role.values:
        raise InvalidInput("Vai trò không hợp lệ.", field="role")
    if role == Role.CLUSTER_LEADER:
        raise InvalidInput(
            "Vai trò cụm trưởng, khối trưởng không còn được giao riêng: cán bộ thi đua của đơn vị là cụm trưởng "
            "(cụm phó) của năm có quyền của cụm trưởng (cụm phó) trong năm đó.",
            field="role",
        )
    kind, province_id = _scope_of(role=role, unit=unit, cluster=cluster)
    if not access.is_board_admin(actor, province_id):
        raise AccessDenied("Bạn không có quyền phân quyền trong tỉnh này.")
    duplicate = RoleAssignment.objects.filter(
        user=user, role=role, unit=unit, cluster=cluster, revoked_at=None
    )
    if duplicate.exists():
        raise InvalidInput("Người dùng đã có vai trò này trong phạm vi này.", field="role")
    with transaction.atomic():
        assignment = RoleAssignment.objects.create(
            user=user, role=role, scope_kind=kind, unit=unit, cluster=cluster
        )
        audit.record(
            actor=access.audit_actor(actor),
            action="role.assign",
            obj=assignment,
            after={"user": user.pk, "role": role, "scope_kind": kind, "unit": unit, "cluster": cluster},
            reason=reason,
        )
    access.forget_roles(user)
    return assignment


def role_revoke(*, actor: Actor, assignment: RoleAssignment, reason: str = "") -> RoleAssignment:
    """End a role; the row stays so the trail shows who held it when."""
    if not access.is_board_admin(actor, _assignment_province(assignment)):
        raise AccessDenied("Bạn không có quyền phân quyền trong tỉnh này.")
    _revoke(
        actor=actor,
        obj=assignment,
        action="role.revoke",
        already="Vai trò này đã được thu hồi trước đó.",
        reason=reason,
    )
    access.forget_roles(assignment.user)
    return assignment


def _assignment_province(assignment: RoleAssignment) -> int:
    if assignment.cluster is not None:
        return assignment.cluster.province_id
    assert assignment.unit is not None, "the scope constraint puts a unit on every non-cluster role"
    return assignment.unit.province_or_self_id


def _revoke(
    *,
    actor: Actor,
    obj: RoleAssignment | ApiToken,
    action: str,
    already: str,
    reason: str = "",
    province: int | None = None,
) -> None:
    """Set revoked_at once (compare-and-set), with its audit row; `already` is the refusal when it was set."""
    now = timezone.now()
    with transaction.atomic():
        if type(obj).objects.filter(pk=obj.pk, revoked_at=None).update(revoked_at=now) != 1:
            raise Conflict(already)
        audit.record(
            actor=access.audit_actor(actor),
            action=action,
            obj=obj,
            before={"revoked_at": None},
            after={"revoked_at": now},
            reason=reason,
            province=province,
        )
    obj.revoked_at = now


def user_deactivate(*, actor: Actor, user: User, reason: str = "") -> User:
    """Lock an account out; its roles and history stay. Only the board of every province it has roles in."""
    _require_board_anywhere(actor)
    if getattr(actor, "pk", None) == user.pk:
        raise InvalidInput("Không thể tự khóa tài khoản của chính mình.", field="user")
    for assignment in RoleAssignment.objects.filter(user=user, revoked_at=None).select_related(
        "unit", "cluster"
    ):
        if not access.is_board_admin(actor, _assignment_province(assignment)):
            raise AccessDenied("Người dùng có vai trò ở tỉnh khác; bạn không có quyền khóa tài khoản này.")
    if not access.is_system(actor) and not selectors.users_managed_by(actor).filter(pk=user.pk).exists():
        raise AccessDenied("Người dùng không thuộc tỉnh của bạn; bạn không có quyền khóa tài khoản này.")
    acting_province = _acting_province(actor, user)
    with transaction.atomic():
        if User.objects.filter(pk=user.pk, is_active=True).update(is_active=False) != 1:
            raise Conflict("Tài khoản này đã bị khóa trước đó.")
        audit.record(
            actor=access.audit_actor(actor),
            action="user.deactivate",
            obj=user,
            before={"is_active": True},
            after={"is_active": False},
            reason=reason,
            province=acting_province,
        )
    user.is_active = False
    access.forget_roles(user)
    return user


def _validated_password(actor: Actor, password: str, user: User) -> None:
    """Refuse a weak password with the validators' Vietnamese messages (thidua.accounts.passwords).

    Only the installer may set the demo's published password, on the demo's accounts (thidua demo)."""
    validators = get_default_password_validators()
    if access.is_system(actor):
        validators = [v for v in validators if not isinstance(v, PublishedPasswordValidator)]
    try:
        validate_password(password, user, password_validators=validators)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), field="password") from exc


def user_password_change(*, actor: Actor, user: User, new_password: str) -> User:
    """A user sets their own new password (the page has checked the old one); audited without the password."""
    if getattr(actor, "pk", None) != user.pk:
        raise AccessDenied("Bạn chỉ được đổi mật khẩu của chính mình.")
    _validated_password(actor, new_password, user)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        audit.record(
            actor=actor,
            action="user.password_change",
            obj=user,
            after={"password": "đã đổi"},
            province=selectors.user_province_id(user),
        )
    return user


# API tokens: "td_<prefix>_<secret>"; only the SHA-256 of the whole token is stored. A fast hash is enough
# because the secret is 256 random bits, not a password a person chose.


@dataclass(frozen=True)
class IssuedToken:
    """The stored token and the secret text, which is shown once and never again."""

    token: ApiToken
    plaintext: str


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def token_issue(*, actor: Actor, user: User, name: str, expires_at: dt.datetime | None = None) -> IssuedToken:
    """A new API token for the user; a user issues their own (the installer may issue for anyone)."""
    if not access.is_system(actor) and getattr(actor, "pk", None) != user.pk:
        raise AccessDenied("Bạn chỉ được tạo khóa truy cập cho chính mình.")
    if not user.is_active:
        raise InvalidInput("Tài khoản đã bị khóa.", field="user")
    label = " ".join(refuse_bidi_controls(name, label="Tên gợi nhớ", field="name").split())[:100]
    if not label:
        raise InvalidInput("Đặt tên gợi nhớ cho khóa truy cập.", field="name")
    prefix = secrets.token_hex(4)
    plaintext = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=label, prefix=prefix, token_hash=_hash(plaintext), expires_at=expires_at
        )
        audit.record(
            actor=access.audit_actor(actor),
            action="api_token.issue",
            obj=token,
            after={"user": user.pk, "name": label, "prefix": prefix, "expires_at": expires_at},
            province=selectors.user_province_id(user),
        )
    return IssuedToken(token=token, plaintext=plaintext)


def token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Revoke a token: its owner, or the board of a province where the owner has a role."""
    owner_provinces = {
        _assignment_province(a)
        for a in RoleAssignment.objects.filter(user_id=token.user_id, revoked_at=None).select_related(
            "unit", "cluster"
        )
    }
    is_owner = getattr(actor, "pk", None) == token.user_id
    board = any(access.is_board_admin(actor, p) for p in owner_provinces) or access.is_system(actor)
    if not (is_owner or board):
        raise AccessDenied("Bạn không có quyền thu hồi khóa truy cập này.")
    _revoke(
        actor=actor,
        obj=token,
        action="api_token.revoke",
        already="Khóa truy cập này đã được thu hồi trước đó.",
        province=selectors.user_province_id(token.user),
    )
    return token


def token_authenticate(raw: str) -> User | None:
    """The active user a presented token belongs to, or None; notes when the token was last used."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.filter(token_hash=_hash(raw), revoked_at=None, user__is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .select_related("user")
        .first()
    )
    if token is None:
        return None
    # Usage time is operational, not a change of data that matters: no audit row, and at most once a minute.
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def user_admin_site_grant(*, actor: Actor, user: User) -> User:
    """Let a board officer browse master data in the Django admin, which is read-only (see admin.py)."""
    _require_board_anywhere(actor)
    permissions = Permission.objects.filter(
        codename__startswith="view_", content_type__app_label__in=["org", "accounts", "core"]
    )
    with transaction.atomic():
        before = {"is_staff": user.is_staff}
        User.objects.filter(pk=user.pk).update(is_staff=True)
        user.user_permissions.add(*permissions)
        audit.record(
            actor=access.audit_actor(actor),
            action="user.admin_site_grant",
            obj=user,
            before=before,
            after={"is_staff": True, "permissions": sorted(p.codename for p in permissions)},
            province=_acting_province(actor, user),
        )
    user.is_staff = True
    return user
