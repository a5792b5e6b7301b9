"""The cycle through the API, per persona: the same services and rights as the pages, refusals change nothing."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.test import Client

from thidua.agreements.models import CriterionLine, LineStatus
from thidua.core.models import AuditEvent
from thidua.cycle.models import Appeal, Cycle, CycleState
from thidua.cycle.tests.conftest import audit_count, line_of, move_to, submit_all

PREFIX = "/api/v1"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _call(user: Any, method: str, url: str, body: Any = None) -> Any:
    data = json.dumps(body if body is not None else {})
    return _client(user).generic(method, PREFIX + url, data=data, content_type="application/json")


def test_it_shows_the_leader_every_members_readiness_and_an_officer_its_own(
    cycle: Cycle, cluster_leader: Any, unit_officer: Any
) -> None:
    url = f"/cluster-years/{cycle.cluster_year_id}/cycle"
    led = _call(cluster_leader, "GET", url)
    assert led.status_code == 200
    assert (led.json()["state"], led.json()["next_state"]) == ("setup", "signing")
    assert [m["unit_code"] for m in led.json()["members"]] == ["VINH-HOA", "THANH-LOC", "AN-MINH"]
    own = _call(unit_officer, "GET", url).json()
    assert [m["unit_code"] for m in own["members"]] == ["AN-MINH"]


def test_it_hides_a_cycle_from_another_province_and_an_unopened_year(
    cycle: Cycle, cluster_leader: Any, org: Any
) -> None:
    response = _call(cluster_leader, "GET", f"/cluster-years/{org.other_cluster_year.pk}/cycle")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Không tìm thấy năm thi đua hoặc năm thi đua chưa được mở."


def test_it_lets_an_officer_read_save_and_submit_its_report(cycle: Cycle, unit_officer: Any) -> None:
    cycle = move_to(cycle, CycleState.REPORTING)
    unit_id = line_of(cycle, "AN-MINH", "1.1").unit_id
    lines = _call(unit_officer, "GET", f"/cluster-years/{cycle.cluster_year_id}/cycle/units/{unit_id}/lines")
    assert lines.status_code == 200
    first = next(line for line in lines.json() if line["criterion"] == "1.1")
    assert (first["value"], first["version"], first["status"]) == ("78,4", 0, "draft")

    saved = _call(unit_officer, "PUT", f"/cycle-lines/{first['id']}", {"version": 0, "value": "80,5"})
    assert saved.status_code == 200, saved.content
    assert (saved.json()["value"], saved.json()["version"]) == ("80,5", 1)
    assert CriterionLine.objects.get(unit__code="AN-MINH", criterion="1.1").value_number == Decimal("80.5")
    assert audit_count("cycle.line_save") == 1

    stale = _call(unit_officer, "PUT", f"/cycle-lines/{first['id']}", {"version": 0, "value": "1"})
    assert stale.status_code == 409
    assert CriterionLine.objects.get(unit__code="AN-MINH", criterion="1.1").value_number == Decimal("80.5")

    submitted = _call(
        unit_officer, "POST", f"/cluster-years/{cycle.cluster_year_id}/cycle/units/{unit_id}/submit"
    )
    assert submitted.status_code == 200, submitted.content
    assert audit_count("cycle.report_submit") == 1


def test_it_refuses_another_units_report_and_changes_nothing(
    cycle: Cycle, unit_officer: Any, observer: Any
) -> None:
    cycle = move_to(cycle, CycleState.REPORTING)
    other = line_of(cycle, "VINH-HOA", "1.1")
    events = AuditEvent.objects.count()
    for user in (unit_officer, observer):
        read = _call(user, "GET", f"/cluster-years/{cycle.cluster_year_id}/cycle/units/{other.unit_id}/lines")
        assert read.status_code == 404
        saved = _call(user, "PUT", f"/cycle-lines/{other.pk}", {"version": 0, "value": "1"})
        assert saved.status_code in (403, 404)
        submit = _call(
            user, "POST", f"/cluster-years/{cycle.cluster_year_id}/cycle/units/{other.unit_id}/submit"
        )
        assert submit.status_code in (403, 404)
    assert AuditEvent.objects.count() == events
    other.refresh_from_db()
    assert (other.version, other.status) == (0, LineStatus.DRAFT)


def test_it_gives_the_reviewer_its_queue_and_lets_it_verify_only_its_agencys_lines(
    cycle: Cycle, data_source_reviewer: Any, unit_officer: Any, cluster_leader: Any, org: Any
) -> None:
    cycle = move_to(cycle, CycleState.REPORTING)
    submit_all(cycle, {"AN-MINH": unit_officer, "VINH-HOA": cluster_leader})
    cycle = move_to(cycle, CycleState.VERIFICATION)
    queue = _call(data_source_reviewer, "GET", "/cycle-queue")
    assert queue.status_code == 200
    assert queue.json() and {line["data_source"] for line in queue.json()} == {"Sở Tài chính"}
    line = line_of(cycle, "AN-MINH", "1.1")
    corrected = _call(
        data_source_reviewer,
        "POST",
        f"/cycle-lines/{line.pk}/verify",
        {"version": line.version, "verdict": "correct", "value": "79", "reason": "Theo số quyết toán"},
    )
    assert corrected.status_code == 200, corrected.content
    assert (corrected.json()["status"], corrected.json()["value"]) == ("corrected", "79")
    assert audit_count("cycle.line_correct") == 1

    not_theirs = next(
        item
        for item in _call(cluster_leader, "GET", "/cycle-queue").json()
        if item["data_source"] != "Sở Tài chính"
    )
    refused = _call(
        data_source_reviewer,
        "POST",
        f"/cycle-lines/{not_theirs['id']}/verify",
        {"version": 0, "verdict": "accept"},
    )
    assert refused.status_code in (403, 404)
    no_reason = _call(
        cluster_leader, "POST", f"/cycle-lines/{not_theirs['id']}/verify", {"version": 0, "verdict": "return"}
    )
    assert no_reason.status_code == 400
    assert no_reason.json()["error"]["message"] == "Phải ghi lý do điều chỉnh hoặc trả lại."
    assert audit_count("cycle.line_accept") == 0 and audit_count("cycle.line_return") == 0


def test_it_files_an_appeal_for_the_officers_own_unit_only(
    cycle: Cycle, unit_officer: Any, cluster_leader: Any
) -> None:
    cycle = move_to(cycle, CycleState.PROVISIONAL)
    own = line_of(cycle, "AN-MINH", "1.1")
    filed = _call(unit_officer, "POST", f"/cycle-lines/{own.pk}/appeals", {"argument": "Số liệu chưa đúng"})
    assert filed.status_code == 201, filed.content
    assert Appeal.objects.get().argument == "Số liệu chưa đúng"
    assert audit_count("cycle.appeal_file") == 1
    other = line_of(cycle, "VINH-HOA", "1.1")
    refused = _call(unit_officer, "POST", f"/cycle-lines/{other.pk}/appeals", {"argument": "thử"})
    assert refused.status_code in (403, 404)
    assert Appeal.objects.count() == 1 and audit_count("cycle.appeal_file") == 1


def test_it_answers_not_found_for_a_line_of_a_year_without_a_cycle(
    cluster_year: Any, cluster_leader: Any, unit_officer: Any
) -> None:
    from thidua.agreements.tests.helpers import imported

    imported(cluster_year)
    line = CriterionLine.objects.filter(unit__code="AN-MINH", criterion="1.1").get()
    before = (line.version, line.value_number, line.status)
    response = _call(
        unit_officer, "PUT", f"/cycle-lines/{line.pk}", {"version": 0, "value": "1", "comment": ""}
    )
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Không tìm thấy dòng báo cáo hoặc bạn không có quyền xem."
    line.refresh_from_db()
    assert (line.version, line.value_number, line.status) == before
