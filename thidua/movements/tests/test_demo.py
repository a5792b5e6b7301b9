"""The demo's movements of An Giang in 2026: loaded once, listed for the board."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.movements.models import Movement, MovementKind, MovementReview, ReviewKind
from thidua.org.demo import load_demo

pytestmark = pytest.mark.django_db


def test_it_loads_twice_without_changes() -> None:
    load_demo()
    first = (Movement.objects.count(), MovementReview.objects.count(), AuditEvent.objects.count())
    assert first[:2] == (2, 2)
    load_demo()
    assert (Movement.objects.count(), MovementReview.objects.count(), AuditEvent.objects.count()) == first


def test_it_loads_a_regular_and_a_thematic_movement_of_cum5_with_an_interim_review() -> None:
    load_demo()
    movements = Movement.objects.filter(province__code="AN-GIANG")
    assert sorted(movements.values_list("kind", flat=True)) == [MovementKind.REGULAR, MovementKind.THEMATIC]
    for movement in movements:
        assert set(movement.participants.values_list("code", flat=True)) == {
            "VINH-HOA",
            "THANH-LOC",
            "RACH-GIA",
            "AN-MINH",
            "VINH-THUAN",
        }
        assert movement.reviews.get().kind == ReviewKind.INTERIM


def test_the_board_sees_them_on_the_list() -> None:
    load_demo()
    client = Client()
    client.force_login(User.objects.get(username="bantdkt"))
    response = client.get(reverse("movements:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Cả nước chung sức xây dựng nông thôn mới" in body
    assert "Chuyển đổi số trong cơ quan hành chính nhà nước" in body
