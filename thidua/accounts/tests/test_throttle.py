"""Login throttling (issue 13): every door, no lock of the owner, the address behind the proxy, normalised names."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.models import LoginAttempt
from thidua.accounts.throttle import client_address, normalise_username
from thidua.conftest import PERSONA_PASSWORD
from thidua.core.models import AuditEvent

ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"
WRONG = "sai-mat-khau-2026"


def waiting(minutes: int) -> str:
    return (
        f"Đăng nhập sai quá nhiều lần từ địa chỉ này. Vì an toàn, vui lòng thử lại sau {minutes} phút "
        "hoặc liên hệ Ban Thi đua – Khen thưởng."
    )


def site_login(client: Client, username: str, password: str) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password})


def admin_login(client: Client, username: str, password: str) -> Any:
    return client.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})


def fail(times: int, username: str = "bantdkt", address: str = ATTACKER) -> Client:
    client = Client(REMOTE_ADDR=address)
    for _ in range(times):
        response = site_login(client, username, WRONG)
        assert response.status_code == 200
    return client


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# ---- every door ---------------------------------------------------------------------------------------------------


def test_it_throttles_and_records_wrong_passwords_on_the_admin_login(board_admin: User) -> None:
    User.objects.filter(pk=board_admin.pk).update(is_staff=True)
    client = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(5):
        assert admin_login(client, "bantdkt", WRONG).status_code == 200
    assert LoginAttempt.objects.filter(username="bantdkt", address=ATTACKER, succeeded=False).count() == 5
    failed = AuditEvent.objects.filter(action="user.login_failed", object_id=str(board_admin.pk))
    assert failed.count() == 5
    assert all(e.after == {"address": ATTACKER, "door": "admin"} for e in failed)
    response = admin_login(client, "bantdkt", PERSONA_PASSWORD)
    assert response.status_code == 200
    assert waiting(1) in response.content.decode()
    assert not signed_in(client)


def test_it_refuses_on_the_admin_login_what_the_site_login_refuses(board_admin: User) -> None:
    User.objects.filter(pk=board_admin.pk).update(is_staff=True)
    client = fail(5)
    refused = site_login(client, "bantdkt", PERSONA_PASSWORD)
    assert refused.status_code == 429
    assert waiting(1) in refused.content.decode()
    response = admin_login(client, "bantdkt", PERSONA_PASSWORD)
    assert waiting(1) in response.content.decode()
    assert not signed_in(client)
    assert client.get("/api/v1/me").status_code == 401
    assert client.get(reverse("home")).status_code == 302


# ---- the owner is not locked out ------------------------------------------------------------------------------------


def test_it_lets_the_owner_in_from_their_address_while_a_guesser_waits(board_admin: User) -> None:
    attacker = fail(5)
    assert site_login(attacker, "bantdkt", PERSONA_PASSWORD).status_code == 429
    owner = Client(REMOTE_ADDR=OWNER)
    assert site_login(owner, "bantdkt", PERSONA_PASSWORD).status_code == 302
    assert signed_in(owner)


def test_it_makes_the_guessing_pair_wait_twice_as_long_after_each_further_failure(
    board_admin: User, settings: Any
) -> None:
    settings.LOGIN_BACKOFF_SECONDS = 60
    attacker = fail(5)
    assert waiting(1) in site_login(attacker, "bantdkt", WRONG).content.decode()
    assert LoginAttempt.objects.filter(address=ATTACKER).count() == 5  # a refused attempt tests no password
    LoginAttempt.objects.update(created_at=timezone.now() - dt.timedelta(seconds=61))
    assert site_login(attacker, "bantdkt", WRONG).status_code == 200  # the wait is over: one more guess
    assert waiting(2) in site_login(attacker, "bantdkt", PERSONA_PASSWORD).content.decode()
    backoff = AuditEvent.objects.filter(action="user.login_backoff").order_by("id")
    assert [e.after["wait_seconds"] for e in backoff] == [60, 120]
    assert backoff[0].province_id == board_admin.role_assignments.get().unit_id


def test_it_does_not_block_the_users_of_an_address_after_five_unknown_names(board_admin: User) -> None:
    client = Client(REMOTE_ADDR=OWNER)
    for name in ["khongco1", "khongco2", "khongco3", "khongco4", "khongco5"]:
        assert site_login(client, name, WRONG).status_code == 200
    assert LoginAttempt.objects.filter(address=OWNER, account_exists=False).count() == 5
    assert not AuditEvent.objects.filter(action="user.login_failed").exists()
    assert site_login(client, "bantdkt", PERSONA_PASSWORD).status_code == 302


def test_it_refuses_an_address_that_sprays_names_but_not_the_accounts_that_work_there(
    board_admin: User, unit_officer: User, settings: Any
) -> None:
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    assert site_login(Client(REMOTE_ADDR=OWNER), "bantdkt", PERSONA_PASSWORD).status_code == 302
    sprayer = Client(REMOTE_ADDR=OWNER)
    for index in range(8):
        site_login(sprayer, f"ten{index}", WRONG)
    unknown = site_login(sprayer, "ten-khac", WRONG)
    never_here = site_login(sprayer, unit_officer.username, PERSONA_PASSWORD)
    assert unknown.status_code == never_here.status_code == 429
    assert waiting(15) in unknown.content.decode() and waiting(15) in never_here.content.decode()
    assert site_login(Client(REMOTE_ADDR=OWNER), "bantdkt", PERSONA_PASSWORD).status_code == 302


# ---- the address behind the proxy ----------------------------------------------------------------------------------


def test_it_reads_the_client_behind_a_trusted_proxy_from_the_right(settings: Any) -> None:
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.1.0.0/16"]
    factory = RequestFactory()

    def address(peer: str, forwarded: str) -> str:
        return client_address(factory.get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded))

    assert address("127.0.0.1", "198.51.100.7") == "198.51.100.7"
    # The client wrote the left entries; the proxies appended the right ones.
    assert address("127.0.0.1", "1.2.3.4, 198.51.100.7, 10.1.2.3") == "198.51.100.7"
    assert address("127.0.0.1", "khong-phai-dia-chi") == "127.0.0.1"
    # A request that does not come through the proxy is its own peer, whatever it writes.
    assert address("203.0.113.9", "1.2.3.4") == "203.0.113.9"
    settings.BEHIND_PROXY = False
    assert address("127.0.0.1", "198.51.100.7") == "127.0.0.1"


def test_it_does_not_block_the_province_behind_its_proxy(board_admin: User, settings: Any) -> None:
    settings.BEHIND_PROXY = True
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    attacker = Client(**proxy, HTTP_X_FORWARDED_FOR=ATTACKER)
    for _ in range(6):
        site_login(attacker, "bantdkt", WRONG)
    assert set(LoginAttempt.objects.values_list("address", flat=True)) == {ATTACKER}
    owner = Client(
        **proxy, HTTP_X_FORWARDED_FOR=f"{ATTACKER}, {OWNER}"
    )  # a spoofed left entry changes nothing
    assert site_login(owner, "bantdkt", PERSONA_PASSWORD).status_code == 302


# ---- user names ---------------------------------------------------------------------------------------------------


def test_it_counts_full_width_and_capital_letters_as_the_same_name(board_admin: User) -> None:
    assert normalise_username(" ＢａｎＴＤＫＴ ") == "bantdkt"
    client = Client(REMOTE_ADDR=ATTACKER)
    for name in ["ｂａｎｔｄｋｔ", "BANTDKT", "bantdkt", "ＢＡＮＴＤＫＴ", "BanTdkt"]:
        site_login(client, name, WRONG)
    assert set(LoginAttempt.objects.values_list("username", flat=True)) == {"bantdkt"}
    response = site_login(client, "ｂａｎｔｄｋｔ", PERSONA_PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)


# ---- audit ----------------------------------------------------------------------------------------------------------


def test_it_audits_a_login_on_the_account_with_its_province(board_admin: User) -> None:
    client = Client(REMOTE_ADDR=OWNER)
    assert site_login(client, "bantdkt", PERSONA_PASSWORD).status_code == 302
    event = AuditEvent.objects.get(action="user.login")
    assert (event.object_type, event.object_id, event.actor_id) == (
        "auth.user",
        str(board_admin.pk),
        board_admin.pk,
    )
    assert event.after == {"address": OWNER, "door": "site"}
    assert event.province_id == board_admin.role_assignments.get().unit_id
