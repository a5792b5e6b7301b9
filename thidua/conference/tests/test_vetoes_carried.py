"""Issue 10, item 9: a veto recorded at the conference, after the final results were scored, reaches every place
that ranks, honours, counts or proposes: the conference's results, the minutes, the cluster report and the
rotation hint."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from docx import Document

from thidua.agreements.models import Agreement
from thidua.conference.proposals import RotationMember, rotation_suggestion
from thidua.conference.results import results_after_conference
from thidua.conference.services import meeting
from thidua.conftest import Org
from thidua.reporting import sources
from thidua.reporting.building import leader_options
from thidua.reports.cluster import build_cluster_report

pytestmark = pytest.mark.django_db
REASON = "Để xảy ra vụ việc phức tạp về an ninh trật tự"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def scored(org: Org, agreement: Agreement, cluster_leader: User, settings: Any, tmp_path: Path) -> Client:
    """The year's results scored (Xã Vĩnh Hòa first, Xã An Minh second, Xã Thạnh Lộc third) before the conference."""
    settings.MEDIA_ROOT = tmp_path
    client = _client(cluster_leader)
    response = client.post(
        reverse("agreements:snapshot_list", args=[org.cluster_year.pk]), {"reason": "Chấm điểm cuối năm"}
    )
    assert response.status_code == 302
    return client


def _veto(org: Org, actor: User, code: str) -> None:
    meeting.veto_record(actor=actor, cluster_year=org.cluster_year, unit=org.units[code], reason=REASON)


def test_it_takes_the_vetoed_unit_out_of_the_conferences_final_results(
    org: Org, scored: Client, cluster_leader: User
) -> None:
    _veto(org, cluster_leader, "VINH-HOA")
    results = results_after_conference(org.cluster_year)
    assert results is not None
    ranks = {u.code: (u.rank, u.vetoed) for u in results.units}
    assert ranks == {"AN-MINH": (1, None), "THANH-LOC": (2, None), "VINH-HOA": (None, REASON)}
    assert [u.code for u in results.units] == ["AN-MINH", "THANH-LOC", "VINH-HOA"]
    page = scored.get(reverse("conference:cluster_year", args=[org.cluster_year.pk])).content.decode()
    assert f"Không xét thi đua: {REASON}" in page


def test_it_writes_the_veto_into_the_minutes_ranking(org: Org, scored: Client, cluster_leader: User) -> None:
    _veto(org, cluster_leader, "VINH-HOA")
    docx = scored.get(reverse("conference:minutes", args=[org.cluster_year.pk, "docx"]))
    document = Document(io.BytesIO(docx.content))
    ranking = next(t for t in document.tables if t.rows[0].cells[-1].text == "Ghi chú")
    rows = [tuple(cell.text for cell in row.cells) for row in ranking.rows[1:]]
    assert [(rank, name, note) for rank, name, _total, note in rows] == [
        ("1", "Xã An Minh", ""),
        ("2", "Xã Thạnh Lộc", ""),
        ("—", "Xã Vĩnh Hòa", f"Không xét thi đua: {REASON}"),
    ]


def test_it_names_the_vetoed_unit_in_the_cluster_report(
    org: Org, scored: Client, cluster_leader: User
) -> None:
    package, result = sources.scored(org.cluster_year)
    before = build_cluster_report(package, result, leader_options(org.cluster_year))
    assert before.veto_sentences == ("Không có đơn vị nào thuộc trường hợp không xét thi đua.",) or list(
        before.veto_sentences
    ) == ["Không có đơn vị nào thuộc trường hợp không xét thi đua."]
    _veto(org, cluster_leader, "AN-MINH")
    package, result = sources.scored(org.cluster_year)
    report = build_cluster_report(package, result, leader_options(org.cluster_year))
    assert list(report.veto_sentences) == [
        "Xã An Minh (tổng điểm 896,00) không được xếp hạng và không được đề nghị khen thưởng do để xảy ra vụ "
        "việc phức tạp về an ninh trật tự."
    ]
    ranks = {u.code: u.rank for u in result.units}
    assert ranks == {"VINH-HOA": 1, "THANH-LOC": 2, "AN-MINH": None}


def test_it_never_suggests_a_vetoed_unit_for_next_years_leader_or_deputy(
    org: Org, agreement: Agreement, cluster_leader: User
) -> None:
    _veto(org, cluster_leader, "AN-MINH")
    page = _client(cluster_leader).get(reverse("conference:cluster_year", args=[org.cluster_year.pk]))
    body = page.content.decode()
    assert (
        "Xã Thạnh Lộc là cụm phó năm nay nên làm cụm trưởng; Xã Vĩnh Hòa là đơn vị kế tiếp theo thứ tự luân phiên "
        f"nên làm cụm phó. Xã An Minh không được đề xuất vì không xét thi đua ({REASON})." in body
    )


def test_it_skips_a_vetoed_deputy_and_a_vetoed_leading_unit_in_the_rotation() -> None:
    members = [
        RotationMember("A", "A", 1, "leader"),
        RotationMember("B", "B", 2, "deputy"),
        RotationMember("C", "C", 3, "member"),
        RotationMember("D", "D", 4, "member"),
    ]
    usual = rotation_suggestion(members, vetoed={"B": "vi phạm"})
    assert (usual.leader, usual.deputy) == ("C", "D")
    leading = rotation_suggestion(members, leading_unit="D", leading_unit_leads=True, vetoed={"D": "vi phạm"})
    assert (leading.leader, leading.deputy) == ("B", "C")
    assert leading.reason.endswith("D không được đề xuất vì không xét thi đua (vi phạm).")
