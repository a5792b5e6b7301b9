"""Council ballots through the pages: the board creates, opens, watches, counts paper, closes and overrides; a
council member votes on the phone-sized ballot page; everybody else is refused and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from thidua.accounts.access import SystemActor
from thidua.accounts.models import Role
from thidua.awards.models import Dossier, DossierStatus
from thidua.awards.services import dossiers as dossier_services
from thidua.awards.services.catalogue import catalogue_load
from thidua.conference.models import Ballot, BallotPurpose, BallotStatus, Vote, VoterKind, VoterReceipt
from thidua.conference.services import ballots
from thidua.conftest import PERSONA_PASSWORD, Org, make_persona
from thidua.core.errors import InvalidInput
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.django_db

SYSTEM = SystemActor()
CREATE = reverse("conference:council_create")


def login(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PERSONA_PASSWORD)
    return client


def dossier_at_council(org: Org, unit_officer: User) -> Dossier:
    catalogue_load(actor=SYSTEM)
    dossier = dossier_services.dossier_create(
        actor=unit_officer, unit=org.units["AN-MINH"], award_code="LDTT", year=2025, title="Hồ sơ LĐTT 2025"
    )
    dossier_services.dossier_recipient_add(
        actor=unit_officer,
        dossier=dossier,
        proposal=dossier_services.Proposal(kind="individual", name="Nguyễn An"),
    )
    dossier_services.dossier_forward(actor=unit_officer, dossier=dossier)
    dossier_services.dossier_forward(actor=SYSTEM, dossier=dossier)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.AT_COUNCIL
    return dossier


def council_ballot(org: Org, voters: list[User], *, present: int | None = None) -> Ballot:
    ballot = ballots.council_ballot_create(
        actor=SYSTEM,
        province=org.province,
        title="Đề nghị tặng Cờ thi đua của UBND tỉnh cho Xã Vĩnh Hòa",
        subject=org.units["VINH-HOA"],
        voters=voters,
    )
    if present is not None:
        ballots.ballot_open(actor=SYSTEM, ballot=ballot, present=present)
    return ballot


def test_it_offers_the_board_a_council_ballot_with_the_council_and_the_settings(
    org: Org, board_admin: User, council_member: User, settings: Any
) -> None:
    settings.THIDUA_CONFERENCE = {"THRESHOLD": ("at_least", 90, 100, "voters"), "QUORUM": (3, 4)}
    page = login(board_admin).get(CREATE)
    body = page.content.decode()
    assert page.status_code == 200
    assert f'value="{council_member.pk}"' in body and "Thành viên Hội đồng" in body
    assert f'value="{board_admin.pk}"' not in body  # the board officer holds no council seat
    assert '<option value="ninety" selected>' in body
    assert '<option value="three_quarters" selected>' in body


def test_it_lets_the_board_create_a_council_ballot_on_a_dossier(
    org: Org, board_admin: User, council_member: User, unit_officer: User
) -> None:
    dossier = dossier_at_council(org, unit_officer)
    response = login(board_admin).post(
        CREATE,
        {
            "title": "Biểu quyết hồ sơ LĐTT 2025 của Xã An Minh",
            "voters": [council_member.pk],
            "dossier": dossier.pk,
            "subject": org.units["AN-MINH"].pk,
            "quorum": "two_thirds",
            "threshold": "ninety",
            "base": "voters",
        },
    )
    ballot = Ballot.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "conference:ballot", args=[ballot.pk]
    )
    assert (ballot.purpose, ballot.voter_kind, ballot.status) == (
        BallotPurpose.COUNCIL,
        VoterKind.PERSONS,
        BallotStatus.DRAFT,
    )
    assert ballot.cluster_year is None and ballot.province == org.province and ballot.dossier == dossier
    assert list(ballot.voters.values_list("user_id", flat=True)) == [council_member.pk]
    assert (ballot.threshold_comparison, ballot.threshold_numerator, ballot.threshold_denominator) == (
        "at_least",
        90,
        100,
    )
    assert (ballot.quorum_numerator, ballot.quorum_denominator) == (2, 3)
    event = AuditEvent.objects.get(action="ballot.create")
    assert event.actor == board_admin
    assert event.after["dossier"] == dossier.pk and event.after["voters"] == [council_member.pk]
    page = login(board_admin).get(reverse("conference:ballot", args=[ballot.pk]))
    assert "Hồ sơ LĐTT 2025" in page.content.decode()


@pytest.mark.parametrize("persona", ["council_member", "cluster_leader", "unit_officer", "observer"])
def test_it_refuses_council_ballot_creation_to_everyone_but_the_board(
    org: Org, persona: str, request: Any, council_member: User
) -> None:
    client = login(request.getfixturevalue(persona))
    assert client.get(CREATE).status_code == 403
    response = client.post(
        CREATE,
        {
            "title": "x",
            "voters": [council_member.pk],
            "quorum": "two_thirds",
            "threshold": "more_than_half",
            "base": "voters",
        },
    )
    assert response.status_code == 403
    assert not Ballot.objects.exists() and not AuditEvent.objects.filter(action="ballot.create").exists()


def test_it_shows_the_board_the_form_again_with_the_reason_of_a_refusal(
    org: Org, board_admin: User, council_member: User
) -> None:
    response = login(board_admin).post(
        CREATE,
        {
            "title": "  ",
            "voters": [council_member.pk],
            "quorum": "half",
            "threshold": "ninety",
            "base": "voters",
        },
    )
    assert response.status_code == 400
    assert not Ballot.objects.exists() and not AuditEvent.objects.filter(action="ballot.create").exists()


def test_it_refuses_a_voter_outside_the_council(org: Org, board_admin: User, council_member: User) -> None:
    with pytest.raises(InvalidInput) as refused:
        ballots.council_ballot_create(
            actor=board_admin, province=org.province, title="x", voters=[council_member, board_admin]
        )
    assert (
        refused.value.message == "Người bỏ phiếu phải là thành viên Hội đồng Thi đua – Khen thưởng của tỉnh."
    )
    assert not Ballot.objects.exists() and not AuditEvent.objects.filter(action="ballot.create").exists()


def test_it_runs_a_council_ballot_from_the_pages(
    org: Org, board_admin: User, council_member: User, observer: User
) -> None:
    second = make_persona("hoidong2", "Trần Thị Bình", [(Role.COUNCIL_MEMBER, org.province, None)])
    ballot = council_ballot(org, [council_member, second])
    board = login(board_admin)
    url = reverse("conference:ballot", args=[ballot.pk])
    opened = board.post(reverse("conference:ballot_open", args=[ballot.pk]), {"present": 2}, follow=True)
    assert "Đã cập nhật cuộc bỏ phiếu." in opened.content.decode()
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.OPEN and ballot.present == 2

    member = login(council_member)
    listed = member.get(reverse("conference:council")).content.decode()
    assert "Chờ phiếu của bạn" in listed and url in listed
    page = member.get(url).content.decode()
    assert "Phiếu của bạn" in page and "Gửi phiếu" in page
    voted = member.post(
        reverse("conference:ballot_cast", args=[ballot.pk]), {"choice": "reject"}, follow=True
    )
    assert "Đã ghi nhận phiếu của bạn. Phiếu được giữ bí mật." in voted.content.decode()
    assert "Chờ phiếu của bạn" not in member.get(reverse("conference:council")).content.decode()

    # The board sees who has voted and never what.
    watched = board.get(url).content.decode()
    assert "Thành viên Hội đồng ✓" in watched and "Trần Thị Bình ✓" not in watched
    assert "Không đồng ý" not in watched.split("Đại biểu</h3>")[1].split("</ul>")[0]

    paper_voter = ballot.voters.get(user=second)
    paper = board.post(
        reverse("conference:ballot_paper", args=[ballot.pk]),
        {"paper_voters": [paper_voter.pk], "approve": 1, "reject": 0, "abstain": 0},
        follow=True,
    )
    assert "Đã nhập kết quả phiếu giấy." in paper.content.decode()
    assert VoterReceipt.objects.filter(ballot=ballot).count() == 2

    closed = board.post(reverse("conference:ballot_close", args=[ballot.pk]), follow=True).content.decode()
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.CLOSED and ballot.passed is False
    assert (
        "Không đạt: thiếu 1 phiếu (1/2 phiếu đồng ý (50,00%); cần &gt; 50% tổng số đại biểu, tức 2 phiếu)"
        in closed
    )
    overridden = board.post(
        reverse("conference:ballot_override", args=[ballot.pk]),
        {"passed": "1", "reason": "Hội đồng thống nhất xét lại"},
        follow=True,
    )
    assert "Đã ghi quyết định của chủ tọa." in overridden.content.decode()
    ballot.refresh_from_db()
    assert ballot.override_passed is True and ballot.override_reason == "Hội đồng thống nhất xét lại"
    event = AuditEvent.objects.get(action="ballot.override")
    assert event.actor == board_admin and event.reason == "Hội đồng thống nhất xét lại"
    # The observer reads the council's ballots but holds no seat.
    assert url in login(observer).get(reverse("conference:council")).content.decode()


def test_it_refuses_the_council_chair_tools_and_a_vote_to_those_without_a_seat(
    org: Org, council_member: User, observer: User, cluster_leader: User
) -> None:
    ballot = council_ballot(org, [council_member], present=1)
    # Who sees the ballot is refused (403); who does not see it finds nothing (404).
    for user, refused in ((council_member, 403), (observer, 403), (cluster_leader, 404)):
        client = login(user)
        assert client.post(reverse("conference:ballot_close", args=[ballot.pk])).status_code == refused
        override = reverse("conference:ballot_override", args=[ballot.pk])
        assert client.post(override, {"passed": "1", "reason": "x"}).status_code == refused
    assert (
        login(observer)
        .post(reverse("conference:ballot_cast", args=[ballot.pk]), {"choice": "approve"})
        .status_code
        == 403
    )
    # A cluster's leader without a province role does not even see the council ballot.
    assert login(cluster_leader).get(reverse("conference:ballot", args=[ballot.pk])).status_code == 404
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.OPEN and not Vote.objects.exists()
    assert not AuditEvent.objects.filter(
        action__in=["ballot.close", "ballot.override", "ballot.cast"]
    ).exists()
