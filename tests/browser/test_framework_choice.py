"""The board copies last year's framework into a draft, publishes it in the editor, exports it, and attaches it to
An Giang's Cụm thi đua số 5 of 2027 from the year's agreement page; then previews an import and cancels it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_framework_editor import log_in, shot  # the same folder: pytest puts it on sys.path

from thidua.accounts.access import SystemActor
from thidua.agreements.demo import EXAMPLE
from thidua.agreements.models import Agreement, FrameworkVersion, PackageImport, VersionStatus
from thidua.org import services as org_services
from thidua.org.models import ClusterYear

pytestmark = pytest.mark.browser


def _open_2027() -> ClusterYear:
    """The 2027 year with 2026's members (opening a year is another page's work, not this test's)."""
    last = ClusterYear.objects.get(cluster__code="AG-CUM5", year=2026)
    year = org_services.cluster_year_create(actor=SystemActor(), cluster=last.cluster, year=2027)
    org_services.membership_set(
        actor=SystemActor(),
        cluster_year=year,
        members=[
            org_services.MemberSpec(unit=m.unit, role=m.role, order=m.order)
            for m in last.memberships.select_related("unit")
        ],
    )
    return year


def test_board_copies_publishes_and_attaches_a_framework(page: Any, screenshots: Path) -> None:
    year = _open_2027()
    log_in(page, "bantdkt")
    page.goto(f"/giao-uoc/nam/{year.pk}/")
    assert "Năm 2026 cụm dùng" in page.content()
    shot(page, screenshots, "agreement-framework-picker")
    page.get_by_role("button", name="Sao chép thang điểm năm trước để sửa").click()
    page.wait_for_url("**/soan/")
    page.get_by_label("Số quyết định ban hành").fill("20/QĐ-UBND")
    page.get_by_role("button", name="Ban hành").click()
    page.wait_for_url("**/thang-diem/*/")
    version = FrameworkVersion.objects.get(status=VersionStatus.PUBLISHED, framework__name__contains="2027")
    with page.expect_download() as download:
        page.get_by_role("link", name="Xuất thang điểm (YAML)").click()
    assert "format: thidua.framework/1" in Path(download.value.path()).read_text(encoding="utf-8")

    page.goto(f"/giao-uoc/nam/{year.pk}/")
    page.get_by_role("button", name=f"Chọn thang điểm này: {version}").click()
    page.wait_for_url(f"**/giao-uoc/nam/{year.pk}/")
    assert f"Đã gắn thang điểm {version} vào giao ước" in page.content()
    assert Agreement.objects.get(cluster_year=year).framework_version == version
    shot(page, screenshots, "agreement-framework-attached")

    last = ClusterYear.objects.get(cluster__code="AG-CUM5", year=2026)
    page.goto(f"/giao-uoc/nam/{last.pk}/nhap/")
    page.get_by_label("Tệp gói dữ liệu (.yaml, .json, .xlsx)").set_input_files(str(EXAMPLE))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    page.wait_for_url("**/giao-uoc/nhap/*/")
    shot(page, screenshots, "import-preview-cancel")
    page.get_by_role("button", name="Hủy").click()
    page.wait_for_url(f"**/giao-uoc/nam/{last.pk}/")
    assert "năm thi đua không thay đổi" in page.content()
    assert PackageImport.objects.order_by("-id").values_list("status", flat=True)[0] == "discarded"
    assert page.problems == []
