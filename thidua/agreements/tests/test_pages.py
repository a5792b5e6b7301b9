"""Pages per persona: who sees what, what writes change, and that refused requests change nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from thidua.agreements.models import Agreement, CriterionLine, PackageImport, ScoreSnapshot
from thidua.agreements.services.snapshots import snapshot_create
from thidua.agreements.tests.helpers import example_yaml, imported
from thidua.conftest import PERSONA_PASSWORD
from thidua.core.errors import AccessDenied, InvalidInput
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PERSONA_PASSWORD)
    return client


def test_it_imports_through_the_pages(board_admin: Any, cluster_year: Any) -> None:
    client = _client(board_admin)
    upload = SimpleUploadedFile("cum5.yaml", example_yaml())
    response = client.post(reverse("agreements:import_upload", args=[cluster_year.pk]), {"file": upload})
    package_import = PackageImport.objects.get()
    assert response.status_code == 302
    preview = client.get(reverse("agreements:import_preview", args=[package_import.pk]))
    assert "Tạo phiên bản thang điểm mới từ tệp" in preview.content.decode()
    assert Agreement.objects.count() == 0
    applied = client.post(reverse("agreements:import_apply", args=[package_import.pk]))
    assert applied.status_code == 302
    assert Agreement.objects.get().cluster_year == cluster_year
    page = client.get(reverse("agreements:agreement_detail", args=[cluster_year.pk])).content.decode()
    assert "Tổng thu ngân sách nhà nước trên địa bàn" in page and "40,5" in page


def test_it_shows_a_broken_files_errors_and_keeps_nothing(board_admin: Any, cluster_year: Any) -> None:
    client = _client(board_admin)
    broken = example_yaml().decode().replace("max: 650", "max: 640", 1).encode()
    client.post(
        reverse("agreements:import_upload", args=[cluster_year.pk]),
        {"file": SimpleUploadedFile("hong.yaml", broken)},
    )
    package_import = PackageImport.objects.get()
    page = client.get(reverse("agreements:import_preview", args=[package_import.pk])).content.decode()
    assert "framework.sections[0] (1): tổng điểm các tiêu chí con là 650, khác điểm tối đa 640" in page
    client.post(reverse("agreements:import_apply", args=[package_import.pk]))
    assert Agreement.objects.count() == 0 and CriterionLine.objects.count() == 0


@pytest.mark.parametrize("persona", ["board_admin", "cluster_leader"])
def test_it_lets_the_board_and_the_leader_edit_a_target_with_a_reason(
    persona: str, request: Any, cluster_year: Any, units: Any
) -> None:
    user = request.getfixturevalue(persona)
    imported(cluster_year)
    url = reverse("agreements:target_edit", args=[cluster_year.pk, units["AN-MINH"].pk, "1.1"])
    response = _client(user).post(
        url, {"target": "55,5", "source": "local", "reason": "Nghị quyết HĐND xã điều chỉnh"}
    )
    assert response.status_code == 302
    line = CriterionLine.objects.get(unit=units["AN-MINH"], criterion="1.1")
    assert (line.target, line.target_source) == (Decimal("55.5"), "local")
    event = AuditEvent.objects.get(action="agreement.target_set")
    assert event.reason == "Nghị quyết HĐND xã điều chỉnh"
    assert event.before == {"1.1.AN-MINH": {"target": "52", "target_source": ""}}
    assert event.after == {"1.1.AN-MINH": {"target": "55.5", "target_source": "local"}}


@pytest.mark.parametrize("persona", ["council_member", "unit_officer", "data_source_reviewer", "observer"])
def test_it_refuses_target_edits_to_other_personas(
    persona: str, request: Any, cluster_year: Any, units: Any
) -> None:
    user = request.getfixturevalue(persona)
    imported(cluster_year)
    url = reverse("agreements:target_edit", args=[cluster_year.pk, units["AN-MINH"].pk, "1.1"])
    response = _client(user).post(url, {"target": "1", "source": "", "reason": "thử"})
    assert response.status_code in (403, 404)
    assert CriterionLine.objects.get(unit=units["AN-MINH"], criterion="1.1").target == Decimal("52")
    assert not AuditEvent.objects.filter(action="agreement.target_set").exists()


def test_it_hides_another_clusters_agreement_from_a_unit_officer(unit_officer: Any, org: Any) -> None:
    imported(org.cluster_year)
    client = _client(unit_officer)
    assert client.get(reverse("agreements:agreement_detail", args=[org.cluster_year.pk])).status_code == 200
    assert (
        client.get(reverse("agreements:agreement_detail", args=[org.other_cluster_year.pk])).status_code
        == 404
    )


def test_it_scores_and_compares_two_snapshots(
    cluster_leader: Any, board_admin: Any, cluster_year: Any, units: Any
) -> None:
    from thidua.agreements.services.agreements import target_set

    agreement = imported(cluster_year)
    first = snapshot_create(actor=cluster_leader, cluster_year=cluster_year, reason="Chấm tạm")
    assert first.engine_version and first.results["format"] == "thidua.results/1"
    assert [u["code"] for u in first.results["units"]] == [
        u["code"] for u in sorted(first.results["units"], key=lambda u: (u["rank"] is None, u["rank"] or 0))
    ]
    target_set(
        actor=board_admin,
        agreement=agreement,
        unit=units["VINH-HOA"],
        criterion="1.1",
        target=Decimal("60"),
        source="",
        reason="Tỉnh giao lại",
    )
    second = snapshot_create(actor=cluster_leader, cluster_year=cluster_year, reason="Sau khi sửa chỉ tiêu")
    assert (
        first.inputs["targets"]["1.1"]["VINH-HOA"] == "40.5"
        and second.inputs["targets"]["1.1"]["VINH-HOA"] == "60"
    )
    page = (
        _client(board_admin)
        .get(reverse("agreements:snapshot_compare", args=[second.pk, first.pk]))
        .content.decode()
    )
    assert "VINH-HOA" in page and "1.1" in page
    assert AuditEvent.objects.filter(action="scoresnapshot.create").count() == 2
    ranking = (
        _client(cluster_leader).get(reverse("agreements:snapshot_detail", args=[second.pk])).content.decode()
    )
    assert "Xã Vĩnh Hòa" in ranking and "Thực hiện 45/60 tỷ đồng" in ranking


@pytest.mark.parametrize("persona", ["unit_officer", "data_source_reviewer", "observer", "outsider"])
def test_it_keeps_unpublished_scores_from_other_personas(
    persona: str, request: Any, cluster_year: Any, board_admin: Any
) -> None:
    imported(cluster_year)
    snapshot = snapshot_create(actor=board_admin, cluster_year=cluster_year, reason="Chấm tạm")
    user = request.getfixturevalue(persona)
    with pytest.raises(AccessDenied):
        snapshot_create(actor=user, cluster_year=cluster_year, reason="thử")
    assert ScoreSnapshot.objects.count() == 1
    assert _client(user).get(reverse("agreements:snapshot_detail", args=[snapshot.pk])).status_code in (
        403,
        404,
    )


def test_it_refuses_to_score_without_a_reason(board_admin: Any, cluster_year: Any) -> None:
    imported(cluster_year)
    with pytest.raises(InvalidInput):
        snapshot_create(actor=board_admin, cluster_year=cluster_year, reason=" ")
    assert ScoreSnapshot.objects.count() == 0


def test_it_edits_a_framework_in_the_htmx_editor_and_shows_errors(board_admin: Any, province: Any) -> None:
    client = _client(board_admin)
    client.post(reverse("agreements:framework_list"), {"name": "Thang điểm thử 2026"})
    from thidua.agreements.models import FrameworkVersion

    version = FrameworkVersion.objects.get()
    hx = {"HTTP_HX_REQUEST": "true"}
    response = client.post(
        reverse("agreements:framework_node_add", args=[version.pk]),
        {"parent": "", "code": "1", "title": "Kinh tế", "max": "900"},
        **hx,
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'id="editor"' in body and "<html" not in body
    assert "tổng điểm tối đa các nội dung là 900, khác điểm chuẩn 1.000" in body
    version.refresh_from_db()
    assert version.document["sections"][0]["code"] == "1"


def test_it_adds_a_late_report_rule_in_the_framework_editor_and_refuses_half_of_one(
    board_admin: Any, province: Any
) -> None:
    from thidua.agreements.models import FrameworkVersion

    client = _client(board_admin)
    client.post(reverse("agreements:framework_list"), {"name": "Thang điểm thử 2026"})
    version = FrameworkVersion.objects.get()
    url = reverse("agreements:framework_settings", args=[version.pk])
    hx = {"HTTP_HX_REQUEST": "true"}
    settings = {"standard_points": "1000", "not_applicable": "renormalize"}
    half = client.post(url, settings | {"late_points": "1"}, **hx)
    body = half.content.decode()
    assert half.status_code == 400
    assert body.count("Nhập đủ hạn nộp, điểm trừ mỗi ngày và điểm trừ tối đa khi nộp trễ.") == 2
    version.refresh_from_db()
    assert "late_report" not in version.document

    whole = settings | {"late_deadline": "2026-12-15", "late_points": "0,5", "late_cap": "10"}
    response = client.post(url, whole, **hx)
    assert response.status_code == 200
    version.refresh_from_db()
    assert version.document["late_report"] == {"deadline": "2026-12-15", "points_per_day": "0.5", "cap": "10"}
    assert "hạn 15/12/2026, trừ 0,5 điểm mỗi ngày, tối đa 10" in response.content.decode()
