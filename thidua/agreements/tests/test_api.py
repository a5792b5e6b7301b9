"""The agreements API per persona: reads through the same selectors as the pages, writes through the services,
with the audit rows, and refusals that change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from thidua.agreements.models import Agreement, CriterionLine, ImportStatus, PackageImport, ScoreSnapshot
from thidua.agreements.tests.helpers import example_yaml, imported
from thidua.conftest import Org
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.django_db
PREFIX = "/api/v1"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client: Client, org: Org) -> Any:
    return client.post(
        f"{PREFIX}/cluster-years/{org.cluster_year.pk}/imports",
        {"file": SimpleUploadedFile("cum5.yaml", example_yaml(), content_type="application/yaml")},
    )


def test_it_imports_a_package_with_a_preview_then_applies_it(org: Org, board_admin: User) -> None:
    client = _client(board_admin)
    uploaded = _upload(client, org)
    assert uploaded.status_code == 201, uploaded.content
    body = uploaded.json()
    assert body["problems"] == [] and body["status"] == ImportStatus.PREVIEWED
    assert body["counts"]["added"] > 10 and body["counts"]["changed"] == 0
    assert not Agreement.objects.exists()

    applied = client.post(f"{PREFIX}/imports/{body['id']}/apply")
    assert applied.status_code == 200, applied.content
    assert applied.json()["status"] == ImportStatus.APPLIED
    agreement = Agreement.objects.get(cluster_year=org.cluster_year)
    line = CriterionLine.objects.get(agreement=agreement, unit=org.units["VINH-HOA"], criterion="1.1")
    assert str(line.target) == "40.5"
    event = AuditEvent.objects.get(action="agreement.import")
    assert event.actor == board_admin and event.after["file_name"] == "cum5.yaml"

    again = client.post(f"{PREFIX}/imports/{body['id']}/apply")
    assert again.status_code == 409
    assert again.json()["error"]["message"] == "Tệp này đã được nhập hoặc đã hủy."
    assert AuditEvent.objects.filter(action="agreement.import").count() == 1


@pytest.mark.parametrize("persona", ["cluster_leader", "unit_officer", "observer", "council_member"])
def test_it_refuses_an_import_to_everyone_but_the_board(
    org: Org, persona: str, request: pytest.FixtureRequest
) -> None:
    response = _upload(_client(request.getfixturevalue(persona)), org)
    assert response.status_code in (403, 404)
    assert not PackageImport.objects.exists() and not Agreement.objects.exists()
    assert not AuditEvent.objects.filter(action="packageimport.upload").exists()


def test_it_reads_the_agreement_with_every_members_target(org: Org, unit_officer: User) -> None:
    imported(org.cluster_year)
    response = _client(unit_officer).get(f"{PREFIX}/cluster-years/{org.cluster_year.pk}/agreement")
    assert response.status_code == 200
    body = response.json()
    assert [m["code"] for m in body["members"]] == ["VINH-HOA", "THANH-LOC", "AN-MINH"]
    criterion = next(c for c in body["criteria"] if c["code"] == "1.1")
    assert criterion["targets"][0] == {
        "unit_id": org.units["VINH-HOA"].pk,
        "unit_code": "VINH-HOA",
        "target": "40.5",
        "source": "province",
    }
    assert body["framework_version"]["status"] == "published"


def test_it_hides_another_clusters_agreement(org: Org, unit_officer: User) -> None:
    response = _client(unit_officer).get(f"{PREFIX}/cluster-years/{org.other_cluster_year.pk}/agreement")
    assert response.status_code == 404


def test_it_lists_frameworks_and_reads_a_version(org: Org, observer: User) -> None:
    agreement = imported(org.cluster_year)
    client = _client(observer)
    listed = client.get(f"{PREFIX}/frameworks")
    assert listed.status_code == 200
    assert [f["name"] for f in listed.json()] == [agreement.framework_version.framework.name]
    version = client.get(f"{PREFIX}/framework-versions/{agreement.framework_version_id}")
    assert version.status_code == 200
    assert version.json()["document"] == agreement.framework_version.document


def test_it_scores_and_reads_the_results_document(org: Org, cluster_leader: User) -> None:
    imported(org.cluster_year)
    client = _client(cluster_leader)
    created = client.post(
        f"{PREFIX}/cluster-years/{org.cluster_year.pk}/snapshots",
        {"reason": "Chấm điểm cuối năm"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    snapshot = ScoreSnapshot.objects.get()
    assert created.json()["results"] == snapshot.results
    assert snapshot.results["format"] == "thidua.results/1"
    assert AuditEvent.objects.get(action="scoresnapshot.create").actor == cluster_leader
    listed = client.get(f"{PREFIX}/cluster-years/{org.cluster_year.pk}/snapshots")
    assert [s["id"] for s in listed.json()] == [snapshot.pk]
    read = client.get(f"{PREFIX}/snapshots/{snapshot.pk}")
    assert read.status_code == 200
    assert [u["code"] for u in read.json()["results"]["units"]] == [
        u["code"] for u in snapshot.results["units"]
    ]


def test_it_keeps_provisional_scores_from_members(org: Org, unit_officer: User) -> None:
    imported(org.cluster_year)
    client = _client(unit_officer)
    refused = client.post(
        f"{PREFIX}/cluster-years/{org.cluster_year.pk}/snapshots",
        {"reason": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert not ScoreSnapshot.objects.exists()
    listed = client.get(f"{PREFIX}/cluster-years/{org.cluster_year.pk}/snapshots")
    assert listed.status_code == 403
    assert listed.json()["error"]["message"] == (
        "Bạn không có quyền xem kết quả chấm điểm chưa công bố của cụm này."
    )
