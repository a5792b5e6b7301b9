"""The board sets up its province in a real browser, through the pages alone: a unit, a cluster, the 2027 year
opened from 2026 with its members, and a role changed with a reason.

Screenshots land in tests/browser/screenshots/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_shell import log_in, open_group, shot

pytestmark = pytest.mark.browser


def test_it_lets_the_board_set_up_units_clusters_and_the_next_year(page: Any, screenshots: Path) -> None:
    log_in(page, "bantdkt")

    open_group(page, "Tổ chức").get_by_role("link", name="Quản lý đơn vị").click()
    page.get_by_role("link", name="Thêm đơn vị").click()
    page.get_by_label("Cấp đơn vị").select_option(label="Phường")
    page.get_by_label("Mã đơn vị").fill("PHUONG-VINH-LAC")
    page.get_by_label("Tên đơn vị").fill("Phường Vĩnh Lạc")
    page.get_by_label("Hiệu lực từ ngày").fill("2025-07-01")
    shot(page, screenshots, "org-setup-1-unit-form")
    page.get_by_role("button", name="Thêm đơn vị").click()
    page.get_by_text("Đã thêm đơn vị Phường Vĩnh Lạc.").wait_for()
    assert page.locator("h1").inner_text() == "Phường Vĩnh Lạc"

    open_group(page, "Tổ chức").get_by_role("link", name="Quản lý cụm, khối").click()
    page.get_by_role("link", name="Thêm cụm, khối").click()
    page.get_by_label("Loại").select_option(label="Cụm thi đua")
    page.get_by_label("Mã cụm, khối").fill("AG-CUM7")
    page.get_by_label("Tên cụm, khối").fill("Cụm thi đua số 7")
    page.get_by_label("Số quyết định thành lập").fill("130/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill("2026-12-01")
    page.get_by_role("button", name="Thêm cụm, khối").click()
    page.get_by_text("Đã thêm Cụm thi đua số 7.").wait_for()
    shot(page, screenshots, "org-setup-2-cluster")

    open_group(page, "Tổ chức").get_by_role("link", name="Quản lý cụm, khối").click()
    page.get_by_role("link", name="Mở năm thi đua Cụm thi đua số 5").click()
    page.get_by_label("Năm thi đua cần mở").fill("2027")
    page.get_by_role("button", name="Xem trước").click()
    preview = page.locator("#opening-plan")
    preview.get_by_text("Chép từ năm 2026: 5 thành viên.").wait_for()
    preview.get_by_text("Hội nghị tổng kết năm 2026 chưa bầu cụm trưởng, cụm phó năm 2027").wait_for()
    shot(page, screenshots, "org-setup-3-open-preview")
    page.get_by_role("button", name="Mở năm thi đua 2027").click()
    page.get_by_text("Đã mở năm thi đua 2027 cho Cụm thi đua số 5 với 5 thành viên.").wait_for()
    page.get_by_text("Năm 2027 chưa có cụm trưởng (khối trưởng)").wait_for()
    shot(page, screenshots, "org-setup-4-members")

    page.get_by_label("Vai trò của Xã Thạnh Lộc").select_option(label="Cụm trưởng / Khối trưởng")
    page.get_by_label("Lý do thay đổi (Xã Thạnh Lộc)").fill("Hội nghị tổng kết năm 2026 bầu Xã Thạnh Lộc")
    page.get_by_role("button", name="Lưu thay đổi của Xã Thạnh Lộc").click()
    page.get_by_text("Xã Thạnh Lộc là cụm trưởng / khối trưởng").wait_for()
    row = page.locator("tr", has=page.get_by_role("link", name="Xã Thạnh Lộc"))
    assert row.locator(".badge--leader").inner_text() == "Cụm trưởng / Khối trưởng"
    assert not page.get_by_text("Năm 2027 chưa có cụm trưởng (khối trưởng)").count()
    shot(page, screenshots, "org-setup-5-leader-set")

    page.get_by_role("link", name="Lịch sử thay đổi thành viên").click()
    page.get_by_text("Hội nghị tổng kết năm 2026 bầu Xã Thạnh Lộc").first.wait_for()
    shot(page, screenshots, "org-setup-6-history")

    # The province-wide opening shows what it would create before anything is written.
    open_group(page, "Tổ chức").get_by_role("link", name="Mở năm thi đua").click()
    page.get_by_label("Năm thi đua cần mở").fill("2027")
    page.get_by_role("button", name="Xem trước").click()
    page.get_by_text("Cụm thi đua số 7 chưa có năm 2026 nên năm 2027 mở ra chưa có thành viên").wait_for()
    page.get_by_role("button", name="Mở năm thi đua 2027 cho 1 cụm, khối").wait_for()
    shot(page, screenshots, "org-setup-7-province-preview")

    open_group(page, "Tổ chức").get_by_role("link", name="Quản lý đơn vị").click()
    page.get_by_label("Tìm theo tên hoặc mã").fill("Vĩnh")
    page.get_by_role("button", name="Lọc").click()
    page.locator("#unit-table").get_by_role("link", name="Phường Vĩnh Lạc", exact=True).wait_for()
    shot(page, screenshots, "org-setup-8-unit-list")
    page.get_by_role("link", name="Sáp nhập đơn vị").click()
    shot(page, screenshots, "org-setup-9-merge-form")
    assert page.problems == []
