"""Movement services: only the board of the province writes, every write is audited, refusals change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from thidua.conftest import Org
from thidua.core.errors import AccessDenied, InvalidInput
from thidua.core.models import AuditEvent
from thidua.movements import services
from thidua.movements.models import Movement, MovementReview, MovementScope, ReviewKind
from thidua.movements.tests.conftest import spec


def test_it_creates_a_movement_with_its_participants_and_an_audit_row(org: Org, board_admin: User) -> None:
    movement = services.movement_create(
        actor=board_admin,
        province=org.province,
        spec=spec(
            participants=[org.units["AN-MINH"], org.units["AN-MINH"]], criteria_codes=[" 1.1", "1.1", "2.3"]
        ),
        reason="Kế hoạch năm 2026",
    )
    stored = Movement.objects.get(pk=movement.pk)
    assert stored.name == "Thi đua xây dựng nông thôn mới"
    assert stored.criteria_codes == ["1.1", "2.3"]
    assert list(stored.participants.values_list("code", flat=True)) == ["AN-MINH"]
    event = AuditEvent.objects.get(action="movement.create")
    assert event.actor == board_admin
    assert event.object_id == str(movement.pk)
    assert event.after["participants"] == [org.units["AN-MINH"].pk]
    assert event.after["decision_number"] == "15/QĐ-UBND"
    assert event.reason == "Kế hoạch năm 2026"


@pytest.mark.parametrize(
    "persona",
    ["council_member", "cluster_leader", "unit_officer", "data_source_reviewer", "observer", "outsider"],
)
def test_it_refuses_to_create_a_movement_for_anyone_but_the_board(
    org: Org, persona: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    with pytest.raises(AccessDenied) as caught:
        services.movement_create(
            actor=user, province=org.province, spec=spec(participants=[org.units["AN-MINH"]])
        )
    assert caught.value.message == (
        "Chỉ Ban Thi đua – Khen thưởng của tỉnh được phát động và sửa phong trào thi đua."
    )
    assert not Movement.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="movement.").exists()


def test_it_refuses_units_of_another_province(org: Org, board_admin: User) -> None:
    with pytest.raises(InvalidInput) as caught:
        services.movement_create(
            actor=board_admin, province=org.province, spec=spec(participants=[org.units["XA-KHAC"]])
        )
    assert caught.value.message == "Đơn vị tham gia phải là đơn vị thuộc tỉnh phát động phong trào."
    assert caught.value.field == "participants"
    assert not Movement.objects.exists()


def test_it_requires_a_cluster_when_the_scope_is_clusters(org: Org, board_admin: User) -> None:
    with pytest.raises(InvalidInput) as caught:
        services.movement_create(
            actor=board_admin, province=org.province, spec=spec(scope=MovementScope.CLUSTERS)
        )
    assert caught.value.message == "Phạm vi các cụm, khối cần chọn ít nhất một cụm, khối."


def test_it_refuses_an_end_before_the_start(org: Org, board_admin: User) -> None:
    with pytest.raises(InvalidInput) as caught:
        services.movement_create(
            actor=board_admin,
            province=org.province,
            spec=spec(participants=[org.units["AN-MINH"]], end_date=dt.date(2026, 1, 1)),
        )
    assert caught.value.message == "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."


def test_it_refuses_a_code_with_spaces(org: Org, board_admin: User) -> None:
    with pytest.raises(InvalidInput) as caught:
        services.movement_create(
            actor=board_admin,
            province=org.province,
            spec=spec(participants=[org.units["AN-MINH"]], award_codes=["Cờ thi đua"]),
        )
    assert (
        caught.value.message
        == "Hình thức khen thưởng: mã “Cờ thi đua” không hợp lệ (không chứa khoảng trắng)."
    )


def test_it_audits_only_what_an_update_changed(org: Org, board_admin: User, movement: Movement) -> None:
    services.movement_update(
        actor=board_admin,
        movement=movement,
        spec=spec(
            name="Thi đua chung sức xây dựng nông thôn mới",
            participants=[org.units["AN-MINH"], org.units["BINH-AN"]],
        ),
        reason="Bổ sung đơn vị",
    )
    movement.refresh_from_db()
    assert movement.name == "Thi đua chung sức xây dựng nông thôn mới"
    assert set(movement.participants.values_list("code", flat=True)) == {"AN-MINH", "BINH-AN"}
    event = AuditEvent.objects.get(action="movement.update")
    assert event.before == {
        "name": "Thi đua xây dựng nông thôn mới",
        "participants": [org.units["AN-MINH"].pk],
    }
    assert event.after == {
        "name": "Thi đua chung sức xây dựng nông thôn mới",
        "participants": sorted([org.units["AN-MINH"].pk, org.units["BINH-AN"].pk]),
    }
    assert event.reason == "Bổ sung đơn vị"


def test_it_refuses_an_update_by_an_observer_and_changes_nothing(
    org: Org, observer: User, movement: Movement
) -> None:
    with pytest.raises(AccessDenied):
        services.movement_update(actor=observer, movement=movement, spec=spec(name="Khác", participants=[]))
    movement.refresh_from_db()
    assert movement.name == "Thi đua xây dựng nông thôn mới"
    assert not AuditEvent.objects.filter(action="movement.update").exists()


def test_it_records_interim_reviews_and_one_final_review(board_admin: User, movement: Movement) -> None:
    services.movement_review_add(
        actor=board_admin,
        movement=movement,
        kind=ReviewKind.INTERIM,
        date=dt.date(2026, 6, 30),
        notes="Sơ kết 6 tháng",
    )
    services.movement_review_add(
        actor=board_admin, movement=movement, kind=ReviewKind.FINAL, date=dt.date(2026, 12, 20)
    )
    with pytest.raises(InvalidInput) as caught:
        services.movement_review_add(
            actor=board_admin, movement=movement, kind=ReviewKind.FINAL, date=dt.date(2026, 12, 21)
        )
    assert caught.value.message == "Phong trào đã có hội nghị tổng kết."
    assert list(MovementReview.objects.values_list("kind", flat=True)) == ["interim", "final"]
    events = AuditEvent.objects.filter(action="movement.review_add").order_by("id")
    assert [e.after["kind"] for e in events] == ["interim", "final"]
    assert events[0].after["notes"] == "Sơ kết 6 tháng"


def test_it_refuses_a_review_before_the_movement_started(board_admin: User, movement: Movement) -> None:
    with pytest.raises(InvalidInput) as caught:
        services.movement_review_add(
            actor=board_admin, movement=movement, kind=ReviewKind.INTERIM, date=dt.date(2026, 1, 1)
        )
    assert caught.value.message == "Ngày sơ kết, tổng kết không được trước ngày bắt đầu phong trào."
    assert not MovementReview.objects.exists()


def test_it_deletes_a_review_with_a_reason_kept_in_the_audit(board_admin: User, movement: Movement) -> None:
    review = services.movement_review_add(
        actor=board_admin, movement=movement, kind=ReviewKind.INTERIM, date=dt.date(2026, 6, 30)
    )
    services.movement_review_delete(actor=board_admin, review=review, reason="Nhập nhầm ngày")
    assert not MovementReview.objects.exists()
    event = AuditEvent.objects.get(action="movement.review_delete")
    assert event.before["date"] == "2026-06-30"
    assert event.reason == "Nhập nhầm ngày"


def test_it_refuses_a_review_by_the_cluster_leader(cluster_leader: User, movement: Movement) -> None:
    with pytest.raises(AccessDenied):
        services.movement_review_add(
            actor=cluster_leader, movement=movement, kind=ReviewKind.INTERIM, date=dt.date(2026, 6, 30)
        )
    assert not MovementReview.objects.exists()
