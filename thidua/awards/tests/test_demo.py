"""The demo's register, subjects and dossier: loaded once, shown to the board on the register, statistics and
eligibility pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from thidua.awards.models import (
    AwardRecord,
    AwardStatus,
    Decision,
    Dossier,
    DossierStatus,
    DossierStep,
    Subject,
    SubjectYear,
)
from thidua.core.models import AuditEvent
from thidua.org.demo import load_demo

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Decision, AwardRecord, Subject, SubjectYear, Dossier, DossierStep, AuditEvent)
    )


def board() -> Client:
    client = Client()
    client.force_login(User.objects.get(username="bantdkt"))
    return client


def text(response: Any) -> str:
    assert response.status_code == 200
    return str(response.content.decode())


def test_it_loads_twice_without_changes() -> None:
    load_demo()
    first = counts()
    assert first[:5] == (8, 15, 3, 7, 1)
    load_demo()
    assert counts() == first


def test_it_holds_every_kind_of_recipient_and_one_revoked_award() -> None:
    load_demo()
    records = AwardRecord.objects.all()
    assert set(records.values_list("recipient_kind", flat=True)) == {"collective", "individual", "household"}
    assert {"cong_nhan", "nong_dan"} <= set(records.values_list("category", flat=True))
    assert set(records.values_list("year", flat=True)) == {2017, 2018}
    revoked = records.get(status=AwardStatus.REVOKED)
    assert revoked.revoked_by is not None and revoked.revoked_reason
    assert Dossier.objects.get().status == DossierStatus.AT_BOARD


def test_the_board_sees_the_demo_on_the_register_and_statistics_pages() -> None:
    load_demo()
    client = board()
    register = text(client.get(reverse("awards:register")))
    for shown in ("356/QĐ-UBND", "Huyện An Biên", "Hộ ông Danh Sóc", "Trần Minh Hiếu", "Phạm Thị Ngọc Hân"):
        assert shown in register
    statistics = text(client.get(reverse("awards:statistics")))
    assert "Cờ thi đua của Ủy ban nhân dân tỉnh" in statistics
    assert "Chiến sĩ thi đua cơ sở" in statistics


def test_the_eligibility_page_shows_one_subject_eligible_and_one_not() -> None:
    load_demo()
    client = board()
    query = {"award": "CSTD_TINH", "year": "2024"}
    eligible = Subject.objects.get(name="Trần Thị Mỹ Linh")
    not_eligible = Subject.objects.get(name="Lê Hoàng Phúc")
    shown = text(client.get(reverse("awards:subject_detail", args=[eligible.pk]), query))
    assert "Có 3 năm liên tục đạt Chiến sĩ thi đua cơ sở" in shown
    refused = text(client.get(reverse("awards:subject_detail", args=[not_eligible.pk]), query))
    assert "Chỉ có 2 năm liên tục đạt Chiến sĩ thi đua cơ sở" in refused
    assert "Thiếu sáng kiến có phạm vi ảnh hưởng cấp tỉnh" in refused


def test_the_walk_from_the_start_leaves_the_register_empty() -> None:
    load_demo(year_in_progress=False)
    assert counts()[:5] == (0, 0, 0, 0, 0)
