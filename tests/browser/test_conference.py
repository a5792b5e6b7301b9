"""The year-end conference in a real browser at a phone's size: the chair opens the honouring vote, two
delegates vote on their phones, the chair enters the paper ballots of the other three and closes, and the
minutes download and open (converted to PDF by LibreOffice, as a clerk's computer would open them).

Screenshots land in tests/browser/screenshots/conference-*.png for a person to look at.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from thidua.conference.models import Ballot, Vote, VoterReceipt
from thidua.org.models import ClusterYear

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DEMO_PASSWORD = "thidua2026"


@pytest.fixture
def phone(browser: Any, live_server: Any, demo: None) -> Any:
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport=PHONE, device_scale_factor=1
    )
    yield context
    context.close()


def open_as(context: Any, username: str) -> Any:
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.problems = problems
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")
    return page


def shot(page: Any, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"conference-{name}.png"), full_page=True)


def fits_the_screen(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_it_holds_the_honouring_vote_on_phones_and_produces_the_minutes(
    browser: Any, live_server: Any, phone: Any, screenshots: Path, tmp_path: Path
) -> None:
    cluster_year = ClusterYear.objects.get(cluster__code="AG-CUM5", year=2026)
    # The vote is about the leader's own unit (Xã Vĩnh Hòa), so its deputy, Xã Thạnh Lộc, chairs it.
    chair = open_as(phone, "thanhloc")
    chair.goto(f"/hoi-nghi/nam/{cluster_year.pk}/")
    assert chair.locator("h1").inner_text() == "Hội nghị tổng kết năm 2026 – Cụm thi đua số 5"
    chair.get_by_text("Biểu quyết suy tôn đơn vị dẫn đầu").click()
    chair.get_by_label("Đơn vị được đề nghị suy tôn").select_option(label="Xã Vĩnh Hòa")
    chair.get_by_label("Nội dung biểu quyết").fill("Suy tôn Xã Vĩnh Hòa là đơn vị dẫn đầu năm 2026")
    chair.get_by_role("button", name="Tạo phiếu suy tôn").click()
    chair.wait_for_selector("text=Đã tạo cuộc bỏ phiếu.")
    ballot = Ballot.objects.get(cluster_year=cluster_year)
    chair.get_by_label("Số đại biểu có mặt").fill("5")
    chair.get_by_role("button", name="Mở bỏ phiếu").click()
    chair.wait_for_selector("text=Đã cập nhật cuộc bỏ phiếu.")
    assert fits_the_screen(chair)
    shot(chair, screenshots, "1-chair-opened")

    # Each delegate has their own phone (their own browser context and session).
    for username, button in (("donvi", "Đồng ý"), ("cumtruong", "Không biểu quyết")):
        delegate_context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=PHONE)
        delegate = open_as(delegate_context, username)
        delegate.goto(f"/hoi-nghi/phieu/{ballot.pk}/")
        choice = delegate.get_by_role("radio", name=button, exact=True)
        box = choice.bounding_box()
        assert box is not None and box["height"] >= 20  # a thumb can hit it
        if username == "donvi":
            shot(delegate, screenshots, "2-delegate-ballot")
        choice.check()
        delegate.get_by_role("button", name="Gửi phiếu").click()
        delegate.wait_for_selector("text=Đã ghi nhận phiếu của đơn vị. Phiếu được giữ bí mật.")
        assert delegate.get_by_role("button", name="Gửi phiếu").count() == 0
        assert fits_the_screen(delegate)
        if username == "donvi":
            shot(delegate, screenshots, "3-delegate-voted")
        assert delegate.problems == []
        delegate_context.close()

    assert (
        VoterReceipt.objects.filter(ballot=ballot).count() == 2
        and Vote.objects.filter(ballot=ballot).count() == 2
    )
    chair.reload()
    chair.get_by_text("Nhập kết quả phiếu giấy").click()
    for name in ("Xã Thạnh Lộc", "Phường Rạch Giá", "Xã Vĩnh Thuận"):
        chair.get_by_label(name, exact=True).check()
    chair.locator("#id_approve").fill("3")
    chair.get_by_role("button", name="Lưu phiếu giấy").click()
    chair.wait_for_selector("text=Đã nhập kết quả phiếu giấy.")
    chair.get_by_role("button", name="Kết thúc và kiểm phiếu").click()
    chair.wait_for_selector("text=Đã kết thúc bỏ phiếu và kiểm phiếu.")
    result = chair.locator(".result--passed .result__text").inner_text()
    assert result == "Đạt: 4/5 phiếu đồng ý (80,00%) > 50% tổng số đại biểu"
    assert fits_the_screen(chair)
    shot(chair, screenshots, "4-result")
    assert chair.problems == []

    chair.goto(f"/hoi-nghi/nam/{cluster_year.pk}/")
    with chair.expect_download() as caught:
        chair.get_by_role("link", name="Biên bản (.docx)").click()
    docx = tmp_path / caught.value.suggested_filename
    caught.value.save_as(docx)
    assert docx.name == "bien-ban-hoi-nghi-ag-cum5-2026.docx"
    libreoffice = shutil.which("libreoffice") or shutil.which("soffice")
    assert libreoffice, "LibreOffice is needed to open the minutes"
    subprocess.run(
        [
            libreoffice,
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "bien-ban-hoi-nghi-ag-cum5-2026.pdf"
    assert pdf.read_bytes()[:4] == b"%PDF"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "BIÊN BẢN" in text and "Đạt: 4/5 phiếu đồng ý (80,00%) > 50% tổng số đại biểu" in " ".join(
        text.split()
    )
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf),
            str(screenshots / "conference-5-minutes"),
        ],
        check=True,
    )
