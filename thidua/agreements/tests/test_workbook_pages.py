"""The Excel workbook through the pages: the example imported as .xlsx (preview, then apply), and an export to
.xlsx that reads back to the same Package."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from thidua.agreements.models import Agreement, CriterionLine, ImportStatus, PackageImport
from thidua.agreements.packaging import agreement_package
from thidua.agreements.tests.helpers import example_package, imported
from thidua.conftest import PERSONA_PASSWORD
from thidua.core.models import AuditEvent
from thidua.packages.workbook import read_workbook, workbook_bytes, workbook_package

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _client(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PERSONA_PASSWORD)
    return client


def _upload(client: Client, cluster_year: Any, content: bytes, name: str = "cum5.xlsx") -> Any:
    return client.post(
        reverse("agreements:import_upload", args=[cluster_year.pk]),
        {"file": SimpleUploadedFile(name, content, content_type=XLSX)},
    )


def test_it_imports_the_example_workbook_with_a_preview_then_applies_it(
    board_admin: Any, cluster_year: Any, units: Any
) -> None:
    package = example_package()
    client = _client(board_admin)
    response = _upload(client, cluster_year, workbook_bytes(package))
    package_import = PackageImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:import_preview", args=[package_import.pk])

    preview = client.get(response["Location"])
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Xem trước tệp cum5.xlsx" in page
    assert "Tạo phiên bản thang điểm mới từ tệp" in page
    assert "không nhập được" not in page
    assert Agreement.objects.count() == 0 and CriterionLine.objects.count() == 0

    applied = client.post(reverse("agreements:import_apply", args=[package_import.pk]))
    assert applied.status_code == 302
    agreement = Agreement.objects.get(cluster_year=cluster_year)
    line = CriterionLine.objects.get(agreement=agreement, unit=units["VINH-HOA"], criterion="1.1")
    assert (line.target, line.value_number) == (Decimal("40.5"), Decimal("45"))
    assert agreement_package(agreement) == package
    package_import.refresh_from_db()
    assert package_import.status == ImportStatus.APPLIED
    event = AuditEvent.objects.get(action="agreement.import")
    assert event.actor == board_admin and event.after["file_name"] == "cum5.xlsx"


def test_it_shows_a_broken_workbooks_errors_and_keeps_nothing(board_admin: Any, cluster_year: Any) -> None:
    package = example_package()
    wrong_year = dataclasses.replace(package, year=2025)
    client = _client(board_admin)
    _upload(client, cluster_year, workbook_bytes(wrong_year), "nam-truoc.xlsx")
    package_import = PackageImport.objects.get()
    page = client.get(reverse("agreements:import_preview", args=[package_import.pk])).content.decode()
    assert "year: năm 2025 khác năm thi đua 2026 đang nhập" in page
    assert "Nhập vào hệ thống" not in page
    client.post(reverse("agreements:import_apply", args=[package_import.pk]))
    assert Agreement.objects.count() == 0 and CriterionLine.objects.count() == 0
    assert not AuditEvent.objects.filter(action="agreement.import").exists()


def test_it_exports_a_workbook_that_reads_back_to_the_same_package(
    cluster_leader: Any, cluster_year: Any
) -> None:
    agreement = imported(cluster_year)
    response = _client(cluster_leader).get(
        reverse("agreements:agreement_export", args=[cluster_year.pk, "xlsx"])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="CUM5-2026.xlsx"'
    read, problems = workbook_package(response.content)
    assert problems == []
    assert read == agreement_package(agreement) == example_package()
    assert read_workbook(response.content) == read
