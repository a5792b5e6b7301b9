"""Reads of accounts: a user's own roles and tokens."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from thidua.accounts.models import ApiToken
from thidua.core.errors import NotFound


def token_list_for_user(user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def token_get_for_user(user: Any, pk: int) -> ApiToken:
    """One of the user's own tokens; another user's token is reported as missing."""
    token = ApiToken.objects.filter(user=user, pk=pk).first()
    if token is None:
        raise NotFound(_("Không tìm thấy khóa truy cập."))
    return token
