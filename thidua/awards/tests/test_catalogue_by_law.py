"""Issue 12, seen 1 and 2: the eligibility of collectives in the pages, money for every form in the register and
its API, the catalogue shown by legal regime, awards chosen by name in the entry form and the imports."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from thidua.awards.forms import AwardEntryForm
from thidua.awards.importing import IMPORT_COLUMNS, parse_register_xlsx
from thidua.awards.models import AwardRecord, CatalogueAward, Subject, SubjectYear
from thidua.awards.services.catalogue import catalogue_refresh, database_catalogue
from thidua.awards.services.register import award_record_create
from thidua.awards.services.subjects import (
    YearEntry,
    eligibility_confirm,
    subject_check,
    subject_create,
    subject_year_set,
)
from thidua.awards.tests.conftest import entry
from thidua.conftest import PERSONA_PASSWORD
from thidua.core.errors import AccessDenied
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PERSONA_PASSWORD)
    return client


def failing_collective(actor: Any, unit: Any) -> Subject:
    """The collective of the issue: rated "không hoàn thành nhiệm vụ" with three members disciplined."""
    subject = subject_create(actor=actor, unit=unit, kind="collective", name="Phòng Kinh tế")
    for year in (2023, 2024):
        subject_year_set(
            actor=actor,
            subject=subject,
            entry=YearEntry(
                year=year,
                rating="KHTNV",
                members=12,
                members_completed=8,
                members_ldtt=3,
                members_cstdcs=0,
                disciplined=3,
            ),
        )
    return subject


def test_it_shows_a_failing_collective_not_eligible_with_the_clause(
    catalogue: int, board_admin: Any, units: Any
) -> None:
    subject = failing_collective(board_admin, units["AN-MINH"])
    for code in ("BK_TINH", "BK_TTG"):
        assert subject_check(subject=subject, award_code=code, year=2024).result == "not_eligible"
    page = login(board_admin).get(
        reverse("awards:subject_detail", args=[subject.pk]), {"award": "BK_TINH", "year": "2024"}
    )
    html = page.content.decode()
    assert "Xét Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2024: Không đủ điều kiện" in html
    assert "message--error" in html and "message--success" not in html
    assert "(Điều 74, khoản 2, điểm c Luật Thi đua, khen thưởng 2022)" in html
    assert "ĐỦ ĐIỀU KIỆN" not in html


def test_it_asks_a_person_to_review_a_form_with_nothing_to_check(
    catalogue: int, board_admin: Any, units: Any
) -> None:
    subject = failing_collective(board_admin, units["AN-MINH"])
    page = login(board_admin).get(
        reverse("awards:subject_detail", args=[subject.pk]), {"award": "GK", "year": "2024"}
    )
    html = page.content.decode()
    assert "Xét Giấy khen năm 2024: Cần xem xét" in html
    assert "message--warning" in html and "message--success" not in html
    assert "(Điều 75 Luật Thi đua, khen thưởng 2022)" in html


def test_it_counts_the_cluster_proposal_as_history_for_a_collective_bang_khen(
    catalogue: int, board_admin: Any, units: Any, org: Any
) -> None:
    from thidua.conference.models import Proposal
    from thidua.org.models import ClusterYear, Membership

    unit = units["AN-MINH"]
    subject = subject_create(actor=board_admin, unit=unit, kind="collective", name=unit.name)
    subject_year_set(
        actor=board_admin, subject=subject, entry=YearEntry(year=2024, rating="HTTNV", members=10)
    )
    assert subject_check(subject=subject, award_code="BK_TINH", year=2024).result == "not_eligible"
    membership = Membership.objects.filter(unit=unit).select_related("cluster_year").first()
    cluster_year = (
        membership.cluster_year
        if membership is not None
        else ClusterYear.objects.filter(cluster__province=unit.province_or_self_id).first()
    )
    assert cluster_year is not None
    if membership is None:
        Membership.objects.create(cluster_year=cluster_year, unit=unit)
    SubjectYear.objects.filter(subject=subject, year=2024).update(year=cluster_year.year)
    Proposal.objects.create(
        cluster_year=cluster_year,
        unit=unit,
        rank=2,
        award="Bằng khen của Chủ tịch UBND tỉnh",
        reason="Hạng 2, được cụm bình xét",
    )
    verdict = subject_check(subject=subject, award_code="BK_TINH", year=cluster_year.year)
    assert verdict.result == "to_review"  # the qualitative conditions are not confirmed yet
    assert not any(f.met is False for f in verdict.findings)
    assert verdict.findings[-2].article == "Điều 74, khoản 2, điểm a Luật Thi đua, khen thưởng 2022"
    eligibility_confirm(
        actor=board_admin,
        subject=subject,
        award_code="BK_TINH",
        year=cluster_year.year,
        items=list(verdict.to_confirm),
    )
    assert subject_check(subject=subject, award_code="BK_TINH", year=cluster_year.year).result == "eligible"


@pytest.mark.parametrize(
    ("code", "kind", "day", "amount"),
    [
        ("BK_TINH", "collective", dt.date(2024, 8, 1), "7020000"),  # 3,0 × 2.340.000
        ("BK_TINH", "individual", dt.date(2024, 3, 1), "2700000"),  # 1,5 × 1.800.000
        ("BK_TTG", "individual", dt.date(2025, 8, 1), "8190000"),  # 3,5 × 2.340.000
        ("GK", "individual", dt.date(2024, 8, 1), "710000"),  # 0,3 × 2.340.000 = 702.000 → 710.000
        ("GK", "household", dt.date(2024, 8, 1), "710000"),  # a household is paid as a person
        ("HCLD3", "collective", dt.date(2024, 8, 1), "21060000"),  # 9,0 × 2.340.000
        ("HCLD1", "individual", dt.date(2024, 3, 1), "16200000"),  # 9,0 × 1.800.000
    ],
)
def test_it_writes_the_money_of_every_form_in_the_register(
    catalogue: int, board_admin: Any, province: Any, code: str, kind: str, day: dt.date, amount: str
) -> None:
    award_record_create(
        actor=board_admin,
        province=province,
        entry=entry(award_code=code, recipient_kind=kind, decision_date=day, year=day.year - 1),
    )
    assert AwardRecord.objects.get().amount == Decimal(amount)
    api = login(board_admin).get("/api/v1/awards").json()
    shown = f"{int(amount):,}".replace(",", ".")
    assert [item["cells"][10] for item in api["items"]] == [shown]


def test_it_shows_the_catalogue_by_legal_regime_with_basis_and_coefficients(
    catalogue: int, board_admin: Any
) -> None:
    html = login(board_admin).get(reverse("awards:catalogue")).content.decode()
    newest = html.index("Luật Thi đua, khen thưởng 06/2022/QH15, Nghị định 152/2025/NĐ-CP")
    middle = html.index("<h2>Luật Thi đua, khen thưởng 06/2022/QH15, Nghị định 98/2023/NĐ-CP</h2>")
    oldest = html.index("Luật Thi đua, khen thưởng 2003 (sửa đổi 2013), Nghị định 91/2017/NĐ-CP")
    assert newest < middle < oldest
    section = html[newest:middle]
    assert "Điều 54, khoản 1, điểm b Nghị định 152/2025/NĐ-CP" in section
    assert "Điều 74 Luật Thi đua, khen thưởng 2022" in section
    assert "<td>1,5</td>" in section and "<td>3,0</td>" in section
    assert "Áp dụng từ 01/07/2025" in section
    # Under Nghị định 91 a provincial Bằng khen was 1,0 for a person.
    assert "Nghị định 91/2017/NĐ-CP (mức tiền thưởng Bằng khen)" in html[oldest:]


def test_it_refreshes_an_older_catalogue_and_keeps_the_board_edits(
    catalogue: int, board_admin: Any, observer: Any
) -> None:
    # A catalogue loaded before this version: no rewards for Bằng khen, no condition for a collective's.
    old = CatalogueAward.objects.get(code="BK_TINH")
    rules = json.loads(old.rules)
    for block in rules.values():
        block.pop("reward", None)
        block.pop("collective", None)
    old.rules, old.coefficient = json.dumps(rules, ensure_ascii=False), None
    old.save()
    CatalogueAward.objects.filter(code="HCDL1").delete()
    edited = CatalogueAward.objects.get(code="LDTT")
    edited.name = "Lao động tiên tiến (tỉnh)"
    edited.save()
    with pytest.raises(AccessDenied):
        catalogue_refresh(actor=observer)
    assert not AuditEvent.objects.filter(action="awards.catalogue_refresh").exists()
    changed = catalogue_refresh(actor=board_admin)
    assert changed == 2
    engine = database_catalogue()
    regime = engine.regime("ND152")
    assert engine.reward(engine.award("BK_TINH"), regime, "collective")[0] == Decimal("3.0")
    assert engine.ruleset(engine.award("BK_TINH"), regime, "collective") is not None
    assert engine.award("LDTT").name == "Lao động tiên tiến (tỉnh)"
    assert AuditEvent.objects.get(action="awards.catalogue_refresh").after == {"awards": ["BK_TINH", "HCDL1"]}


FORM = {
    "decision_number": "12/QĐ-UBND",
    "decision_date": "02/03/2025",
    "level": "Cấp tỉnh",
    "recipient_kind": "Cá nhân",
    "recipient_name": "Phạm Văn Dũng",
    "category": "can_bo",
    "year": "2024",
}


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Lao động tiên tiến", "LDTT"),
        ("lao dong tien tien", "LDTT"),
        ("Bằng khen của Chủ tịch UBND tỉnh", "BK_TINH"),
        ("BK_TINH", "BK_TINH"),
    ],
)
def test_it_accepts_an_award_by_name_in_the_entry_form(catalogue: int, name: str, code: str) -> None:
    form = AwardEntryForm({**FORM, "award_code": name})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["award_code"] == code


def test_it_refuses_an_ambiguous_award_name_with_the_candidates(catalogue: int) -> None:
    form = AwardEntryForm({**FORM, "award_code": "Bằng khen"})
    assert not form.is_valid()
    assert form.errors["award_code"] == [
        "“Bằng khen” ứng với nhiều hình thức khen thưởng: “Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh”, "
        "“Bằng khen của Thủ tướng Chính phủ”; cần ghi đủ tên."
    ]


def _register_xlsx(rows: list[list[Any]]) -> io.BytesIO:
    book = Workbook()
    book.active.append([title for _f, title in IMPORT_COLUMNS])
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


ROW = [
    "12/QĐ-UBND",
    dt.datetime(2025, 3, 2),
    "Cấp tỉnh",
    "Lê Văn C",
    "Chủ tịch",
    "Bằng khen của Chủ tịch UBND tỉnh",
    "Tập thể",
    "Phòng Kinh tế",
    "AN-MINH",
    "",
    "Cán bộ, công chức, viên chức",
    2024,
]


def test_it_imports_register_rows_that_name_the_award(catalogue: int, province: Any) -> None:
    second = list(ROW)
    second[5], second[6], second[7] = "lao dong tien tien", "Cá nhân", "Phạm Văn Dũng"
    parsed = parse_register_xlsx(_register_xlsx([ROW, second]), province=province)
    assert parsed.errors == []
    assert [e.award_code for e in parsed.entries] == ["BK_TINH", "LDTT"]


def test_it_refuses_an_unknown_award_name_with_its_row_column_and_the_closest_names(
    catalogue: int, province: Any
) -> None:
    wrong = list(ROW)
    wrong[5] = "Lao động tiên tiếng"
    parsed = parse_register_xlsx(_register_xlsx([ROW, wrong]), province=province)
    assert parsed.errors == [
        "Dòng 3, cột F (Mã khen thưởng): Không có hình thức khen thưởng “Lao động tiên tiếng” trong danh mục. "
        "Tên gần nhất: “Lao động tiên tiến”, “Tập thể lao động tiên tiến”."
    ]


def test_it_records_a_subject_year_with_titles_by_name(catalogue: int, board_admin: Any, units: Any) -> None:
    person = subject_create(actor=board_admin, unit=units["AN-MINH"], kind="individual", name="Đỗ Văn Khoa")
    response = login(board_admin).post(
        reverse("awards:subject_detail", args=[person.pk]),
        {"year": "2024", "rating": "HTXSNV", "titles": "Lao động tiên tiến; chien si thi dua co so"},
    )
    assert response.status_code == 302
    assert SubjectYear.objects.get(subject=person).titles == ["LDTT", "CSTDCS"]
    refused = login(board_admin).post(
        reverse("awards:subject_detail", args=[person.pk]),
        {"year": "2023", "rating": "HTXSNV", "titles": "Lao động tiên tiến; Huân chương Lao động"},
    )
    assert refused.status_code == 400
    assert "ứng với nhiều hình thức khen thưởng" in refused.content.decode()
    assert not SubjectYear.objects.filter(subject=person, year=2023).exists()


def test_it_refuses_the_catalogue_refresh_page_to_anyone_but_the_board(
    catalogue: int, observer: Any, board_admin: Any
) -> None:
    before = list(CatalogueAward.objects.values_list("code", "rules"))
    refused = login(observer).post(reverse("awards:catalogue_refresh"), follow=True)
    assert "Chỉ Ban Thi đua – Khen thưởng được sửa danh mục khen thưởng." in refused.content.decode()
    assert list(CatalogueAward.objects.values_list("code", "rules")) == before
    assert not AuditEvent.objects.filter(action="awards.catalogue_refresh").exists()
    done = login(board_admin).post(reverse("awards:catalogue_refresh"), follow=True)
    assert "Đã cập nhật 0 hình thức khen thưởng theo văn bản mới." in done.content.decode()
    assert AuditEvent.objects.get(action="awards.catalogue_refresh").actor == board_admin


def test_it_reads_the_cluster_rank_and_honour_ballot_for_the_provincial_flag(
    catalogue: int, board_admin: Any, org: Any
) -> None:
    from django.utils import timezone

    from thidua.accounts.access import SystemActor
    from thidua.agreements.services.snapshots import snapshot_create
    from thidua.agreements.tests.helpers import imported
    from thidua.conference.models import Ballot

    imported(org.cluster_year)
    snapshot_create(actor=SystemActor(), cluster_year=org.cluster_year, reason="Chấm điểm cuối năm")
    unit, year = org.units["VINH-HOA"], org.cluster_year.year
    subject = subject_create(actor=board_admin, unit=unit, kind="collective", name=unit.name)
    subject_year_set(
        actor=board_admin,
        subject=subject,
        entry=YearEntry(
            year=year, rating="HTXSNV", members=20, members_completed=20, members_ldtt=15, members_cstdcs=2
        ),
    )
    before = subject_check(subject=subject, award_code="CO_TINH", year=year)
    assert before.result == "not_eligible"
    assert f"Năm {year} không được cụm, khối thi đua suy tôn" in before.reasons
    assert f"Năm {year} dẫn đầu cụm, khối thi đua (xếp thứ 1)" in before.reasons
    Ballot.objects.create(
        province=org.province,
        cluster_year=org.cluster_year,
        purpose="honour",
        question="approval",
        title="Suy tôn đơn vị dẫn đầu",
        voter_kind="persons",
        status="closed",
        closed_at=timezone.now(),
        subject=unit,
        passed=True,
    )
    after = subject_check(subject=subject, award_code="CO_TINH", year=year)
    assert not any(f.met is False for f in after.findings)
    assert f"Năm {year} được các thành viên cụm, khối thi đua suy tôn" in after.reasons
    eligibility_confirm(
        actor=board_admin, subject=subject, award_code="CO_TINH", year=year, items=list(after.to_confirm)
    )
    assert subject_check(subject=subject, award_code="CO_TINH", year=year).result == "eligible"
