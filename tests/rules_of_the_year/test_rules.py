"""Issue 10, the rules of the year held for the cycle (items 3, 4, 5, 12): each refusal through the page and the
API, with the Vietnamese message naming the rule, no row changed but the audit row that says who tried."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from thidua.agreements.models import CriterionLine, Submission
from thidua.core.models import AuditEvent
from thidua.core.testing import row_counts
from thidua.cycle.models import Cycle, CycleState
from thidua.cycle.services import reporting, signing, verification
from thidua.cycle.tests.conftest import line_of, move_to, pdf

API = "/api/v1"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(client: Client, method: str, url: str, body: Any) -> Any:
    return client.generic(method, API + url, data=json.dumps(body), content_type="application/json")


def _counts() -> dict[str, int]:
    """Every table's rows but the audit trail's, which gains the refusal."""
    counts = row_counts()
    counts.pop("core_auditevent")
    return counts


def _refused_by(user: Any, attempted: str, message: str) -> None:
    event = AuditEvent.objects.filter(action="rule.refused").latest("id")
    assert (event.actor, event.actor_name, event.after["attempted"], event.reason) == (
        user,
        user.get_full_name(),
        attempted,
        message,
    )


def _flash(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _target(code: str) -> Decimal | None:
    return CriterionLine.objects.get(unit__code=code, criterion="1.1").target


# --- item 4: a signed target changes only through an amendment ----------------------------------------------

SIGNED = (
    "Xã An Minh đã ký giao ước Cụm thi đua số 5 năm 2026: chỉ tiêu đã ký chỉ được sửa qua đề nghị sửa chỉ tiêu "
    "(ghi lý do, cụm trưởng, khối trưởng hoặc Ban Thi đua – Khen thưởng duyệt, đơn vị được thông báo)."
)


@pytest.fixture
def signed(cycle: Cycle, org: Any, unit_officer: Any) -> Cycle:
    cycle = move_to(cycle, CycleState.SIGNING)
    signing.signature_record(actor=unit_officer, cycle=cycle, unit=org.units["AN-MINH"], document=pdf())
    return cycle


@pytest.mark.parametrize("who", ["board_admin", "cluster_leader"])
def test_it_refuses_saving_a_signed_target_on_the_page(
    signed: Cycle, org: Any, who: str, request: Any
) -> None:
    user = request.getfixturevalue(who)
    client = _client(user)
    before = _counts()
    url = reverse("agreements:target_edit", args=[signed.cluster_year_id, org.units["AN-MINH"].pk, "1.1"])
    response = client.post(url, {"target": "40", "source": "", "reason": "Hội nghị thống nhất"})
    assert response.status_code == 400
    body = response.content.decode()
    assert SIGNED in body and "Đã lưu chỉ tiêu." not in body
    assert _counts() == before and _target("AN-MINH") == Decimal("52")
    _refused_by(user, "agreement.target_set", SIGNED)


@pytest.mark.parametrize("who", ["board_admin", "cluster_leader"])
def test_it_refuses_saving_a_signed_target_through_the_api(
    signed: Cycle, org: Any, who: str, request: Any
) -> None:
    user = request.getfixturevalue(who)
    client = _client(user)
    before = _counts()
    url = f"/cluster-years/{signed.cluster_year_id}/targets/{org.units['AN-MINH'].pk}/1.1"
    response = _api(client, "PUT", url, {"target": "40", "reason": "Hội nghị thống nhất"})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == SIGNED
    assert response.json()["error"]["details"]["rule"] == "signed_targets_need_amendment"
    assert _counts() == before and _target("AN-MINH") == Decimal("52")
    _refused_by(user, "agreement.target_set", SIGNED)
    # A member that has not signed keeps its targets editable through the same call.
    other = f"/cluster-years/{signed.cluster_year_id}/targets/{org.units['THANH-LOC'].pk}/1.1"
    saved = _api(client, "PUT", other, {"target": "39", "reason": "Hội nghị thống nhất"})
    assert saved.status_code == 200 and saved.json()["target"] == "39"


# --- item 3: nothing that feeds final results changes --------------------------------------------------------

FROZEN = (
    "Kết quả Cụm thi đua số 5 năm 2026 đã chính thức: không sửa chỉ tiêu 1.1 của Xã Thạnh Lộc được nữa. Sau khi "
    "kết quả chính thức, mọi thay đổi phải qua điều chỉnh kết quả chính thức của Ban Thi đua – Khen thưởng (ghi "
    "lý do, chấm điểm lại thành bản kết quả mới và lưu các chênh lệch)."
)


def test_it_refuses_a_target_after_the_results_are_final_on_the_page_and_the_api(
    cycle: Cycle, org: Any, cluster_leader: Any
) -> None:
    cycle = move_to(cycle, CycleState.FINAL)
    client = _client(cluster_leader)
    before = _counts()
    page = client.post(
        reverse("agreements:target_edit", args=[cycle.cluster_year_id, org.units["THANH-LOC"].pk, "1.1"]),
        {"target": "10", "source": "", "reason": "sửa sau hội nghị"},
    )
    assert page.status_code == 400 and FROZEN in page.content.decode()
    _refused_by(cluster_leader, "agreement.target_set", FROZEN)
    api = _api(
        client,
        "PUT",
        f"/cluster-years/{cycle.cluster_year_id}/targets/{org.units['THANH-LOC'].pk}/1.1",
        {"target": "10", "reason": "sửa sau hội nghị"},
    )
    assert api.status_code == 400 and api.json()["error"]["message"] == FROZEN
    assert _counts() == before and _target("THANH-LOC") == Decimal("38")
    assert AuditEvent.objects.filter(action="rule.refused", actor=cluster_leader).count() == 2


# --- item 5: freezing waits for the appeal deadline ------------------------------------------------------

LEADER_FREEZE = (
    "Chỉ Ban Thi đua – Khen thưởng được công bố kết quả chính thức; cụm trưởng, khối trưởng không được chốt kết "
    "quả."
)
EARLY = (
    "Hạn kiến nghị đến hết ngày 31/12/2099: kết quả chỉ chính thức sau hạn kiến nghị. Muốn công bố sớm hơn, Ban "
    "Thi đua – Khen thưởng chọn “công bố sớm” và ghi lý do."
)
OPEN_APPEAL = "Còn 1 kiến nghị chưa trả lời: kết quả chỉ chính thức khi mọi kiến nghị đã được trả lời."


def _freeze_on_page(client: Client, cycle: Cycle, **extra: str) -> Any:
    return client.post(
        reverse("cycle:transition", args=[cycle.pk, "tien"]), {"from_state": CycleState.PROVISIONAL, **extra}
    )


def _freeze_through_api(client: Client, cycle: Cycle, **extra: Any) -> Any:
    body = {"from_state": CycleState.PROVISIONAL, **extra}
    return _api(client, "POST", f"/cluster-years/{cycle.cluster_year_id}/cycle/advance", body)


@pytest.mark.parametrize(
    ("who", "extra", "message", "status"),
    [
        ("cluster_leader", {"override": "on", "reason": "Đã xong"}, LEADER_FREEZE, 403),
        ("board_admin", {}, EARLY, 400),
    ],
)
def test_it_refuses_freezing_before_the_appeal_deadline(
    cycle: Cycle, who: str, extra: dict[str, str], message: str, status: int, request: Any
) -> None:
    user = request.getfixturevalue(who)
    cycle = move_to(cycle, CycleState.PROVISIONAL)
    client = _client(user)
    before = _counts()
    page = _freeze_on_page(client, cycle, **extra)
    assert page.status_code == 302 and _flash(page) == [message]
    _refused_by(user, "cycle.advance", message)
    api_extra = {**extra, "override": bool(extra.get("override"))}
    api = _freeze_through_api(client, cycle, **api_extra)
    assert api.status_code == status and api.json()["error"]["message"] == message
    _refused_by(user, "cycle.advance", message)
    assert _counts() == before
    cycle.refresh_from_db()
    assert (cycle.state, cycle.final_snapshot_id) == (CycleState.PROVISIONAL, None)


def test_it_refuses_freezing_while_an_appeal_is_open_even_early_by_the_board(
    cycle: Cycle, board_admin: Any, unit_officer: Any
) -> None:
    cycle = move_to(cycle, CycleState.PROVISIONAL)
    verification.appeal_file(actor=unit_officer, line=line_of(cycle, "AN-MINH", "1.6"), argument="Thiếu 1 ấp")
    client = _client(board_admin)
    before = _counts()
    page = _freeze_on_page(client, cycle, override="on", reason="Gấp")
    assert _flash(page) == [OPEN_APPEAL]
    api = _freeze_through_api(client, cycle, override=True, reason="Gấp")
    assert api.status_code == 400 and api.json()["error"]["message"] == OPEN_APPEAL
    assert _counts() == before
    _refused_by(board_admin, "cycle.advance", OPEN_APPEAL)


def test_it_lets_the_board_freeze_early_with_a_reason_shown_on_the_results(
    cycle: Cycle, board_admin: Any
) -> None:
    cycle = move_to(cycle, CycleState.PROVISIONAL)
    client = _client(board_admin)
    api = _freeze_through_api(client, cycle, override=True, reason="Các đơn vị không kiến nghị")
    assert api.status_code == 200 and api.json()["state"] == "final"
    body = client.get(reverse("cycle:results", args=[cycle.pk])).content.decode()
    assert "sớm trước hạn kiến nghị 31/12/2099. Lý do: Các đơn vị không kiến nghị" in body


# --- item 12: deadlines belong to their year, keep their order, and are previewed ----------------------------

OUTSIDE = (
    "Hạn báo cáo 15/12/2025 không thuộc năm thi đua 2026: các hạn của năm 2026 phải từ 01/01/2026 đến 31/03/2027, "
    "trước khi hội nghị tổng kết năm 2026 họp trong quý I năm 2027."
)
ORDER = (
    "Hạn kiến nghị (10/12/2026) không được trước hạn báo cáo (15/12/2026): thứ tự phải là hạn ký kết, hạn báo "
    "cáo, rồi hạn kiến nghị."
)


@pytest.mark.parametrize(
    ("reporting", "appeal", "message"),
    [("2025-12-15", "2027-01-10", OUTSIDE), ("2026-12-15", "2026-12-10", ORDER)],
)
def test_it_refuses_deadlines_outside_the_year_or_out_of_order(
    cycle: Cycle, board_admin: Any, reporting: str, appeal: str, message: str
) -> None:
    client = _client(board_admin)
    before = _counts()
    days = {"signing_deadline": "2026-04-30", "reporting_deadline": reporting, "appeal_deadline": appeal}
    page = client.post(reverse("cycle:deadlines", args=[cycle.pk]), days)
    assert page.status_code == 400 and message in page.content.decode()
    _refused_by(board_admin, "cycle.deadlines", message)
    api = _api(client, "PUT", f"/cluster-years/{cycle.cluster_year_id}/cycle/deadlines", days)
    assert api.status_code == 400 and api.json()["error"]["message"] == message
    _refused_by(board_admin, "cycle.deadlines", message)
    assert _counts() == before
    cycle.refresh_from_db()
    assert (cycle.reporting_deadline, cycle.appeal_deadline) == (dt.date(2099, 12, 15), dt.date(2099, 12, 31))


def test_it_refuses_setting_deadlines_to_the_leader(cycle: Cycle, cluster_leader: Any) -> None:
    client = _client(cluster_leader)
    page = client.get(reverse("cycle:deadlines", args=[cycle.pk]))
    assert page.status_code == 403
    days = {
        "signing_deadline": "2026-04-30",
        "reporting_deadline": "2026-12-15",
        "appeal_deadline": "2027-01-10",
    }
    api = _api(client, "PUT", f"/cluster-years/{cycle.cluster_year_id}/cycle/deadlines", days)
    assert api.status_code == 403
    assert (
        api.json()["error"]["message"] == "Chỉ Ban Thi đua – Khen thưởng của tỉnh được điều hành năm thi đua."
    )


def test_it_previews_and_needs_a_confirmation_before_submissions_turn_late(
    cycle: Cycle, board_admin: Any, unit_officer: Any, cluster_leader: Any
) -> None:
    """On-time submissions must not silently turn late: two members submitted (on 10/12/2026, set on the rows so
    the test does not depend on the calendar) and the board moves the reporting deadline to 08/12/2026."""
    cycle = move_to(cycle, CycleState.REPORTING)
    for code, user in (("AN-MINH", unit_officer), ("VINH-HOA", cluster_leader)):
        reporting.report_submit(
            actor=user, cycle=cycle, unit=cycle.cluster_year.memberships.get(unit__code=code).unit
        )
    Submission.objects.update(submitted_on=dt.date(2026, 12, 10))
    client = _client(board_admin)
    days = {"signing_deadline": "2026-04-30", "reporting_deadline": "2026-12-08", "appeal_deadline": ""}
    before = _counts()
    preview = client.post(reverse("cycle:deadlines", args=[cycle.pk]), {**days, "preview": "1"})
    body = preview.content.decode()
    assert preview.status_code == 200
    assert "Hạn báo cáo mới làm thay đổi điểm trừ nộp trễ của 2 đơn vị đã nộp:" in body
    assert body.count("Thành nộp muộn") == 2
    refused = client.post(reverse("cycle:deadlines", args=[cycle.pk]), days)
    message = (
        "Đổi hạn báo cáo từ 15/12/2099 sang 08/12/2026 làm thay đổi điểm trừ nộp trễ của 2 đơn vị đã nộp: xem "
        "trước danh sách và xác nhận trước khi lưu."
    )
    assert refused.status_code == 400 and message in refused.content.decode()
    _refused_by(board_admin, "cycle.deadlines", message)
    api = _api(
        client,
        "PUT",
        f"/cluster-years/{cycle.cluster_year_id}/cycle/deadlines",
        {**days, "appeal_deadline": None},
    )
    assert api.status_code == 400 and api.json()["error"]["message"] == message
    assert api.json()["error"]["details"]["lateness"] == [
        "Xã An Minh (nộp 10/12/2026): đúng hạn → trễ 2 ngày, điểm trừ 0,00 → 0,00",
        "Xã Vĩnh Hòa (nộp 10/12/2026): đúng hạn → trễ 2 ngày, điểm trừ 0,00 → 0,00",
    ]
    assert _counts() == before
    saved = client.post(reverse("cycle:deadlines", args=[cycle.pk]), {**days, "confirm_lateness": "on"})
    assert saved.status_code == 302 and _flash(saved) == ["Đã lưu các hạn."]
    cycle.refresh_from_db()
    assert cycle.reporting_deadline == dt.date(2026, 12, 8)
    event = AuditEvent.objects.filter(action="cycle.deadlines").latest("id")
    assert event.actor == board_admin and event.before["reporting_deadline"] == "2099-12-15"
    assert len(event.after["lateness"]) == 2


def test_it_refuses_a_reported_value_after_the_results_are_final_on_the_page_and_the_api(
    cycle: Cycle, unit_officer: Any
) -> None:
    cycle = move_to(cycle, CycleState.FINAL)
    line = line_of(cycle, "AN-MINH", "1.1")
    value = CriterionLine.objects.get(unit__code="AN-MINH", criterion="1.1").value_number
    message = (
        "Kết quả Cụm thi đua số 5 năm 2026 đã chính thức: không sửa số liệu tiêu chí 1.1 được nữa. Sau khi kết "
        "quả chính thức, mọi thay đổi phải qua điều chỉnh kết quả chính thức của Ban Thi đua – Khen thưởng (ghi "
        "lý do, chấm điểm lại thành bản kết quả mới và lưu các chênh lệch)."
    )
    client = _client(unit_officer)
    before = _counts()
    page = client.post(
        reverse("cycle:line_save", args=[line.pk]), {"version": line.version, "value": "99", "comment": ""}
    )
    assert page.status_code == 302 and _flash(page) == [message]
    _refused_by(unit_officer, "cycle.line_save", message)
    api = _api(client, "PUT", f"/cycle-lines/{line.pk}", {"version": line.version, "value": "99"})
    assert api.status_code == 400 and api.json()["error"]["message"] == message
    _refused_by(unit_officer, "cycle.line_save", message)
    assert _counts() == before
    assert CriterionLine.objects.get(unit__code="AN-MINH", criterion="1.1").value_number == value
