"""A framework built in the browser reaches a year: the picker of published versions on the agreement page, last
year's version reused or copied into a draft, a version exported as a file and imported back, an identical
framework reused instead of duplicated, and an import that shows what it would take away (issue 10, item 2 and 6)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.access import SystemActor
from thidua.agreements.framework_files import read_framework_file
from thidua.agreements.models import (
    Agreement,
    CriterionLine,
    Framework,
    FrameworkVersion,
    ImportStatus,
    PackageImport,
    Submission,
    VersionStatus,
)
from thidua.agreements.packaging import version_framework
from thidua.agreements.services import agreements as agreement_services
from thidua.agreements.services import frameworks as framework_services
from thidua.agreements.services.imports import (
    package_import_apply,
    package_import_preview,
    package_import_upload,
)
from thidua.agreements.tests.helpers import example_package, example_yaml, imported
from thidua.conftest import PERSONA_PASSWORD, Org
from thidua.core.errors import InvalidInput
from thidua.core.models import AuditEvent
from thidua.core.testing import row_counts
from thidua.engine import Inputs, Member
from thidua.org import services as org_services
from thidua.org.models import MemberRole
from thidua.packages import Cluster
from thidua.packages.writer import dump_yaml

pytestmark = pytest.mark.django_db
SYSTEM = SystemActor()


def _client(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PERSONA_PASSWORD)
    return client


def _year_2027(org: Org) -> Any:
    year = org_services.cluster_year_create(actor=SYSTEM, cluster=org.cluster, year=2027)
    org_services.membership_set(
        actor=SYSTEM,
        cluster_year=year,
        members=[
            org_services.MemberSpec(unit=org.units[code], role=role, order=i)
            for i, (code, role) in enumerate(
                [
                    ("VINH-HOA", MemberRole.LEADER),
                    ("THANH-LOC", MemberRole.DEPUTY),
                    ("AN-MINH", MemberRole.MEMBER),
                ],
                start=1,
            )
        ],
    )
    return year


def _cum6_yaml(org: Org) -> bytes:
    """The example's framework for Cụm thi đua số 6 (one member), with no figures."""
    package = dataclasses.replace(
        example_package(),
        cluster=Cluster(code="CUM6", name="Cụm thi đua số 6", kind="cum", scope="Tỉnh Mẫu"),
        members=(Member(code="BINH-AN", name="Xã Bình An", role="leader"),),
        inputs=Inputs(),
    )
    return dump_yaml(package).encode()


def with_reports(package: Any, submitted: dict[str, dt.date]) -> Any:
    return dataclasses.replace(package, inputs=dataclasses.replace(package.inputs, submitted=submitted))


def test_it_lists_the_published_versions_with_number_date_and_legal_basis(org: Org, board_admin: Any) -> None:
    version = imported(org.cluster_year).framework_version
    page = _client(board_admin).get(reverse("agreements:agreement_detail", args=[org.other_cluster_year.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Các thang điểm đã ban hành của tỉnh" in text
    assert version.framework.name in text
    assert version.published_at is not None
    assert timezone.localtime(version.published_at).strftime("%d/%m/%Y") in text
    assert version.legal_basis[0]["number"] in text
    assert "Chọn thang điểm này" in text


def test_it_attaches_a_published_version_and_makes_the_agreement(org: Org, board_admin: Any) -> None:
    version = imported(org.cluster_year).framework_version
    response = _client(board_admin).post(
        reverse("agreements:agreement_framework", args=[org.other_cluster_year.pk]), {"version": version.pk}
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(cluster_year=org.other_cluster_year)
    assert agreement.framework_version == version
    event = AuditEvent.objects.get(action="agreement.create", object_id=str(agreement.pk))
    assert event.actor == board_admin and event.after["framework_version"] == version.pk
    page = _client(board_admin).get(reverse("agreements:agreement_detail", args=[org.other_cluster_year.pk]))
    assert "Đang dùng" in page.content.decode()


def test_it_refuses_a_draft_version(org: Org, board_admin: Any, province: Any) -> None:
    draft = framework_services.framework_create(actor=board_admin, province=province, name="Nháp 2027")
    with pytest.raises(InvalidInput) as refused:
        agreement_services.agreement_framework_set(
            actor=board_admin, cluster_year=org.cluster_year, framework_version=draft
        )
    assert refused.value.message == "Chỉ dùng được phiên bản thang điểm đã ban hành."
    assert not Agreement.objects.exists()


def test_it_reuses_last_years_version_for_the_new_year(org: Org, board_admin: Any) -> None:
    version = imported(org.cluster_year).framework_version
    year = _year_2027(org)
    client = _client(board_admin)
    page = client.get(reverse("agreements:agreement_detail", args=[year.pk])).content.decode()
    assert f"Năm 2026 cụm dùng {version}." in page
    assert "Dùng lại thang điểm năm trước" in page and "Sao chép thang điểm năm trước để sửa" in page
    response = client.post(reverse("agreements:agreement_framework", args=[year.pk]), {"version": version.pk})
    assert response.status_code == 302
    assert Agreement.objects.get(cluster_year=year).framework_version == version


def test_it_copies_last_years_version_into_a_draft_to_edit(org: Org, board_admin: Any) -> None:
    version = imported(org.cluster_year).framework_version
    response = _client(board_admin).post(reverse("agreements:framework_copy", args=[version.pk]))
    copied = FrameworkVersion.objects.exclude(framework=version.framework).get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "agreements:framework_editor", args=[copied.pk]
    )
    assert copied.status == VersionStatus.DRAFT
    assert copied.framework.name == version.framework.name.replace("2026", "2027")
    assert version_framework(copied) == version_framework(version)


def test_it_asks_before_a_change_of_framework_drops_targets(
    org: Org, board_admin: Any, province: Any
) -> None:
    agreement = imported(org.cluster_year)
    small = framework_services.framework_create(
        actor=board_admin,
        province=province,
        name="Thang điểm nhỏ",
        document={
            "standard_points": "100",
            "bonus_cap": "0",
            "not_applicable": "renormalize",
            "sections": [
                {
                    "code": "1",
                    "title": "Kinh tế",
                    "max": "100",
                    "children": [
                        {
                            "code": "1.1",
                            "title": "Thu ngân sách",
                            "max": "100",
                            "rule": {"type": "ratio", "direction": "higher"},
                        }
                    ],
                }
            ],
        },
    )
    small = framework_services.framework_version_publish(
        actor=board_admin, version=small, decision_number="9/QĐ"
    )
    kept = CriterionLine.objects.filter(agreement=agreement, criterion="1.1").count()
    client = _client(board_admin)
    url = reverse("agreements:agreement_framework", args=[org.cluster_year.pk])
    before = row_counts()
    asked = client.post(url, {"version": small.pk})
    assert asked.status_code == 400
    text = asked.content.decode()
    assert "Chỉ tiêu, số liệu của tiêu chí không có trong thang điểm mới" in text
    assert "1.2 – Xã An Minh" in text and "Xác nhận đổi thang điểm" in text
    assert row_counts() == before

    confirmed = client.post(url, {"version": small.pk, "confirm": "1"})
    assert confirmed.status_code == 302
    agreement.refresh_from_db()
    assert agreement.framework_version == small
    assert set(CriterionLine.objects.filter(agreement=agreement).values_list("criterion", flat=True)) == {
        "1.1"
    }
    assert CriterionLine.objects.filter(agreement=agreement).count() == kept
    event = AuditEvent.objects.get(action="agreement.framework_set")
    assert event.actor == board_admin
    assert (
        "1.2 – Xã An Minh"
        in event.after["removed"]["Chỉ tiêu, số liệu của tiêu chí không có trong thang điểm mới"]
    )


@pytest.mark.parametrize("fmt", ["yaml", "json", "xlsx"])
def test_it_exports_a_version_and_reads_it_back_identical(org: Org, board_admin: Any, fmt: str) -> None:
    version = imported(org.cluster_year).framework_version
    response = _client(board_admin).get(reverse("agreements:framework_export", args=[version.pk, fmt]))
    assert response.status_code == 200
    content = response.content
    if fmt != "xlsx":
        text = content.decode()
        assert "VINH-HOA" not in text and "members" not in text and "targets" not in text
        assert version.legal_basis[0]["number"] in text

    read, problems = read_framework_file(f"thang-diem.{fmt}", content)
    assert problems == [] and read is not None
    assert read.framework == version_framework(version)

    # Imported back into the province: the same version, not a copy.
    again, created = framework_services.framework_import(
        actor=board_admin, province=org.province, file_name=f"thang-diem.{fmt}", content=content
    )
    assert (again, created) == (version, False)
    assert FrameworkVersion.objects.count() == 1

    # Into another province: a new published version identical in content and legal basis.
    other, created = framework_services.framework_import(
        actor=SYSTEM,
        province=org.other_province,
        file_name=f"thang-diem.{fmt}",
        content=content,
        name="Bản sao",
    )
    assert created and other.framework.province == org.other_province
    assert other.status == VersionStatus.PUBLISHED
    assert version_framework(other) == version_framework(version)
    assert other.legal_basis == version.legal_basis


def test_it_imports_a_framework_file_through_the_page(org: Org, board_admin: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    version = imported(org.cluster_year).framework_version
    client = _client(board_admin)
    content = client.get(reverse("agreements:framework_export", args=[version.pk, "yaml"])).content
    response = client.post(
        reverse("agreements:framework_import"), {"file": SimpleUploadedFile("td.yaml", content)}, follow=True
    )
    assert response.status_code == 200
    assert f"Thang điểm trong tệp giống hệt {version}: dùng lại phiên bản này" in response.content.decode()
    assert FrameworkVersion.objects.count() == 1 and Framework.objects.count() == 1


def test_it_reuses_an_identical_version_when_a_package_is_imported(org: Org, board_admin: Any) -> None:
    version = imported(org.cluster_year).framework_version
    client = _client(board_admin)
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        reverse("agreements:import_upload", args=[org.other_cluster_year.pk]),
        {"file": SimpleUploadedFile("cum6.yaml", _cum6_yaml(org))},
    )
    upload = PackageImport.objects.get(cluster_year=org.other_cluster_year)
    preview = package_import_preview(upload)
    assert preview.same_version == version and preview.reuses_other_version
    page = client.get(reverse("agreements:import_preview", args=[upload.pk])).content.decode()
    assert f"Dùng lại thang điểm {version.framework.name} phiên bản {version.number}" in page
    assert client.post(reverse("agreements:import_apply", args=[upload.pk])).status_code == 302
    assert FrameworkVersion.objects.count() == 1
    assert Agreement.objects.get(cluster_year=org.other_cluster_year).framework_version == version


def test_it_lists_what_an_import_would_take_away_and_cancels(org: Org, board_admin: Any) -> None:
    package = example_package()
    reported = dict.fromkeys(("VINH-HOA", "THANH-LOC", "AN-MINH"), dt.date(2026, 12, 10))
    imported(org.cluster_year, dump_yaml(with_reports(package, reported)).encode())
    upload = package_import_upload(
        actor=board_admin, cluster_year=org.cluster_year, file_name="lai.yaml", content=example_yaml()
    )
    preview = package_import_preview(upload)
    lost = {loss.label: loss for loss in preview.losses}
    assert lost["Ngày nộp báo cáo"].count == 3
    assert "Xã Vĩnh Hòa: 10/12/2026 → xóa" in lost["Ngày nộp báo cáo"].items

    client = _client(board_admin)
    page = client.get(reverse("agreements:import_preview", args=[upload.pk])).content.decode()
    assert "Cảnh báo: nhập tệp này sẽ xóa hoặc thay những số liệu đang có" in page
    assert "Ngày nộp báo cáo: 3" in page and "Nhập và thay các số liệu trên" in page and "Hủy" in page

    submissions = Submission.objects.count()
    cancelled = client.post(reverse("agreements:import_discard", args=[upload.pk]), follow=True)
    assert "Đã hủy tệp lai.yaml; năm thi đua không thay đổi." in cancelled.content.decode()
    upload.refresh_from_db()
    assert upload.status == ImportStatus.DISCARDED
    assert Submission.objects.count() == submissions == 3
    assert AuditEvent.objects.get(action="packageimport.discard").actor == board_admin
    with pytest.raises(Exception, match="đã được nhập hoặc đã hủy"):
        package_import_apply(actor=board_admin, package_import=upload)


def test_it_still_imports_the_same_package_twice_without_losses(org: Org, board_admin: Any) -> None:
    imported(org.cluster_year)
    upload = package_import_upload(
        actor=board_admin, cluster_year=org.cluster_year, file_name="lai.yaml", content=example_yaml()
    )
    preview = package_import_preview(upload)
    assert preview.losses == [] and preview.refusal == "" and not preview.framework_changed


def test_it_points_a_framework_file_on_the_package_import_page_to_the_framework_page(
    org: Org, board_admin: Any
) -> None:
    version = imported(org.cluster_year).framework_version
    content = (
        _client(board_admin).get(reverse("agreements:framework_export", args=[version.pk, "yaml"])).content
    )
    upload = package_import_upload(
        actor=board_admin, cluster_year=org.other_cluster_year, file_name="td.yaml", content=content
    )
    preview = package_import_preview(upload)
    assert [str(problem) for problem in preview.problems] == [
        "tệp: tệp này chỉ có thang điểm, không có thành viên và số liệu: hãy nhập ở trang Thang điểm thi đua "
        "(“Nhập thang điểm từ tệp”) rồi chọn thang điểm cho giao ước"
    ]


def test_it_records_what_an_applied_import_replaced(org: Org, board_admin: Any) -> None:
    reported = dict.fromkeys(("VINH-HOA", "THANH-LOC", "AN-MINH"), dt.date(2026, 12, 10))
    imported(org.cluster_year, dump_yaml(with_reports(example_package(), reported)).encode())
    upload = package_import_upload(
        actor=board_admin, cluster_year=org.cluster_year, file_name="lai.yaml", content=example_yaml()
    )
    package_import_apply(actor=board_admin, package_import=upload)
    assert Submission.objects.count() == 0
    event = AuditEvent.objects.filter(action="agreement.import").latest("id")
    assert event.actor == board_admin
    assert "Xã An Minh: 10/12/2026 → xóa" in event.after["replaced"]["Ngày nộp báo cáo"]


def test_it_exports_and_imports_a_framework_through_the_api(org: Org, board_admin: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    version = imported(org.cluster_year).framework_version
    client = Client()
    client.force_login(board_admin)
    exported = client.get(f"/api/v1/framework-versions/{version.pk}/file?format=xlsx")
    assert exported.status_code == 200
    again = client.post(
        "/api/v1/frameworks/import", {"file": SimpleUploadedFile("td.xlsx", exported.content)}
    )
    assert again.status_code == 200, again.content
    assert again.json()["version"]["id"] == version.pk and again.json()["created"] is False
    assert FrameworkVersion.objects.count() == 1

    chosen = client.put(
        f"/api/v1/cluster-years/{org.other_cluster_year.pk}/agreement/framework",
        {"version_id": version.pk},
        content_type="application/json",
    )
    assert chosen.status_code == 200, chosen.content
    assert chosen.json()["framework_version"]["id"] == version.pk
    assert Agreement.objects.get(cluster_year=org.other_cluster_year).framework_version == version
