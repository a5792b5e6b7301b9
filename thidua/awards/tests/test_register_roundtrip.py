"""The register round-trips: its export imports back as it is, a line already in the register is refused or
skipped (never written twice), dates and numbers are real cells, and no exported cell is a formula."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from thidua.awards.models import AwardRecord, Decision, RegisterImport
from thidua.awards.selectors import RegisterFilters, register_statistics
from thidua.awards.services.register import award_record_create
from thidua.awards.tests.conftest import entry
from thidua.conftest import PERSONA_PASSWORD
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PERSONA_PASSWORD)
    return client


@pytest.fixture
def register(catalogue: int, board_admin: Any, province: Any, units: Any) -> list[AwardRecord]:
    lines = [
        ("Nguyễn Văn An", "individual", "VINH-HOA", "LDTT", "co_so", 2023, "nong_dan", "Xã đội trưởng"),
        ("Trần Thị Bình", "individual", "AN-MINH", "CSTDCS", "co_so", 2024, "can_bo", ""),
        ("Xã Vĩnh Hòa", "collective", "VINH-HOA", "CO_TINH", "tinh", 2023, "can_bo", ""),
        ('=HYPERLINK("http://x")', "individual", "AN-MINH", "LDTT", "co_so", 2023, "can_bo", "-Tổ trưởng"),
    ]
    return [
        award_record_create(
            actor=board_admin,
            province=province,
            entry=entry(
                award_code=code,
                recipient_kind=kind,
                recipient_name=name,
                unit=units[unit],
                year=year,
                category=category,
                level=level,
                position=position,
                decision_number=f"{year}/QĐ-UBND" if level == "co_so" else f"{year + 100}/QĐ-UBND",
                decision_date=dt.date(year + 1, 2, 1),
                signer_name="Trần Văn Bình",
                signer_title="Phó Chủ tịch",
            ),
        ).record
        for name, kind, unit, code, level, year, category, position in lines
    ]


def _lines(province: Any) -> list[tuple[Any, ...]]:
    """A province's register as comparable lines (unit by name: another province has other units)."""
    rows = AwardRecord.objects.filter(decision__province=province).select_related("decision", "award", "unit")
    return sorted(
        (
            r.decision.number,
            r.decision.date,
            r.decision.level,
            r.decision.signer_name,
            r.decision.signer_title,
            r.award.code,
            r.recipient_kind,
            r.recipient_name,
            r.unit.name if r.unit else r.unit_name,
            r.position,
            r.category,
            r.year,
            r.amount,
            r.status,
        )
        for r in rows
    )


def _send(client: Client, capture: Any, content: bytes, **data: Any) -> RegisterImport:
    upload = io.BytesIO(content)
    upload.name = "so-khen-thuong.xlsx"
    with capture(execute=True):
        response = client.post(reverse("awards:register_import"), {"file": upload, **data})
    assert response.status_code == 302, response.content
    return RegisterImport.objects.order_by("-id").first()  # type: ignore[return-value]


def test_it_imports_its_own_export_into_an_empty_province_and_adds_nothing_the_second_time(
    register: list[AwardRecord], board_admin: Any, org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from thidua.accounts.models import Role
    from thidua.conftest import make_persona

    export = login(board_admin).get(reverse("awards:register_export")).content
    other_board = make_persona("bantinhkhac", "Ban tỉnh khác", [(Role.BOARD_ADMIN, org.other_province, None)])
    client = login(other_board)
    job = _send(client, django_capture_on_commit_callbacks, export)
    assert job.status == "done", job.errors
    assert job.summary["records"] == 4 and job.summary["skipped"] == 0
    assert _lines(org.other_province) == _lines(org.province)

    again = _send(client, django_capture_on_commit_callbacks, export)
    assert again.status == "failed"
    assert again.errors[0] == (
        "Không nhập: 4 dòng đã có trong sổ (cùng quyết định, người hoặc tập thể được khen và hình thức khen "
        "thưởng). Sổ không ghi một dòng hai lần; chọn «Bỏ qua các dòng đã có trong sổ» để nhập các dòng còn lại."
    )
    assert again.errors[1] == (
        "Dòng 2: Trần Thị Bình – Chiến sĩ thi đua cơ sở theo Quyết định 2024/QĐ-UBND ngày 01/02/2025 đã có trong sổ"
    )
    assert len(again.errors) == 5

    skipped = _send(client, django_capture_on_commit_callbacks, export, on_existing="skip")
    assert skipped.status == "done" and skipped.summary["records"] == 0 and skipped.summary["skipped"] == 4
    page = client.get(reverse("awards:import_status", args=[skipped.pk])).content.decode()
    assert "Đã nhập 0 khen thưởng của 0 quyết định mới. Bỏ qua 4 dòng đã có trong sổ." in page
    assert _lines(org.other_province) == _lines(org.province)
    assert AwardRecord.objects.filter(decision__province=org.other_province).count() == 4
    assert Decision.objects.filter(province=org.other_province).count() == 3
    event = AuditEvent.objects.filter(action="awards.register_import").latest("id")
    assert event.after["records"] == 0 and event.after["skipped_existing"] == 4
    counts = {t.key: t.total for t in register_statistics(user=other_board, filters=RegisterFilters())}
    assert counts["award"] == 4


def test_it_refuses_a_file_with_a_line_already_in_the_register_and_writes_none_of_it(
    register: list[AwardRecord], board_admin: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = login(board_admin)
    export = client.get(reverse("awards:register_export"), {"award": "CO_TINH"}).content
    before = _lines(register[0].decision.province)
    job = _send(client, django_capture_on_commit_callbacks, export)
    assert job.status == "failed"
    assert job.errors[1] == (
        "Dòng 2: Xã Vĩnh Hòa – Cờ thi đua của Ủy ban nhân dân tỉnh theo Quyết định 2123/QĐ-UBND ngày "
        "01/02/2024 đã có trong sổ"
    )
    assert _lines(register[0].decision.province) == before
    assert not AuditEvent.objects.filter(action="awards.register_import").exists()


def test_it_exports_dates_and_numbers_as_cells_and_formula_text_as_text(
    register: list[AwardRecord], board_admin: Any
) -> None:
    export = login(board_admin).get(reverse("awards:register_export"), {"award": "LDTT"}).content
    sheet = load_workbook(io.BytesIO(export)).active
    header = [c.value for c in sheet[1]]
    assert header[0] == "Số quyết định"
    rows = list(sheet.iter_rows(min_row=2))
    col = {title: index for index, title in enumerate(header)}
    for row in rows:
        assert (
            row[col["Ngày quyết định"]].is_date and row[col["Ngày quyết định"]].number_format == "dd/mm/yyyy"
        )
        assert isinstance(row[col["Năm thành tích"]].value, int)
        assert isinstance(row[col["Tiền thưởng (đồng)"]].value, int)
        assert all(cell.data_type != "f" for cell in row)
    names = {row[col["Cá nhân, tập thể"]].value: row for row in rows}
    injected = names['=HYPERLINK("http://x")']
    assert injected[col["Cá nhân, tập thể"]].data_type == "s"
    assert injected[col["Chức vụ"]].value == "-Tổ trưởng" and injected[col["Chức vụ"]].data_type == "s"
    assert injected[col["Người ký"]].value == "Trần Văn Bình"
