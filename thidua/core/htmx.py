"""One view, two answers: the full page for a normal request, only the fragment for an HTMX request."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def is_fragment_request(request: HttpRequest) -> bool:
    """An HTMX request that swaps part of a page; a boosted link or a history restore wants the whole page."""
    details = getattr(request, "htmx", None)
    if not details:
        return False
    return not details.boosted and not details.history_restore_request


def render_page(
    request: HttpRequest,
    template: str,
    partial: str,
    context: Mapping[str, Any] | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    """Render `template` (which includes `partial`) or, for an HTMX swap, `partial` alone.

    The page template includes the partial, so both answers come from the same markup and cannot drift.
    """
    chosen = partial if is_fragment_request(request) else template
    response = render(request, chosen, dict(context or {}), status=status)
    # Browsers and proxies must not serve a cached fragment as a page, or the reverse.
    patch_vary_headers(response, ("HX-Request",))
    return response
