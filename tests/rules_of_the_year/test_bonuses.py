"""Rules of the year for bonus claims and deductions (issue 10, Build 4): each refusal through the page and the
API, with its Vietnamese message, and nothing changed (no claim, no deduction, no audit row)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from thidua.accounts.models import Role
from thidua.agreements.models import BonusAward, BonusStatus, Deduction
from thidua.conftest import Org, make_persona
from thidua.core import audit
from thidua.core.errors import AccessDenied
from thidua.core.models import AuditEvent
from thidua.cycle.models import Cycle, CycleState, Notification
from thidua.cycle.rules import final_rule_message
from thidua.cycle.services import bonuses
from thidua.cycle.services.bonuses import BONUS_WHAT
from thidua.cycle.tests.conftest import move_to, pdf

API = "/api/v1"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _rows() -> tuple[Any, ...]:
    """Everything a refused request must leave as it was."""
    return (
        list(BonusAward.objects.order_by("pk").values()),
        list(Deduction.objects.order_by("pk").values()),
        AuditEvent.objects.exclude(action=audit.REFUSED).count(),
        Notification.objects.count(),
    )


def _page_message(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _claim_page(user: Any, cycle: Cycle, unit_id: int, item: str = "co_cp") -> Any:
    return _client(user).post(
        f"/nam-thi-dua/{cycle.pk}/bao-cao/{unit_id}/diem-thuong/",
        {"item": item, "note": "Quyết định khen thưởng", "file": pdf("quyet-dinh.pdf")},
    )


def _claim_api(user: Any, cycle: Cycle, unit_id: int, item: str = "co_cp") -> Any:
    return _client(user).post(
        f"{API}/cluster-years/{cycle.cluster_year_id}/cycle/units/{unit_id}/bonus-claims",
        {"item": item, "note": "Quyết định khen thưởng", "file": pdf("quyet-dinh.pdf")},
    )


def _deduct_page(user: Any, cycle: Cycle, unit_id: int) -> Any:
    return _client(user).post(
        f"/nam-thi-dua/{cycle.pk}/diem-tru/ghi/",
        {"unit": unit_id, "points": "8", "reason": "Không tổ chức ký kết giao ước", "criterion": ""},
    )


def _deduct_api(user: Any, cycle: Cycle, unit_id: int) -> Any:
    return _client(user).post(
        f"{API}/cluster-years/{cycle.cluster_year_id}/cycle/units/{unit_id}/deductions",
        {"points": "8", "reason": "Không tổ chức ký kết giao ước"},
    )


@pytest.fixture
def reporting_cycle(cycle: Cycle) -> Cycle:
    return move_to(cycle, CycleState.REPORTING)


@pytest.mark.parametrize("state", [CycleState.SIGNING, CycleState.VERIFICATION, CycleState.PROVISIONAL])
def test_it_refuses_a_claim_outside_the_reporting_window(
    cycle: Cycle, unit_officer: Any, org: Org, state: str
) -> None:
    cycle = move_to(cycle, state)
    unit = org.units["AN-MINH"]
    label = CycleState(state).label
    expected = (
        f"Chỉ đề nghị điểm thưởng trong giai đoạn “Báo cáo cuối năm”; năm thi đua đang ở giai đoạn “{label}”."
    )
    before = _rows()
    page = _claim_page(unit_officer, cycle, unit.pk)
    assert page.status_code == 302
    assert _page_message(page) == [expected]
    api = _claim_api(unit_officer, cycle, unit.pk)
    assert api.status_code == 400
    assert api.json()["error"]["message"] == expected
    assert _rows() == before


def test_it_refuses_a_second_claim_of_the_same_item(
    reporting_cycle: Cycle, unit_officer: Any, org: Org
) -> None:
    unit = org.units["AN-MINH"]
    # The imported package already granted Xã An Minh the provincial flag (co_tinh).
    assert BonusAward.objects.get(unit=unit, item="co_tinh").status == BonusStatus.ACCEPTED
    expected = (
        "Xã An Minh đã có mục điểm thưởng “Được tặng Cờ thi đua của UBND tỉnh năm trước” (Được chấp nhận); "
        "mỗi mục chỉ được đề nghị một lần."
    )
    before = _rows()
    page = _claim_page(unit_officer, reporting_cycle, unit.pk, item="co_tinh")
    assert _page_message(page) == [expected]
    api = _claim_api(unit_officer, reporting_cycle, unit.pk, item="co_tinh")
    assert api.status_code == 409
    assert api.json()["error"]["message"] == expected
    assert _rows() == before
    # A fresh claim that is still waiting is a duplicate too.
    bonuses.bonus_claim(
        actor=unit_officer, cycle=reporting_cycle, unit=unit, item="co_cp", upload=pdf("co-cp.pdf")
    )
    before = _rows()
    again = _claim_api(unit_officer, reporting_cycle, unit.pk, item="co_cp")
    assert again.status_code == 409
    assert again.json()["error"]["message"] == (
        "Xã An Minh đã có mục điểm thưởng “Được tặng Cờ thi đua của Chính phủ năm trước” (Chờ thẩm định); "
        "mỗi mục chỉ được đề nghị một lần."
    )
    assert _rows() == before


def test_it_refuses_a_claim_for_a_unit_that_is_not_a_member(reporting_cycle: Cycle, org: Org) -> None:
    outsider_officer = make_persona(
        "binhan", "Cán bộ Xã Bình An", [(Role.UNIT_OFFICER, org.units["BINH-AN"], None)]
    )
    unit = org.units["BINH-AN"]
    before = _rows()
    page = _claim_page(outsider_officer, reporting_cycle, unit.pk)
    assert page.status_code == 404
    api = _claim_api(outsider_officer, reporting_cycle, unit.pk)
    assert api.status_code == 404
    assert api.json()["error"]["message"] == "Không tìm thấy năm thi đua hoặc năm thi đua chưa được mở."
    with pytest.raises(AccessDenied) as refused:
        bonuses.bonus_claim(
            actor=outsider_officer, cycle=reporting_cycle, unit=unit, item="co_cp", upload=pdf("x.pdf")
        )
    assert refused.value.message == "Xã Bình An không phải thành viên của Cụm thi đua số 5 năm 2026."
    assert _rows() == before


def _pending_claim(cycle: Cycle, officer: Any, unit: Any) -> BonusAward:
    return bonuses.bonus_claim(actor=officer, cycle=cycle, unit=unit, item="co_cp", upload=pdf("co-cp.pdf"))


def test_it_refuses_a_unit_officer_deciding_its_own_claim(
    reporting_cycle: Cycle, unit_officer: Any, cluster_leader: Any, org: Org
) -> None:
    own = _pending_claim(reporting_cycle, unit_officer, org.units["AN-MINH"])
    leaders_own = _pending_claim(reporting_cycle, cluster_leader, org.units["VINH-HOA"])
    cases = [
        (
            unit_officer,
            own,
            403,
            "Chỉ cụm trưởng, khối trưởng hoặc Ban Thi đua – Khen thưởng được thẩm định đề nghị điểm thưởng.",
        ),
        (
            cluster_leader,
            leaders_own,
            403,
            "Không thẩm định đề nghị điểm thưởng cho chính đơn vị mình: cụm phó, khối phó hoặc Ban Thi đua – "
            "Khen thưởng thực hiện.",
        ),
    ]
    for user, claim, status, expected in cases:
        before = _rows()
        page = _client(user).post(
            f"/nam-thi-dua/diem-thuong/{claim.pk}/tham-dinh/", {"accept": "1", "reason": ""}
        )
        assert _page_message(page) == [expected]
        api = _client(user).post(
            f"{API}/bonus-claims/{claim.pk}/decision", {"accept": True}, content_type="application/json"
        )
        assert api.status_code == status
        assert api.json()["error"]["message"] == expected
        assert _rows() == before
        assert BonusAward.objects.get(pk=claim.pk).status == BonusStatus.CLAIMED


def test_it_refuses_a_deduction_recorded_by_a_unit_officer(
    reporting_cycle: Cycle, unit_officer: Any, org: Org
) -> None:
    expected = "Chỉ cụm trưởng, khối trưởng hoặc Ban Thi đua – Khen thưởng được ghi điểm trừ."
    before = _rows()
    for unit in (org.units["AN-MINH"], org.units["THANH-LOC"]):
        page = _deduct_page(unit_officer, reporting_cycle, unit.pk)
        assert _page_message(page) == [expected]
        api = _deduct_api(unit_officer, reporting_cycle, unit.pk)
        assert api.status_code == 403
        assert api.json()["error"]["message"] == expected
    deduction = Deduction.objects.get(unit__code="THANH-LOC")
    withdraw = _client(unit_officer).post(
        f"{API}/deductions/{deduction.pk}/withdraw", {"reason": "xin rút"}, content_type="application/json"
    )
    assert withdraw.status_code == 404  # another unit's deduction is not even visible to it
    assert _rows() == before


def test_it_refuses_a_deduction_without_reason_or_with_points_not_above_zero(
    reporting_cycle: Cycle, cluster_leader: Any, org: Org
) -> None:
    unit = org.units["AN-MINH"]
    before = _rows()
    client = _client(cluster_leader)
    url = f"{API}/cluster-years/{reporting_cycle.cluster_year_id}/cycle/units/{unit.pk}/deductions"
    zero = client.post(url, {"points": "0", "reason": "Không tổ chức ký kết giao ước"})
    assert (zero.status_code, zero.json()["error"]["message"]) == (400, "Điểm trừ phải lớn hơn 0.")
    blank = client.post(url, {"points": "8", "reason": "  "})
    assert (blank.status_code, blank.json()["error"]["message"]) == (400, "Phải ghi lý do trừ điểm.")
    unknown = client.post(url, {"points": "8", "reason": "Trễ", "criterion": "9.9"})
    assert unknown.json()["error"]["message"] == "Thang điểm không có tiêu chí mã “9.9”."
    page = client.post(
        f"/nam-thi-dua/{reporting_cycle.pk}/diem-tru/ghi/", {"unit": unit.pk, "points": "-3", "reason": "Trễ"}
    )
    assert _page_message(page) == ["Điểm trừ phải lớn hơn 0."]
    assert _rows() == before


def test_it_refuses_every_change_after_the_results_are_final(
    reporting_cycle: Cycle, unit_officer: Any, cluster_leader: Any, board_admin: Any, org: Org
) -> None:
    unit = org.units["AN-MINH"]
    claim = _pending_claim(reporting_cycle, unit_officer, unit)
    deduction = bonuses.deduction_record(
        actor=cluster_leader,
        cycle=reporting_cycle,
        unit=unit,
        points=Decimal("8"),
        reason="Không tổ chức ký kết giao ước",
    )
    cycle = move_to(reporting_cycle, CycleState.FINAL)
    FINAL_MESSAGE = final_rule_message(cycle.cluster_year, BONUS_WHAT)
    before = _rows()
    assert _page_message(_claim_page(unit_officer, cycle, org.units["AN-MINH"].pk, item="co_cp")) == [
        FINAL_MESSAGE
    ]
    assert _claim_api(unit_officer, cycle, unit.pk).json()["error"]["message"] == FINAL_MESSAGE
    for user in (cluster_leader, board_admin):
        decide = _client(user).post(f"/nam-thi-dua/diem-thuong/{claim.pk}/tham-dinh/", {"accept": "1"})
        assert _page_message(decide) == [FINAL_MESSAGE]
        api = _client(user).post(
            f"{API}/bonus-claims/{claim.pk}/decision", {"accept": True}, content_type="application/json"
        )
        assert (api.status_code, api.json()["error"]["message"]) == (400, FINAL_MESSAGE)
        assert _page_message(_deduct_page(user, cycle, unit.pk)) == [FINAL_MESSAGE]
        assert _deduct_api(user, cycle, unit.pk).json()["error"]["message"] == FINAL_MESSAGE
        withdraw_page = _client(user).post(f"/nam-thi-dua/diem-tru/{deduction.pk}/rut/", {"reason": "nhầm"})
        assert _page_message(withdraw_page) == [FINAL_MESSAGE]
        withdraw = _client(user).post(
            f"{API}/deductions/{deduction.pk}/withdraw", {"reason": "nhầm"}, content_type="application/json"
        )
        assert (withdraw.status_code, withdraw.json()["error"]["message"]) == (400, FINAL_MESSAGE)
    assert _rows() == before
    tried = AuditEvent.objects.filter(action=audit.REFUSED).values_list("after__attempted", flat=True)
    assert set(tried) == {"bonus.claim", "bonus.decide", "deduction.record", "deduction.withdraw"}
