"""Login throttling that a guesser cannot turn against the account's owner, the same on every login door.

Why not a hard lock per account (what this project had) or django-axes: a lock per account lets anyone who knows
a user name keep its owner out, from anywhere, for as long as they like; a lock per address blocks a whole office,
or a whole province behind its proxy. django-axes locks by the parameters it is given with one failure limit for
all of them, so it cannot hold a narrow limit per (account, address) and a wider one per address at once, and its
lock of an address refuses the owners who work there too. The rules here:

1. Per (account, address) pair: after LOGIN_FAILURE_LIMIT failures in the window the pair must wait, a wait that
   doubles with each further failure (LOGIN_BACKOFF_SECONDS, 2×, 4×…, at most the window). The owner at their own
   address is not slowed by failures from another address.
2. Per address: after LOGIN_ADDRESS_FAILURE_LIMIT failures in the window (for any name, known or not) the address
   is refused, except for the accounts that signed in from it within LOGIN_KNOWN_ADDRESS_DAYS: the people who work
   there keep signing in, a guesser spraying names stops. The refusal reads the same whether the name exists or not.
3. User names are compared NFKC-normalised and case-folded, as Django's login form normalises them before it looks
   the account up, so full-width letters are the same name.
4. Behind the documented proxy (BEHIND_PROXY=1) the client is the right-most X-Forwarded-For entry that is not a
   trusted proxy (TRUSTED_PROXIES), and only when the request itself comes from a trusted proxy: anything to the
   left of it was written by the client.

Every door that takes a password uses `ThrottledLoginMixin` (the site login, the Django admin login); the API takes
no password (tokens are issued from the logged-in token page). Logins, failures of real accounts, back-offs and
password changes are audited on the account, with its province.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts import selectors
from thidua.accounts.models import LoginAttempt
from thidua.core import audit


def normalise_username(username: str) -> str:
    """The form a user name is throttled and compared under: NFKC (full-width letters become plain), case-folded."""
    return unicodedata.normalize("NFKC", username).strip().casefold()[:150]


def _is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in settings.TRUSTED_PROXIES:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_address(request: HttpRequest) -> str:
    """The address the request came from: the peer, or behind a trusted proxy the right-most untrusted
    X-Forwarded-For entry (each proxy appends the address it saw; entries to the left are the client's word)."""
    peer = str(request.META.get("REMOTE_ADDR", ""))
    if not settings.BEHIND_PROXY or not _is_trusted_proxy(peer):
        return peer[:64]
    forwarded = [part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    for candidate in reversed([part for part in forwarded if part]):
        try:
            ipaddress.ip_address(candidate)
        except ValueError:
            break  # a proxy writes addresses: anything else here means the chain cannot be trusted further
        if not _is_trusted_proxy(candidate):
            return candidate[:64]
    return peer[:64]


@dataclass(frozen=True)
class Decision:
    """Whether a login attempt may test its password now, and if not how long to wait."""

    allowed: bool
    wait_seconds: int = 0

    @property
    def message(self) -> str:
        minutes = max(1, math.ceil(self.wait_seconds / 60))
        return _(
            "Đăng nhập sai quá nhiều lần từ địa chỉ này. Vì an toàn, vui lòng thử lại sau %(minutes)s phút "
            "hoặc liên hệ Ban Thi đua – Khen thưởng."
        ) % {"minutes": minutes}


def _window_start(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def _backoff_seconds(failures: int) -> int:
    """The wait after `failures` failures of one pair: none below the limit, then doubling up to the window."""
    over = failures - settings.LOGIN_FAILURE_LIMIT
    if over < 0:
        return 0
    return int(
        min(settings.LOGIN_BACKOFF_SECONDS * 2 ** min(over, 30), settings.LOGIN_FAILURE_WINDOW_SECONDS)
    )


def _pair_failures(name: str, address: str, now: dt.datetime) -> list[dt.datetime]:
    """The pair's failures in the window since its last success, newest first."""
    recent = LoginAttempt.objects.filter(username=name, address=address, created_at__gte=_window_start(now))
    last_success = recent.filter(succeeded=True).order_by("-created_at").values_list("created_at", flat=True)
    since = last_success.first()
    failures = recent.filter(succeeded=False)
    if since is not None:
        failures = failures.filter(created_at__gt=since)
    return list(failures.order_by("-created_at").values_list("created_at", flat=True))


def _known_at(name: str, address: str, now: dt.datetime) -> bool:
    since = now - dt.timedelta(days=settings.LOGIN_KNOWN_ADDRESS_DAYS)
    return LoginAttempt.objects.filter(
        username=name, address=address, succeeded=True, created_at__gte=since
    ).exists()


def login_check(*, username: str, address: str) -> Decision:
    """May this (user name, address) test a password now? Asked before the password is checked, so a guesser
    learns nothing from a right guess made while waiting."""
    name, now = normalise_username(username), timezone.now()
    failures = _pair_failures(name, address, now)
    wait = _backoff_seconds(len(failures))
    if wait:
        remaining = (failures[0] + dt.timedelta(seconds=wait) - now).total_seconds()
        if remaining > 0:
            return Decision(allowed=False, wait_seconds=math.ceil(remaining))
    if address:
        address_failures = LoginAttempt.objects.filter(
            address=address, succeeded=False, created_at__gte=_window_start(now)
        )
        if address_failures.count() >= settings.LOGIN_ADDRESS_FAILURE_LIMIT and not _known_at(
            name, address, now
        ):
            oldest = address_failures.order_by("created_at").values_list("created_at", flat=True).first()
            assert oldest is not None
            remaining = (
                oldest + dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS) - now
            ).total_seconds()
            return Decision(allowed=False, wait_seconds=max(1, math.ceil(remaining)))
    return Decision(allowed=True)


def _account(name: str) -> User | None:
    return User.objects.filter(username__iexact=name).first()


def login_failure_record(*, username: str, address: str, door: str) -> None:
    """Remember a wrong password; audit it on the account when the account exists, and audit the back-off it
    starts. Old attempts are forgotten here so the table stays small."""
    name, now = normalise_username(username), timezone.now()
    if not name:
        return
    account = _account(name)
    with transaction.atomic():
        LoginAttempt.objects.filter(created_at__lt=_window_start(now), succeeded=False).delete()
        known_since = now - dt.timedelta(days=settings.LOGIN_KNOWN_ADDRESS_DAYS)
        LoginAttempt.objects.filter(created_at__lt=known_since, succeeded=True).delete()
        LoginAttempt.objects.create(username=name, address=address, account_exists=account is not None)
        if account is None:
            return  # an audit row names its object; a name with no account has none (the attempt row stays)
        province = selectors.user_province_id(account)
        facts = {"address": address, "door": door}
        audit.record(actor=None, action="user.login_failed", obj=account, after=facts, province=province)
        failures = len(_pair_failures(name, address, now))
        wait = _backoff_seconds(failures)
        if wait:
            audit.record(
                actor=None,
                action="user.login_backoff",
                obj=account,
                after={**facts, "failures": failures, "wait_seconds": wait},
                province=province,
            )


def login_success_record(*, user: User, address: str, door: str) -> None:
    """A right password: the pair's failures stop counting, the address becomes known for the account, and the
    login is audited."""
    with transaction.atomic():
        LoginAttempt.objects.create(
            username=normalise_username(user.get_username()),
            address=address,
            succeeded=True,
            account_exists=True,
        )
        audit.record(
            actor=user,
            action="user.login",
            obj=user,
            after={"address": address, "door": door},
            province=selectors.user_province_id(user),
        )


class ThrottledLoginMixin:
    """For Django's AuthenticationForm and its admin subclass: ask the throttle first, record what follows.

    `door` names the form in the audit rows ("site", "admin")."""

    door = "site"
    request: HttpRequest | None
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        request = self.request
        address = client_address(request) if request is not None else ""
        if username and password:
            decision = login_check(username=username, address=address)
            if not decision.allowed:
                raise ValidationError(decision.message, code="throttled")
        try:
            data: dict[str, Any] = super().clean()  # type: ignore[misc]
        except ValidationError:
            if username and password:
                login_failure_record(username=username, address=address, door=self.door)
            raise
        user = self.get_user()  # type: ignore[attr-defined]
        if user is not None:
            login_success_record(user=user, address=address, door=self.door)
        return data
