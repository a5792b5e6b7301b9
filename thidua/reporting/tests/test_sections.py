"""The leader's sections: only the cluster leader writes them, every save is audited with the text before and
after, a save from a stale page is refused, and refusals change nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from thidua.agreements.models import ScoreSnapshot
from thidua.conftest import Org
from thidua.core.errors import AccessDenied, Conflict
from thidua.core.models import AuditEvent
from thidua.reporting import services
from thidua.reporting.models import LeaderSection


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_saves_the_leaders_text_with_its_history_in_the_audit(org: Org, cluster_leader: User) -> None:
    first = services.leader_section_save(
        actor=cluster_leader,
        cluster_year=org.cluster_year,
        kind="shortcomings",
        text="Một số chỉ tiêu chưa đạt.",
        expected_version=0,
    )
    second = services.leader_section_save(
        actor=cluster_leader,
        cluster_year=org.cluster_year,
        kind="shortcomings",
        text="- Thu ngân sách chưa đạt kế hoạch.\n- Giải ngân đầu tư công chậm.",
        expected_version=1,
        reason="Cụ thể hơn",
    )
    assert first.pk == second.pk
    stored = LeaderSection.objects.get()
    assert stored.version == 2
    assert stored.updated_by == cluster_leader
    assert stored.text.startswith("- Thu ngân sách")
    events = list(AuditEvent.objects.filter(action="leader_section.save").order_by("id"))
    assert [e.after["version"] for e in events] == [1, 2]
    assert events[1].before == {"text": "Một số chỉ tiêu chưa đạt.", "version": 1}
    assert events[1].reason == "Cụ thể hơn"
    assert events[1].actor == cluster_leader


def test_it_refuses_a_save_from_a_stale_page_and_keeps_the_newer_text(org: Org, cluster_leader: User) -> None:
    services.leader_section_save(
        actor=cluster_leader,
        cluster_year=org.cluster_year,
        kind="directions",
        text="Bản mới",
        expected_version=0,
    )
    with pytest.raises(Conflict) as caught:
        services.leader_section_save(
            actor=cluster_leader,
            cluster_year=org.cluster_year,
            kind="directions",
            text="Bản cũ",
            expected_version=0,
        )
    assert caught.value.message == (
        "Nội dung đã được người khác sửa sau khi bạn mở trang; hãy tải lại trang để xem bản mới."
    )
    assert LeaderSection.objects.get().text == "Bản mới"
    assert AuditEvent.objects.filter(action="leader_section.save").count() == 1


@pytest.mark.parametrize(
    "persona",
    ["board_admin", "council_member", "unit_officer", "data_source_reviewer", "observer", "outsider"],
)
def test_it_refuses_the_sections_to_anyone_but_the_leader(
    org: Org, persona: str, request: pytest.FixtureRequest
) -> None:
    with pytest.raises(AccessDenied) as caught:
        services.leader_section_save(
            actor=request.getfixturevalue(persona),
            cluster_year=org.cluster_year,
            kind="shortcomings",
            text="Chen ngang",
            expected_version=0,
        )
    assert (
        caught.value.message
        == "Chỉ cụm trưởng, khối trưởng của năm này được viết phần hạn chế và phương hướng."
    )
    assert not LeaderSection.objects.exists()
    assert not AuditEvent.objects.filter(action="leader_section.save").exists()


def test_it_refuses_the_leader_of_one_cluster_in_another(org: Org, cluster_leader: User) -> None:
    with pytest.raises(AccessDenied):
        services.leader_section_save(
            actor=cluster_leader,
            cluster_year=org.other_cluster_year,
            kind="shortcomings",
            text="x",
            expected_version=0,
        )
    assert not LeaderSection.objects.exists()


def test_it_saves_from_the_page_and_shows_the_history(
    org: Org, cluster_leader: User, scored: ScoreSnapshot
) -> None:
    client = client_for(cluster_leader)
    url = reverse("reporting:section_save", args=[org.cluster_year.pk, "directions"])
    response = client.post(url, {"text": "Giữ vững vị trí dẫn đầu.", "version": "0", "reason": ""})
    assert response.status_code == 302
    stale = client.post(url, {"text": "Bản cũ", "version": "0"})
    assert stale.status_code == 400
    assert "hãy tải lại trang để xem bản mới" in stale.content.decode()
    page = client.get(reverse("reporting:cluster", args=[org.cluster_year.pk])).content.decode()
    assert "Giữ vững vị trí dẫn đầu." in page
    assert "Phiên bản 1" in page
    assert LeaderSection.objects.get().text == "Giữ vững vị trí dẫn đầu."


@pytest.mark.parametrize("persona", ["board_admin", "council_member"])
def test_it_shows_the_sections_read_only_to_the_board_and_council(
    org: Org, cluster_leader: User, persona: str, request: pytest.FixtureRequest
) -> None:
    services.leader_section_save(
        actor=cluster_leader,
        cluster_year=org.cluster_year,
        kind="shortcomings",
        text="Chưa đạt chỉ tiêu thu.",
        expected_version=0,
    )
    client = client_for(request.getfixturevalue(persona))
    page = client.get(reverse("reporting:cluster", args=[org.cluster_year.pk])).content.decode()
    assert "Chưa đạt chỉ tiêu thu." in page
    assert reverse("reporting:section_save", args=[org.cluster_year.pk, "shortcomings"]) not in page
    response = client.post(
        reverse("reporting:section_save", args=[org.cluster_year.pk, "shortcomings"]),
        {"text": "Sửa", "version": "1"},
    )
    assert response.status_code == 403
    assert LeaderSection.objects.get().text == "Chưa đạt chỉ tiêu thu."


@pytest.mark.parametrize("persona", ["unit_officer", "observer", "data_source_reviewer"])
def test_it_hides_the_report_page_from_those_who_may_not_see_scores(
    org: Org, persona: str, request: pytest.FixtureRequest
) -> None:
    response = client_for(request.getfixturevalue(persona)).get(
        reverse("reporting:cluster", args=[org.cluster_year.pk])
    )
    assert response.status_code == 404
