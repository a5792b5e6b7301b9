"""The caller's own account in the API: who am I, which roles, my tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from thidua.accounts import access, selectors, services
from thidua.accounts.models import ApiToken
from thidua.org.api import ERRORS

router = Router(tags=["Tài khoản"])


class RoleOut(Schema):
    role: str
    role_label: str
    scope_kind: str
    scope_id: int
    scope_name: str


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[RoleOut]


class TokenIn(Schema):
    name: str
    expires_at: dt.datetime | None = None


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class IssuedTokenOut(TokenOut):
    token: str


def token_out(token: ApiToken) -> TokenOut:
    return TokenOut(
        id=token.pk,
        name=token.name,
        prefix=token.prefix,
        created_at=token.created_at,
        expires_at=token.expires_at,
        last_used_at=token.last_used_at,
        revoked_at=token.revoked_at,
    )


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


@router.get("/me", response={200: MeOut, **ERRORS}, summary="Tài khoản và vai trò của tôi")
def me(request: HttpRequest) -> MeOut:
    user = _user(request)
    roles = [
        RoleOut(
            role=a.role,
            role_label=str(a.get_role_display()),
            scope_kind=a.scope_kind,
            scope_id=a.cluster_id if a.cluster_id is not None else a.unit_id or 0,
            scope_name=a.scope_name,
        )
        for a in access.roles_of(user)
    ]
    return MeOut(username=user.get_username(), full_name=user.get_full_name(), roles=roles)


@router.get("/tokens", response={200: list[TokenOut], **ERRORS}, summary="Khóa truy cập API của tôi")
def list_tokens(request: HttpRequest) -> list[TokenOut]:
    return [token_out(t) for t in selectors.token_list_for_user(_user(request))]


@router.post(
    "/tokens", response={201: IssuedTokenOut, **ERRORS}, summary="Tạo khóa truy cập (chỉ hiện một lần)"
)
def issue_token(request: HttpRequest, payload: TokenIn) -> Status[IssuedTokenOut]:
    user = _user(request)
    issued = services.token_issue(actor=user, user=user, name=payload.name, expires_at=payload.expires_at)
    return Status(201, IssuedTokenOut(**token_out(issued.token).model_dump(), token=issued.plaintext))


@router.delete("/tokens/{token_id}", response={200: TokenOut, **ERRORS}, summary="Thu hồi khóa truy cập")
def revoke_token(request: HttpRequest, token_id: int) -> TokenOut:
    user = _user(request)
    token = services.token_revoke(actor=user, token=selectors.token_get_for_user(user, token_id))
    return token_out(token)
