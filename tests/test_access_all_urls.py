"""Every URL of the site refuses an anonymous visitor and a logged-in user with no role.

The patterns are read from config.urls at test time, so a view added later by any app is checked without anyone
remembering to add it here. Only the short allow-list below may answer a stranger, and each entry says why.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern

from thidua.core.testing import row_counts

# Pages a stranger may open, by URL name. Anything else must refuse.
PUBLIC_URL_NAMES = {
    "login": "the login form itself",
    "set_language": "switching the interface language before logging in",
    "admin:login": "Django admin's own login form",
    "admin:logout": "ending a session shows nothing and changes nothing but that session",
    "password_reset": "asking for a reset link needs no account",
    "api-1:openapi-json": "the API description is public documentation; every operation checks access",
    "api-1:openapi-view": "the API documentation page",
    "health": "the health check for the monitor: ok or not per check, no data of any province",
    "awards:verify": "a certificate's QR code opens it; an unguessable token shows one award and nothing else",
}

# Sample values by keyword name, for names whose meaning we know; other names get a value by converter.
SAMPLE_BY_NAME = {"year": "2026", "app_label": "auth"}
SAMPLE_BY_CONVERTER = {
    "int": "1",
    "str": "a",
    "slug": "a",
    "path": "1",
    "uuid": "00000000-0000-0000-0000-000000000001",
}
REGEX_CANDIDATES = ("1", "2026", "auth", "a", "abc")

LOGIN_VIEWS = {"login", "admin:login"}
REFUSED_STATUSES = {301, 302, 303, 401, 403, 404, 405}


@dataclass(frozen=True)
class Endpoint:
    url: str
    name: str

    def __str__(self) -> str:
        return f"{self.name or '(no name)'} {self.url}"


def _fill_route(pattern: RoutePattern) -> str:
    route = str(pattern)
    for name, converter in pattern.converters.items():
        kind = type(converter).__name__.removesuffix("Converter").lower()
        value = SAMPLE_BY_NAME.get(name) or SAMPLE_BY_CONVERTER.get(kind, "1")
        route = re.sub(rf"<(?:\w+:)?{name}>", converter.to_url(converter.to_python(value)), route)
    return route


def _fill_regex(pattern: RegexPattern) -> str:
    regex = str(pattern)

    def sample(match: re.Match[str]) -> str:
        name, body = match.group(1), match.group(2)
        preferred = SAMPLE_BY_NAME.get(name)
        for candidate in ([preferred] if preferred else []) + list(REGEX_CANDIDATES):
            if re.fullmatch(body, candidate):
                return candidate
        raise AssertionError(f"no sample value for ({name}) {body!r}: add one to REGEX_CANDIDATES")

    filled = re.sub(r"\(\?P<(\w+)>((?:[^()]|\([^()]*\))+)\)", sample, regex)
    return re.sub(r"\\(.)", r"\1", filled.removeprefix("^").removesuffix("$").replace("\\Z", ""))


def _fill(pattern: Any) -> str:
    return _fill_regex(pattern) if isinstance(pattern, RegexPattern) else _fill_route(pattern)


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[Endpoint]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, prefix + _fill(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else ""
            yield Endpoint(url="/" + prefix + _fill(entry.pattern), name=name)


def all_endpoints() -> list[Endpoint]:
    return sorted(set(_walk(get_resolver())), key=lambda e: e.url)


def guarded_endpoints() -> list[Endpoint]:
    return [e for e in all_endpoints() if e.name not in PUBLIC_URL_NAMES]


def _assert_refused(response: Any, endpoint: Endpoint, who: str) -> None:
    status = response.status_code
    assert status in REFUSED_STATUSES, f"{who}: {endpoint} answered {status}"
    if status in {301, 302, 303}:
        target = response.headers["Location"]
        landing = resolve(urlsplit(target).path).view_name
        assert landing in LOGIN_VIEWS, f"{who}: {endpoint} redirected to {target}, not to a login page"


@pytest.fixture
def populated(db: None) -> None:
    """The demo province, so that id 1 of most tables exists and a refusal is not just a missing row."""
    try:
        from thidua.org.demo import load_demo
    except ImportError:
        return
    load_demo()


@pytest.fixture
def outsider_client(db: None) -> Client:
    user = get_user_model().objects.create_user("nguoingoai", password="mat-khau-dai-du-10")
    client = Client()
    client.force_login(user)
    return client


def test_it_finds_the_sites_urls() -> None:
    names = {e.name for e in all_endpoints()}
    assert {"login", "logout", "home"} <= names


def test_it_keeps_the_public_list_honest() -> None:
    names = {e.name for e in all_endpoints()}
    stale = {
        name
        for name in PUBLIC_URL_NAMES
        if name not in names and not name.startswith(("api-1", "password_reset"))
    }
    assert not stale, f"allow-listed names that no longer exist: {stale}"


def test_it_builds_urls_that_resolve_to_their_own_view() -> None:
    names_by_url: dict[str, set[str]] = {}
    for endpoint in all_endpoints():
        names_by_url.setdefault(endpoint.url, set()).add(endpoint.name)
    for url, names in names_by_url.items():
        # The API declares one pattern per operation; operations sharing a path resolve to the first one.
        assert resolve(url).view_name in names or "" in names, (url, names)


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_refuses_anonymous_visitors_everywhere(populated: None, method: str) -> None:
    client = Client()
    for endpoint in guarded_endpoints():
        before = row_counts()
        response = getattr(client, method)(endpoint.url)
        _assert_refused(response, endpoint, f"anonymous {method.upper()}")
        if method == "post":
            assert row_counts() == before, f"anonymous POST {endpoint} changed data"


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_refuses_users_without_a_role_everywhere(
    populated: None, outsider_client: Client, method: str
) -> None:
    for endpoint in guarded_endpoints():
        if endpoint.name in OWN_ACCOUNT_URL_NAMES:
            continue
        before = row_counts()
        response = getattr(outsider_client, method)(endpoint.url)
        _assert_refused(response, endpoint, f"outsider {method.upper()}")
        if method == "post":
            assert row_counts() == before, f"outsider POST {endpoint} changed data"


# A logged-in user with no role still owns an account: they may see the "no assignment yet" home page, change
# their own password and log out. Each is checked for what it shows in the test below.
OWN_ACCOUNT_URL_NAMES = {"home", "password_change", "password_change_done", "logout"}


@pytest.mark.django_db
def test_it_shows_an_outsider_only_that_they_have_no_assignment(
    populated: None, outsider_client: Client
) -> None:
    response = outsider_client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bạn chưa được phân công vai trò nào" in page
    assert "<table" not in page
