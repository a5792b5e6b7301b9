"""Conference pages through the client: the chair's and the delegate's paths, refusals, the documents."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from thidua.conference.models import Ballot, BallotStatus, Vote, VoterReceipt
from thidua.conference.tests.conftest import honour_ballot
from thidua.conftest import PERSONA_PASSWORD, Org
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def login(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PERSONA_PASSWORD)
    return client


def test_it_lets_a_delegate_vote_on_the_ballot_page(org: Org, unit_officer: User) -> None:
    ballot = honour_ballot(org)
    client = login(unit_officer)
    page = client.get(reverse("conference:ballot", args=[ballot.pk]))
    assert page.status_code == 200 and "Gửi phiếu" in page.content.decode()
    response = client.post(
        reverse("conference:ballot_cast", args=[ballot.pk]), {"choice": "approve"}, follow=True
    )
    assert "Đã ghi nhận phiếu của đơn vị. Phiếu được giữ bí mật." in response.content.decode()
    assert (
        Vote.objects.filter(ballot=ballot).count() == 1
        and VoterReceipt.objects.filter(ballot=ballot).count() == 1
    )
    again = client.post(
        reverse("conference:ballot_cast", args=[ballot.pk]), {"choice": "reject"}, follow=True
    )
    assert "Xã An Minh đã bỏ phiếu; mỗi đại biểu chỉ bỏ một phiếu." in again.content.decode()
    assert Vote.objects.filter(ballot=ballot).count() == 1


def test_it_hides_a_ballot_from_an_outsider_and_refuses_the_observer_a_vote(
    org: Org, outsider: User, observer: User
) -> None:
    ballot = honour_ballot(org)
    assert login(outsider).get(reverse("conference:ballot", args=[ballot.pk])).status_code == 403
    observer_client = login(observer)
    assert observer_client.get(reverse("conference:ballot", args=[ballot.pk])).status_code == 200
    assert (
        observer_client.post(
            reverse("conference:ballot_cast", args=[ballot.pk]), {"choice": "approve"}
        ).status_code
        == 403
    )
    assert not Vote.objects.exists()


def test_it_refuses_closing_to_a_delegate(org: Org, unit_officer: User) -> None:
    ballot = honour_ballot(org)
    assert login(unit_officer).post(reverse("conference:ballot_close", args=[ballot.pk])).status_code == 403
    assert Ballot.objects.get().status == BallotStatus.OPEN
    assert not AuditEvent.objects.filter(action="ballot.close").exists()


def test_it_lets_the_deputy_chair_the_vote_about_the_leading_unit_from_the_pages(
    org: Org, cluster_leader: User, cluster_deputy: User
) -> None:
    client = login(cluster_deputy)
    page = client.get(reverse("conference:cluster_year", args=[org.cluster_year.pk]))
    assert page.status_code == 200
    created = client.post(
        reverse("conference:honour_create", args=[org.cluster_year.pk]),
        {
            "subject": org.units["VINH-HOA"].pk,
            "title": "Suy tôn Xã Vĩnh Hòa",
            "threshold": "more_than_half",
            "base": "voters",
        },
    )
    ballot = Ballot.objects.get()
    assert created.status_code == 302 and created["Location"] == reverse(
        "conference:ballot", args=[ballot.pk]
    )
    client.post(reverse("conference:ballot_open", args=[ballot.pk]), {"present": 3})
    client.post(reverse("conference:ballot_cast", args=[ballot.pk]), {"choice": "approve"})
    closed = client.post(reverse("conference:ballot_close", args=[ballot.pk]), follow=True)
    assert "Không đạt: thiếu 1 phiếu" in closed.content.decode()
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.CLOSED and ballot.passed is False
    leader_page = login(cluster_leader).get(reverse("conference:ballot", args=[ballot.pk])).content.decode()
    assert "Cuộc bỏ phiếu này về đơn vị của bạn (Xã Vĩnh Hòa): cụm phó chủ trì." in leader_page


def test_it_downloads_the_minutes_and_the_dossier(org: Org, cluster_leader: User, unit_officer: User) -> None:
    honour_ballot(org)
    docx = login(unit_officer).get(reverse("conference:minutes", args=[org.cluster_year.pk, "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    with zipfile.ZipFile(io.BytesIO(docx.content)) as archive:
        body = archive.read("word/document.xml").decode()
    assert "BIÊN BẢN" in body and "Xã Vĩnh Hòa (cụm trưởng)" in body
    assert (
        login(unit_officer).get(reverse("conference:dossier", args=[org.cluster_year.pk])).status_code == 403
    )
    dossier = login(cluster_leader).get(reverse("conference:dossier", args=[org.cluster_year.pk]))
    with zipfile.ZipFile(io.BytesIO(dossier.content)) as archive:
        assert sorted(archive.namelist()) == [
            "1-to-trinh.docx",
            "1-to-trinh.pdf",
            "2-bien-ban.docx",
            "2-bien-ban.pdf",
        ]
        assert archive.read("2-bien-ban.pdf")[:4] == b"%PDF"


def test_it_prints_the_secretary_and_the_chair_under_the_minutes(
    org: Org, cluster_leader: User, unit_officer: User
) -> None:
    saved = login(cluster_leader).post(
        reverse("conference:conference_save", args=[org.cluster_year.pk]),
        {
            "held_on": "2027-01-15",
            "place": "Hội trường UBND xã Vĩnh Hòa",
            "chair_name": "Nguyễn Văn Chủ",
            "secretary_name": "Lê Thị Thư",
        },
        follow=True,
    )
    assert "Đã lưu thông tin hội nghị." in saved.content.decode()
    event = AuditEvent.objects.get(action="conference.save")
    assert event.actor == cluster_leader and event.after["secretary_name"] == "Lê Thị Thư"
    docx = login(unit_officer).get(reverse("conference:minutes", args=[org.cluster_year.pk, "docx"]))
    with zipfile.ZipFile(io.BytesIO(docx.content)) as archive:
        body = archive.read("word/document.xml").decode()
    closing = body[body.rindex("<w:tbl>") :]
    assert closing.index("THƯ KÝ") < closing.index("Lê Thị Thư") < closing.index("CHỦ TRÌ HỘI NGHỊ")
    assert closing.index("CHỦ TRÌ HỘI NGHỊ") < closing.index("Nguyễn Văn Chủ")
    pdf = login(unit_officer).get(reverse("conference:minutes", args=[org.cluster_year.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
