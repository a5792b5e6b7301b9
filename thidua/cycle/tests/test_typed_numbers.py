"""Numbers typed on the report page and in the unit's workbook are read the Vietnamese way (issue 10, seen 11)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from thidua.agreements.models import CriterionLine
from thidua.conftest import PERSONA_PASSWORD, Org
from thidua.core.models import AuditEvent
from thidua.cycle.models import Cycle, CycleState
from thidua.cycle.tests.conftest import line_of, move_to

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def client_for(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PERSONA_PASSWORD)
    return client


@pytest.fixture
def reporting_cycle(cycle: Cycle) -> Cycle:
    return move_to(cycle, CycleState.REPORTING)


def _save(client: Client, line_pk: int, value: str, version: int = 0) -> Any:
    return client.post(
        reverse("cycle:line_save", args=[line_pk]),
        {"version": version, "value": value, "comment": ""},
        HTTP_HX_REQUEST="true",
    )


def test_it_stores_1_200_typed_on_the_report_page_as_one_thousand_two_hundred(
    reporting_cycle: Cycle, unit_officer: Any
) -> None:
    line = line_of(reporting_cycle, "AN-MINH", "1.3")
    response = _save(client_for(unit_officer), line.pk, "1.200")
    body = response.content.decode()
    assert response.status_code == 200
    assert CriterionLine.objects.get(unit__code="AN-MINH", criterion="1.3").value_number == Decimal(1200)
    assert 'value="1.200"' in body  # shown back as it was read
    audit = AuditEvent.objects.filter(action="cycle.line_save").latest("id")
    assert audit.after["value"] == "1.200"


def test_it_stores_a_decimal_with_a_comma(reporting_cycle: Cycle, unit_officer: Any) -> None:
    line = line_of(reporting_cycle, "AN-MINH", "1.1")
    assert _save(client_for(unit_officer), line.pk, "1.200,5").status_code == 200
    assert CriterionLine.objects.get(unit__code="AN-MINH", criterion="1.1").value_number == Decimal("1200.5")


def test_it_refuses_an_ambiguous_number_on_the_report_page_and_keeps_the_line(
    reporting_cycle: Cycle, unit_officer: Any
) -> None:
    line = line_of(reporting_cycle, "AN-MINH", "1.1")
    before = AuditEvent.objects.count()
    response = _save(client_for(unit_officer), line.pk, "1.5")
    body = response.content.decode()
    assert response.status_code == 400
    assert (
        "“1.5” không rõ nghĩa: viết 1,5 (số thập phân, dùng dấu phẩy) hay 1.500 (dấu chấm ngăn cách hàng nghìn)"
        in body
    )
    assert CriterionLine.objects.get(unit__code="AN-MINH", criterion="1.1").value_number == Decimal("78.4")
    assert AuditEvent.objects.count() == before


def test_it_reads_1_200_in_the_units_workbook_as_one_thousand_two_hundred_and_refuses_1_5_by_cell(
    reporting_cycle: Cycle, unit_officer: Any, org: Org
) -> None:
    client = client_for(unit_officer)
    unit = org.units["AN-MINH"]
    download = client.get(reverse("cycle:report_download", args=[reporting_cycle.pk, unit.pk]))
    book = load_workbook(io.BytesIO(download.content))
    sheet = book["Báo cáo"]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(5, sheet.max_row + 1)}
    sheet.cell(row=rows["1.3"], column=6, value="1.200")
    sheet.cell(row=rows["1.1"], column=6, value="1.5")
    bad = io.BytesIO()
    book.save(bad)
    url = reverse("cycle:report_upload", args=[reporting_cycle.pk, unit.pk])
    refused = client.post(url, {"file": SimpleUploadedFile("bao-cao.xlsx", bad.getvalue(), XLSX)})
    assert refused.status_code == 400
    assert (
        f"Trang “Báo cáo”, dòng {rows['1.1']}, cột F (Thực hiện): “1.5” không rõ nghĩa: viết 1,5 "
        "(số thập phân, dùng dấu phẩy) hay 1.500 (dấu chấm ngăn cách hàng nghìn)"
    ) in refused.content.decode()
    sheet.cell(row=rows["1.1"], column=6, value=52.5)  # a number cell typed in Excel
    good = io.BytesIO()
    book.save(good)
    preview = client.post(url, {"file": SimpleUploadedFile("bao-cao.xlsx", good.getvalue(), XLSX)})
    assert preview.status_code == 200
    assert "1.200" in preview.content.decode() and "52,5" in preview.content.decode()
    applied = client.post(
        reverse("cycle:report_upload_apply", args=[reporting_cycle.pk, unit.pk]),
        {"token": preview.context["token"]},
    )
    assert applied.status_code == 302
    assert CriterionLine.objects.get(unit=unit, criterion="1.3").value_number == Decimal(1200)
    assert CriterionLine.objects.get(unit=unit, criterion="1.1").value_number == Decimal("52.5")
