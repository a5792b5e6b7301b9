"""The conference's proposals become draft dossiers of the leading unit, one per award, audited; refused to
delegates and a second time, changing nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from thidua.awards.models import Dossier, DossierStatus
from thidua.awards.services.catalogue import catalogue_load
from thidua.conference.results import FinalResults, RankedUnit
from thidua.conference.services import meeting
from thidua.conference.services.dossiers import proposals_dossiers_create
from thidua.conftest import SYSTEM, Org
from thidua.core.errors import AccessDenied, Conflict, InvalidInput
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.django_db
RESULTS = FinalResults(
    units=(
        RankedUnit("VINH-HOA", "Xã Vĩnh Hòa", 1, Decimal("906.00"), "Cờ thi đua của UBND tỉnh", None),
        RankedUnit(
            "THANH-LOC", "Xã Thạnh Lộc", 2, Decimal("880.50"), "Bằng khen của Chủ tịch UBND tỉnh", None
        ),
        RankedUnit("AN-MINH", "Xã An Minh", 3, Decimal("870.00"), "Bằng khen của Chủ tịch UBND tỉnh", None),
    ),
    source="bài kiểm thử",
)


@pytest.fixture
def proposed(org: Org, cluster_leader: User) -> None:
    catalogue_load(actor=SYSTEM)
    meeting.proposals_compute(actor=cluster_leader, cluster_year=org.cluster_year, results=RESULTS)


def test_it_makes_the_conference_proposals_a_dossier_through_the_button(
    org: Org, proposed: None, cluster_leader: User
) -> None:
    client = Client()
    client.force_login(cluster_leader)
    page = client.get(reverse("conference:cluster_year", args=[org.cluster_year.pk])).content.decode()
    assert "Lập hồ sơ đề nghị khen thưởng" in page
    response = client.post(reverse("conference:proposals_dossiers_create", args=[org.cluster_year.pk]))
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert (dossier.unit, dossier.award.code, dossier.year, dossier.status) == (
        org.units["VINH-HOA"],
        "BK_TINH",
        2026,
        DossierStatus.DRAFT,
    )
    assert dossier.source == "Hội nghị tổng kết Cụm thi đua số 5 năm 2026"
    assert dossier.title == (
        "Đề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh – Hội nghị tổng kết Cụm thi đua số 5 năm 2026"
    )
    assert [(r.name, r.unit_id, r.recipient_kind) for r in dossier.recipients.order_by("id")] == [
        ("Xã Thạnh Lộc", org.units["THANH-LOC"].pk, "collective"),
        ("Xã An Minh", org.units["AN-MINH"].pk, "collective"),
    ]
    event = AuditEvent.objects.get(action="conference.dossiers_create")
    assert event.actor == cluster_leader
    assert event.after == {
        "dossiers": [{"id": dossier.pk, "award": "BK_TINH", "units": ["Xã Thạnh Lộc", "Xã An Minh"]}]
    }
    assert AuditEvent.objects.filter(action="awards.dossier_create").count() == 1


def test_it_refuses_a_second_time_and_changes_nothing(org: Org, proposed: None, board_admin: User) -> None:
    proposals_dossiers_create(actor=board_admin, cluster_year=org.cluster_year)
    with pytest.raises(Conflict) as refused:
        proposals_dossiers_create(actor=board_admin, cluster_year=org.cluster_year)
    assert refused.value.message == "Đã lập hồ sơ đề nghị khen thưởng từ hội nghị này."
    assert Dossier.objects.count() == 1
    assert AuditEvent.objects.filter(action="conference.dossiers_create").count() == 1


def test_it_refuses_a_delegate_and_changes_nothing(org: Org, proposed: None, unit_officer: User) -> None:
    client = Client()
    client.force_login(unit_officer)
    response = client.post(reverse("conference:proposals_dossiers_create", args=[org.cluster_year.pk]))
    assert response.status_code == 403
    with pytest.raises(AccessDenied):
        proposals_dossiers_create(actor=unit_officer, cluster_year=org.cluster_year)
    assert not Dossier.objects.exists()
    assert not AuditEvent.objects.filter(action="conference.dossiers_create").exists()


def test_it_refuses_before_the_conference_has_proposals(org: Org, cluster_leader: User) -> None:
    catalogue_load(actor=SYSTEM)
    with pytest.raises(InvalidInput) as refused:
        proposals_dossiers_create(actor=cluster_leader, cluster_year=org.cluster_year)
    assert refused.value.message == "Hội nghị chưa có đơn vị nào được đề nghị khen thưởng."
    assert not Dossier.objects.exists()
