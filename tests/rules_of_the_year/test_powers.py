"""Issue 10, items 7 and 10: who may act follows the year's membership roles, nobody acts on their own unit, and a
ballot's outcome belongs to that ballot. Each refusal through the page (and the API where there is one), with the
Vietnamese message, no row changed and no audit row written."""

# ruff: noqa: F811  (the persona fixtures are imported here, then named as test arguments)
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from thidua.agreements.models import CriterionLine, LineStatus
from thidua.agreements.tests.helpers import example_package, example_yaml, imported
from thidua.conference.models import Ballot, BallotPurpose, BallotStatus
from thidua.conference.services import ballots, meeting
from thidua.conference.tests.conftest import SYSTEM, election, honour_ballot
from thidua.conftest import (  # noqa: F401
    Org,
    _fast_password_hashing,
    board_admin,
    cluster_deputy,
    cluster_leader,
    cluster_year,
    data_source_reviewer,
    org,
    province,
    unit_officer,
    units,
)
from thidua.core.models import AuditEvent
from thidua.cycle.lines import lines_of
from thidua.cycle.models import Amendment, Appeal, Cycle, CycleState, RequestStatus
from thidua.cycle.services import cycles as cycle_services
from thidua.cycle.services import signing, verification
from thidua.cycle.tests.conftest import _media, cycle, line_of, move_to, pdf, submit_all  # noqa: F401
from thidua.org.models import ClusterYear

pytestmark = pytest.mark.django_db
API = "/api/v1"
NOT_FOUND_LINE = "Không tìm thấy dòng báo cáo hoặc bạn không có quyền xem."


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user: User, method: str, url: str, body: Any = None) -> Any:
    data = json.dumps(body) if body is not None else ""
    return _client(user).generic(method, API + url, data=data, content_type="application/json")


def _page_message(response: Any) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def _officers(cluster_leader: User, cluster_deputy: User, unit_officer: User) -> dict[str, User]:
    return {"VINH-HOA": cluster_leader, "THANH-LOC": cluster_deputy, "AN-MINH": unit_officer}


# --- after rotation ----------------------------------------------------------------------------------------


@pytest.fixture
def year_2027(org: Org, board_admin: User) -> ClusterYear:
    """The 2026 conference elects Xã Thạnh Lộc leader and Xã An Minh deputy; the board records them ("Ghi nhận cụm
    trưởng, cụm phó"), which sets the 2027 memberships; the 2027 agreement is imported."""
    for purpose, code in ((BallotPurpose.LEADER, "THANH-LOC"), (BallotPurpose.DEPUTY, "AN-MINH")):
        ballot = election(org, purpose, [code])
        ballots.ballot_paper_set(
            actor=SYSTEM,
            ballot=ballot,
            paper_voters=list(ballot.voters.all()),
            candidate_counts={ballot.candidates.get().pk: 3},
        )
        ballots.ballot_close(actor=SYSTEM, ballot=ballot)
    following = meeting.leadership_apply(actor=board_admin, cluster_year=org.cluster_year)
    imported(following, example_yaml(dataclasses.replace(example_package(), year=2027)))
    return following


def _cycle_2027(year_2027: ClusterYear, state: str) -> Cycle:
    found = cycle_services.cycle_create(actor=SYSTEM, cluster_year=year_2027)
    found = cycle_services.cycle_set_deadlines(
        actor=SYSTEM,
        cycle=found,
        signing_deadline=dt.date(2027, 4, 30),
        reporting_deadline=dt.date(2027, 12, 15),
        appeal_deadline=dt.date(2028, 3, 15),
    )
    return move_to(found, state)


def _verifying_2027(year_2027: ClusterYear, officers: dict[str, User]) -> Cycle:
    found = _cycle_2027(year_2027, CycleState.REPORTING)
    submit_all(found, officers)
    return cycle_services.cycle_advance(actor=SYSTEM, cycle=found, from_state=CycleState.REPORTING)


def test_it_gives_the_verification_to_the_new_leader_and_refuses_the_old_one_after_rotation(
    year_2027: ClusterYear, cluster_leader: User, cluster_deputy: User, unit_officer: User
) -> None:
    found = _verifying_2027(year_2027, _officers(cluster_leader, cluster_deputy, unit_officer))
    line = line_of(found, "AN-MINH", "1.6")
    before = (line.status, line.version)
    page = _client(cluster_leader).post(
        reverse("cycle:line_verify", args=[line.pk]), {"version": line.version, "verdict": "accept"}
    )
    assert page.status_code == 404
    api = _api(
        cluster_leader,
        "POST",
        f"/cycle-lines/{line.pk}/verify",
        {"version": line.version, "verdict": "accept"},
    )
    assert api.status_code == 404 and api.json()["error"]["message"] == NOT_FOUND_LINE
    line.refresh_from_db()
    assert (line.status, line.version) == before
    assert not AuditEvent.objects.filter(action__startswith="cycle.line_").exists()
    # The old leader's queue is empty; the new leader's holds the members' lines but not its own unit's.
    assert _api(cluster_leader, "GET", "/cycle-queue").json() == []
    queue = _api(cluster_deputy, "GET", "/cycle-queue").json()
    ids = {row["id"] for row in queue}
    assert line.pk in ids
    assert line_of(found, "VINH-HOA", "1.6").pk in ids
    assert line_of(found, "THANH-LOC", "1.6").pk not in ids
    accepted = _api(
        cluster_deputy,
        "POST",
        f"/cycle-lines/{line.pk}/verify",
        {"version": line.version, "verdict": "accept"},
    )
    assert accepted.status_code == 200
    assert AuditEvent.objects.get(action="cycle.line_accept").actor == cluster_deputy


def test_it_refuses_the_old_leader_approving_an_amendment_after_rotation(
    year_2027: ClusterYear, org: Org, cluster_leader: User, cluster_deputy: User, unit_officer: User
) -> None:
    found = _cycle_2027(year_2027, CycleState.SIGNING)
    signing.signature_record(actor=unit_officer, cycle=found, unit=org.units["AN-MINH"], document=pdf())
    amendment = signing.amendment_request(
        actor=unit_officer,
        cycle=found,
        unit=org.units["AN-MINH"],
        criterion="1.1",
        new_target=Decimal("50"),
        reason="Tỉnh giao lại",
    )
    target = CriterionLine.objects.get(
        agreement__cluster_year=year_2027, unit__code="AN-MINH", criterion="1.1"
    )
    response = _client(cluster_leader).post(
        reverse("cycle:amendment_decide", args=[found.pk, amendment.pk]),
        {"approve": "1", "reason": "Đồng ý"},
        follow=True,
    )
    assert (
        "Chỉ cụm trưởng, cụm phó (về đơn vị cụm trưởng) hoặc Ban Thi đua – Khen thưởng duyệt."
        in _page_message(response)
    )
    amendment.refresh_from_db()
    assert amendment.status == RequestStatus.PENDING
    assert CriterionLine.objects.get(pk=target.pk).target == target.target
    assert not AuditEvent.objects.filter(action="cycle.amendment_decide").exists()
    signing.amendment_decide(
        actor=cluster_deputy, amendment=amendment, approve=True, reason="Đúng quyết định"
    )
    assert Amendment.objects.get(pk=amendment.pk).status == RequestStatus.ACCEPTED


def test_it_refuses_the_old_leader_answering_an_appeal_after_rotation(
    year_2027: ClusterYear, cluster_leader: User, cluster_deputy: User, unit_officer: User
) -> None:
    found = _verifying_2027(year_2027, _officers(cluster_leader, cluster_deputy, unit_officer))
    found = move_to(found, CycleState.PROVISIONAL)
    line = line_of(found, "AN-MINH", "1.6")
    appeal = verification.appeal_file(actor=unit_officer, line=line, argument="Số liệu chưa đúng")
    response = _client(cluster_leader).post(
        reverse("cycle:appeal_answer", args=[appeal.pk]), {"accept": "0", "answer": "Giữ nguyên"}, follow=True
    )
    assert (
        "Chỉ cụm trưởng, cụm phó (về đơn vị cụm trưởng) hoặc Ban Thi đua – Khen thưởng trả lời."
        in _page_message(response)
    )
    appeal.refresh_from_db()
    assert appeal.status == RequestStatus.PENDING and appeal.answered_by is None
    assert not AuditEvent.objects.filter(action="cycle.appeal_answer").exists()
    verification.appeal_answer(actor=cluster_deputy, appeal=appeal, accept=False, answer="Giữ nguyên số liệu")
    assert Appeal.objects.get(pk=appeal.pk).status == RequestStatus.REJECTED


def test_it_refuses_the_old_leader_chairing_a_ballot_after_rotation(
    year_2027: ClusterYear, org: Org, cluster_leader: User, cluster_deputy: User
) -> None:
    data = {
        "subject": org.units["AN-MINH"].pk,
        "title": "Suy tôn Xã An Minh",
        "threshold": "more_than_half",
        "base": "voters",
    }
    refused = _client(cluster_leader).post(reverse("conference:honour_create", args=[year_2027.pk]), data)
    assert refused.status_code == 403
    assert not Ballot.objects.filter(cluster_year=year_2027).exists()
    assert (
        not AuditEvent.objects.filter(action="ballot.create", object_id__isnull=False)
        .exclude(after__purpose__in=["leader", "deputy"])
        .exists()
    )
    created = _client(cluster_deputy).post(reverse("conference:honour_create", args=[year_2027.pk]), data)
    assert created.status_code == 302
    assert Ballot.objects.get(cluster_year=year_2027).subject == org.units["AN-MINH"]


# --- nobody acts on their own unit -------------------------------------------------------------------------


@pytest.fixture
def verifying(cycle: Cycle, cluster_leader: User, cluster_deputy: User, unit_officer: User) -> Cycle:
    found = move_to(cycle, CycleState.REPORTING)
    submit_all(found, _officers(cluster_leader, cluster_deputy, unit_officer))
    return cycle_services.cycle_advance(actor=SYSTEM, cycle=found, from_state=CycleState.REPORTING)


OWN_LINE = (
    "Bạn không thẩm định tiêu chí 1.6 của Xã Vĩnh Hòa: Dòng này thuộc đơn vị của bạn (Xã Vĩnh Hòa): "
    "cụm phó thẩm định."
)


def test_it_refuses_the_leader_verifying_its_own_units_line_and_routes_it_to_the_deputy(
    verifying: Cycle, cluster_leader: User, cluster_deputy: User
) -> None:
    line = line_of(verifying, "VINH-HOA", "1.6")
    before = (line.status, line.version, line.verified_by_id)
    page = _client(cluster_leader).post(
        reverse("cycle:line_verify", args=[line.pk]),
        {"version": line.version, "verdict": "accept"},
        follow=True,
    )
    assert OWN_LINE in _page_message(page)
    api = _api(
        cluster_leader,
        "POST",
        f"/cycle-lines/{line.pk}/verify",
        {"version": line.version, "verdict": "accept"},
    )
    assert api.status_code == 403 and api.json()["error"]["message"] == OWN_LINE
    line.refresh_from_db()
    assert (line.status, line.version, line.verified_by_id) == before
    assert not AuditEvent.objects.filter(action__startswith="cycle.line_").exists()
    leader_queue = {row["id"] for row in _api(cluster_leader, "GET", "/cycle-queue").json()}
    deputy_queue = {row["id"] for row in _api(cluster_deputy, "GET", "/cycle-queue").json()}
    own = set(lines_of(verifying).filter(unit__code="VINH-HOA").values_list("pk", flat=True))
    assert line.pk in deputy_queue and not own & leader_queue
    assert line_of(verifying, "AN-MINH", "1.6").pk in leader_queue
    assert deputy_queue <= own  # the deputy verifies only the leader's unit's lines
    accepted = _api(
        cluster_deputy,
        "POST",
        f"/cycle-lines/{line.pk}/verify",
        {"version": line.version, "verdict": "accept"},
    )
    assert accepted.status_code == 200
    line.refresh_from_db()
    assert line.status == LineStatus.ACCEPTED and line.verified_by == cluster_deputy


def test_it_tells_the_leader_on_the_queue_page_who_verifies_its_own_lines(
    verifying: Cycle, cluster_leader: User
) -> None:
    body = _client(cluster_leader).get(reverse("cycle:verify_queue")).content.decode()
    assert "Các dòng của đơn vị bạn (Xã Vĩnh Hòa) do cụm phó thẩm định." in body


def test_it_refuses_the_leader_answering_an_appeal_of_its_own_unit(
    verifying: Cycle, cluster_leader: User, cluster_deputy: User
) -> None:
    found = move_to(verifying, CycleState.PROVISIONAL)
    line = line_of(found, "VINH-HOA", "1.6")
    appeal = verification.appeal_file(actor=cluster_leader, line=line, argument="Số liệu chưa đúng")
    page = _client(cluster_leader).get(reverse("cycle:appeals", args=[found.pk])).content.decode()
    assert "Kiến nghị này thuộc đơn vị của bạn (Xã Vĩnh Hòa): cụm phó trả lời." in page
    assert reverse("cycle:appeal_answer", args=[appeal.pk]) not in page
    deputy_page = _client(cluster_deputy).get(reverse("cycle:appeals", args=[found.pk])).content.decode()
    assert reverse("cycle:appeal_answer", args=[appeal.pk]) in deputy_page
    response = _client(cluster_leader).post(
        reverse("cycle:appeal_answer", args=[appeal.pk]), {"accept": "0", "answer": "Giữ nguyên"}, follow=True
    )
    assert "Kiến nghị này thuộc đơn vị của bạn (Xã Vĩnh Hòa): cụm phó trả lời." in _page_message(response)
    appeal.refresh_from_db()
    assert appeal.status == RequestStatus.PENDING
    assert not AuditEvent.objects.filter(action="cycle.appeal_answer").exists()
    verification.appeal_answer(actor=cluster_deputy, appeal=appeal, accept=False, answer="Giữ nguyên số liệu")
    assert Appeal.objects.get(pk=appeal.pk).answered_by == cluster_deputy


def test_it_refuses_the_leader_chairing_the_vote_about_its_own_unit(
    org: Org, cluster_leader: User, cluster_deputy: User
) -> None:
    year_page = reverse("conference:cluster_year", args=[org.cluster_year.pk])
    note = "Cuộc biểu quyết suy tôn về đơn vị của bạn (Xã Vĩnh Hòa): cụm phó chủ trì."
    assert note in _client(cluster_leader).get(year_page).content.decode()
    deputy_page = _client(cluster_deputy).get(year_page).content.decode()
    assert (
        note not in deputy_page
        and reverse("conference:honour_create", args=[org.cluster_year.pk]) in deputy_page
    )
    ballot = honour_ballot(org)
    response = _client(cluster_leader).post(reverse("conference:ballot_close", args=[ballot.pk]))
    assert response.status_code == 403
    assert "Cuộc bỏ phiếu này về đơn vị của bạn (Xã Vĩnh Hòa): cụm phó chủ trì." in response.content.decode()
    assert Ballot.objects.get(pk=ballot.pk).status == BallotStatus.OPEN
    assert not AuditEvent.objects.filter(action="ballot.close").exists()


# --- ballots -----------------------------------------------------------------------------------------------

QUORUM_RULE = (
    "Cuộc bỏ phiếu không đủ số đại biểu dự họp tối thiểu (2/3 tổng số đại biểu) nên không có kết quả: chủ tọa "
    "không được quyết định thay, chỉ được tổ chức bỏ phiếu lại."
)


def test_it_refuses_to_override_a_ballot_that_failed_its_quorum_and_reruns_it(
    org: Org, cluster_deputy: User
) -> None:
    ballot = honour_ballot(org, present=1)
    closed = ballots.ballot_close(actor=cluster_deputy, ballot=ballot)
    assert closed.passed is False and closed.quorum_failed
    client = _client(cluster_deputy)
    response = client.post(
        reverse("conference:ballot_override", args=[ballot.pk]),
        {"passed": "1", "reason": "Hội nghị thống nhất"},
        follow=True,
    )
    assert QUORUM_RULE in _page_message(response)
    ballot.refresh_from_db()
    assert (ballot.override_passed, ballot.override_reason, ballot.final_passed) == (None, "", False)
    assert not AuditEvent.objects.filter(action="ballot.override").exists()
    page = client.get(reverse("conference:ballot", args=[ballot.pk])).content.decode()
    assert QUORUM_RULE in page and "Tổ chức bỏ phiếu lại" in page
    rerun = client.post(reverse("conference:ballot_rerun", args=[ballot.pk]))
    again = Ballot.objects.get(rerun_of=ballot)
    assert rerun["Location"] == reverse("conference:ballot", args=[again.pk])
    assert (again.status, again.subject_id, again.voters.count()) == (
        BallotStatus.DRAFT,
        ballot.subject_id,
        3,
    )
    assert Ballot.objects.get(pk=ballot.pk).status == BallotStatus.CLOSED  # the failed one stays on record
    assert AuditEvent.objects.get(action="ballot.rerun").actor == cluster_deputy
    twice = client.post(reverse("conference:ballot_rerun", args=[ballot.pk]), follow=True)
    assert "đã được tổ chức bỏ phiếu lại." in _page_message(twice)
    assert Ballot.objects.filter(rerun_of=ballot).count() == 1


def test_it_refuses_a_second_honour_ballot_about_the_same_unit(org: Org, cluster_deputy: User) -> None:
    first = honour_ballot(org)
    for seat in first.voters.all():
        ballots.ballot_paper_set(actor=SYSTEM, ballot=first, paper_voters=[seat], approve=1)
        break
    ballots.ballot_close(actor=SYSTEM, ballot=first)
    response = _client(cluster_deputy).post(
        reverse("conference:honour_create", args=[org.cluster_year.pk]),
        {
            "subject": org.units["VINH-HOA"].pk,
            "title": "Suy tôn lại Xã Vĩnh Hòa",
            "threshold": "more_than_half",
            "base": "voters",
        },
        follow=True,
    )
    first.refresh_from_db()
    assert (
        f"Cuộc bỏ phiếu “{first.title}” đã có kết quả ({first.result_reason}); kết quả của một cuộc bỏ phiếu "
        "không bị thay bằng cuộc bỏ phiếu khác." in _page_message(response)
    )
    assert Ballot.objects.filter(purpose=BallotPurpose.HONOUR).count() == 1
