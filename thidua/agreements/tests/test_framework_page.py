"""The framework page and the agreement's targets table read as a regulation does: dates, tie-breaks, targets."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.agreements.describe import tie_break_text
from thidua.agreements.tests.helpers import imported

pytestmark = pytest.mark.django_db


def _page(user: Any, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return str(response.content.decode())


def test_it_names_the_tie_break_keys_in_vietnamese() -> None:
    assert tie_break_text(["section:1", "bonus", "deductions"]) == "điểm nội dung 1, điểm thưởng, điểm trừ"
    assert tie_break_text(["standard"]) == "điểm chuẩn"
    assert tie_break_text(None) == ""


def test_it_shows_the_legal_basis_date_and_tie_breaks_as_people_write_them(
    board_admin: Any, cluster_year: Any
) -> None:
    agreement = imported(cluster_year)
    body = _page(board_admin, reverse("agreements:framework_detail", args=[agreement.framework_version_id]))
    assert "125/QĐ-UBND ngày 10/02/2026" in body and "2026-02-10" not in body
    assert "<dd>điểm nội dung 1, điểm thưởng, điểm trừ</dd>" in body


def test_it_offers_the_target_edit_only_for_criteria_that_take_a_target(
    board_admin: Any, cluster_year: Any, units: Any
) -> None:
    imported(cluster_year)
    body = _page(board_admin, reverse("agreements:agreement_detail", args=[cluster_year.pk]))
    ratio = reverse("agreements:target_edit", args=[cluster_year.pk, units["AN-MINH"].pk, "1.1"])
    change = reverse("agreements:target_edit", args=[cluster_year.pk, units["AN-MINH"].pk, "1.8.a"])
    assert f'href="{ratio}"' in body
    assert f'href="{change}"' not in body
    assert '<span class="muted">không dùng chỉ tiêu</span>' in body


def test_it_shows_a_reader_no_edit_link_but_still_which_criteria_take_no_target(
    observer: Any, cluster_year: Any, units: Any
) -> None:
    imported(cluster_year)
    body = _page(observer, reverse("agreements:agreement_detail", args=[cluster_year.pk]))
    ratio = reverse("agreements:target_edit", args=[cluster_year.pk, units["AN-MINH"].pk, "1.1"])
    assert f'href="{ratio}"' not in body
    assert '<span class="muted">không dùng chỉ tiêu</span>' in body
