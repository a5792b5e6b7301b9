"""The admin lets staff browse frameworks, agreements and snapshots but never change them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from thidua.agreements.models import Agreement, CriterionLine, FrameworkVersion, ScoreSnapshot
from thidua.agreements.services.snapshots import snapshot_create
from thidua.agreements.tests.helpers import imported
from thidua.conftest import SYSTEM, Org

pytestmark = pytest.mark.django_db
MODELS = ("framework", "frameworkversion", "agreement", "criterionline", "scoresnapshot")


@pytest.fixture
def staff(org: Org) -> Client:
    imported(org.cluster_year)
    snapshot_create(actor=SYSTEM, cluster_year=org.cluster_year, reason="Chấm điểm cuối năm")
    client = Client()
    client.force_login(User.objects.create_superuser("quantri", password="x"))
    return client


@pytest.mark.parametrize("model", MODELS)
def test_it_lists_and_shows_without_add_or_change(staff: Client, model: str) -> None:
    listed = staff.get(reverse(f"admin:agreements_{model}_changelist"))
    assert listed.status_code == 200
    assert staff.get(reverse(f"admin:agreements_{model}_add")).status_code == 403


def test_it_names_the_models_in_vietnamese(staff: Client) -> None:
    page = staff.get(reverse("admin:app_list", args=["agreements"])).content.decode()
    for name in (
        "Thang điểm và giao ước thi đua",
        "Phiên bản thang điểm",
        "Giao ước thi đua",
        "Kết quả chấm điểm",
    ):
        assert name in page


def test_it_refuses_to_delete_or_change_through_the_admin(staff: Client) -> None:
    agreement = Agreement.objects.get()
    snapshot = ScoreSnapshot.objects.get()
    before = (CriterionLine.objects.count(), FrameworkVersion.objects.count(), snapshot.results)
    deleted = staff.post(reverse("admin:agreements_agreement_delete", args=[agreement.pk]), {"post": "yes"})
    assert deleted.status_code == 403
    changed = staff.post(
        reverse("admin:agreements_scoresnapshot_change", args=[snapshot.pk]), {"reason": "sửa tay"}
    )
    assert changed.status_code == 403
    snapshot.refresh_from_db()
    assert Agreement.objects.filter(pk=agreement.pk).exists()
    assert (CriterionLine.objects.count(), FrameworkVersion.objects.count(), snapshot.results) == before
    assert snapshot.reason == "Chấm điểm cuối năm"
