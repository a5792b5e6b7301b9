"""Every demo persona logs in, reaches their home page and walks the organisation pages in a real browser.

Screenshots land in tests/browser/screenshots/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from thidua.org.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

# username → (words the home page must show, may they open the province's unit tree)
PERSONAS = {
    "bantdkt": ("Tổng quan Tỉnh An Giang", True),
    "hoidong": ("Bạn được xem", True),
    "cumtruong": ("Cụm, khối bạn làm cụm trưởng / khối trưởng", False),
    "donvi": ("Đơn vị của bạn: Xã An Minh", False),
    "nguonsolieu": ("Cơ quan nguồn số liệu", True),
    "quansat": ("Bạn được xem", True),
}


def log_in(page: Any, username: str) -> None:
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


def open_group(page: Any, label: str) -> Any:
    """The main menu, with its group `label` unfolded when the user has one (a lone entry is a plain link)."""
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    group = nav.locator(".main-nav__group summary", has_text=label)
    if group.count():
        group.click()
    return nav


def shot(page: Any, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("username", list(PERSONAS))
def test_it_walks_each_persona_through_the_shell(page: Any, screenshots: Path, username: str) -> None:
    home_words, reads_tree = PERSONAS[username]
    log_in(page, username)
    assert page.locator("h1").first.inner_text().startswith("Xin chào")
    assert page.get_by_text(home_words).first.is_visible()
    shot(page, screenshots, f"{username}-1-home")

    nav = open_group(page, "Tổ chức")
    assert nav.get_by_role("link", name="Cây đơn vị").count() == (1 if reads_tree else 0)
    if reads_tree:
        nav.get_by_role("link", name="Cây đơn vị").click()
        page.wait_for_selector("#unit-tree .tree")
        shot(page, screenshots, f"{username}-2-unit-tree")

    open_group(page, "Tổ chức").get_by_role("link", name="Cụm, khối thi đua").click()
    page.locator("#cluster-years table a").first.click()
    page.wait_for_selector("h2:has-text('Thành viên')")
    assert page.locator(".badge--leader").count() == 1
    shot(page, screenshots, f"{username}-3-cluster")

    page.locator("table a").first.click()
    page.wait_for_selector("h2:has-text('Lịch sử sáp nhập, giải thể')")
    shot(page, screenshots, f"{username}-4-unit-history")
    assert page.problems == []


def test_it_refreshes_the_unit_tree_in_place_when_the_date_changes(page: Any, screenshots: Path) -> None:
    log_in(page, "bantdkt")
    page.goto("/to-chuc/cay-don-vi/")
    page.evaluate("window.__samePage = true")
    page.get_by_label("Tỉnh, thành phố").select_option(label="Tỉnh Kiên Giang")
    page.get_by_label("Tại ngày").fill("2018-06-01")
    page.get_by_label("Tại ngày").dispatch_event("change")
    page.wait_for_selector("#unit-tree h2:has-text('Tỉnh Kiên Giang tại ngày 01/06/2018')")
    assert page.locator("#unit-tree").get_by_text("Huyện An Minh").count() == 1
    # htmx swapped the fragment: the page was not reloaded, and the address bar keeps the filter.
    assert page.evaluate("window.__samePage") is True
    assert "as_of=2018-06-01" in page.url
    shot(page, screenshots, "bantdkt-5-unit-tree-2018")
    assert page.problems == []


def test_it_fits_a_phone_screen(browser: Any, live_server: Any, demo: None, screenshots: Path) -> None:
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 375, "height": 740}
    )
    phone = context.new_page()
    log_in(phone, "cumtruong")
    width = phone.evaluate("document.documentElement.scrollWidth")
    shot(phone, screenshots, "cumtruong-phone-home")
    context.close()
    assert width <= 375


def test_it_folds_the_menu_under_a_button_on_a_phone(
    browser: Any, live_server: Any, demo: None, screenshots: Path
) -> None:
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 375, "height": 740}
    )
    phone = context.new_page()
    log_in(phone, "bantdkt")
    nav = phone.get_by_role("navigation", name="Điều hướng chính")
    assert not nav.get_by_role("link", name="Trang chủ").is_visible()
    nav.get_by_text("Trình đơn").click()
    assert nav.get_by_role("link", name="Báo cáo").is_visible()
    nav.locator("summary", has_text="Thi đua").click()
    assert nav.get_by_role("link", name="Năm thi đua").is_visible()
    # One group at a time: opening another folds the first.
    nav.locator("summary", has_text="Khen thưởng").click()
    assert nav.get_by_role("link", name="Sổ khen thưởng").is_visible()
    assert not nav.get_by_role("link", name="Năm thi đua").is_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    shot(phone, screenshots, "bantdkt-phone-menu")
    context.close()
    assert width <= 375


def test_it_opens_a_menu_group_from_the_keyboard(page: Any, screenshots: Path) -> None:
    log_in(page, "bantdkt")
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    nav.locator("summary", has_text="Quản trị").focus()
    page.keyboard.press("Enter")
    assert nav.get_by_role("link", name="Nhật ký thay đổi").is_visible()
    page.keyboard.press("Escape")
    assert not nav.get_by_role("link", name="Nhật ký thay đổi").is_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/nhat-ky/")
    assert page.locator(".main-nav summary.is-current").inner_text().startswith("Quản trị")
    shot(page, screenshots, "bantdkt-audit-menu")
    assert page.problems == []


def test_it_refuses_a_wrong_password_in_vietnamese(page: Any, screenshots: Path) -> None:
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("bantdkt")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_role("alert").inner_text() == (
        "Vui lòng điền vào Tên đăng nhập và mật khẩu chính xác. "
        "Chú ý rằng cả hai khung thông tin đều phân biệt chữ hoa và chữ thường."
    )
    shot(page, screenshots, "login-error")
