"""Who is calling the API: a bearer token (scripts, other systems) or the browser's session (our own pages)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from thidua.accounts import access
from thidua.accounts.services import token_authenticate
from thidua.core.errors import AccessDenied

NO_ROLE_MESSAGE = "Tài khoản chưa được phân quyền. Liên hệ Ban Thi đua – Khen thưởng tỉnh."


def _with_role(user: Any) -> Any:
    """An authenticated user with no role is refused outright (403), so no route can serve them by mistake."""
    if user is None:
        return None
    if not access.has_any_role(user):
        raise AccessDenied(NO_ROLE_MESSAGE)
    return user


class BearerTokenAuth(HttpBearer):
    """`Authorization: Bearer td_…`, a token issued by accounts.services.token_issue."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(token)
        if user is not None:
            # The same user object for the handler and for access checks, as with a session.
            request.user = user
        return _with_role(user)


class RoleSessionAuth(SessionAuth):
    """The logged-in browser session, with Django's CSRF check on writes."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return _with_role(super().authenticate(request, key))
