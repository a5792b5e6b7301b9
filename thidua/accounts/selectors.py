"""Reads of accounts: a user's own roles and tokens, and the accounts a province's board manages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import CharField, Prefetch, Q, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from thidua.accounts import access
from thidua.accounts.models import ApiToken, Role, RoleAssignment
from thidua.core.errors import NotFound
from thidua.core.models import AuditEvent


def users_managed_by(actor: Any, *, provinces: set[int] | None = None) -> QuerySet[User]:
    """The accounts a board manages: those holding (or having held) a role in its province or a province merged
    into it, and those its board created (the `user.create` audit row carries the province).

    An account with no role at all is seen only by the board that created it. Accounts of no known province (made
    with `createsuperuser` or by the installer and never given a role) show on no board's list: deny by default;
    superusers reach them in the Django admin. A revoked role still counts, so the board keeps the history of the
    people who worked for it.
    """
    if provinces is None:
        provinces = access.provinces_with_role(actor, {Role.BOARD_ADMIN})
    if not provinces:
        return User.objects.none()
    with_role = RoleAssignment.objects.filter(
        Q(unit_id__in=provinces) | Q(unit__province_id__in=provinces) | Q(cluster__province_id__in=provinces)
    ).values("user_id")
    # object_id is text: the account's id is compared as text, which SQLite and PostgreSQL do alike.
    created = AuditEvent.objects.filter(
        action="user.create", object_type="auth.user", province_id__in=provinces
    ).values("object_id")
    return User.objects.annotate(id_text=Cast("pk", output_field=CharField())).filter(
        Q(pk__in=with_role) | Q(id_text__in=created)
    )


def user_list(actor: Any) -> QuerySet[User]:
    """The board's user list, each account with its active roles in the board's provinces (`active_roles`)."""
    provinces = access.provinces_with_role(actor, {Role.BOARD_ADMIN})
    roles = (
        RoleAssignment.objects.active()
        .filter(
            Q(unit_id__in=provinces)
            | Q(unit__province_id__in=provinces)
            | Q(cluster__province_id__in=provinces)
        )
        .select_related("unit", "cluster")
        .order_by("role", "id")
    )
    return (
        users_managed_by(actor, provinces=provinces)
        .order_by("-is_active", "username")
        .prefetch_related(Prefetch("role_assignments", queryset=roles, to_attr="active_roles"))
    )


def user_get_for_board(actor: Any, pk: int) -> User:
    """One account the board manages; another province's account is reported as missing."""
    user = user_list(actor).filter(pk=pk).first()
    if user is None:
        raise NotFound(_("Không tìm thấy người dùng."))
    return user


def token_list_for_user(user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def token_get_for_user(user: Any, pk: int) -> ApiToken:
    """One of the user's own tokens; another user's token is reported as missing."""
    token = ApiToken.objects.filter(user=user, pk=pk).first()
    if token is None:
        raise NotFound(_("Không tìm thấy khóa truy cập."))
    return token


def user_province_id(user: Any) -> int | None:
    """The province an account belongs to, for its audit rows: the province of its first active role, else the
    province whose board created it; None for accounts of no province (the installer's, createsuperuser's)."""
    assignment = (
        RoleAssignment.objects.filter(user_id=user.pk, revoked_at__isnull=True)
        .select_related("unit", "cluster")
        .order_by("id")
        .first()
    )
    if assignment is not None:
        if assignment.cluster is not None:
            return int(assignment.cluster.province_id)
        if assignment.unit is not None:
            return int(assignment.unit.province_or_self_id)
    created = (
        AuditEvent.objects.filter(action="user.create", object_type="auth.user", object_id=str(user.pk))
        .values_list("province_id", flat=True)
        .first()
    )
    return int(created) if created is not None else None
