"""What keeps the register fast at provincial scale must not change what it says: an import row is judged exactly
as the entry form judges it, the page's RegisterRows gives register_list's rows and order, and a list of more than
1,000 awards says "more than 1,000", pages on, and exports every match."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from thidua.awards.forms import AwardEntryForm, EntryRowChecker, units_by_key
from thidua.awards.models import AwardRecord, CatalogueAward
from thidua.awards.selectors import (
    REGISTER_COLUMNS,
    SCREEN_COLUMNS,
    RegisterFilters,
    RegisterRows,
    register_list,
)
from thidua.awards.services.register import award_record_create, new_token
from thidua.awards.tests.conftest import entry
from thidua.awards.text import normalise
from thidua.conftest import PERSONA_PASSWORD

pytestmark = pytest.mark.django_db

ROW: dict[str, Any] = {
    "decision_number": " 12/QĐ-UBND ",
    "decision_date": dt.date(2020, 3, 2),
    "level": "Cap co so",
    "signer_name": "Lê Văn C",
    "signer_title": "Chủ tịch UBND xã",
    "award_code": "LDTT",
    "recipient_kind": "Cá nhân",
    "recipient_name": "Phạm Văn Dũng ",
    "unit": "an-minh",
    "position": "Nông dân",
    "category": "nong dan truc tiep san xuat",
    "year": 2019,
}


def changed(**values: Any) -> dict[str, Any]:
    return ROW | values


ROWS = [
    ROW,
    changed(unit="HTX đã giải thể", recipient_kind="Tập thể", award_code="BK_TINH", level="tinh"),
    changed(unit="Xã Vĩnh Hòa", category=""),
    changed(award_code="KHONG_CO"),
    changed(year=2021),
    changed(award_code="CO_TINH", year=2021),
    changed(recipient_kind="Hộ gia đình", award_code="LDTT"),
    changed(decision_date="31/02/2020", year="hai nghìn"),
    changed(decision_date="15/07/2024"),
    changed(decision_date="2024-07-15", year=1900),
    changed(level="", recipient_name="", decision_number=""),
    changed(recipient_name="x" * 201, position="y" * 201),
    changed(level="cap huyen xa", category="khac la"),
    {key: value for key, value in ROW.items() if key not in {"year", "unit"}},
]


@pytest.mark.parametrize("data", ROWS)
def test_an_import_row_is_judged_as_the_entry_form_judges_it(
    catalogue: int, province: Any, units: Any, data: dict[str, Any]
) -> None:
    by_key = units_by_key(province)
    awards = {a.code: a for a in CatalogueAward.objects.all()}
    form = AwardEntryForm(data, units=by_key, awards=awards)
    found, errors = EntryRowChecker(units=by_key, awards=awards).check(data)
    assert {field: list(messages) for field, messages in errors.items()} == {
        field: list(messages) for field, messages in form.errors.items()
    }
    assert list(errors) == list(form.errors)
    assert found == (form.entry() if form.is_valid() else None)


@pytest.fixture
def many(catalogue: int, board_admin: Any, province: Any, units: Any) -> list[AwardRecord]:
    made = []
    for i in range(12):
        made.append(
            award_record_create(
                actor=board_admin,
                province=province,
                entry=entry(
                    award_code="LDTT",
                    recipient_kind="individual",
                    recipient_name=f"Nguyễn Văn An {i % 3}",
                    unit=units["AN-MINH" if i % 2 else "VINH-HOA"],
                    year=2020 + i % 3,
                    level="co_so",
                    decision_number=f"{i % 4}/QĐ-UBND",
                    decision_date=dt.date(2023 + i % 4, 1 + i % 3, 1),
                ),
            ).record
        )
    return made


@pytest.mark.parametrize("few", [1000, 5, 0])
@pytest.mark.parametrize(
    "filters",
    [
        RegisterFilters(),
        RegisterFilters(q="nguyen van an 1"),
        RegisterFilters(q="AN", year=2021),
        RegisterFilters(q="zz"),
    ],
)
def test_the_pages_rows_are_the_lists_rows_in_its_order(
    many: list[AwardRecord], board_admin: Any, unit_officer: Any, few: int, filters: RegisterFilters
) -> None:
    for user in (board_admin, unit_officer):
        listed = register_list(user=user, filters=filters)
        rows = RegisterRows(listed, few=few)
        total = listed.count()
        # Counted exactly up to `few`; past it, `few` is a lower bound and says so.
        assert rows.exact == (total <= few)
        assert rows.count() == min(total, few) == len(rows)
        for start in range(0, 14, 5):
            assert list(rows[start : start + 5]) == list(listed[start : start + 5])


@pytest.fixture
def broad(catalogue: int, board_admin: Any, province: Any, units: Any) -> int:
    """1,001 awards to people called Nguyễn (one more than the count's bound) and one to someone else."""
    first = award_record_create(
        actor=board_admin, province=province, entry=entry(recipient_name="Lê Thị Hoa", unit=units["AN-MINH"])
    ).record
    award = CatalogueAward.objects.get(code="LDTT")
    names = [f"Nguyễn Văn An {i}" for i in range(1001)]
    AwardRecord.objects.bulk_create(
        AwardRecord(
            decision=first.decision,
            award=award,
            recipient_kind="individual",
            recipient_name=name,
            unit=units["VINH-HOA"],
            unit_name=units["VINH-HOA"].name,
            year=2023,
            search_text=normalise(name),
            verify_token=new_token(),
        )
        for name in names
    )
    return len(names)


def _client(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PERSONA_PASSWORD)
    return client


MORE_THAN = "Tìm thấy hơn 1.000 kết quả; thêm điều kiện tìm để thu hẹp danh sách."


def test_it_says_more_than_1000_without_counting_every_match(broad: int, board_admin: Any) -> None:
    client = _client(board_admin)
    for params in ({"q": "nguyen"}, {}):
        page = client.get(reverse("awards:register"), params)
        html = page.content.decode()
        assert page.status_code == 200 and MORE_THAN in html
        assert "Trang 1<" in html and "Trang 1/" not in html and "page=2" in html
        assert len(page.context["rows"]) == 50
    narrow = client.get(reverse("awards:register"), {"q": "nguyen van an 100"}).content.decode()
    # 100 and 1000..1000: the exact count under the bound.
    assert MORE_THAN not in narrow and "2 khen thưởng" in narrow


def test_it_pages_past_the_bound_with_next_and_previous(broad: int, board_admin: Any) -> None:
    client = _client(board_admin)
    listed = list(register_list(user=board_admin, filters=RegisterFilters(q="nguyen")))
    second = client.get(reverse("awards:register"), {"q": "nguyen", "page": "2"})
    assert [r.pk for r, _cells in second.context["rows"]] == [r.pk for r in listed[50:100]]
    html = second.content.decode()
    assert "page=1" in html and "page=3" in html and "Trang 2<" in html
    last = client.get(reverse("awards:register"), {"q": "nguyen", "page": "21"})
    assert [r.pk for r, _cells in last.context["rows"]] == [listed[1000].pk]
    html = last.content.decode()
    assert "page=20" in html and "page=22" not in html and "Trang sau" not in html
    assert (
        client.get(reverse("awards:register"), {"q": "nguyen", "page": "x"}).context["page_obj"].number == 1
    )


def test_it_exports_every_match_of_a_broad_search(broad: int, board_admin: Any) -> None:
    client = _client(board_admin)
    screen = client.get(reverse("awards:register"), {"q": "nguyen"})
    export = client.get(reverse("awards:register_export"), {"q": "nguyen"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True) if any(c is not None for c in row)]
    header = next(i for i, row in enumerate(rows) if row[0] == "Số quyết định")
    body = rows[header + 1 :]
    assert len(body) == broad == register_list(user=board_admin, filters=RegisterFilters(q="nguyen")).count()
    name = [c.key for c in REGISTER_COLUMNS].index("recipient_name")
    shown = [c.key for c in SCREEN_COLUMNS].index("recipient_name")
    assert [row[name] for row in body[:50]] == [cells[shown] for _r, cells in screen.context["rows"]]


def test_the_api_says_the_count_is_a_lower_bound(broad: int, board_admin: Any) -> None:
    client = _client(board_admin)
    broad_page = client.get("/api/v1/awards", {"q": "nguyen", "page": 21}).json()
    assert (broad_page["count"], broad_page["count_exact"], len(broad_page["items"])) == (1000, False, 1)
    narrow = client.get("/api/v1/awards", {"q": "hoa"}).json()
    assert (narrow["count"], narrow["count_exact"]) == (1, True)
