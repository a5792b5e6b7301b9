"""Production settings refuse what would be unsafe on a live server: the placeholder key, the demo accounts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from thidua.cli import main
from thidua.cli.site_commands import DEMO_REFUSED_IN_PRODUCTION
from thidua.core.testing import row_counts

ROOT = Path(__file__).resolve().parents[2]
KEY_REFUSED = (
    "SECRET_KEY là giá trị mẫu hoặc quá ngắn: tạo một khóa ngẫu nhiên từ 40 ký tự trở lên "
    "(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')."
)


def _check(**env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={
            **base,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "ALLOWED_HOSTS": "thidua.example.gov.vn",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def _env_example_key() -> str:
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.startswith("SECRET_KEY="):
            return line.split("=", 1)[1]
    raise AssertionError(".env.example has no SECRET_KEY line")


@pytest.mark.parametrize("key", ["env.example", "short-but-real-looking-Key-123"])
def test_it_refuses_to_start_with_the_placeholder_or_a_short_secret_key(key: str) -> None:
    secret = _env_example_key() if key == "env.example" else key
    result = _check(DEBUG="0", SECRET_KEY=secret)
    assert result.returncode != 0
    assert KEY_REFUSED in result.stderr


def test_it_starts_with_a_real_secret_key() -> None:
    result = _check(DEBUG="0", SECRET_KEY="Zq3" * 20)
    assert result.returncode == 0, result.stderr


def test_it_still_fails_closed_without_debug_under_the_production_settings() -> None:
    # Plain `pytest` sets DEBUG through config.settings_test only; the settings every server uses stay closed.
    result = _check(SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_it_runs_plain_pytest_without_debug_in_the_environment() -> None:
    base = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "PYTEST_ADDOPTS"}
    }
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_settings.py"],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "3 passed" in result.stdout


@pytest.mark.django_db
def test_it_refuses_the_demo_under_production_settings(
    settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.DEBUG = False
    before = row_counts()
    assert main(["demo"]) == 2
    assert capsys.readouterr().err.strip() == (
        "Không nạp tỉnh mẫu khi chạy với cấu hình sản xuất (DEBUG tắt): tỉnh mẫu tạo các tài khoản có mật khẩu "
        "công khai, kể cả tài khoản Ban Thi đua – Khen thưởng. Chỉ dùng trên máy thử; nếu đây đúng là máy thử, "
        "chạy lại với --allow-production."
    )
    with pytest.raises(CommandError) as refused:
        call_command("load_demo")
    assert str(refused.value) == DEMO_REFUSED_IN_PRODUCTION
    assert row_counts() == before
    assert not User.objects.filter(username="bantdkt").exists()


@pytest.mark.django_db
def test_it_loads_the_demo_in_production_only_when_asked_explicitly(
    settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.DEBUG = False
    assert main(["demo", "--allow-production"]) == 0
    assert User.objects.filter(username="bantdkt").exists()
