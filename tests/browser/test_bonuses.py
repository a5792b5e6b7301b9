"""Bonus items and deductions walked in headless Chromium on the demo's Cụm thi đua số 5 (2026): a unit claims a
framework bonus item with its evidence on its report page, the leader accepts it from the verification queue and
records a deduction for the unit, and the published results explain both.

Screenshots land in tests/browser/screenshots/bonus-*.png for a person to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_cycle import PDF, advance, people  # noqa: F401  (tests/browser is on sys.path, as pytest puts it)

from thidua.agreements.models import BonusAward, BonusStatus, Deduction, DeductionStatus
from thidua.cycle.models import Cycle

pytestmark = pytest.mark.browser


def shot(page: Any, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"bonus-{name}.png"), full_page=True)


def test_it_claims_accepts_deducts_and_explains_in_the_browser(people: Any, screenshots: Path) -> None:  # noqa: F811
    board = people("bantdkt")
    board.goto("/nam-thi-dua/")
    board.locator("li", has_text="Cụm thi đua số 5").get_by_role("button", name="Mở năm thi đua").click()
    board.wait_for_selector("#readiness")
    cycle = Cycle.objects.get(cluster_year__cluster__code="AG-CUM5", cluster_year__year=2026)
    board.get_by_label("Hạn ký kết").fill("2026-04-30")
    # The latest days the 2026 year allows (the deadlines page refuses any outside 01/01/2026–31/03/2027).
    board.get_by_label("Hạn báo cáo").fill("2027-03-30")
    board.get_by_label("Hạn kiến nghị").fill("2027-03-31")
    board.get_by_role("button", name="Lưu các hạn").click()
    board.wait_for_selector(".message--success")
    advance(board)
    advance(board, "Các xã ký bản giấy tại hội nghị ngày 20/3")

    # The unit claims the Government's flag with the decision as evidence.
    officer = people("donvi")
    an_minh = cycle.cluster_year.memberships.get(unit__code="AN-MINH").unit
    officer.goto(f"/nam-thi-dua/{cycle.pk}/bao-cao/{an_minh.pk}/")
    form = officer.locator("#bonus-claim-form")
    form.get_by_label("Mục điểm thưởng").select_option("co_cp")
    form.get_by_label("Ghi chú (số, ngày quyết định khen thưởng)").fill(
        "Quyết định 45/QĐ-TTg ngày 10/01/2026"
    )
    form.get_by_label("Tệp minh chứng (quyết định khen thưởng)").set_input_files(
        {"name": "qd-45-ttg.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    form.get_by_role("button", name="Gửi đề nghị điểm thưởng").click()
    officer.wait_for_selector(".message--success")
    claim_row = officer.locator("#bonus-co_cp")
    assert "Chờ thẩm định" in claim_row.inner_text()
    officer.locator("#bonus-claims").scroll_into_view_if_needed()
    shot(officer, screenshots, "1-report-claim")

    # The leader accepts it from the queue and records a deduction for the same unit.
    leader = people("cumtruong")
    leader.goto(f"/nam-thi-dua/tham-dinh/?nam={cycle.pk}")
    row = leader.locator("#claims-queue tr", has_text="Xã An Minh")
    assert "Được tặng Cờ thi đua của Chính phủ năm trước" in row.inner_text()
    shot(leader, screenshots, "2-leader-queue")
    row.get_by_label(
        "Kết quả đề nghị điểm thưởng Được tặng Cờ thi đua của Chính phủ năm trước Xã An Minh"
    ).select_option("1")
    row.get_by_role("button", name="Ghi kết quả").click()
    leader.wait_for_selector(".message--success")
    assert BonusAward.objects.get(unit=an_minh, item="co_cp").status == BonusStatus.ACCEPTED
    leader.get_by_role("link", name="Điểm trừ").click()
    form = leader.locator("#deduction-form")
    form.get_by_label("Đơn vị").select_option(label="Xã An Minh")
    form.get_by_label("Số điểm trừ").fill("8")
    form.get_by_label("Lý do trừ điểm").fill("Không tổ chức ký kết giao ước")
    form.get_by_role("button", name="Ghi điểm trừ").click()
    leader.wait_for_selector(".message--success")
    assert Deduction.objects.get(unit=an_minh, reason="Không tổ chức ký kết giao ước").status == (
        DeductionStatus.RECORDED
    )
    shot(leader, screenshots, "3-deductions")

    board.goto(f"/nam-thi-dua/{cycle.pk}/")
    advance(board, "Các xã còn lại nộp báo cáo giấy")
    advance(board, "Số liệu đã được đối chiếu tại cuộc họp thẩm định")
    officer.goto(f"/nam-thi-dua/{cycle.pk}/ket-qua/{an_minh.pk}/")
    assert "+15,00 Được tặng Cờ thi đua của Chính phủ năm trước" in officer.locator("#bonuses").inner_text()
    assert "−8,00 Không tổ chức ký kết giao ước" in officer.locator("#deductions").inner_text()
    assert (
        "Điểm trừ 8,00: Không tổ chức ký kết giao ước." in officer.locator("#total-explanation").inner_text()
    )
    shot(officer, screenshots, "4-results")
    assert not people.problems
