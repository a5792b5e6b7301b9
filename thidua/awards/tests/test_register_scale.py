"""What keeps the register fast at provincial scale must not change what it says: an import row is judged exactly
as the entry form judges it, and the page's RegisterRows gives register_list's rows, order and count."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from thidua.awards.forms import AwardEntryForm, EntryRowChecker, units_by_key
from thidua.awards.models import AwardRecord, CatalogueAward
from thidua.awards.selectors import RegisterFilters, RegisterRows, register_list
from thidua.awards.services.register import award_record_create
from thidua.awards.tests.conftest import entry

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
        assert rows.count() == listed.count() == len(rows)
        for start in range(0, 14, 5):
            assert list(rows[start : start + 5]) == list(listed[start : start + 5])
