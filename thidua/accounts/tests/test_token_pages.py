"""The Khóa truy cập API page: a user lists, issues (shown once) and revokes their own tokens, audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from thidua.accounts import services
from thidua.accounts.models import ApiToken
from thidua.conftest import Org
from thidua.core.models import AuditEvent


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _body(response: Any) -> str:
    return str(response.content.decode())


def test_it_issues_a_token_shown_once_and_lists_it_without_the_secret(org: Org, unit_officer: User) -> None:
    client = _client(unit_officer)
    assert f'href="{reverse("api_tokens")}">Khóa truy cập API</a>' in _body(client.get(reverse("home")))
    response = client.post(reverse("api_tokens"), {"name": "Bảng tổng hợp"})
    token = ApiToken.objects.get(user=unit_officer)
    secret = response.context["issued"]
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert secret.startswith(f"td_{token.prefix}_") and secret in _body(response)
    assert "Khóa mới – chỉ hiện một lần" in _body(response)
    assert services.token_authenticate(secret) == unit_officer
    event = AuditEvent.objects.get(action="api_token.issue")
    assert (event.actor, event.after["name"]) == (unit_officer, "Bảng tổng hợp")
    listed = _body(client.get(reverse("api_tokens")))
    assert "Bảng tổng hợp" in listed and f"td_{token.prefix}_…" in listed and secret not in listed


def test_it_refuses_a_token_without_a_name_and_creates_nothing(org: Org, unit_officer: User) -> None:
    response = _client(unit_officer).post(reverse("api_tokens"), {"name": "   "})
    assert response.status_code == 400
    assert "Trường này là bắt buộc." in _body(response)
    assert not ApiToken.objects.exists() and not AuditEvent.objects.filter(action="api_token.issue").exists()


def test_it_revokes_the_users_own_token(org: Org, unit_officer: User) -> None:
    issued = services.token_issue(actor=unit_officer, user=unit_officer, name="Tập lệnh")
    response = _client(unit_officer).post(reverse("api_token_revoke", args=[issued.token.pk]), follow=True)
    assert response.status_code == 200
    assert "Đã thu hồi khóa truy cập “Tập lệnh”." in _body(response)
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is not None
    assert AuditEvent.objects.get(action="api_token.revoke").actor == unit_officer
    assert services.token_authenticate(issued.plaintext) is None


def test_it_refuses_to_revoke_someone_elses_token_and_changes_nothing(
    org: Org, unit_officer: User, observer: User
) -> None:
    issued = services.token_issue(actor=unit_officer, user=unit_officer, name="Tập lệnh")
    client = _client(observer)
    assert client.post(reverse("api_token_revoke", args=[issued.token.pk])).status_code == 404
    assert "Tập lệnh" not in _body(client.get(reverse("api_tokens")))
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is None
    assert not AuditEvent.objects.filter(action="api_token.revoke").exists()


def test_it_keeps_the_page_from_anonymous_visitors_and_users_without_a_role(org: Org, outsider: User) -> None:
    assert Client().get(reverse("api_tokens")).status_code == 302
    assert _client(outsider).get(reverse("api_tokens")).status_code == 403
    assert _client(outsider).post(reverse("api_tokens"), {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()
