"""Agreed points as a verification action (issue 11, item 15): the leader or the board records them for a
criterion of a member with a required reason; the computed points stay beside them; audited; refused once the
results are final, and on a version 1 framework whose package cannot carry them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.agreements.models import AgreedPoints
from thidua.agreements.packaging import agreement_package
from thidua.conftest import PERSONA_PASSWORD
from thidua.core.audit import REFUSED
from thidua.core.errors import AccessDenied, InvalidInput
from thidua.core.models import AuditEvent
from thidua.cycle.models import Cycle, CycleState
from thidua.cycle.services.agreed import agreed_points_record, agreed_points_withdraw
from thidua.cycle.services.common import agreement_of
from thidua.cycle.tests.conftest import move_to
from thidua.cycle.tests.format_2 import version_2_cycle
from thidua.org.models import ClusterYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def verifying(cluster_year: ClusterYear) -> Cycle:
    return move_to(version_2_cycle(cluster_year), CycleState.VERIFICATION)


def test_it_records_agreed_points_with_the_reason_and_keeps_the_computed_ones_beside_them(
    verifying: Cycle, cluster_leader: Any, units: Any
) -> None:
    row = agreed_points_record(
        actor=cluster_leader,
        cycle=verifying,
        unit=units["THANH-LOC"],
        criterion="b3",
        points="2,5",
        reason="Đoàn thẩm định đối chiếu lại số liệu gốc",
    )
    assert (row.points, row.by, row.recorded_by) == (Decimal("2.5"), "Cán bộ Xã Vĩnh Hòa", cluster_leader)
    event = AuditEvent.objects.get(action="cycle.agreed_points_record")
    assert event.actor == cluster_leader
    assert event.before == {}
    assert event.after == {"points": "2.5", "reason": row.reason, "by": "Cán bộ Xã Vĩnh Hòa"}
    assert event.reason == "Đoàn thẩm định đối chiếu lại số liệu gốc"
    node = agreement_package(agreement_of(verifying)).score().unit("THANH-LOC").nodes["b3"]
    assert node.detail is not None and node.detail.agreed is not None
    assert node.detail.agreed.points == Decimal("2.5")
    assert node.detail.computed == Decimal("3.50")  # 3 (the best so_lieu) + 0,5 (above the leader)
    assert node.net == Decimal("2.5")


def test_it_changes_agreed_points_in_place_with_before_and_after(
    verifying: Cycle, board_admin: Any, units: Any
) -> None:
    for points in ("1", "1,5"):
        agreed_points_record(
            actor=board_admin,
            cycle=verifying,
            unit=units["VINH-HOA"],
            criterion="a1",
            points=points,
            reason="Hội đồng thống nhất",
        )
    assert AgreedPoints.objects.get().points == Decimal("1.5")
    last = AuditEvent.objects.filter(action="cycle.agreed_points_record").order_by("-id").first()
    assert last is not None and last.before is not None and last.after is not None
    assert (last.before["points"], last.after["points"]) == ("1", "1.5")


def test_it_refuses_agreed_points_without_a_reason(verifying: Cycle, cluster_leader: Any, units: Any) -> None:
    with pytest.raises(InvalidInput) as caught:
        agreed_points_record(
            actor=cluster_leader,
            cycle=verifying,
            unit=units["AN-MINH"],
            criterion="b3",
            points="2",
            reason=" ",
        )
    assert caught.value.message == "Phải ghi lý do thống nhất điểm khác với điểm tính theo quy định."
    assert not AgreedPoints.objects.exists()
    assert not AuditEvent.objects.filter(action="cycle.agreed_points_record").exists()


def test_it_refuses_a_number_it_cannot_read(verifying: Cycle, cluster_leader: Any, units: Any) -> None:
    with pytest.raises(InvalidInput) as caught:
        agreed_points_record(
            actor=cluster_leader,
            cycle=verifying,
            unit=units["AN-MINH"],
            criterion="b3",
            points="2.5",
            reason="x",
        )
    assert caught.value.message.startswith("Điểm thống nhất: ")
    assert not AgreedPoints.objects.exists()


def test_it_refuses_the_leader_agreeing_points_for_its_own_unit_and_lets_the_deputy(
    verifying: Cycle, cluster_leader: Any, cluster_deputy: Any, units: Any
) -> None:
    with pytest.raises(AccessDenied) as caught:
        agreed_points_record(
            actor=cluster_leader,
            cycle=verifying,
            unit=units["VINH-HOA"],
            criterion="a1",
            points="3",
            reason="x",
        )
    assert caught.value.message.startswith("Bạn không ghi điểm thống nhất cho Xã Vĩnh Hòa: ")
    assert not AgreedPoints.objects.exists()
    agreed_points_record(
        actor=cluster_deputy, cycle=verifying, unit=units["VINH-HOA"], criterion="a1", points="3", reason="x"
    )
    assert AgreedPoints.objects.get().unit == units["VINH-HOA"]


def test_it_refuses_a_member_agreeing_points(verifying: Cycle, unit_officer: Any, units: Any) -> None:
    with pytest.raises(AccessDenied):
        agreed_points_record(
            actor=unit_officer,
            cycle=verifying,
            unit=units["THANH-LOC"],
            criterion="a1",
            points="3",
            reason="x",
        )
    assert not AgreedPoints.objects.exists()


def test_it_refuses_agreed_points_once_the_results_are_final(
    verifying: Cycle, board_admin: Any, units: Any
) -> None:
    agreed_points_record(
        actor=board_admin, cycle=verifying, unit=units["AN-MINH"], criterion="b3", points="2", reason="x"
    )
    final = move_to(verifying, CycleState.FINAL)
    with pytest.raises(InvalidInput) as caught:
        agreed_points_record(
            actor=board_admin, cycle=final, unit=units["AN-MINH"], criterion="b3", points="1", reason="y"
        )
    assert caught.value.details == {"rule": "final_results_frozen"}
    assert caught.value.message.startswith(
        "Kết quả Cụm thi đua số 5 năm 2026 đã chính thức: không sửa điểm thống nhất tiêu chí b3 của Xã An Minh"
    )
    with pytest.raises(InvalidInput):
        agreed_points_withdraw(
            actor=board_admin, cycle=final, unit=units["AN-MINH"], criterion="b3", reason="y"
        )
    assert AgreedPoints.objects.get().points == Decimal("2")
    refusals = AuditEvent.objects.filter(action=REFUSED).order_by("id")
    assert [e.after["attempted"] for e in refusals] == [
        "cycle.agreed_points_record",
        "cycle.agreed_points_withdraw",
    ]


def test_it_refuses_agreed_points_before_verification(
    cluster_year: ClusterYear, board_admin: Any, units: Any
) -> None:
    cycle = move_to(version_2_cycle(cluster_year), CycleState.REPORTING)
    with pytest.raises(InvalidInput) as caught:
        agreed_points_record(
            actor=board_admin, cycle=cycle, unit=units["AN-MINH"], criterion="b3", points="2", reason="x"
        )
    assert caught.value.message == (
        "Chỉ ghi điểm thống nhất trong giai đoạn thẩm định hoặc công bố tạm thời, nhận kiến nghị."
    )
    assert not AgreedPoints.objects.exists()


def test_it_withdraws_agreed_points_with_a_reason(verifying: Cycle, board_admin: Any, units: Any) -> None:
    agreed_points_record(
        actor=board_admin, cycle=verifying, unit=units["AN-MINH"], criterion="b3", points="2", reason="x"
    )
    agreed_points_withdraw(
        actor=board_admin, cycle=verifying, unit=units["AN-MINH"], criterion="b3", reason="Nhầm đơn vị"
    )
    assert not AgreedPoints.objects.exists()
    event = AuditEvent.objects.get(action="cycle.agreed_points_withdraw")
    assert (event.before, event.reason) == (
        {"points": "2", "reason": "x", "by": "Cán bộ Ban Thi đua – Khen thưởng"},
        "Nhầm đơn vị",
    )


def test_it_refuses_agreed_points_on_a_version_1_framework(
    cycle: Cycle, board_admin: Any, units: Any
) -> None:
    verifying = move_to(cycle, CycleState.VERIFICATION)
    with pytest.raises(InvalidInput) as caught:
        agreed_points_record(
            actor=board_admin, cycle=verifying, unit=units["AN-MINH"], criterion="1.1", points="2", reason="x"
        )
    assert caught.value.message.startswith("Điểm thống nhất chỉ ghi được khi thang điểm theo định dạng 2")
    assert not AgreedPoints.objects.exists()


# --- through the unit's results page ------------------------------------------------------------------------


def _client(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PERSONA_PASSWORD)
    return client


def test_it_records_agreed_points_on_the_results_page_and_shows_both_numbers_and_why(
    verifying: Cycle, cluster_leader: Any, units: Any
) -> None:
    unit = units["THANH-LOC"]
    page = reverse("cycle:unit_results", args=[verifying.pk, unit.pk])
    client = _client(cluster_leader)
    response = client.post(
        reverse("cycle:agreed_points", args=[verifying.pk, unit.pk]),
        {"criterion": "b3", "points": "2,5", "reason": "Đoàn thẩm định đối chiếu lại số liệu gốc"},
        follow=True,
    )
    assert "Đã ghi điểm thống nhất tiêu chí b3." in response.content.decode()
    assert AgreedPoints.objects.get().points == Decimal("2.5")
    provisional = move_to(verifying, CycleState.PROVISIONAL)
    text = client.get(page).content.decode()
    assert "Thống nhất 2,50 (theo quy định 3,50)" in text
    assert "Cán bộ Xã Vĩnh Hòa: Đoàn thẩm định đối chiếu lại số liệu gốc" in text
    assert provisional.state == CycleState.PROVISIONAL


def test_it_refuses_agreed_points_without_a_reason_on_the_page_and_changes_nothing(
    verifying: Cycle, cluster_leader: Any, units: Any
) -> None:
    unit = units["THANH-LOC"]
    response = _client(cluster_leader).post(
        reverse("cycle:agreed_points", args=[verifying.pk, unit.pk]),
        {"criterion": "b3", "points": "2,5", "reason": ""},
        follow=True,
    )
    assert "Phải ghi lý do thống nhất điểm khác với điểm tính theo quy định." in response.content.decode()
    assert not AgreedPoints.objects.exists()


def test_it_shows_no_agreed_points_form_to_a_member(verifying: Cycle, unit_officer: Any, units: Any) -> None:
    page = reverse("cycle:unit_results", args=[verifying.pk, units["AN-MINH"].pk])
    text = _client(unit_officer).get(page).content.decode()
    assert "Ghi điểm thống nhất" not in text
