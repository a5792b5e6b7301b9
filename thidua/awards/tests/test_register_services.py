"""Register services: entry with money on the decision date, the repeated-achievement warning, revocation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from thidua.awards.models import AwardRecord, AwardStatus, Decision
from thidua.awards.services.register import award_record_create, award_revoke
from thidua.awards.tests.conftest import entry
from thidua.core.errors import AccessDenied, Conflict, InvalidInput
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_it_enters_an_award_with_money_on_the_decision_date(
    catalogue: int, board_admin: Any, province: Any, units: Any
) -> None:
    result = award_record_create(
        actor=board_admin,
        province=province,
        entry=entry(unit=units["VINH-HOA"], decision_date=dt.date(2024, 6, 1)),
    )
    record = AwardRecord.objects.get()
    # 8,0 × 1.800.000 on 1/6/2024 (the 2.340.000 salary starts 1/7/2024)
    assert record.amount == Decimal("14400000")
    assert record.unit == units["VINH-HOA"] and record.unit_name == "Xã Vĩnh Hòa"
    assert record.search_text == "xa vinh hoa"
    assert len(record.verify_token) >= 32
    assert result.warnings == []
    event = AuditEvent.objects.get(action="awards.record_create")
    assert event.after["recipient_name"] == "Xã Vĩnh Hòa" and event.after["decision_number"] == "125/QĐ-UBND"
    assert event.actor == board_admin


def test_it_rounds_the_reward_up_to_ten_thousand(catalogue: int, board_admin: Any, province: Any) -> None:
    award_record_create(
        actor=board_admin,
        province=province,
        entry=entry(
            award_code="LDTT",
            recipient_kind="individual",
            recipient_name="Nguyễn Văn An",
            decision_date=dt.date(2020, 1, 10),
            year=2019,
            level="co_so",
        ),
    )
    # 0,3 × 1.490.000 = 447.000 → 450.000
    assert AwardRecord.objects.get().amount == Decimal("450000")


def test_it_warns_when_the_same_achievement_is_awarded_twice(
    catalogue: int, board_admin: Any, province: Any
) -> None:
    award_record_create(actor=board_admin, province=province, entry=entry())
    second = award_record_create(
        actor=board_admin,
        province=province,
        entry=entry(decision_number="200/QĐ-UBND", recipient_name="xã vĩnh hoà"),
    )
    assert second.warnings == [
        "xã vĩnh hoà đã được tặng Cờ thi đua của Ủy ban nhân dân tỉnh cho thành tích năm 2023: "
        "một thành tích chỉ được khen thưởng một lần, cần kiểm tra lại"
    ]
    assert AwardRecord.objects.count() == 2
    assert (
        AuditEvent.objects.filter(action="awards.record_create").order_by("id").last().reason
        == second.warnings[0]
    )


def test_it_refuses_to_write_the_same_line_of_the_same_decision_twice(
    catalogue: int, board_admin: Any, province: Any
) -> None:
    award_record_create(actor=board_admin, province=province, entry=entry())
    events = AuditEvent.objects.count()
    with pytest.raises(Conflict) as caught:
        award_record_create(actor=board_admin, province=province, entry=entry(recipient_name="XÃ VĨNH HOÀ"))
    assert caught.value.message == (
        "XÃ VĨNH HOÀ – Cờ thi đua của Ủy ban nhân dân tỉnh đã có trong sổ theo Quyết định 125/QĐ-UBND ngày "
        "15/07/2024: sổ không ghi một dòng hai lần."
    )
    assert AwardRecord.objects.count() == 1 and AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    "persona", ["council_member", "cluster_leader", "unit_officer", "observer", "outsider"]
)
def test_it_refuses_entry_to_anyone_but_the_board(
    catalogue: int, persona: str, request: Any, province: Any
) -> None:
    user = request.getfixturevalue(persona)
    with pytest.raises(AccessDenied):
        award_record_create(actor=user, province=province, entry=entry())
    assert not AwardRecord.objects.exists() and not Decision.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="awards.record").exists()


def test_it_refuses_an_award_for_the_wrong_kind_of_recipient(
    catalogue: int, board_admin: Any, province: Any
) -> None:
    with pytest.raises(InvalidInput) as caught:
        award_record_create(actor=board_admin, province=province, entry=entry(award_code="LDTT"))
    assert caught.value.message == "Lao động tiên tiến không tặng cho tập thể."
    assert not Decision.objects.exists()


def test_it_revokes_with_the_revoking_decision(catalogue: int, board_admin: Any, province: Any) -> None:
    record = award_record_create(actor=board_admin, province=province, entry=entry()).record
    award_revoke(
        actor=board_admin,
        award_record=record,
        decision_number="300/QĐ-UBND",
        decision_date=dt.date(2025, 3, 1),
        signer_name="Trần Văn Bình",
        signer_title="Chủ tịch UBND tỉnh",
        reason="Kê khai thành tích không đúng",
    )
    record.refresh_from_db()
    assert record.status == AwardStatus.REVOKED
    assert record.revoked_by is not None and record.revoked_by.number == "300/QĐ-UBND"
    event = AuditEvent.objects.get(action="awards.record_revoke")
    assert event.before["status"] == "active" and event.after["status"] == "revoked"
    assert event.reason == "Kê khai thành tích không đúng"
    with pytest.raises(Conflict):
        award_revoke(
            actor=board_admin,
            award_record=record,
            decision_number="300/QĐ-UBND",
            decision_date=dt.date(2025, 3, 1),
            signer_name="",
            signer_title="",
            reason="lần nữa",
        )
    assert AuditEvent.objects.filter(action="awards.record_revoke").count() == 1


def test_it_refuses_revocation_by_an_observer(
    catalogue: int, board_admin: Any, observer: Any, province: Any
) -> None:
    record = award_record_create(actor=board_admin, province=province, entry=entry()).record
    with pytest.raises(AccessDenied):
        award_revoke(
            actor=observer,
            award_record=record,
            decision_number="1/QĐ",
            decision_date=dt.date(2025, 1, 1),
            signer_name="",
            signer_title="",
            reason="x",
        )
    record.refresh_from_db()
    assert record.status == AwardStatus.ACTIVE
    assert Decision.objects.count() == 1
