"""Issue 10's "Done means": a province runs a whole year in the browser, each step as its own role, through the
roles' pages alone (the start loads the demo province with AG-CUM5's 2026 year unopened, as every browser test).

The board creates a unit and a cluster, opens 2027 from 2026 with its members and names its leader and deputy,
builds and publishes a framework in the editor and attaches it, sets the deadlines; the members sign; Xã An Minh
reports "1.200" for a count and claims a bonus item; Sở Tài chính and the deputy verify (the leader's own lines go
to the deputy); the leader records a deduction; the results are published; an appeal is answered; the leader may
not freeze before the appeal deadline; the board makes the results final early with a reason; a veto reaches the
minutes and the cluster report; the conference elects 2028's leader and deputy, and in 2028 the new leader's
officer has the leader's queue while the old leader's officer has none.

Deadlines lie inside the windows the deadlines page accepts (01/01/2027–31/03/2028 for 2027), late enough that
the appeal window of 2027 is still open whenever this runs before April 2028. Screenshots land in
tests/browser/screenshots/year-*.png for a person to look at.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest
from test_cycle import PDF, people  # noqa: F401  (tests/browser is on sys.path, as pytest puts it)

from thidua.agreements.models import BonusAward, BonusStatus, CriterionLine, Deduction, FrameworkVersion
from thidua.conference.models import Veto
from thidua.core.models import AuditEvent
from thidua.cycle.models import Appeal, Cycle, CycleState
from thidua.org.models import Cluster, ClusterYear, MemberRole, Unit

pytestmark = pytest.mark.browser

FRAMEWORK = "Thang điểm Cụm thi đua số 5 năm 2027"


@pytest.fixture(autouse=True)
def _reports_at_once(settings: Any, tmp_path: Path) -> None:
    # The cluster report is made by the background worker; here it runs when asked, into a throwaway folder.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = str(tmp_path / "media")


def shot(page: Any, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"year-{name}.png"), full_page=True)


def success(page: Any) -> str:
    """The page's success message; a refusal shown instead fails the step with its own words."""
    page.wait_for_selector(".message--success, .message--error, .errorlist, [role=alert]")
    errors = page.locator(".message--error, .errorlist, [role=alert]")
    assert not errors.count(), f"{page.url}: {errors.all_inner_texts()}"
    return str(page.locator(".message--success").first.inner_text())


def advance(page: Any, reason: str = "", override: str = "Chuyển dù chưa đủ điều kiện") -> str:
    form = page.locator("#advance-form")
    if reason:
        form.get_by_label("Lý do (bắt buộc khi chưa đủ điều kiện)").fill(reason)
        form.get_by_label(override).check()
    form.get_by_role("button").click()
    return success(page)


# --- the board's set-up ---------------------------------------------------------------------------------------


def create_unit_and_cluster(board: Any) -> None:
    board.goto("/to-chuc/don-vi/them/")
    board.get_by_label("Cấp đơn vị").select_option(label="Xã")
    board.get_by_label("Mã đơn vị").fill("MY-LAM")
    board.get_by_label("Tên đơn vị").fill("Xã Mỹ Lâm")
    board.get_by_label("Hiệu lực từ ngày").fill("2025-07-01")
    board.get_by_role("button", name="Thêm đơn vị").click()
    board.get_by_text("Đã thêm đơn vị Xã Mỹ Lâm.").wait_for()

    board.goto("/to-chuc/quan-ly-cum-khoi/them/")
    board.get_by_label("Loại").select_option(label="Cụm thi đua")
    board.get_by_label("Mã cụm, khối").fill("AG-CUM9")
    board.get_by_label("Tên cụm, khối").fill("Cụm thi đua số 9")
    board.get_by_label("Số quyết định thành lập").fill("131/QĐ-UBND")
    board.get_by_label("Ngày quyết định").fill("2026-12-01")
    board.get_by_role("button", name="Thêm cụm, khối").click()
    board.get_by_text("Đã thêm Cụm thi đua số 9.").wait_for()


def open_2027(board: Any, screenshots: Path) -> None:
    board.goto("/to-chuc/quan-ly-cum-khoi/")
    board.get_by_role("link", name="Mở năm thi đua Cụm thi đua số 5").click()
    board.get_by_label("Năm thi đua cần mở").fill("2027")
    board.get_by_role("button", name="Xem trước").click()
    board.locator("#opening-plan").get_by_text("Chép từ năm 2026: 5 thành viên.").wait_for()
    board.get_by_role("button", name="Mở năm thi đua 2027").click()
    board.get_by_text("Đã mở năm thi đua 2027 cho Cụm thi đua số 5 với 5 thành viên.").wait_for()
    for unit, role in (("Xã Vĩnh Hòa", "Cụm trưởng / Khối trưởng"), ("Xã Thạnh Lộc", "Cụm phó / Khối phó")):
        board.get_by_label(f"Vai trò của {unit}").select_option(label=role)
        board.get_by_label(f"Lý do thay đổi ({unit})").fill("Hội nghị tổng kết năm 2026 thống nhất")
        board.get_by_role("button", name=f"Lưu thay đổi của {unit}").click()
        row = board.locator("tr", has=board.get_by_role("link", name=unit))
        row.locator(".badge", has_text=role).wait_for()
    assert not board.get_by_text("Năm 2027 chưa có cụm trưởng (khối trưởng)").count()
    shot(board, screenshots, "1-members")


# Counts the swaps htmx has finished (content swapped, its hx-* attributes bound, settled): a step that swaps waits
# for the count to move, so nothing is typed into a panel htmx has not finished with.
COUNT_SWAPS = "document.addEventListener('htmx:afterSettle', () => { window.swapsSettled = (window.swapsSettled || 0) + 1; });"


def swap(page: Any, action: Any) -> None:
    before = page.evaluate("window.swapsSettled || 0")
    action()
    page.wait_for_function("(before) => (window.swapsSettled || 0) > before", arg=before)


def editor_node(board: Any, code: str, title: str, points: str, rule: str) -> Any:
    panel = board.locator("#editor-panel")
    if rule:
        swap(board, lambda: panel.get_by_label("Cách chấm điểm").select_option(rule))
    panel.locator("#id_code").fill(code)
    panel.locator("#id_title").fill(title)
    panel.locator("#id_max").fill(points)
    return panel


def save_node(board: Any) -> None:
    panel = board.locator("#editor-panel")
    swap(board, lambda: panel.get_by_role("button", name="Lưu tiêu chí").click())
    # Saved, the panel closes; refused, it stays with its errors, which then fail the step in their own words.
    assert not panel.count(), panel.inner_text()


def add_child(board: Any) -> None:
    swap(board, lambda: board.locator("#node-0").get_by_role("button", name="Thêm con").click())


def build_framework(board: Any, screenshots: Path) -> None:
    board.add_init_script(COUNT_SWAPS)
    board.goto("/giao-uoc/thang-diem/")
    board.get_by_label("Tên thang điểm").fill(FRAMEWORK)
    board.get_by_role("button", name="Tạo và soạn thang điểm").click()
    board.wait_for_url("**/soan/")

    swap(board, lambda: board.get_by_role("button", name="Sửa thiết lập").click())
    panel = board.locator("#editor-panel")
    panel.get_by_label("Điểm chuẩn").fill("100")
    panel.get_by_label("Điểm thưởng tối đa").fill("10")
    panel.get_by_label("Mục điểm thưởng").fill("co_thi_dua | Được tặng Cờ thi đua năm trước | 5")
    swap(board, lambda: board.get_by_role("button", name="Lưu thiết lập").click())
    assert not panel.count(), panel.inner_text()

    swap(board, lambda: board.get_by_role("button", name="Thêm nội dung").click())
    editor_node(board, "1", "Phát triển kinh tế - xã hội", "100", "")
    save_node(board)
    add_child(board)
    panel = editor_node(board, "1.1", "Số lao động được giải quyết việc làm", "60", "ratio")
    panel.get_by_label("Đơn vị tính").fill("người")
    save_node(board)
    add_child(board)
    panel = editor_node(board, "1.2", "Tỷ lệ giải ngân vốn đầu tư công", "40", "threshold")
    panel.get_by_label("Đơn vị tính").fill("%")
    panel.get_by_label("Cơ quan cung cấp số liệu").fill("Sở Tài chính")
    panel.get_by_label("Phép so sánh").select_option(">=")
    panel.get_by_label("Giá trị ngưỡng").fill("95")
    panel.get_by_label("Điểm khi không đạt").fill("20")
    save_node(board)
    assert board.locator("#validation").inner_text().strip() == "Thang điểm hợp lệ."
    tree = board.locator("#node-0").inner_text() + board.locator("#node-0-0").inner_text()
    assert "Tỷ lệ: thực hiện/chỉ tiêu" in tree and "Sở Tài chính" in board.locator("#node-0-1").inner_text()
    shot(board, screenshots, "2-framework-editor")
    board.get_by_label("Số quyết định ban hành").fill("25/QĐ-UBND")
    board.get_by_role("button", name="Ban hành").click()
    board.wait_for_url("**/thang-diem/*/")


def attach_framework(board: Any, year: ClusterYear) -> None:
    board.goto(f"/giao-uoc/nam/{year.pk}/")
    board.get_by_role("button", name=re.compile(f"^Chọn thang điểm này: {FRAMEWORK}")).click()
    board.wait_for_url(f"**/giao-uoc/nam/{year.pk}/")
    assert "Đã gắn thang điểm" in success(board)


def set_target(board: Any, year: ClusterYear, unit: str, target: str) -> None:
    board.goto(f"/giao-uoc/nam/{year.pk}/")
    board.get_by_role("link", name=f"Sửa chỉ tiêu 1.1 của {unit}").click()
    board.locator("#id_target").fill(target)
    board.locator("#id_reason").fill("Theo Nghị quyết của HĐND xã giao chỉ tiêu năm")
    board.get_by_role("button", name="Lưu chỉ tiêu").click()
    assert success(board) == "Đã lưu chỉ tiêu."


def open_cycle(board: Any, year: int, deadlines: tuple[str, str, str]) -> Cycle:
    board.goto("/nam-thi-dua/")
    board.locator("li", has_text="Cụm thi đua số 5").filter(has_text=str(year)).get_by_role(
        "button", name="Mở năm thi đua"
    ).click()
    board.wait_for_selector("#readiness")
    cycle = Cycle.objects.get(cluster_year__cluster__code="AG-CUM5", cluster_year__year=year)
    board.get_by_label("Hạn ký kết").fill(deadlines[0])
    board.get_by_label("Hạn báo cáo").fill(deadlines[1])
    board.get_by_label("Hạn kiến nghị").fill(deadlines[2])
    board.get_by_role("button", name="Lưu các hạn").click()
    success(board)
    advance(board)
    assert board.locator("#cycle-state").inner_text() == "Ký kết giao ước"
    return cycle


def sign(page: Any, cycle: Cycle, unit_name: str) -> None:
    page.goto(f"/nam-thi-dua/{cycle.pk}/")
    form = page.locator("#signing form", has_text=unit_name)
    form.get_by_label("Người ký (họ tên, chức vụ)").fill(f"Chủ tịch UBND {unit_name}")
    form.get_by_label("Văn bản giao ước đã ký (PDF, ảnh)").set_input_files(
        {"name": "giao-uoc-2027.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    form.get_by_role("button", name="Ký giao ước").click()
    success(page)


def report_line(page: Any, code: str, value: str, comment: str = "") -> Any:
    row = page.locator("#report-lines tr", has=page.get_by_label(f"Thực hiện {code}", exact=True))
    row.get_by_label(f"Thực hiện {code}", exact=True).fill(value)
    if comment:
        row.get_by_label(f"Ghi chú {code}", exact=True).fill(comment)
    row.get_by_role("button", name="Lưu").click()
    page.wait_for_selector("tr.line--saved")
    return page.locator("tr.line--saved")


def verify(page: Any, code: str, unit: str) -> str:
    row = page.locator("#queue tr", has_text=unit).filter(has_text=code)
    row.get_by_label(f"Kết quả {code} {unit}").select_option("accept")
    row.get_by_role("button", name="Ghi").click()
    return success(page)


# --- the scenario ---------------------------------------------------------------------------------------------


def test_it_runs_a_year_from_nothing_through_the_roles_pages(people: Any, screenshots: Path) -> None:  # noqa: F811
    board = people("bantdkt")
    create_unit_and_cluster(board)
    open_2027(board, screenshots)
    year = ClusterYear.objects.get(cluster__code="AG-CUM5", year=2027)
    build_framework(board, screenshots)
    attach_framework(board, year)
    set_target(board, year, "Xã An Minh", "1.500")
    set_target(board, year, "Xã Vĩnh Hòa", "1.000")
    cycle = open_cycle(board, 2027, ("2027-12-31", "2028-03-15", "2028-03-31"))
    shot(board, screenshots, "3-deadlines")

    # Every member signs, each through its own officer.
    officers = {
        "Xã An Minh": people("donvi"),
        "Xã Vĩnh Hòa": people("cumtruong"),
        "Xã Thạnh Lộc": people("thanhloc"),
        "Phường Rạch Giá": people("rachgia"),
        "Xã Vĩnh Thuận": people("vinhthuan"),
    }
    for unit, page in officers.items():
        sign(page, cycle, unit)
    board.goto(f"/nam-thi-dua/{cycle.pk}/")
    assert advance(board) == "Năm thi đua chuyển sang giai đoạn “Báo cáo cuối năm”."

    # Xã An Minh reports "1.200" the Vietnamese way, claims its flag, and submits.
    officer = officers["Xã An Minh"]
    an_minh = year.memberships.get(unit__code="AN-MINH").unit
    officer.goto(f"/nam-thi-dua/{cycle.pk}/bao-cao/{an_minh.pk}/")
    saved = report_line(officer, "1.1", "1.200", "Theo báo cáo của Phòng Văn hóa - Xã hội")
    assert saved.get_by_label("Thực hiện 1.1", exact=True).input_value() == "1.200"
    assert "1.500" in saved.inner_text() and "48,00" in saved.inner_text()  # 1.200/1.500 of 60 points
    report_line(officer, "1.2", "96,5")
    form = officer.locator("#bonus-claim-form")
    form.get_by_label("Mục điểm thưởng").select_option("co_thi_dua")
    form.get_by_label("Ghi chú (số, ngày quyết định khen thưởng)").fill(
        "Quyết định 12/QĐ-UBND ngày 15/01/2027"
    )
    form.get_by_label("Tệp minh chứng (quyết định khen thưởng)").set_input_files(
        {"name": "qd-12-ubnd.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    form.get_by_role("button", name="Gửi đề nghị điểm thưởng").click()
    success(officer)
    assert "Chờ thẩm định" in officer.locator("#bonus-co_thi_dua").inner_text()
    shot(officer, screenshots, "4-report")
    officer.get_by_role("button", name="Nộp báo cáo").click()
    success(officer)

    leader = officers["Xã Vĩnh Hòa"]
    vinh_hoa = year.memberships.get(unit__code="VINH-HOA").unit
    leader.goto(f"/nam-thi-dua/{cycle.pk}/bao-cao/{vinh_hoa.pk}/")
    report_line(leader, "1.1", "1.050")
    report_line(leader, "1.2", "97")
    leader.get_by_role("button", name="Nộp báo cáo").click()
    success(leader)
    board.goto(f"/nam-thi-dua/{cycle.pk}/")
    advance(board, "Ba đơn vị còn lại nộp báo cáo giấy, số liệu nhập sau khi đối chiếu")

    # Verification: Sở Tài chính its criterion; the leader the others, but not its own unit's: the deputy does.
    reviewer = people("nguonsolieu")
    reviewer.goto(f"/nam-thi-dua/tham-dinh/?nam={cycle.pk}")
    assert verify(reviewer, "1.2", "Xã An Minh") == "Đã xác nhận tiêu chí 1.2 của Xã An Minh."
    assert verify(reviewer, "1.2", "Xã Vĩnh Hòa") == "Đã xác nhận tiêu chí 1.2 của Xã Vĩnh Hòa."
    leader.goto(f"/nam-thi-dua/tham-dinh/?nam={cycle.pk}")
    assert (
        "Các dòng của đơn vị bạn (Xã Vĩnh Hòa) do cụm phó thẩm định."
        in leader.locator(".notice").inner_text()
    )
    assert leader.locator("#queue tr", has_text="Xã Vĩnh Hòa").count() == 0
    row = leader.locator("#queue tr", has_text="Xã An Minh").filter(has_text="1.1")
    assert "1.200" in row.inner_text()
    shot(leader, screenshots, "5-leader-queue")
    assert verify(leader, "1.1", "Xã An Minh") == "Đã xác nhận tiêu chí 1.1 của Xã An Minh."
    claim = leader.locator("#claims-queue tr", has_text="Xã An Minh")
    claim.get_by_label("Kết quả đề nghị điểm thưởng Được tặng Cờ thi đua năm trước Xã An Minh").select_option(
        "1"
    )
    claim.get_by_role("button", name="Ghi kết quả").click()
    success(leader)
    deputy = officers["Xã Thạnh Lộc"]
    deputy.goto(f"/nam-thi-dua/tham-dinh/?nam={cycle.pk}")
    assert verify(deputy, "1.1", "Xã Vĩnh Hòa") == "Đã xác nhận tiêu chí 1.1 của Xã Vĩnh Hòa."

    # The leader records a deduction.
    leader.goto(f"/nam-thi-dua/tham-dinh/?nam={cycle.pk}")
    leader.get_by_role("link", name="Điểm trừ").click()
    form = leader.locator("#deduction-form")
    form.get_by_label("Đơn vị").select_option(label="Phường Rạch Giá")
    form.get_by_label("Số điểm trừ").fill("8")
    form.get_by_label("Lý do trừ điểm").fill("Không tổ chức ký kết giao ước thi đua ở cơ sở")
    form.get_by_role("button", name="Ghi điểm trừ").click()
    success(leader)
    shot(leader, screenshots, "6-deduction")

    # Published: the ranking and An Minh's figures as every page prints them.
    board.goto(f"/nam-thi-dua/{cycle.pk}/")
    assert advance(board, "Các dòng còn lại đã được đối chiếu tại cuộc họp thẩm định") == (
        "Năm thi đua chuyển sang giai đoạn “Công bố tạm thời, nhận kiến nghị”."
    )
    officer.goto(f"/nam-thi-dua/{cycle.pk}/ket-qua/")
    ranking = officer.locator("#ranking tbody tr")
    assert ranking.count() == 5
    assert "Xã Vĩnh Hòa" in ranking.nth(0).inner_text() and "Xã An Minh" in ranking.nth(1).inner_text()
    shot(officer, screenshots, "7-ranking")
    officer.get_by_role("link", name="Xã An Minh").click()
    assert "1.200" in officer.locator("#result-1\\.1").inner_text()
    assert "+5,00 Được tặng Cờ thi đua năm trước" in officer.locator("#bonuses").inner_text()

    # An appeal, answered by the leader.
    row = officer.locator("#result-1\\.2")
    row.get_by_text("Kiến nghị", exact=True).click()
    row.get_by_label("Nội dung kiến nghị").fill("Số giải ngân đến 31/01/2028 là 98%, xin tính lại")
    row.get_by_role("button", name="Gửi kiến nghị").click()
    success(officer)
    leader.goto(f"/nam-thi-dua/{cycle.pk}/kien-nghi/")
    leader.get_by_label("Giá trị điều chỉnh").fill("98")
    leader.get_by_label("Nội dung trả lời").fill("Đúng theo số của Kho bạc, chấp nhận")
    leader.get_by_role("button", name="Trả lời").click()
    success(leader)
    shot(leader, screenshots, "8-appeal")

    # The leader may not make the results final: the page offers it no button, and a forged form is refused.
    leader.goto(f"/nam-thi-dua/{cycle.pk}/")
    assert leader.locator("#advance-form").count() == 0
    leader.evaluate(
        """([action]) => {
            const form = document.createElement("form");
            form.method = "post";
            form.action = action;
            const token = document.cookie.split("; ").find((c) => c.startsWith("csrftoken=")).split("=")[1];
            for (const [name, value] of [["csrfmiddlewaretoken", token], ["from_state", "provisional"]]) {
                const input = document.createElement("input");
                input.name = name;
                input.value = value;
                form.appendChild(input);
            }
            document.body.appendChild(form);
            form.submit();
        }""",
        [f"/nam-thi-dua/{cycle.pk}/chuyen/tien/"],
    )
    leader.wait_for_selector(".message--error")
    assert (
        "Chỉ Ban Thi đua – Khen thưởng được công bố kết quả chính thức; cụm trưởng, khối trưởng không được chốt "
        "kết quả." in leader.locator(".message--error").inner_text()
    )
    cycle.refresh_from_db()
    assert cycle.state == CycleState.PROVISIONAL

    # The board makes them final before 31/03/2028, with its reason shown.
    board.goto(f"/nam-thi-dua/{cycle.pk}/")
    advance(
        board,
        "Kiến nghị duy nhất đã được trả lời, các đơn vị thống nhất",
        override="Công bố kết quả chính thức sớm, trước hạn kiến nghị (ghi lý do)",
    )
    assert "Lý do: Kiến nghị duy nhất đã được trả lời" in board.locator("#finalisation").inner_text()
    shot(board, screenshots, "9-final")

    # The conference: a veto reaches the conference's results, the minutes and the cluster report.
    leader.goto(f"/hoi-nghi/nam/{year.pk}/")
    leader.get_by_text("Ghi đơn vị không xét thi đua").click()
    veto = leader.locator("form[action$='/khong-xet/']")
    veto.get_by_label("Đơn vị").select_option(label="Xã Vĩnh Thuận")
    veto.get_by_label("Lý do không xét thi đua").fill("Để xảy ra khiếu kiện đông người kéo dài")
    veto.get_by_role("button", name="Ghi", exact=True).click()
    success(leader)
    results = leader.locator("section", has_text="Kết quả chấm điểm cuối cùng")
    vetoed = results.locator("tr", has_text="Xã Vĩnh Thuận")
    assert "Không xét thi đua: Để xảy ra khiếu kiện đông người kéo dài" in vetoed.inner_text()
    assert vetoed.locator("td").first.inner_text() == "—"
    with leader.expect_download() as caught:
        leader.get_by_role("link", name="Biên bản (.docx)").click()
    minutes = "\n".join(
        p.text for p in docx.Document(io.BytesIO(Path(caught.value.path()).read_bytes())).paragraphs
    )
    assert "Xã Vĩnh Thuận" in minutes and "khiếu kiện đông người" in minutes

    board.goto(f"/bao-cao/cum-khoi/{year.pk}/")
    board.get_by_label("Định dạng").select_option("md")
    board.get_by_role("button", name="Tạo báo cáo").click()
    success(board)
    link = board.get_by_role("link", name=re.compile("^Tải về"))
    with board.expect_download() as caught:
        link.first.click()
    report = Path(caught.value.path()).read_text(encoding="utf-8")
    assert "Xã Vĩnh Thuận (tổng điểm" in report
    assert (
        "không được xếp hạng và không được đề nghị khen thưởng do để xảy ra khiếu kiện đông người" in report
    )

    # The conference elects 2028's leader and deputy on paper ballots; the board records them.
    for purpose, candidates, winner in (
        ("Cụm trưởng năm sau", ("Xã Thạnh Lộc", "Phường Rạch Giá"), "Xã Thạnh Lộc"),
        ("Cụm phó năm sau", ("Xã An Minh", "Phường Rạch Giá"), "Xã An Minh"),
    ):
        leader.goto(f"/hoi-nghi/nam/{year.pk}/")
        leader.get_by_text("Bầu cụm trưởng, cụm phó năm sau").click()
        election = leader.locator("form", has=leader.get_by_role("button", name="Tạo phiếu bầu"))
        election.get_by_label("Bầu").select_option(label=purpose)
        for candidate in candidates:
            election.get_by_label(candidate, exact=True).check()
        election.locator("input[name=title]").fill(f"Bầu {purpose.lower()} 2028")
        election.get_by_role("button", name="Tạo phiếu bầu").click()
        leader.wait_for_selector("text=Đã tạo cuộc bầu.")
        leader.get_by_label("Số đại biểu có mặt").fill("5")
        leader.get_by_role("button", name="Mở bỏ phiếu").click()
        leader.wait_for_selector("text=Đã cập nhật cuộc bỏ phiếu.")
        leader.get_by_text("Nhập kết quả phiếu giấy").click()
        paper = leader.locator("form", has=leader.get_by_role("button", name="Lưu phiếu giấy"))
        boxes = paper.locator("input[type=checkbox]")
        for i in range(boxes.count()):
            boxes.nth(i).check()
        paper.get_by_role("spinbutton", name=winner).fill("5")
        paper.get_by_role("button", name="Lưu phiếu giấy").click()
        leader.wait_for_selector("text=Đã nhập kết quả phiếu giấy.")
        leader.get_by_role("button", name="Kết thúc và kiểm phiếu").click()
        leader.wait_for_selector("text=Đã kết thúc bỏ phiếu và kiểm phiếu.")
        assert winner in leader.locator(".result--passed").inner_text()
    shot(leader, screenshots, "10-election")
    board.goto(f"/hoi-nghi/nam/{year.pk}/")
    board.get_by_role("button", name="Ghi nhận cụm trưởng, cụm phó năm 2028 theo kết quả bầu").click()
    assert success(board) == "Đã ghi nhận cụm trưởng, cụm phó năm 2028."
    shot(board, screenshots, "11-conference")

    # 2028: the same framework, a line reported, and the queue of the leader is the new leader's.
    following = ClusterYear.objects.get(cluster__code="AG-CUM5", year=2028)
    board.goto(f"/giao-uoc/nam/{following.pk}/")
    board.get_by_role("button", name="Dùng lại thang điểm năm trước").click()
    success(board)
    set_target(board, following, "Xã An Minh", "1.600")
    cycle_2028 = open_cycle(board, 2028, ("2028-12-31", "2029-03-15", "2029-03-31"))
    advance(board, "Các đơn vị ký bản giấy tại hội nghị")
    officer.goto(f"/nam-thi-dua/{cycle_2028.pk}/bao-cao/{an_minh.pk}/")
    report_line(officer, "1.1", "1.300")
    report_line(officer, "1.2", "97")
    officer.get_by_role("button", name="Nộp báo cáo").click()
    success(officer)
    board.goto(f"/nam-thi-dua/{cycle_2028.pk}/")
    advance(board, "Các đơn vị còn lại nộp báo cáo giấy")
    deputy.goto(f"/nam-thi-dua/tham-dinh/?nam={cycle_2028.pk}")
    new_queue = deputy.locator("#queue tr", has_text="Xã An Minh").filter(has_text="1.1")
    assert "1.300" in new_queue.inner_text()
    shot(deputy, screenshots, "12-new-leader-queue")
    leader.goto(f"/nam-thi-dua/tham-dinh/?nam={cycle_2028.pk}")
    assert leader.locator("#queue").count() == 0
    assert "0 dòng chờ thẩm định" in leader.locator(".page-header__meta").inner_text()

    # A few facts of record.
    assert Unit.objects.filter(code="MY-LAM", name="Xã Mỹ Lâm").exists()
    assert Cluster.objects.filter(code="AG-CUM9").exists()
    line = CriterionLine.objects.get(agreement__cluster_year=year, unit=an_minh, criterion="1.1")
    assert line.value_number == Decimal("1200")
    assert FrameworkVersion.objects.get(framework__name=FRAMEWORK).agreements.count() == 2
    assert BonusAward.objects.get(unit=an_minh, item="co_thi_dua").status == BonusStatus.ACCEPTED
    assert Deduction.objects.filter(unit__code="RACH-GIA", points=Decimal("8")).count() == 1
    assert Appeal.objects.get(line__agreement__cluster_year=year).status == "accepted"
    cycle.refresh_from_db()
    assert cycle.state == CycleState.FINAL
    assert Veto.objects.get(cluster_year=year).unit.code == "VINH-THUAN"
    roles = dict(following.memberships.values_list("unit__code", "role"))
    assert roles["THANH-LOC"] == MemberRole.LEADER and roles["AN-MINH"] == MemberRole.DEPUTY
    assert roles["VINH-HOA"] == MemberRole.MEMBER
    assert AuditEvent.objects.filter(action="conference.leadership_apply").count() == 1
    assert people.problems == []
