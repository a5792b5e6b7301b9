"""The English interface: with the language cookie set to "en", the main page of every area renders and shows
its headings in English, not in Vietnamese. Data (unit, cluster and criterion names) stays Vietnamese."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from thidua.conftest import (  # noqa: F401
    PERSONA_PASSWORD,
    _fast_password_hashing,
    board_admin,
    cluster_year,
    org,
    province,
    units,
)
from thidua.cycle.tests.conftest import _media, cycle  # noqa: F401

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


@pytest.fixture
def english(board_admin: Any) -> Client:  # noqa: F811
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.login(username=board_admin.username, password=PERSONA_PASSWORD)
    return client


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.headers["Content-Language"] == "en"
    return response.content.decode()


def check(html: str, english: list[str], vietnamese: list[str]) -> None:
    for text in english:
        assert text in html, text
    for text in [*vietnamese, "Bỏ qua, tới nội dung chính", "Đăng xuất"]:
        assert text not in html, text


@pytest.mark.django_db
def test_home(english: Client) -> None:
    html = page(english, reverse("home"))
    check(html, ["Home", "Recent changes", "Skip to the main content"], ["Trang chủ", "Thay đổi gần đây"])


@pytest.mark.django_db
def test_unit_tree_and_clusters(english: Client, org: Any) -> None:  # noqa: F811
    html = page(english, reverse("org:unit_tree") + f"?province={org.province.pk}")
    check(html, ["Unit tree"], ["Cây đơn vị"])
    html = page(english, reverse("org:cluster_years"))
    check(html, ["Clusters and blocks"], ["Cụm, khối thi đua</h1>"])
    assert "Cụm thi đua số 5" in html  # data stays Vietnamese
    html = page(english, reverse("org:cluster_year_detail", args=[org.cluster_year.pk]))
    assert "Cụm thi đua số 5" in html


@pytest.mark.django_db
def test_frameworks_and_agreements(english: Client, cycle: Any) -> None:  # noqa: F811
    html = page(english, reverse("agreements:framework_list"))
    check(html, ["Scoring frameworks", "New framework"], ["Thang điểm thi đua", "Tạo thang điểm mới"])
    html = page(english, reverse("agreements:agreement_list"))
    check(html, ["Emulation agreement"], ["Giao ước thi đua</h1>"])
    html = page(english, reverse("agreements:agreement_detail", args=[cycle.cluster_year.pk]))
    check(html, ["Members' targets"], ["Chỉ tiêu của các thành viên"])


@pytest.mark.django_db
def test_cycle_pages(english: Client, cycle: Any) -> None:  # noqa: F811
    html = page(english, reverse("cycle:list"))
    check(html, ["Emulation years of clusters and blocks"], ["Các năm thi đua của cụm, khối"])
    html = page(english, reverse("cycle:detail", args=[cycle.pk]))
    check(html, ["Members' progress"], ["Tình hình các thành viên"])


@pytest.mark.django_db
def test_conference(english: Client, cycle: Any) -> None:  # noqa: F811
    html = page(english, reverse("conference:index"))
    check(html, ["Year-end conference"], ["Hội nghị tổng kết</h1>"])
    html = page(english, reverse("conference:cluster_year", args=[cycle.cluster_year.pk]))
    check(
        html,
        ["Year-end conference 2026 – Cụm thi đua số 5", "Minutes and dossier", "Votes"],
        ["Biên bản và hồ sơ", "Bỏ phiếu</h2>", "Kết quả chấm điểm cuối cùng"],
    )


@pytest.mark.django_db
def test_register(english: Client) -> None:
    html = page(english, reverse("awards:register"))
    check(html, ["Commendation register"], ["Sổ khen thưởng</h1>"])


@pytest.mark.django_db
def test_movements(english: Client) -> None:
    html = page(english, reverse("movements:list"))
    check(html, ["Emulation movements"], ["Phong trào thi đua</h1>"])


@pytest.mark.django_db
def test_reports(english: Client) -> None:
    html = page(english, reverse("reporting:index"))
    check(
        html,
        ["Summary reports", "Reports of clusters and blocks", "Province-wide reports"],
        ["Báo cáo tổng kết", "Báo cáo của cụm, khối thi đua", "Báo cáo toàn tỉnh"],
    )


@pytest.mark.django_db
def test_vietnamese_stays_the_default(board_admin: Any) -> None:  # noqa: F811
    client = Client()
    assert client.login(username=board_admin.username, password=PERSONA_PASSWORD)
    html = client.get(reverse("movements:list")).content.decode()
    assert "Phong trào thi đua" in html
    assert "Emulation movements" not in html


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is not installed")
def test_the_catalogue_is_complete_and_well_formed() -> None:
    subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(PO)], check=True)
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(PO)], check=True, capture_output=True, text=True
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(PO)], check=True, capture_output=True, text=True
    ).stdout
    assert "msgid" not in untranslated.split('msgstr ""\n', 1)[-1]
    assert "#, fuzzy" not in fuzzy
