"""The main menu in groups: a group shows only when the user has an entry in it, as a plain link when it has one,
and is marked current when the page belongs to one of its entries."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from thidua.conftest import Org


def _menu(user: User, url: str = "/") -> str:
    client = Client()
    client.force_login(user)
    body = client.get(url).content.decode()
    return body.split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]


def _groups(menu: str) -> dict[str, list[str]]:
    """Each group's label → the labels of its links."""
    found = re.findall(
        r"<summary[^>]*>([^<]+)(?:<span[^>]*>[^<]*</span>)?</summary>\s*<ul>(.*?)</ul>", menu, re.S
    )
    return {label: re.findall(r">([^<]+)</a>", links) for label, links in found}


def test_it_groups_the_boards_menu(org: Org, board_admin: User) -> None:
    groups = _groups(_menu(board_admin))
    assert groups == {
        "Tổ chức": [
            "Cây đơn vị",
            "Cụm, khối thi đua",
            "Quản lý đơn vị",
            "Quản lý cụm, khối",
            "Mở năm thi đua",
        ],
        "Thi đua": ["Thang điểm", "Giao ước thi đua", "Năm thi đua", "Hội nghị", "Phong trào thi đua"],
        "Khen thưởng": ["Sổ khen thưởng", "Hồ sơ khen thưởng"],
        "Quản trị": ["Người dùng", "Nhật ký thay đổi"],
    }
    menu = _menu(board_admin)
    assert f'<li><a href="{reverse("reporting:index")}">Báo cáo</a></li>' in menu
    assert f'<li><a href="{reverse("home")}" aria-current="page">Trang chủ</a></li>' in menu


def test_it_shows_a_group_of_one_entry_as_a_plain_link_and_leaves_out_empty_groups(
    org: Org, unit_officer: User
) -> None:
    menu = _menu(unit_officer)
    assert set(_groups(menu)) == {"Thi đua", "Khen thưởng"}
    assert f'<li><a href="{reverse("org:cluster_years")}">Cụm, khối thi đua</a></li>' in menu
    assert "Tổ chức" not in menu and "Quản trị" not in menu


def test_it_gives_a_user_without_a_role_the_home_page_alone(org: Org, outsider: User) -> None:
    menu = _menu(outsider)
    assert _groups(menu) == {} and re.findall(r'<a href="([^"]+)"', menu) == [reverse("home")]


def test_it_marks_the_group_of_the_current_page(org: Org, board_admin: User) -> None:
    menu = _menu(board_admin, reverse("audit_log"))
    assert '<summary class="is-current">Quản trị<span class="visually-hidden"> (mục đang xem)</span>' in menu
    assert menu.count('class="is-current"') == 1
    assert f'<a href="{reverse("audit_log")}" aria-current="page">Nhật ký thay đổi</a>' in menu
