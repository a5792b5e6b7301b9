"""Subjects with their yearly record checked against the database catalogue; revoked awards leave chains;
the board edits the catalogue (audited) and the check follows the edit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.awards.models import CatalogueAward, EligibilityConfirmation, SubjectYear
from thidua.awards.services.catalogue import catalogue_award_update, database_catalogue
from thidua.awards.services.register import award_record_create, award_revoke
from thidua.awards.services.subjects import (
    YearEntry,
    eligibility_confirm,
    subject_check,
    subject_create,
    subject_year_set,
)
from thidua.awards.tests.conftest import entry
from thidua.conftest import PERSONA_PASSWORD
from thidua.core.errors import AccessDenied, InvalidInput
from thidua.core.models import AuditEvent
from thidua.eligibility import load_catalogue

pytestmark = pytest.mark.django_db


def login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PERSONA_PASSWORD)
    return client


def test_it_loads_the_catalogue_equal_to_the_shipped_file(catalogue: int) -> None:
    stored, shipped = database_catalogue(), load_catalogue()
    assert stored.awards == shipped.awards
    assert stored.regimes == shipped.regimes


@pytest.fixture
def person(catalogue: int, unit_officer: Any, units: Any) -> Any:
    subject = subject_create(
        actor=unit_officer,
        unit=units["AN-MINH"],
        kind="individual",
        name="Phạm Thị Hoa",
        recruited=dt.date(2015, 1, 1),
    )
    for year in (2022, 2023, 2024):
        subject_year_set(
            actor=unit_officer,
            subject=subject,
            entry=YearEntry(year=year, rating="HTXSNV", initiatives=(("tinh", f"Sáng kiến {year}"),)),
        )
    return subject


def _give_cstdcs(board_admin: Any, province: Any, person: Any, year: int) -> Any:
    from dataclasses import replace

    made = entry(
        award_code="CSTDCS",
        recipient_kind="individual",
        recipient_name=person.name,
        year=year,
        level="co_so",
        decision_number=f"{year}/QĐ-UBND",
        decision_date=dt.date(year + 1, 1, 15),
        unit=person.unit,
    )
    return award_record_create(
        actor=board_admin, province=province, entry=replace(made, subject=person)
    ).record


def test_it_checks_a_chain_and_drops_a_revoked_award_from_it(
    person: Any, board_admin: Any, province: Any
) -> None:
    records = [_give_cstdcs(board_admin, province, person, year) for year in (2022, 2023, 2024)]
    asked = subject_check(subject=person, award_code="CSTD_TINH", year=2024).to_confirm
    eligibility_confirm(
        actor=board_admin, subject=person, award_code="CSTD_TINH", year=2024, items=list(asked)
    )
    assert subject_check(subject=person, award_code="CSTD_TINH", year=2024).eligible
    award_revoke(
        actor=board_admin,
        award_record=records[1],
        decision_number="77/QĐ-UBND",
        decision_date=dt.date(2025, 5, 1),
        signer_name="",
        signer_title="",
        reason="Sáng kiến không đúng sự thật",
    )
    verdict = subject_check(subject=person, award_code="CSTD_TINH", year=2024)
    assert not verdict.eligible
    assert any("2023" in finding.text and not finding.met for finding in verdict.findings)


def test_it_records_who_confirmed_each_qualitative_condition(
    person: Any, unit_officer: Any, observer: Any
) -> None:
    verdict = subject_check(subject=person, award_code="LDTT", year=2024)
    first = verdict.to_confirm[0]
    with pytest.raises(AccessDenied):
        eligibility_confirm(actor=observer, subject=person, award_code="LDTT", year=2024, items=[first])
    assert not EligibilityConfirmation.objects.exists()
    with pytest.raises(InvalidInput):
        eligibility_confirm(
            actor=unit_officer, subject=person, award_code="LDTT", year=2024, items=["Điều tự bịa"]
        )
    eligibility_confirm(actor=unit_officer, subject=person, award_code="LDTT", year=2024, items=[first])
    confirmation = EligibilityConfirmation.objects.get()
    assert confirmation.confirmed_by == unit_officer and confirmation.item == first
    assert AuditEvent.objects.get(action="awards.eligibility_confirm").after["items"] == [first]


def test_it_shows_the_verdict_and_the_points_to_confirm(person: Any, unit_officer: Any) -> None:
    response = login(unit_officer).get(
        reverse("awards:subject_detail", args=[person.pk]), {"award": "LDTT", "year": "2024"}
    )
    assert response.status_code == 200
    # Every condition of the record holds; the qualitative ones wait for a person.
    assert response.context["verdict"].result == "to_review"
    assert "Chưa xác nhận: Chấp hành tốt chủ trương của Đảng" in response.content.decode()
    asked = response.context["verdict"].to_confirm
    eligibility_confirm(actor=unit_officer, subject=person, award_code="LDTT", year=2024, items=list(asked))
    again = login(unit_officer).get(
        reverse("awards:subject_detail", args=[person.pk]), {"award": "LDTT", "year": "2024"}
    )
    assert again.context["verdict"].result == "eligible"
    who = unit_officer.get_full_name() or unit_officer.get_username()
    assert f"Đã xác nhận: Chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước ({who}, " in (
        again.content.decode()
    )


def test_it_refuses_a_year_record_to_an_officer_of_another_unit(person: Any, cluster_leader: Any) -> None:
    with pytest.raises(AccessDenied):
        subject_year_set(actor=cluster_leader, subject=person, entry=YearEntry(year=2025, rating="HTNV"))
    assert not SubjectYear.objects.filter(year=2025).exists()


def test_it_refuses_an_unknown_title(person: Any, unit_officer: Any) -> None:
    with pytest.raises(InvalidInput) as caught:
        subject_year_set(actor=unit_officer, subject=person, entry=YearEntry(year=2025, titles=("CHIEN_SI",)))
    assert caught.value.message == "Danh hiệu CHIEN_SI không có trong danh mục khen thưởng."


def test_it_lets_the_board_edit_an_award_and_the_check_follows(person: Any, board_admin: Any) -> None:
    award = CatalogueAward.objects.get(code="LDTT")
    rules = award.rules.replace('"months": 6', '"months": 240')
    catalogue_award_update(
        actor=board_admin,
        code="LDTT",
        name=award.name,
        decided_by=award.decided_by,
        coefficient=Decimal("0.4"),
        rules=rules,
        reason="Quy định riêng của tỉnh",
    )
    event = AuditEvent.objects.get(action="awards.catalogue_award_update")
    assert event.before["coefficient"] == "0.30" and event.after["coefficient"] == "0.4"
    assert event.reason == "Quy định riêng của tỉnh"
    assert not subject_check(subject=person, award_code="LDTT", year=2024).eligible


def test_it_refuses_a_catalogue_edit_that_breaks_the_catalogue(
    catalogue: int, board_admin: Any, observer: Any
) -> None:
    award = CatalogueAward.objects.get(code="LDTT")
    with pytest.raises(AccessDenied):
        catalogue_award_update(
            actor=observer, code="LDTT", name="X", decided_by="", coefficient=None, rules=award.rules
        )
    with pytest.raises(InvalidInput):
        catalogue_award_update(
            actor=board_admin,
            code="LDTT",
            name="X",
            decided_by="",
            coefficient=None,
            rules='{"LAW2022": {"individual": {"conditions": [{"rule": "khong_co"}]}}}',
        )
    award.refresh_from_db()
    assert award.name == "Lao động tiên tiến"
    assert not AuditEvent.objects.filter(action="awards.catalogue_award_update").exists()


@pytest.mark.parametrize(
    "persona",
    ["board_admin", "council_member", "cluster_leader", "unit_officer", "data_source_reviewer", "observer"],
)
def test_it_opens_every_list_page_to_each_role(catalogue: int, persona: str, request: Any) -> None:
    client = login(request.getfixturevalue(persona))
    for name in (
        "awards:register",
        "awards:statistics",
        "awards:catalogue",
        "awards:subjects",
        "awards:dossiers",
    ):
        assert client.get(reverse(name)).status_code == 200, name


def _subjects_xlsx(rows: list[list[Any]]) -> Any:
    import io

    from openpyxl import Workbook

    from thidua.awards.importing import SUBJECT_COLUMNS

    book = Workbook()
    book.active.append([title for _f, title in SUBJECT_COLUMNS])
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "doi-tuong.xlsx"
    return out


ROW_2023 = [
    "Đỗ Văn Khoa",
    "Cá nhân",
    "AN-MINH",
    "Chuyên viên",
    dt.datetime(2018, 3, 1),
    "Cán bộ, công chức, viên chức",
    2023,
    "hoàn thành xuất sắc nhiệm vụ",
    "CSTDCS",
    "tinh | Phần mềm một cửa",
    "",
]


def _send_subjects(user: Any, rows: list[list[Any]], capture: Any) -> Any:
    """Post the file; the import runs right after the commit (immediate backend); the page follows it."""
    client = login(user)
    with capture(execute=True):
        response = client.post(reverse("awards:subject_import"), {"file": _subjects_xlsx(rows)})
    assert response.status_code == 302
    return client.get(response["Location"])


def test_it_imports_subjects_and_years_with_one_audit_event(
    catalogue: int, unit_officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from thidua.awards.models import Subject

    row_2024 = list(ROW_2023)
    row_2024[6], row_2024[8], row_2024[9] = 2024, "LDTT, CSTDCS", ""
    page = _send_subjects(unit_officer, [ROW_2023, row_2024], django_capture_on_commit_callbacks)
    html = page.content.decode()
    assert "Đã nhập 2 dòng kết quả năm, thêm 1 đối tượng mới." in html
    assert f'href="{reverse("awards:subjects")}"' in html
    subject = Subject.objects.get()
    assert subject.recruited == dt.date(2018, 3, 1)
    years = {y.year: y for y in subject.years.all()}
    assert years[2023].rating == "HTXSNV" and years[2023].initiatives == [
        {"scope": "tinh", "title": "Phần mềm một cửa"}
    ]
    assert years[2024].titles == ["LDTT", "CSTDCS"]
    event = AuditEvent.objects.get(action="awards.subjects_import")
    assert event.after["subjects_created"] == 1 and event.after["years"] == 2


def test_it_imports_no_subject_when_a_row_is_wrong(
    catalogue: int, unit_officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from thidua.awards.models import Subject

    wrong = list(ROW_2023)
    wrong[9] = "huyen | Sáng kiến"
    page = _send_subjects(unit_officer, [ROW_2023, wrong], django_capture_on_commit_callbacks)
    assert page.context["job"].status == "failed"
    assert page.context["job"].errors == [
        "Dòng 3, cột J (Sáng kiến): Phạm vi sáng kiến “huyen” phải là co_so, tinh hoặc toan_quoc."
    ]
    assert not Subject.objects.exists()


def test_it_refuses_subjects_of_a_unit_that_is_not_yours(
    catalogue: int, cluster_leader: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from thidua.awards.models import Subject

    # The rows' units are checked when the worker writes, as the user who sent the file.
    page = _send_subjects(cluster_leader, [ROW_2023], django_capture_on_commit_callbacks)
    assert page.context["job"].errors == ["Bạn không có quyền quản lý đối tượng khen thưởng của Xã An Minh."]
    assert not Subject.objects.exists()
    assert not AuditEvent.objects.filter(action="awards.subjects_import").exists()


def test_it_refuses_the_subjects_import_to_a_user_without_units(catalogue: int, outsider: Any) -> None:
    response = login(outsider).post(reverse("awards:subject_import"), {"file": _subjects_xlsx([ROW_2023])})
    assert response.status_code == 403
