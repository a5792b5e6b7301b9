"""The report page of a version 2 criterion in headless Chromium (Debian's): one input per fact with its
Vietnamese label, saved by HTMX, the self-score following. A screenshot lands in tests/browser/screenshots/."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from thidua.agreements.models import FactValue
from thidua.conftest import PERSONA_PASSWORD
from thidua.cycle.models import CycleState
from thidua.cycle.tests.conftest import line_of, move_to
from thidua.cycle.tests.format_2 import version_2_cycle

pytestmark = pytest.mark.browser

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = os.environ.get("THIDUA_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parents[3] / "tests" / "browser" / "screenshots"


def test_it_reports_the_facts_of_a_version_2_criterion_in_the_browser(
    transactional_db: None, live_server: Any, cluster_year: Any, unit_officer: Any, units: Any
) -> None:
    from playwright.sync_api import sync_playwright

    cycle = move_to(version_2_cycle(cluster_year), CycleState.REPORTING)
    line = line_of(cycle, "AN-MINH", "a1")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        page = browser.new_page(
            base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 900}
        )
        problems: list[str] = []
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        page.goto("/tai-khoan/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(unit_officer.username)
        page.get_by_label("Mật khẩu").fill(PERSONA_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url("**/")
        page.goto(f"/nam-thi-dua/{cycle.pk}/bao-cao/{units['AN-MINH'].pk}/")
        row = page.locator(f"#line-{line.pk}")
        assert "Số trường hợp vi phạm" in row.inner_text()
        row.locator("input[name=fact-vi_pham]").fill("3")
        row.locator("select[name=fact-tu_xu_ly]").select_option("không")
        row.locator("button[type=submit]").first.click()
        page.wait_for_timeout(1500)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.locator(f"#line-{line.pk}").scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "cycle-facts-v2.png"), full_page=False)
        browser.close()
    stored = FactValue.objects.get(unit__code="AN-MINH", criterion="a1", fact="vi_pham")
    assert stored.value_number == 3
    assert problems == []
