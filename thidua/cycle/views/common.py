"""What the cycle's views share: turning a service's refusal into a message on the page it came from."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from thidua.core.errors import ThiduaError


def refused(request: HttpRequest, exc: ThiduaError, to: str, *args: object) -> HttpResponse:
    messages.error(request, exc.message)
    return redirect(to, *args)


def done(request: HttpRequest, text: str, to: str, *args: object) -> HttpResponse:
    messages.success(request, text)
    return redirect(to, *args)


def user_of(request: HttpRequest) -> User:
    """The logged-in user; every cycle view sits behind role_required, so it is never anonymous."""
    return cast(User, request.user)
