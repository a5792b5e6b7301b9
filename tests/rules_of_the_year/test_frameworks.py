"""Rules of the year held for frameworks and imports (issue 10, items 2 and 6): once a member has signed, or the
year has moved past signing, neither a package import nor a change of framework is accepted, through the pages or
the API; only the board may do either. Each refusal names the rule in Vietnamese and changes no row anywhere.

The rule chosen: before the first signature everything may be imported or chosen again (the preview lists what
would be lost or replaced); after it nothing is imported, because targets then change only through amendments
and reported values only through the report page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from thidua.agreements.models import Agreement, FrameworkVersion, PackageImport
from thidua.agreements.services.imports import package_import_upload
from thidua.agreements.tests.helpers import example_yaml, imported
from thidua.conftest import (  # noqa: F401
    PERSONA_PASSWORD,
    _fast_password_hashing,
    board_admin,
    cluster_leader,
    cluster_year,
    org,
    province,
    units,
)
from thidua.core.testing import row_counts
from thidua.cycle.models import Cycle, CycleState
from thidua.cycle.services.signing import signature_record
from thidua.cycle.tests.conftest import _media, cycle, move_to, pdf  # noqa: F401

pytestmark = pytest.mark.django_db
API = "/api/v1"
RULE = (
    "Quy định: thang điểm và số liệu của giao ước chỉ được chọn, thay hoặc nhập từ tệp trước khi thành viên đầu "
    "tiên ký giao ước; sau đó chỉ tiêu chỉ sửa qua đề nghị sửa chỉ tiêu, số liệu thực hiện nhập trên trang báo cáo."
)


def _client(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PERSONA_PASSWORD)
    return client


def _signed(cycle: Cycle, board_admin: Any) -> Cycle:  # noqa: F811
    cycle = move_to(cycle, CycleState.SIGNING)
    unit = cycle.cluster_year.memberships.get(unit__code="VINH-HOA").unit
    signature_record(actor=board_admin, cycle=cycle, unit=unit, document=pdf())
    return cycle


def _upload_page(client: Client, cluster_year: Any) -> Any:  # noqa: F811
    return client.post(
        reverse("agreements:import_upload", args=[cluster_year.pk]),
        {"file": SimpleUploadedFile("cum5.yaml", example_yaml())},
    )


def _upload_api(client: Client, cluster_year: Any) -> Any:  # noqa: F811
    return client.post(
        f"{API}/cluster-years/{cluster_year.pk}/imports",
        {"file": SimpleUploadedFile("cum5.yaml", example_yaml(), content_type="application/yaml")},
    )


def test_it_refuses_an_import_into_a_published_year_on_the_page(cycle: Cycle, board_admin: Any) -> None:  # noqa: F811
    cycle = move_to(cycle, CycleState.PROVISIONAL)
    client = _client(board_admin)
    before = row_counts()
    response = _upload_page(client, cycle.cluster_year)
    assert response.status_code == 409
    expected = (
        f"Không nhập gói dữ liệu được vì {cycle.cluster_year}: năm thi đua đang ở giai đoạn "
        f"“Công bố tạm thời, nhận kiến nghị”. {RULE}"
    )
    assert expected in response.content.decode()
    assert row_counts() == before


def test_it_refuses_an_import_into_a_published_year_through_the_api(cycle: Cycle, board_admin: Any) -> None:  # noqa: F811
    cycle = move_to(cycle, CycleState.PROVISIONAL)
    client = Client()
    client.force_login(board_admin)
    before = row_counts()
    response = _upload_api(client, cycle.cluster_year)
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["message"] == (
        f"Không nhập gói dữ liệu được vì {cycle.cluster_year}: năm thi đua đang ở giai đoạn "
        f"“Công bố tạm thời, nhận kiến nghị”. {RULE}"
    )
    assert error["details"]["rule"] == "before_signing"
    assert row_counts() == before


def test_it_refuses_to_apply_an_upload_once_a_member_has_signed(cycle: Cycle, board_admin: Any) -> None:  # noqa: F811
    """Uploaded and previewed before signing, applied after: the apply is refused, on the page and the API."""
    upload = package_import_upload(
        actor=board_admin, cluster_year=cycle.cluster_year, file_name="cum5.yaml", content=example_yaml()
    )
    cycle = _signed(cycle, board_admin)
    message = f"Không nhập gói dữ liệu được vì {cycle.cluster_year}: Xã Vĩnh Hòa đã ký giao ước. {RULE}"
    client = _client(board_admin)
    preview = client.get(reverse("agreements:import_preview", args=[upload.pk])).content.decode()
    assert message in preview and "Nhập vào hệ thống" not in preview and "Hủy" in preview
    assert "Chữ ký giao ước: 1" in preview

    before = row_counts()
    page = client.post(reverse("agreements:import_apply", args=[upload.pk]), follow=True)
    assert message in page.content.decode()
    api = client.post(f"{API}/imports/{upload.pk}/apply")
    assert api.status_code == 409 and api.json()["error"]["message"] == message
    assert row_counts() == before
    assert PackageImport.objects.get(pk=upload.pk).status == "previewed"


def test_it_refuses_to_change_the_framework_once_a_member_has_signed(
    cycle: Cycle,  # noqa: F811
    board_admin: Any,  # noqa: F811
) -> None:
    agreement = Agreement.objects.get(cluster_year=cycle.cluster_year)
    # Another published version of the province: the 2026 framework imported into Cụm 6 under a new name.
    other = FrameworkVersion.objects.create(
        framework=agreement.framework_version.framework,
        number=2,
        status="published",
        document=agreement.framework_version.document,
        legal_basis=[{"number": "2/QĐ"}],
        published_at=agreement.framework_version.published_at,
    )
    cycle = _signed(cycle, board_admin)
    message = f"Không đổi thang điểm được vì {cycle.cluster_year}: Xã Vĩnh Hòa đã ký giao ước. {RULE}"
    client = _client(board_admin)
    page = client.get(reverse("agreements:agreement_detail", args=[cycle.cluster_year.pk])).content.decode()
    assert "Không đổi thang điểm hay nhập gói dữ liệu được nữa: Xã Vĩnh Hòa đã ký giao ước." in page
    assert "Chọn thang điểm này" not in page and "Đổi sang thang điểm này" not in page
    assert "Nhập gói dữ liệu</a>" not in page

    before = row_counts()
    response = client.post(
        reverse("agreements:agreement_framework", args=[cycle.cluster_year.pk]), {"version": other.pk}
    )
    assert response.status_code == 409 and message in response.content.decode()
    api = client.put(
        f"{API}/cluster-years/{cycle.cluster_year.pk}/agreement/framework",
        {"version_id": other.pk},
        content_type="application/json",
    )
    assert api.status_code == 409 and api.json()["error"]["message"] == message
    assert row_counts() == before
    agreement.refresh_from_db()
    assert agreement.framework_version_id != other.pk


def test_it_refuses_the_framework_choice_and_the_import_to_anyone_but_the_board(
    org: Any,  # noqa: F811
    cluster_leader: Any,  # noqa: F811
) -> None:
    version = imported(org.cluster_year).framework_version
    client = _client(cluster_leader)
    page = client.get(reverse("agreements:agreement_detail", args=[org.cluster_year.pk])).content.decode()
    assert "Chọn thang điểm này" not in page and "Nhập gói dữ liệu" not in page
    before = row_counts()
    chosen = client.post(
        reverse("agreements:agreement_framework", args=[org.cluster_year.pk]), {"version": version.pk}
    )
    assert chosen.status_code == 403
    assert (
        "Chỉ Ban Thi đua – Khen thưởng của tỉnh được chọn thang điểm cho giao ước của cụm, khối."
        in chosen.content.decode()
    )
    api = client.put(
        f"{API}/cluster-years/{org.cluster_year.pk}/agreement/framework",
        {"version_id": version.pk},
        content_type="application/json",
    )
    assert api.status_code == 403
    assert api.json()["error"]["message"] == (
        "Chỉ Ban Thi đua – Khen thưởng của tỉnh được chọn thang điểm cho giao ước của cụm, khối."
    )
    assert _upload_page(client, org.cluster_year).status_code == 403
    assert _upload_api(client, org.cluster_year).status_code == 403
    assert row_counts() == before
