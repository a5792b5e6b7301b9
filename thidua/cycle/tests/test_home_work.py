"""The home page's "Việc cần làm" panel: each persona's next actions, with the exact sentences, the pages they
link to, the "Năm thi đua" menu entry, and a query count that does not grow with the data."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.agreements.models import LineStatus
from thidua.awards.models import DossierStatus
from thidua.awards.services import dossiers as dossier_services
from thidua.awards.services.catalogue import catalogue_load
from thidua.conference.models import BallotPurpose
from thidua.conference.services import ballots
from thidua.conftest import Org, make_persona
from thidua.core.work import WorkItem
from thidua.cycle import selectors
from thidua.cycle.lines import lines_of
from thidua.cycle.models import Cycle, CycleState
from thidua.cycle.sample import sample_cycle
from thidua.cycle.services import verification
from thidua.cycle.services.common import notify
from thidua.cycle.tests.conftest import SYSTEM, line_of, move_to, submit_all

CONTEXT = "Cụm thi đua số 5 năm 2026 · %s"


def work_of(user: Any) -> tuple[list[WorkItem], str]:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.context["work"], response.content.decode()


def texts(items: list[WorkItem]) -> list[tuple[str, str]]:
    return [(item.text, item.context) for item in items]


def opens(user: Any, item: WorkItem) -> bool:
    client = Client()
    client.force_login(user)
    return client.get(item.url).status_code == 200


@pytest.fixture
def thanh_loc_officer(org: Org) -> Any:
    return make_persona(
        "thanhloc", "Cán bộ Xã Thạnh Lộc", [(Role.UNIT_OFFICER, org.units["THANH-LOC"], None)]
    )


@pytest.fixture
def officers(cluster_leader: Any, unit_officer: Any, thanh_loc_officer: Any) -> dict[str, Any]:
    return {"VINH-HOA": cluster_leader, "THANH-LOC": thanh_loc_officer, "AN-MINH": unit_officer}


PROVISIONAL = CONTEXT % "Công bố tạm thời, nhận kiến nghị · hạn kiến nghị 31/12/2099"


def test_it_shows_each_persona_the_provisional_year_with_its_open_appeal(
    cycle: Cycle,
    board_admin: Any,
    cluster_leader: Any,
    unit_officer: Any,
    data_source_reviewer: Any,
    council_member: Any,
    observer: Any,
) -> None:
    cycle = move_to(cycle, CycleState.PROVISIONAL)
    verification.appeal_file(actor=unit_officer, line=line_of(cycle, "AN-MINH", "1.6"), argument="Xem lại")
    lines = lines_of(cycle).count()
    board, _body = work_of(board_admin)
    assert texts(board) == [
        (f"Tiến độ: 0/3 đơn vị đã ký · 0/3 đã nộp báo cáo · 0/{lines} dòng đã thẩm định", PROVISIONAL),
        ("Trả lời 1 kiến nghị", PROVISIONAL),
    ]
    assert [item.url for item in board] == [
        reverse("cycle:detail", args=[cycle.pk]),
        reverse("cycle:appeals", args=[cycle.pk]),
    ]
    leader, _body = work_of(cluster_leader)
    unread = selectors.unread_count(cluster_leader)
    assert texts(leader) == [
        ("Trả lời 1 kiến nghị", PROVISIONAL),
        ("Xem kết quả tạm thời của Xã Vĩnh Hòa, kiến nghị nếu chưa đồng ý", PROVISIONAL),
        (f"{unread} thông báo chưa đọc", ""),
    ]
    officer, body = work_of(unit_officer)
    assert texts(officer)[0] == (
        "Xem kết quả tạm thời của Xã An Minh, kiến nghị nếu chưa đồng ý",
        PROVISIONAL,
    )
    assert officer[0].url == reverse(
        "cycle:unit_results", args=[cycle.pk, line_of(cycle, "AN-MINH", "1.6").unit_id]
    )
    assert '<h2 id="work-title">Việc cần làm</h2>' in body
    reviewer, _body = work_of(data_source_reviewer)
    assert texts(reviewer) == [("Hàng chờ thẩm định: 0 dòng số liệu", "")]
    for user in (council_member, observer):
        items, body = work_of(user)
        assert items == [] and "Không có việc nào đang chờ bạn." in body
    for user, items in ((board_admin, board), (cluster_leader, leader), (unit_officer, officer)):
        assert all(opens(user, item) for item in items)
    # Once the appeal is answered, the board's next step is to freeze the results.
    appeal = lines_of(cycle).get(unit__code="AN-MINH", criterion="1.6").appeals.get()
    verification.appeal_answer(actor=cluster_leader, appeal=appeal, accept=False, answer="Giữ nguyên số liệu")
    board, _body = work_of(board_admin)
    assert texts(board)[1:] == [("Chốt kết quả chính thức", PROVISIONAL)]


def test_it_counts_each_verifiers_lines_as_their_queue_does_and_tells_the_unit_of_a_returned_line(
    cycle: Cycle,
    officers: dict[str, Any],
    board_admin: Any,
    cluster_leader: Any,
    unit_officer: Any,
    data_source_reviewer: Any,
) -> None:
    cycle = move_to(cycle, CycleState.REPORTING)
    submit_all(cycle, officers)
    cycle = move_to(cycle, CycleState.VERIFICATION)
    line = line_of(cycle, "AN-MINH", "1.6")
    verification.line_verify(
        actor=board_admin, line=line, version=line.version, verdict="return", reason="Thiếu minh chứng"
    )
    context = CONTEXT % "Thẩm định · hạn báo cáo 15/12/2099"
    queue = reverse("cycle:verify_queue")
    board_n = len(selectors.verification_queue(board_admin))
    leader_n = len(selectors.verification_queue(cluster_leader))
    reviewer_n = len(selectors.verification_queue(data_source_reviewer))
    assert board_n > leader_n > 0 and board_n > reviewer_n > 0
    lines = lines_of(cycle).count()
    board, _body = work_of(board_admin)
    assert texts(board) == [
        (f"Tiến độ: 0/3 đơn vị đã ký · 3/3 đã nộp báo cáo · 0/{lines} dòng đã thẩm định", context),
        (f"Thẩm định {board_n} dòng số liệu", context),
    ]
    assert board[1].url == f"{queue}?nam={cycle.pk}"
    leader, _body = work_of(cluster_leader)
    assert texts(leader)[0] == (f"Thẩm định {leader_n} dòng số liệu", context)
    reviewer, _body = work_of(data_source_reviewer)
    assert texts(reviewer) == [(f"Hàng chờ thẩm định: {reviewer_n} dòng số liệu", "")]
    assert reviewer[0].url == queue
    officer, _body = work_of(unit_officer)
    assert texts(officer)[0] == ("Sửa và gửi lại 1 dòng bị trả lại của Xã An Minh", context)
    assert officer[0].url == reverse("cycle:report", args=[cycle.pk, line.unit_id])
    assert lines_of(cycle).filter(status=LineStatus.RETURNED).count() == 1


def test_it_asks_each_member_to_sign_until_it_has(cycle: Cycle, board_admin: Any, unit_officer: Any) -> None:
    cycle = move_to(cycle, CycleState.SIGNING)
    context = CONTEXT % "Ký kết giao ước · hạn ký 30/04/2026"
    officer, _body = work_of(unit_officer)
    unread = selectors.unread_count(unit_officer)
    assert texts(officer) == [("Ký giao ước cho Xã An Minh", context), (f"{unread} thông báo chưa đọc", "")]
    assert officer[0].url == reverse("cycle:detail", args=[cycle.pk])
    lines = lines_of(cycle).count()
    board, _body = work_of(board_admin)
    assert texts(board) == [
        (f"Tiến độ: 0/3 đơn vị đã ký · 0/3 đã nộp báo cáo · 0/{lines} dòng đã thẩm định", context)
    ]


def test_it_shows_the_council_its_dossiers_and_ballots_and_a_unit_its_conference_ballot(
    org: Org, board_admin: Any, council_member: Any, unit_officer: Any, observer: Any
) -> None:
    catalogue_load(actor=SYSTEM)
    dossier = dossier_services.dossier_create(
        actor=unit_officer, unit=org.units["AN-MINH"], award_code="LDTT", year=2025, title="Hồ sơ LĐTT 2025"
    )
    officer, _body = work_of(unit_officer)
    assert texts(officer) == [("Hoàn thiện và gửi 1 hồ sơ đang soạn", "Đơn vị đang soạn")]
    dossier_services.dossier_recipient_add(
        actor=unit_officer,
        dossier=dossier,
        proposal=dossier_services.Proposal(kind="individual", name="Nguyễn An"),
    )
    dossier_services.dossier_forward(actor=unit_officer, dossier=dossier)
    board, _body = work_of(board_admin)
    assert ("Thẩm định 1 hồ sơ đề nghị khen thưởng", "Ban Thi đua – Khen thưởng thẩm định") in texts(board)
    dossier_services.dossier_forward(actor=board_admin, dossier=dossier)
    assert dossier.status == DossierStatus.AT_COUNCIL
    council = ballots.council_ballot_create(
        actor=SYSTEM,
        province=org.province,
        title="Đề nghị tặng Cờ thi đua cho Xã Vĩnh Hòa",
        subject=org.units["VINH-HOA"],
        voters=[council_member],
    )
    ballots.ballot_open(actor=SYSTEM, ballot=council, present=1)
    honour = ballots.ballot_create(
        actor=SYSTEM,
        cluster_year=org.cluster_year,
        purpose=BallotPurpose.HONOUR,
        title="Suy tôn Xã Vĩnh Hòa là đơn vị dẫn đầu năm 2026",
        subject=org.units["VINH-HOA"],
    )
    ballots.ballot_open(actor=SYSTEM, ballot=honour, present=3)
    items, _body = work_of(council_member)
    assert texts(items) == [
        ("Bỏ phiếu: Đề nghị tặng Cờ thi đua cho Xã Vĩnh Hòa", "Hội đồng Thi đua – Khen thưởng"),
        ("Xét 1 hồ sơ chờ Hội đồng Thi đua – Khen thưởng", "Hội đồng Thi đua – Khen thưởng xét"),
    ]
    assert [item.url for item in items] == [
        reverse("conference:ballot", args=[council.pk]),
        reverse("awards:dossier_detail", args=[dossier.pk]),
    ]
    assert all(opens(council_member, item) for item in items)
    officer, _body = work_of(unit_officer)
    assert texts(officer) == [
        ("Bỏ phiếu: Suy tôn Xã Vĩnh Hòa là đơn vị dẫn đầu năm 2026", "Hội nghị Cụm thi đua số 5 năm 2026")
    ]
    ballots.ballot_cast(actor=unit_officer, ballot=honour, choice="approve")
    ballots.ballot_cast(actor=council_member, ballot=council, choice="approve")
    assert work_of(unit_officer)[0] == []
    assert texts(work_of(council_member)[0]) == [
        ("Xét 1 hồ sơ chờ Hội đồng Thi đua – Khen thưởng", "Hội đồng Thi đua – Khen thưởng xét")
    ]
    assert work_of(observer)[0] == []


def test_it_puts_the_year_in_the_menu_for_every_role_as_the_cycle_list_does(
    org: Org, unit_officer: Any, outsider: Any
) -> None:
    link = f'<a href="{reverse("cycle:list")}"'
    _items, body = work_of(unit_officer)
    assert link in body and ">Năm thi đua</a>" in body
    client = Client()
    client.force_login(outsider)
    assert link not in client.get(reverse("home")).content.decode()
    assert client.get(reverse("cycle:list")).status_code == 403


HOME_QUERIES = 32


@pytest.mark.parametrize(("clusters", "members", "criteria"), [(1, 3, 4), (3, 8, 12)])
def test_it_reads_the_home_page_in_constant_queries(
    org: Org, board_admin: Any, django_assert_num_queries: Any, clusters: int, members: int, criteria: int
) -> None:
    states = [CycleState.VERIFICATION, CycleState.PROVISIONAL, CycleState.REPORTING]
    for i in range(clusters):
        sample_cycle(
            province=org.province, code=f"CUM9{i}", members=members, criteria=criteria, state=states[i % 3]
        )
    notify([board_admin] * clusters, "Có việc mới", "")
    client = Client()
    client.force_login(board_admin)
    client.get(reverse("home"))
    with django_assert_num_queries(HOME_QUERIES):
        assert client.get(reverse("home")).status_code == 200
