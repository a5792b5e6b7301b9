"""A veto recorded at the year-end conference is the one the scorer reads: the next snapshot leaves the unit
out of the ranking and the honours; a withdrawn veto puts it back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from thidua.agreements.models import Agreement, ScoreSnapshot
from thidua.agreements.models import Veto as AgreementVeto
from thidua.agreements.services.vetoes import agreement_veto_add, agreement_veto_withdraw
from thidua.conference.models import Veto, VetoStatus
from thidua.conference.services import meeting
from thidua.conftest import Org
from thidua.core.errors import AccessDenied, Conflict, InvalidInput
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.django_db
REASON = "Để xảy ra vụ việc phức tạp về an ninh trật tự"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _score(client: Client, org: Org, reason: str) -> dict[str, Any]:
    response = client.post(
        reverse("agreements:snapshot_list", args=[org.cluster_year.pk]), {"reason": reason}
    )
    assert response.status_code == 302, response.content
    snapshot = ScoreSnapshot.objects.order_by("-pk").first()
    assert snapshot is not None
    return {unit["code"]: unit for unit in snapshot.results["units"]}


def test_it_takes_a_unit_vetoed_at_the_conference_out_of_the_next_snapshot(
    org: Org, agreement: Agreement, cluster_leader: User, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = _client(cluster_leader)
    before = _score(client, org, "Chấm điểm trước hội nghị")
    assert before["VINH-HOA"]["rank"] == 1 and before["VINH-HOA"]["vetoed"] is None
    response = client.post(
        reverse("conference:veto_add", args=[org.cluster_year.pk]),
        {
            "unit": org.units["VINH-HOA"].pk,
            "reason": REASON,
            "evidence": SimpleUploadedFile("ket-luan.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    veto = AgreementVeto.objects.get(agreement=agreement)
    assert (veto.unit, veto.reason) == (org.units["VINH-HOA"], REASON)
    event = AuditEvent.objects.get(action="agreement.veto_add")
    assert event.actor == cluster_leader and event.reason == REASON
    assert event.after == {"veto": {"unit": "VINH-HOA", "reason": REASON}}
    assert AuditEvent.objects.filter(action="veto.record").count() == 1

    after = _score(client, org, "Chấm lại sau hội nghị tổng kết")
    assert after["VINH-HOA"]["rank"] is None
    assert after["VINH-HOA"]["vetoed"] == REASON
    assert after["VINH-HOA"]["honour"] is None
    assert sorted(unit["rank"] for code, unit in after.items() if code != "VINH-HOA") == [1, 2]


def test_it_puts_the_unit_back_when_the_conference_withdraws_the_veto(
    org: Org, agreement: Agreement, cluster_leader: User
) -> None:
    veto = meeting.veto_record(
        actor=cluster_leader, cluster_year=org.cluster_year, unit=org.units["AN-MINH"], reason="Ghi nhầm"
    )
    client = _client(cluster_leader)
    response = client.post(reverse("conference:veto_withdraw", args=[veto.pk]), {"reason": "Ghi nhầm đơn vị"})
    assert response.status_code == 302
    assert Veto.objects.get().status == VetoStatus.WITHDRAWN
    assert not AgreementVeto.objects.exists()
    event = AuditEvent.objects.get(action="agreement.veto_withdraw")
    assert event.reason == "Ghi nhầm đơn vị"
    assert event.before == {"veto": [{"unit": "AN-MINH", "reason": "Ghi nhầm"}]}
    units = _score(client, org, "Chấm lại sau khi rút")
    assert units["AN-MINH"]["vetoed"] is None and units["AN-MINH"]["rank"] is not None


def test_it_refuses_a_conference_veto_before_the_year_has_an_agreement(
    org: Org, cluster_leader: User
) -> None:
    with pytest.raises(InvalidInput) as refused:
        meeting.veto_record(
            actor=cluster_leader, cluster_year=org.cluster_year, unit=org.units["AN-MINH"], reason="Vi phạm"
        )
    assert refused.value.message == (
        "Cụm thi đua số 5 năm 2026 chưa có giao ước nên chưa ghi được trường hợp không xét thi đua."
    )
    assert not Veto.objects.exists() and not AgreementVeto.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["veto.record", "agreement.veto_add"]).exists()


def test_it_refuses_the_agreement_veto_to_a_member_and_changes_nothing(
    org: Org, agreement: Agreement, unit_officer: User
) -> None:
    with pytest.raises(AccessDenied):
        agreement_veto_add(
            actor=unit_officer, cluster_year=org.cluster_year, unit=org.units["VINH-HOA"], reason="x"
        )
    with pytest.raises(AccessDenied):
        agreement_veto_withdraw(
            actor=unit_officer, cluster_year=org.cluster_year, unit=org.units["VINH-HOA"], reason="x"
        )
    assert not AgreementVeto.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="agreement.veto").exists()


def test_it_refuses_a_second_veto_of_the_same_unit_in_the_agreement(
    org: Org, agreement: Agreement, board_admin: User
) -> None:
    agreement_veto_add(
        actor=board_admin, cluster_year=org.cluster_year, unit=org.units["THANH-LOC"], reason="Vi phạm"
    )
    with pytest.raises(Conflict) as refused:
        meeting.veto_record(
            actor=board_admin, cluster_year=org.cluster_year, unit=org.units["THANH-LOC"], reason="Lần hai"
        )
    assert refused.value.message == "Xã Thạnh Lộc đã có trong danh sách không xét thi đua."
    assert AgreementVeto.objects.count() == 1 and not Veto.objects.exists()
