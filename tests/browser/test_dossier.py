"""A dossier goes from a unit to a decision in a real browser, with one return on the way; screenshots of each
step land in tests/browser/screenshots/ for a person to look at."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from thidua.accounts.access import SystemActor
from thidua.awards.models import AwardRecord, Dossier, DossierStatus
from thidua.awards.services.catalogue import catalogue_load
from thidua.org.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def as_user(browser: Any, live_server: Any, username: str) -> Any:
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    problems: list[str] = []
    # A CSP violation or a script error is a console error; a failed load is caught with its URL by the response
    # listener below (the browser's own favicon probe is not a page response and is left out).
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text)
            if msg.type == "error" and not msg.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.problems = problems
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")
    # Only the awards pages are under test here; the home page belongs to the shell's own browser test.
    problems.clear()
    return page


def shot(page: Any, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"dossier-{name}.png"), full_page=True)


def status_of(page: Any) -> str:
    return str(page.locator("#dossier-status").inner_text())


def test_it_takes_a_dossier_from_a_unit_to_a_decision(
    browser: Any, live_server: Any, demo: None, screenshots: Path
) -> None:
    catalogue_load(actor=SystemActor())
    unit = as_user(browser, live_server, "donvi")
    unit.goto("/khen-thuong/ho-so/tao/")
    unit.get_by_label("Tên hồ sơ").fill("Đề nghị tặng Lao động tiên tiến năm 2025")
    unit.get_by_label("Đơn vị đề nghị").select_option(label="Xã An Minh")
    unit.get_by_label("Hình thức đề nghị").select_option("LDTT")
    unit.get_by_label("Năm thành tích").fill("2025")
    unit.get_by_role("button", name="Lập hồ sơ").click()
    unit.wait_for_selector("#dossier-status")
    unit.get_by_label("Loại đối tượng").select_option("individual")
    unit.get_by_label("Hoặc nhập tên").fill("Nguyễn Văn An")
    unit.get_by_label("Chức vụ").fill("Công chức Văn phòng – Thống kê")
    unit.get_by_role("button", name="Thêm", exact=True).click()
    unit.wait_for_selector("td:has-text('Nguyễn Văn An')")
    shot(unit, screenshots, "1-unit-draft")
    unit.get_by_role("button", name="Chuyển lên cấp trên").click()
    assert status_of(unit) == "Ban Thi đua – Khen thưởng thẩm định"
    dossier = Dossier.objects.get()

    board = as_user(browser, live_server, "bantdkt")
    board.goto(f"/khen-thuong/ho-so/{dossier.pk}/")
    board.get_by_role("button", name="Chuyển lên cấp trên").click()
    assert status_of(board) == "Hội đồng Thi đua – Khen thưởng xét"

    council = as_user(browser, live_server, "hoidong")
    council.goto(f"/khen-thuong/ho-so/{dossier.pk}/")
    council.get_by_label("Lý do").fill("Thiếu biên bản họp xét của đơn vị")
    council.get_by_role("button", name="Trả lại").click()
    assert status_of(council) == "Ban Thi đua – Khen thưởng thẩm định"
    assert council.get_by_text("Lý do: Thiếu biên bản họp xét của đơn vị").is_visible()
    shot(council, screenshots, "2-returned")

    board.reload()
    board.get_by_role("button", name="Chuyển lên cấp trên").click()
    council.reload()
    council.get_by_role("button", name="Chuyển lên cấp trên").click()
    assert status_of(council) == "Trình Chủ tịch UBND tỉnh"

    board.reload()
    board.get_by_label("Số quyết định").fill("45/QĐ-UBND")
    board.get_by_label("Ngày ký").fill("20/01/2026")
    board.get_by_label(re.compile(r"^Người ký")).fill("Trần Văn Bình")
    board.get_by_role("button", name="Ghi quyết định và vào sổ").click()
    assert status_of(board) == "Đã có quyết định khen thưởng"
    shot(board, screenshots, "3-approved")

    board.goto("/khen-thuong/so/?q=nguyen+van+an")
    board.wait_for_selector("#register-table td:has-text('45/QĐ-UBND')")
    shot(board, screenshots, "4-register")
    board.goto("/khen-thuong/thong-ke/")
    assert board.locator("#thong-ke-award svg rect").count() == 1
    shot(board, screenshots, "5-statistics")
    assert Dossier.objects.get().status == DossierStatus.APPROVED
    record = AwardRecord.objects.get()
    assert record.decision.number == "45/QĐ-UBND" and record.recipient_name == "Nguyễn Văn An"
    for page in (unit, board, council):
        assert page.problems == []
        page.context.close()
