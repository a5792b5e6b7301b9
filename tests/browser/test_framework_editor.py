"""The board officer builds a small framework in the browser, fixes a validation error, publishes it, imports the
example package into An Giang's Cụm thi đua số 5 of 2026, scores it and reads the ranking."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from thidua.agreements.demo import EXAMPLE
from thidua.agreements.models import FrameworkVersion, ScoreSnapshot, VersionStatus
from thidua.org.demo import DEMO_PASSWORD
from thidua.org.models import ClusterYear

pytestmark = pytest.mark.browser


def log_in(page: Any, username: str) -> None:
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


def shot(page: Any, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def fill_node(page: Any, code: str, title: str, points: str, rule: str) -> None:
    panel = page.locator("#editor-panel")
    # Choosing the rule type reloads the form with that type's parameters; wait for the swap before typing.
    panel.get_by_label("Cách chấm điểm").select_option(rule)
    page.wait_for_timeout(700)
    page.wait_for_load_state("networkidle")
    panel = page.locator("#editor-panel")
    panel.locator("#id_code").fill(code)
    panel.locator("#id_title").fill(title)
    panel.locator("#id_max").fill(points)


def save_node(page: Any) -> None:
    page.locator("#editor-panel").get_by_role("button", name="Lưu tiêu chí").click()
    page.locator("#editor-panel").wait_for(state="detached")


def test_board_builds_publishes_imports_and_scores(page: Any, screenshots: Path) -> None:
    log_in(page, "bantdkt")
    page.goto("/giao-uoc/thang-diem/")
    page.get_by_label("Tên thang điểm").fill("Thang điểm thử nghiệm 2027")
    page.get_by_role("button", name="Tạo và soạn thang điểm").click()
    page.wait_for_url("**/soan/")

    page.get_by_role("button", name="Sửa thiết lập").click()
    page.locator("#editor-panel").wait_for()
    page.get_by_label("Điểm chuẩn").fill("100")
    page.get_by_role("button", name="Lưu thiết lập").click()
    page.locator("#editor-panel").wait_for(state="detached")

    page.get_by_role("button", name="Thêm nội dung").click()
    page.locator("#editor-panel").wait_for()
    fill_node(page, "1", "Phát triển kinh tế - xã hội", "100", "")
    save_node(page)
    page.locator("#node-0").get_by_role("button", name="Thêm con").click()
    page.locator("#editor-panel").wait_for()
    fill_node(page, "1.1", "Tổng thu ngân sách nhà nước", "60", "ratio")
    page.locator("#editor-panel").get_by_label("Thưởng: mỗi … % vượt").fill("1")
    page.locator("#editor-panel").get_by_label("Thưởng: số điểm mỗi bước").fill("0,5")
    page.locator("#editor-panel").get_by_label("Thưởng: tối đa").fill("5")
    save_node(page)
    page.locator("#node-0").get_by_role("button", name="Thêm con").click()
    page.locator("#editor-panel").wait_for()
    fill_node(page, "1.2", "Tổ chức ký kết giao ước thi đua", "30", "boolean")
    save_node(page)

    error = page.locator("#node-0 .field__error")
    assert error.first.inner_text() == "tổng điểm các tiêu chí con là 90, khác điểm tối đa 100"
    assert (
        "Tỷ lệ: thực hiện/chỉ tiêu, cao hơn là tốt; thưởng 0,5 điểm mỗi 1% vượt, tối đa 5"
        in page.locator("#node-0-0").inner_text()
    )
    assert page.get_by_role("button", name="Ban hành").is_disabled()
    shot(page, screenshots, "framework-editor-error")

    page.locator("#node-0-1").get_by_role("button", name="Sửa").click()
    page.locator("#editor-panel").wait_for()
    page.locator("#editor-panel").get_by_label("Điểm tối đa").fill("40")
    save_node(page)
    assert page.locator("#validation").inner_text().strip() == "Thang điểm hợp lệ."
    shot(page, screenshots, "framework-editor-valid")
    page.get_by_label("Số quyết định ban hành").fill("15/QĐ-UBND")
    page.get_by_role("button", name="Ban hành").click()
    page.wait_for_url("**/thang-diem/*/")
    version = FrameworkVersion.objects.get(framework__name="Thang điểm thử nghiệm 2027")
    assert version.status == VersionStatus.PUBLISHED
    shot(page, screenshots, "framework-page")

    cluster_year = ClusterYear.objects.get(cluster__code="AG-CUM5", year=2026)
    page.goto(f"/giao-uoc/nam/{cluster_year.pk}/nhap/")
    page.get_by_label("Tệp gói dữ liệu (.yaml, .json, .xlsx)").set_input_files(str(EXAMPLE))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    page.wait_for_url("**/giao-uoc/nhap/*/")
    assert "Giữ nguyên thang điểm" in page.content()
    shot(page, screenshots, "import-preview")
    page.get_by_role("button", name="Nhập vào hệ thống").click()
    page.wait_for_url(f"**/giao-uoc/nam/{cluster_year.pk}/")
    shot(page, screenshots, "agreement-targets")

    page.get_by_role("link", name="Chấm điểm và xếp hạng").click()
    page.get_by_label("Lý do").fill("Chấm điểm sau khi nhập gói dữ liệu")
    page.get_by_role("button", name="Chấm điểm").click()
    page.wait_for_url("**/giao-uoc/ket-qua/*/")
    ranking = page.locator("#ranking")
    assert ranking.locator("tbody tr").count() == 5
    assert "Xã Vĩnh Hòa" in ranking.inner_text()
    assert ScoreSnapshot.objects.filter(cluster_year=cluster_year).count() == 1
    shot(page, screenshots, "ranking")
    assert page.problems == []
