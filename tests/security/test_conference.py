"""Veto evidence is checked by its content as well as its name, like the cycle's evidence and the dossiers'."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from thidua.agreements.tests.helpers import imported
from thidua.conference.models import Veto
from thidua.conftest import PERSONA_PASSWORD, Org
from thidua.core.models import AuditEvent


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def client_for(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PERSONA_PASSWORD)
    return client


def test_it_refuses_veto_evidence_whose_content_is_not_its_type(org: Org, cluster_leader: Any) -> None:
    imported(org.cluster_year)
    disguised = SimpleUploadedFile(
        "ket-luan.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    response = client_for(cluster_leader).post(
        reverse("conference:veto_add", args=[org.cluster_year.pk]),
        {"unit": org.units["AN-MINH"].pk, "reason": "Vi phạm", "evidence": disguised},
    )
    assert response.status_code == 302
    assert not Veto.objects.exists()
    assert not AuditEvent.objects.filter(action="veto.record").exists()


def test_it_still_takes_real_pdf_evidence(org: Org, cluster_leader: Any) -> None:
    imported(org.cluster_year)
    real = SimpleUploadedFile("ket-luan.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    client_for(cluster_leader).post(
        reverse("conference:veto_add", args=[org.cluster_year.pk]),
        {"unit": org.units["AN-MINH"].pk, "reason": "Vi phạm", "evidence": real},
    )
    assert Veto.objects.count() == 1
