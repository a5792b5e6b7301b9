"""The demo's Cụm thi đua số 5 (2026) walked through its year in headless Chromium, each step as its own role:
open and set deadlines → sign → report with evidence (HTMX save, live self-score) → submit → verify (one
correction, one return, the returned line fixed) → publish → appeal → answer → freeze → the public page.

Screenshots of the main pages land in tests/browser/screenshots/cycle-*.png for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from thidua.agreements.models import CriterionLine
from thidua.core.models import AuditEvent
from thidua.cycle.lines import lines_of
from thidua.cycle.models import Appeal, Cycle, CycleState
from thidua.org.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def people(browser: Any, live_server: Any, demo: None) -> Iterator[Any]:
    contexts: list[Any] = []
    problems: list[str] = []

    def open_as(username: str) -> Any:
        context = browser.new_context(
            base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 900}
        )
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        page.goto("/tai-khoan/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url("**/")
        return page

    open_as.problems = problems  # type: ignore[attr-defined]
    yield open_as
    for context in contexts:
        context.close()


def shot(page: Any, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"cycle-{name}.png"), full_page=True)


def advance(page: Any, reason: str = "", override: str = "Chuyển dù chưa đủ điều kiện") -> None:
    form = page.locator("#advance-form")
    if reason:
        form.get_by_label("Lý do (bắt buộc khi chưa đủ điều kiện)").fill(reason)
        form.get_by_label(override).check()
    form.get_by_role("button").click()
    page.wait_for_selector(".message--success")


def sign(page: Any, cycle: Cycle, unit_name: str, signer: str) -> None:
    page.goto(f"/nam-thi-dua/{cycle.pk}/")
    form = page.locator("#signing form", has_text=unit_name)
    form.get_by_label("Người ký (họ tên, chức vụ)").fill(signer)
    form.get_by_label("Văn bản giao ước đã ký (PDF, ảnh)").set_input_files(
        {"name": "giao-uoc-da-ky.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    form.get_by_role("button", name="Ký giao ước").click()
    page.wait_for_selector(".message--success")


def test_it_walks_a_cluster_through_its_year(people: Any, screenshots: Path) -> None:
    board = people("bantdkt")
    board.goto("/nam-thi-dua/")
    board.locator("li", has_text="Cụm thi đua số 5").get_by_role("button", name="Mở năm thi đua").click()
    board.wait_for_selector("#readiness")
    cycle = Cycle.objects.get(cluster_year__cluster__code="AG-CUM5", cluster_year__year=2026)
    board.get_by_label("Hạn ký kết").fill("2026-04-30")
    # The latest days the 2026 year allows (its conference meets in the first quarter of 2027).
    board.get_by_label("Hạn báo cáo").fill("2027-03-30")
    board.get_by_label("Hạn kiến nghị").fill("2027-03-31")
    board.get_by_role("button", name="Lưu các hạn").click()
    board.wait_for_selector(".message--success")
    advance(board)
    assert board.locator("#cycle-state").inner_text() == "Ký kết giao ước"

    officer = people("donvi")
    sign(officer, cycle, "Xã An Minh", "Chủ tịch UBND Xã An Minh")
    leader = people("cumtruong")
    sign(leader, cycle, "Xã Vĩnh Hòa", "Chủ tịch UBND Xã Vĩnh Hòa")
    board.goto(f"/nam-thi-dua/{cycle.pk}/")
    shot(board, screenshots, "1-signing")
    advance(board, "Ba xã còn lại ký bản giấy tại hội nghị ngày 20/3")
    assert board.locator("#cycle-state").inner_text() == "Báo cáo cuối năm"

    # Reporting: one line saved through HTMX updates the self-score in place; evidence; submit.
    an_minh = cycle.cluster_year.memberships.get(unit__code="AN-MINH").unit
    officer.goto(f"/nam-thi-dua/{cycle.pk}/bao-cao/{an_minh.pk}/")
    total_before = officer.locator("#self-score-total").inner_text()
    row = officer.locator("#report-lines tr", has_text="Số ấp, khu phố")
    row.get_by_label("Thực hiện 1.6").fill("2")
    row.get_by_label("Ghi chú 1.6").fill("Hai ấp được công nhận theo quyết định của UBND xã")
    row.get_by_role("button", name="Lưu").click()
    officer.wait_for_selector("tr.line--saved")
    assert officer.locator("#self-score-total").inner_text() != total_before
    evidence_row = officer.locator("#report-lines tr", has_text="Tổng thu ngân sách")
    evidence_row.get_by_label("Tệp minh chứng 1.1").set_input_files(
        {"name": "quyet-toan-ngan-sach.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    evidence_row.get_by_role("button", name="Tải lên").click()
    officer.wait_for_selector("a:has-text('quyet-toan-ngan-sach.pdf')")
    shot(officer, screenshots, "2-report")
    officer.get_by_role("button", name="Nộp báo cáo").click()
    officer.wait_for_selector(".message--success")
    vinh_hoa = cycle.cluster_year.memberships.get(unit__code="VINH-HOA").unit
    leader.goto(f"/nam-thi-dua/{cycle.pk}/bao-cao/{vinh_hoa.pk}/")
    leader.get_by_role("button", name="Nộp báo cáo").click()
    leader.wait_for_selector(".message--success")
    board.goto(f"/nam-thi-dua/{cycle.pk}/")
    advance(board, "Ba xã còn lại nộp báo cáo giấy, số liệu đã nhập từ gói dữ liệu")

    # Verification: the finance department corrects one value, the leader returns one line.
    reviewer = people("nguonsolieu")
    reviewer.goto("/nam-thi-dua/tham-dinh/")
    row = reviewer.locator("#queue tr", has_text="Xã An Minh").filter(has_text="Tổng thu ngân sách")
    row.get_by_label("Kết quả 1.1 Xã An Minh").select_option("correct")
    row.get_by_label("Giá trị điều chỉnh 1.1 Xã An Minh").fill("75,2")
    row.get_by_label("Lý do 1.1 Xã An Minh").fill("Theo số quyết toán của Sở Tài chính")
    row.get_by_role("button", name="Ghi").click()
    reviewer.wait_for_selector(".message--success")
    shot(reviewer, screenshots, "3-verify-queue")
    leader.goto(f"/nam-thi-dua/tham-dinh/?nam={cycle.pk}")
    row = leader.locator("#queue tr", has_text="Xã An Minh").filter(has_text="Số ấp, khu phố")
    row.get_by_label("Kết quả 1.6 Xã An Minh").select_option("return")
    row.get_by_label("Lý do 1.6 Xã An Minh").fill("Thiếu quyết định công nhận ấp thứ hai")
    row.get_by_role("button", name="Ghi").click()
    leader.wait_for_selector(".message--success")
    assert CriterionLine.objects.get(unit=an_minh, criterion="1.1").value_number == Decimal("75.2")

    officer.goto("/nam-thi-dua/thong-bao/")
    officer.get_by_role("link", name="Tiêu chí 1.6 của Xã An Minh được trả lại").click()
    row = officer.locator("#report-lines tr", has_text="Số ấp, khu phố")
    row.get_by_label("Ghi chú 1.6").fill("Đã bổ sung Quyết định 15/QĐ-UBND")
    row.get_by_role("button", name="Lưu").click()
    officer.wait_for_selector("tr.line--saved")
    assert lines_of(cycle).get(unit=an_minh, criterion="1.6").status == "submitted"

    board.goto(f"/nam-thi-dua/{cycle.pk}/")
    advance(board, "Các dòng còn lại đã được đối chiếu tại cuộc họp thẩm định")
    assert board.locator("#cycle-state").inner_text() == "Công bố tạm thời, nhận kiến nghị"

    # Provisional results and an appeal answered by the leader.
    officer.goto(f"/nam-thi-dua/{cycle.pk}/ket-qua/")
    assert officer.locator("#ranking tbody tr").count() == 5
    shot(officer, screenshots, "4-ranking")
    officer.get_by_role("link", name="Xã An Minh").click()
    row = officer.locator("#result-1\\.6")
    row.get_by_text("Kiến nghị", exact=True).click()
    row.get_by_label("Nội dung kiến nghị").fill("Ấp Kênh 3 được công nhận ngày 28/12, xin tính thêm")
    row.get_by_role("button", name="Gửi kiến nghị").click()
    officer.wait_for_selector(".message--success")
    shot(officer, screenshots, "5-unit-results")
    leader.goto(f"/nam-thi-dua/{cycle.pk}/kien-nghi/")
    leader.get_by_label("Giá trị điều chỉnh").fill("3")
    leader.get_by_label("Nội dung trả lời").fill("Có quyết định công nhận, chấp nhận")
    leader.get_by_role("button", name="Trả lời").click()
    leader.wait_for_selector(".message--success")
    shot(leader, screenshots, "6-appeals")
    assert Appeal.objects.get().status == "accepted"

    # The appeal window is still open: the board makes the results final early, with its reason.
    board.goto(f"/nam-thi-dua/{cycle.pk}/")
    advance(
        board,
        "Kiến nghị duy nhất đã được trả lời, các đơn vị thống nhất",
        override="Công bố kết quả chính thức sớm, trước hạn kiến nghị (ghi lý do)",
    )
    cycle.refresh_from_db()
    assert cycle.state == CycleState.FINAL
    assert "Lý do: Kiến nghị duy nhất đã được trả lời" in board.locator("#finalisation").inner_text()
    board.goto(f"/nam-thi-dua/{cycle.pk}/ket-qua/")
    assert board.locator("#history").is_visible()
    shot(board, screenshots, "7-final")
    observer = people("quansat")
    observer.goto(f"/nam-thi-dua/{cycle.pk}/cong-khai/")
    assert observer.locator("#public-totals tbody tr").count() == 5
    shot(observer, screenshots, "8-public")

    actions = set(AuditEvent.objects.filter(action__startswith="cycle.").values_list("action", flat=True))
    assert {
        "cycle.create",
        "cycle.deadlines",
        "cycle.advance",
        "cycle.sign",
        "cycle.line_save",
        "cycle.evidence_add",
        "cycle.report_submit",
        "cycle.line_correct",
        "cycle.line_return",
        "cycle.line_resubmit",
        "cycle.appeal_file",
        "cycle.appeal_answer",
    } <= actions
    assert people.problems == []
