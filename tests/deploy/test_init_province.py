"""`thidua init-province`: the first set-up of a live installation gives the province its first board account."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.test import Client

from thidua.accounts import access
from thidua.cli import main
from thidua.core.models import AuditEvent
from thidua.core.testing import row_counts
from thidua.org.models import Unit

ARGS = [
    "init-province",
    "--code",
    "AG",
    "--name",
    "Tỉnh An Giang",
    "--admin",
    "bantdkt.ag",
    "--password-stdin",
]
PASSWORD = "Lúa-mùa-nổi-2026-An-Giang"


@pytest.mark.django_db
def test_it_creates_the_province_and_its_first_board_admin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main([*ARGS, "--full-name", "Nguyễn Văn An"]) == 0
    assert capsys.readouterr().out.strip() == (
        "Đã tạo Tỉnh An Giang (mã AG) và tài khoản bantdkt.ag của Ban Thi đua – Khen thưởng. "
        "Đăng nhập để tạo đơn vị, cụm, khối và người dùng."
    )
    province = Unit.objects.get(code="AG", province__isnull=True)
    user = User.objects.get(username="bantdkt.ag")
    assert access.is_board_admin(user, province.pk)
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {"unit.create", "user.create"}
    client = Client()
    assert (
        client.post("/tai-khoan/dang-nhap/", {"username": "bantdkt.ag", "password": PASSWORD}).status_code
        == 302
    )


@pytest.mark.django_db
def test_it_refuses_a_province_that_exists_and_changes_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(ARGS) == 0
    capsys.readouterr()
    before = row_counts()
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main([*ARGS[:-3], "--admin", "nguoikhac", "--password-stdin"]) == 2
    assert capsys.readouterr().err.strip() == "Đã có tỉnh mã AG."
    assert row_counts() == before
    assert not User.objects.filter(username="nguoikhac").exists()


@pytest.mark.django_db
def test_it_refuses_a_weak_password_and_leaves_no_province_behind(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = row_counts()
    monkeypatch.setattr("sys.stdin", io.StringIO("123\n"))
    assert main(ARGS) == 2
    assert capsys.readouterr().err.strip()
    assert row_counts() == before
