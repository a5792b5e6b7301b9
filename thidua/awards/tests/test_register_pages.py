"""Register pages per persona: search without diacritics, export equals screen, import errors, statistics,
certificates and the public verification page."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from thidua.awards.importing import IMPORT_COLUMNS
from thidua.awards.models import AwardRecord, AwardStatus, Decision, RegisterImport
from thidua.awards.selectors import REGISTER_COLUMNS, SCREEN_COLUMNS
from thidua.awards.services.imports import import_run
from thidua.awards.services.register import award_record_create, award_revoke
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
    people = [
        ("Nguyễn Văn An", "VINH-HOA", "LDTT", 2023, "nong_dan"),
        ("Trần Thị Bình", "AN-MINH", "LDTT", 2023, "can_bo"),
        ("Lê Đức Anh", "AN-MINH", "CSTDCS", 2024, "cong_nhan"),
    ]
    made = [
        award_record_create(
            actor=board_admin,
            province=province,
            entry=entry(
                award_code=code,
                recipient_kind="individual",
                recipient_name=name,
                unit=units[unit],
                year=year,
                category=category,
                level="co_so",
                decision_number=f"{year}/QĐ-UBND",
                decision_date=dt.date(year + 1, 2, 1),
            ),
        ).record
        for name, unit, code, year, category in people
    ]
    made.append(
        award_record_create(actor=board_admin, province=province, entry=entry(unit=units["VINH-HOA"])).record
    )
    return made


def test_it_finds_a_name_typed_without_diacritics(register: list[AwardRecord], board_admin: Any) -> None:
    response = login(board_admin).get(reverse("awards:register"), {"q": "NGUYEN van an"})
    assert response.status_code == 200
    names = [record.recipient_name for record, _cells in response.context["rows"]]
    assert names == ["Nguyễn Văn An"]


def test_it_finds_d_with_stroke_by_plain_d(register: list[AwardRecord], board_admin: Any) -> None:
    response = login(board_admin).get(reverse("awards:register"), {"q": "duc anh"})
    assert [r.recipient_name for r, _c in response.context["rows"]] == ["Lê Đức Anh"]


def test_it_shows_a_unit_officer_only_their_units_awards(
    register: list[AwardRecord], unit_officer: Any
) -> None:
    response = login(unit_officer).get(reverse("awards:register"))
    assert response.status_code == 200
    assert sorted(r.recipient_name for r, _c in response.context["rows"]) == ["Lê Đức Anh", "Trần Thị Bình"]


def test_it_shows_nothing_to_a_user_of_another_province(
    register: list[AwardRecord], db: Any, org: Any
) -> None:
    from thidua.accounts.models import Role
    from thidua.conftest import make_persona

    stranger = make_persona("khac", "Ban tỉnh khác", [(Role.BOARD_ADMIN, org.other_province, None)])
    response = login(stranger).get(reverse("awards:register"))
    assert response.context["rows"] == []
    assert login(stranger).get(reverse("awards:record_detail", args=[register[0].pk])).status_code == 404


def test_it_exports_exactly_the_rows_on_screen(register: list[AwardRecord], board_admin: Any) -> None:
    client = login(board_admin)
    params = {"award": "LDTT", "year": "2023"}
    screen = client.get(reverse("awards:register"), params)
    export = client.get(reverse("awards:register_export"), params)
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True) if any(c is not None for c in row)]
    # The header is row 1 (no title above it), so the file imports back as it is; the signer is exported too.
    assert rows[0] == [c.header for c in REGISTER_COLUMNS]
    assert {"Người ký", "Chức vụ người ký"} <= set(rows[0])
    body = rows[1:]
    shown = [cells for _r, cells in screen.context["rows"]]
    assert len(body) == len(shown) == 2
    for excel_row, screen_row in zip(body, shown, strict=True):
        by_header = dict(zip(rows[0], excel_row, strict=True))
        for column, text in zip(SCREEN_COLUMNS, screen_row, strict=True):
            value = by_header[column.header]
            if column.kind == "date":
                assert isinstance(value, dt.datetime) and f"{value:%d/%m/%Y}" == text
            elif column.kind == "money":
                assert isinstance(value, int) and f"{value:,}".replace(",", ".") == text
            elif column.kind == "integer":
                assert isinstance(value, int) and str(value) == text
            else:
                assert ("" if value is None else value) == text


def test_it_serves_the_same_list_through_the_api(register: list[AwardRecord], board_admin: Any) -> None:
    client = login(board_admin)
    api = client.get("/api/v1/awards", {"q": "nguyen", "award": "LDTT"}).json()
    screen = client.get(reverse("awards:register"), {"q": "nguyen", "award": "LDTT"})
    assert api["count"] == 1
    assert [item["cells"] for item in api["items"]] == [cells for _r, cells in screen.context["rows"]]


def _xlsx(rows: list[list[Any]]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.title = "Sổ"
    sheet.append([title for _f, title in IMPORT_COLUMNS])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "so.xlsx"
    return out


GOOD = [
    "12/QĐ-UBND",
    dt.datetime(2020, 3, 2),
    "Cấp cơ sở",
    "Lê Văn C",
    "Chủ tịch UBND xã",
    "LDTT",
    "Cá nhân",
    "Phạm Văn Dũng",
    "AN-MINH",
    "Nông dân",
    "nong dan truc tiep san xuat",
    2019,
]


def send(client: Client, url: str, capture: Any, data: dict[str, Any]) -> Any:
    """Post the file; the task runs right after the commit (immediate backend), and the page follows it."""
    with capture(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content
    return client.get(response["Location"])


def test_it_imports_every_row_with_one_audit_event(
    catalogue: int, board_admin: Any, units: Any, django_capture_on_commit_callbacks: Any
) -> None:
    second = list(GOOD)
    second[7] = "Hợp tác xã Cũ"
    second[6] = "Tập thể"
    second[5] = "BK_TINH"
    second[2] = "tinh"
    second[8] = "HTX đã giải thể"
    second[0] = "13/QĐ-UBND"
    page = send(
        login(board_admin),
        reverse("awards:register_import"),
        django_capture_on_commit_callbacks,
        {"file": _xlsx([GOOD, second])},
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Đã nhập 2 khen thưởng của 2 quyết định mới." in html
    assert f'href="{reverse("awards:register")}"' in html and "hx-trigger" not in html
    job = RegisterImport.objects.get()
    assert (job.status, job.rows_total, job.rows_read, job.rows_checked) == ("done", 2, 2, 2)
    assert job.summary["records"] == 2 and job.requested_by == board_admin
    first, other = AwardRecord.objects.order_by("id")
    assert (
        first.unit == units["AN-MINH"]
        and first.category == "nong_dan"
        and first.decision.number == "12/QĐ-UBND"
    )
    assert other.unit is None and other.unit_name == "HTX đã giải thể"
    event = AuditEvent.objects.get(action="awards.register_import")
    assert event.after["records"] == 2 and event.after["decisions_created"] == 2
    assert event.actor_id == board_admin.pk
    assert AuditEvent.objects.filter(action="awards.record_create").count() == 0


def test_it_imports_nothing_and_names_row_and_column_of_each_error(
    catalogue: int, board_admin: Any, django_capture_on_commit_callbacks: Any
) -> None:
    bad_award = list(GOOD)
    bad_award[5] = "KHONG_CO"
    bad_year = list(GOOD)
    bad_year[11] = 2021
    page = send(
        login(board_admin),
        reverse("awards:register_import"),
        django_capture_on_commit_callbacks,
        {"file": _xlsx([GOOD, bad_award, bad_year])},
    )
    job = page.context["job"]
    assert job.status == "failed" and job.rows_checked == 1 and job.rows_read == 3
    errors = job.errors
    assert errors[0].startswith("Dòng 3, cột F (Mã khen thưởng): ")
    assert errors[1] == "Dòng 4, cột L (Năm thành tích): Năm thành tích không thể sau năm ký quyết định."
    html = page.content.decode()
    assert "Trang tính «Sổ»: không nhập dòng nào vì có lỗi" in html
    assert "Dòng 4, cột L (Năm thành tích): Năm thành tích không thể sau năm ký quyết định." in html
    assert not AwardRecord.objects.exists() and not Decision.objects.exists()
    assert not AuditEvent.objects.filter(action="awards.register_import").exists()


def test_it_imports_into_the_province_the_board_admin_chose(
    catalogue: int, org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from thidua.accounts.models import Role
    from thidua.conftest import make_persona

    both = make_persona(
        "haitinh",
        "Ban của hai tỉnh",
        [(Role.BOARD_ADMIN, org.province, None), (Role.BOARD_ADMIN, org.other_province, None)],
    )
    client = login(both)
    form = client.get(reverse("awards:register_import")).context["form"]
    assert {p.pk for p in form.fields["province"].queryset} == {org.province.pk, org.other_province.pk}
    send(
        client,
        reverse("awards:register_import"),
        django_capture_on_commit_callbacks,
        {"file": _xlsx([GOOD]), "province": org.other_province.pk},
    )
    record = AwardRecord.objects.get()
    assert record.decision.province == org.other_province
    # AN-MINH is a commune of the first province: in the other one it is kept as a name only.
    assert record.unit is None and record.unit_name == "AN-MINH"
    event = AuditEvent.objects.get(action="awards.register_import")
    assert event.province_id == org.other_province.pk


def test_it_refuses_a_province_the_user_is_not_board_of(
    catalogue: int, board_admin: Any, org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = login(board_admin).post(
            reverse("awards:register_import"), {"file": _xlsx([GOOD]), "province": org.other_province.pk}
        )
    assert response.status_code == 400
    assert not RegisterImport.objects.exists() and not AwardRecord.objects.exists()


def test_it_shows_progress_until_the_worker_has_finished(
    catalogue: int, board_admin: Any, observer: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    # The database backend queues the task; nothing runs until the worker (here: the task body) takes it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = login(board_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("awards:register_import"), {"file": _xlsx([GOOD])})
    job = RegisterImport.objects.get()
    assert response["Location"] == reverse("awards:import_status", args=[job.pk])
    assert DBTaskResult.objects.get().args_kwargs["args"] == [job.pk, "refuse"]
    # The upload is kept privately until the worker reads it, never under the static files.
    stored = Path(job.file.path)
    assert stored.is_file() and stored.parent.parent.parent.name == "awards-private"
    assert not stored.is_relative_to(Path(str(settings.STATIC_ROOT)))
    panel = client.get(reverse("awards:import_status", args=[job.pk]), headers={"HX-Request": "true"})
    html = panel.content.decode()
    assert 'hx-trigger="every 2s"' in html and "Đang chờ đến lượt nhập." in html
    assert "<html" not in html and not AwardRecord.objects.exists()
    # Another reader of the province does not follow someone else's import.
    assert login(observer).get(reverse("awards:import_status", args=[job.pk])).status_code == 404

    assert import_run(import_id=job.pk) == "done"
    # A second run of the same task (a worker restarted) finds the import taken and writes nothing more.
    assert import_run(import_id=job.pk) == "skipped"
    assert AwardRecord.objects.count() == 1
    assert AuditEvent.objects.filter(action="awards.register_import").count() == 1
    assert not stored.exists()
    html = client.get(reverse("awards:import_status", args=[job.pk])).content.decode()
    assert "hx-trigger" not in html and "Đã nhập 1 khen thưởng của 1 quyết định mới." in html


def test_it_refuses_a_file_that_is_not_a_workbook(
    catalogue: int, board_admin: Any, django_capture_on_commit_callbacks: Any
) -> None:
    junk = io.BytesIO(b"not a workbook")
    junk.name = "so.xlsx"
    page = send(
        login(board_admin),
        reverse("awards:register_import"),
        django_capture_on_commit_callbacks,
        {"file": junk},
    )
    assert page.context["job"].errors == ["Tệp không phải bảng tính Excel (.xlsx) đọc được."]
    assert "Không nhập dòng nào vì có lỗi" in page.content.decode()


@pytest.mark.parametrize("persona", ["council_member", "unit_officer", "observer"])
def test_it_refuses_import_to_anyone_but_the_board(catalogue: int, persona: str, request: Any) -> None:
    response = login(request.getfixturevalue(persona)).post(
        reverse("awards:register_import"), {"file": _xlsx([GOOD])}
    )
    assert response.status_code == 403
    assert not AwardRecord.objects.exists()


def test_it_counts_awards_by_every_dimension(
    register: list[AwardRecord], board_admin: Any, observer: Any
) -> None:
    award_revoke(
        actor=board_admin,
        award_record=register[0],
        decision_number="9/QĐ",
        decision_date=dt.date(2025, 1, 1),
        signer_name="",
        signer_title="",
        reason="Sai hồ sơ",
    )
    response = login(observer).get(reverse("awards:statistics"))
    assert response.status_code == 200
    tables = {t.key: {b.label: b.count for b in t.rows} for t in response.context["tables"]}
    assert tables["award"] == {
        "Lao động tiên tiến": 1,
        "Chiến sĩ thi đua cơ sở": 1,
        "Cờ thi đua của Ủy ban nhân dân tỉnh": 1,
    }
    assert tables["kind"] == {"Cá nhân": 2, "Tập thể": 1}
    assert tables["category"]["Công nhân trực tiếp sản xuất"] == 1
    assert "Nông dân trực tiếp sản xuất" not in tables["category"]  # the revoked award is not counted
    assert b"<svg" in response.content and b"style=" not in response.content


def test_it_marks_a_revoked_award_in_the_list(register: list[AwardRecord], board_admin: Any) -> None:
    award_revoke(
        actor=board_admin,
        award_record=register[1],
        decision_number="9/QĐ",
        decision_date=dt.date(2025, 1, 1),
        signer_name="",
        signer_title="",
        reason="Sai hồ sơ",
    )
    response = login(board_admin).get(reverse("awards:register"), {"q": "binh"})
    ((_record, cells),) = response.context["rows"]
    assert cells[-1] == "Đã thu hồi (QĐ 9/QĐ)"


def test_it_verifies_a_certificate_publicly_revealing_only_the_award(
    register: list[AwardRecord], board_admin: Any
) -> None:
    record = register[0]
    pdf = login(board_admin).get(reverse("awards:certificate", args=[record.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    page = Client().get(reverse("awards:verify", args=[record.verify_token]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Nguyễn Văn An" in text and "2023/QĐ-UBND" in text and "Lao động tiên tiến" in text
    # What the certificate itself prints (issuer, unit, year) is confirmed; money and category are not public.
    assert "<dt>Đơn vị</dt><dd>Xã Vĩnh Hòa</dd>" in text and "<dt>Năm thành tích</dt><dd>2023</dd>" in text
    assert "450.000" not in text and "nong" not in text.lower().replace("nông", "")
    # Change the last character to a different one, whatever it was, so the token can never stay the same.
    last = record.verify_token[-1]
    wrong = record.verify_token[:-1] + ("x" if last != "x" else "y")
    assert Client().get(reverse("awards:verify", args=[wrong])).status_code == 404


def test_it_refuses_a_certificate_to_a_user_who_cannot_see_the_award(
    register: list[AwardRecord], unit_officer: Any
) -> None:
    response = login(unit_officer).get(reverse("awards:certificate", args=[register[0].pk]))
    assert response.status_code == 404


def test_it_enters_an_award_through_the_form(catalogue: int, board_admin: Any, units: Any) -> None:
    data = dict(zip([f for f, _t in IMPORT_COLUMNS], GOOD, strict=True))
    data["decision_date"] = "02/03/2020"
    response = login(board_admin).post(reverse("awards:record_create"), data)
    assert response.status_code == 302
    record = AwardRecord.objects.get()
    assert record.status == AwardStatus.ACTIVE and record.unit == units["AN-MINH"]
    assert AuditEvent.objects.filter(action="awards.record_create", object_id=str(record.pk)).exists()
