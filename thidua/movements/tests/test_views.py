"""Movement pages and API per persona: who reads which movement, the board's forms, refusals change nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from thidua.conftest import Org
from thidua.core.models import AuditEvent
from thidua.movements.models import Movement, MovementReview


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def body(response: Any) -> str:
    return str(response.content.decode())


@pytest.mark.parametrize(
    ("persona", "sees_unit_movement", "sees_cluster6_movement"),
    [
        ("board_admin", True, True),
        ("council_member", True, True),
        ("observer", True, True),
        ("data_source_reviewer", True, True),
        # Xã An Minh is named in the first movement; Cụm 5 is not in the second.
        ("unit_officer", True, False),
        ("cluster_leader", True, False),
    ],
)
def test_it_lists_the_movements_each_persona_may_see(
    persona: str,
    sees_unit_movement: bool,
    sees_cluster6_movement: bool,
    movement: Movement,
    cluster_movement: Movement,
    request: pytest.FixtureRequest,
) -> None:
    response = client_for(request.getfixturevalue(persona)).get(reverse("movements:list"))
    assert response.status_code == 200
    assert ("Thi đua xây dựng nông thôn mới" in body(response)) is sees_unit_movement
    assert ("Thi đua cải cách hành chính" in body(response)) is sees_cluster6_movement


def test_it_hides_a_movement_from_a_unit_that_does_not_take_part(
    unit_officer: User, cluster_movement: Movement
) -> None:
    response = client_for(unit_officer).get(reverse("movements:detail", args=[cluster_movement.pk]))
    assert response.status_code == 404


def test_it_refuses_the_list_to_an_outsider(outsider: User, movement: Movement) -> None:
    response = client_for(outsider).get(reverse("movements:list"))
    assert response.status_code == 403


def test_it_filters_the_list_and_exports_the_same_rows(
    board_admin: User, movement: Movement, cluster_movement: Movement
) -> None:
    client = client_for(board_admin)
    response = client.get(reverse("movements:list"), {"scope": "clusters"})
    assert "Thi đua cải cách hành chính" in body(response)
    assert "Thi đua xây dựng nông thôn mới" not in body(response)
    export = client.get(reverse("movements:export"), {"scope": "clusters"})
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "Thi đua cải cách hành chính" in values
    assert "Thi đua xây dựng nông thôn mới" not in values
    assert "Các cụm, khối thi đua" in values


def test_it_lists_with_a_fixed_number_of_queries(
    board_admin: User, movement: Movement, cluster_movement: Movement, django_assert_max_num_queries: Any
) -> None:
    client = client_for(board_admin)
    client.get(reverse("movements:list"))
    with django_assert_max_num_queries(12):
        client.get(reverse("movements:list"))


def test_it_lets_the_board_launch_a_movement_from_the_form(org: Org, board_admin: User) -> None:
    response = client_for(board_admin).post(
        reverse("movements:create"),
        {
            "province": org.province.pk,
            "name": "Thi đua “Dân vận khéo”",
            "kind": "regular",
            "decision_number": "07/CT-UBND",
            "decision_date": "2026-01-05",
            "start_date": "2026-01-05",
            "scope": "province",
            "criteria_codes": "3.1; 3.2",
            "award_codes": "",
        },
    )
    movement = Movement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("movements:detail", args=[movement.pk])
    assert movement.criteria_codes == ["3.1", "3.2"]
    assert movement.end_date is None
    assert AuditEvent.objects.filter(action="movement.create", object_id=str(movement.pk)).exists()


def test_it_shows_the_service_refusal_on_the_form(org: Org, board_admin: User) -> None:
    response = client_for(board_admin).post(
        reverse("movements:create"),
        {
            "province": org.province.pk,
            "name": "Thi đua",
            "kind": "regular",
            "decision_number": "07/CT-UBND",
            "decision_date": "2026-01-05",
            "start_date": "2026-01-05",
            "scope": "units",
        },
    )
    assert response.status_code == 400
    assert "Phạm vi các đơn vị cần chọn ít nhất một đơn vị tham gia." in body(response)
    assert not Movement.objects.exists()


@pytest.mark.parametrize("persona", ["observer", "unit_officer", "cluster_leader", "council_member"])
def test_it_refuses_edits_and_reviews_to_readers(
    persona: str, movement: Movement, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("movements:edit", args=[movement.pk])).status_code == 403
    response = client.post(
        reverse("movements:review_add", args=[movement.pk]), {"kind": "interim", "date": "2026-06-30"}
    )
    assert response.status_code == 403
    assert not MovementReview.objects.exists()
    assert client.get(reverse("movements:create")).status_code == 403
    assert AuditEvent.objects.filter(action__startswith="movement.").count() == 1  # the fixture's create


def test_it_records_a_review_from_the_detail_page(board_admin: User, movement: Movement) -> None:
    client = client_for(board_admin)
    response = client.post(
        reverse("movements:review_add", args=[movement.pk]),
        {"kind": "interim", "date": "2026-06-30", "notes": "Sơ kết 6 tháng đầu năm"},
    )
    assert response.status_code == 302
    review = MovementReview.objects.get()
    assert review.notes == "Sơ kết 6 tháng đầu năm"
    assert review.created_by == board_admin
    page = body(client.get(reverse("movements:detail", args=[movement.pk])))
    assert "Sơ kết 6 tháng đầu năm" in page and "30/06/2026" in page


def test_it_shows_the_movements_a_unit_takes_part_in(
    org: Org, observer: User, movement: Movement, cluster_movement: Movement
) -> None:
    page = body(client_for(observer).get(reverse("movements:unit_movements", args=[org.units["BINH-AN"].pk])))
    # Xã Bình An is a member of Cụm 6, where the second movement runs; it is not named in the first.
    assert "Thi đua cải cách hành chính" in page
    assert "Thi đua xây dựng nông thôn mới" not in page


def test_it_serves_movements_through_the_api_as_the_page_does(
    org: Org, unit_officer: User, movement: Movement, cluster_movement: Movement
) -> None:
    client = client_for(unit_officer)
    listed = client.get("/api/v1/movements").json()
    assert [m["name"] for m in listed] == ["Thi đua xây dựng nông thôn mới"]
    assert listed[0]["columns"]["decision"] == "15/QĐ-UBND ngày 20/01/2026"
    detail = client.get(f"/api/v1/movements/{movement.pk}").json()
    assert detail["participants"][0]["code"] == "AN-MINH"
    assert detail["criteria_codes"] == ["1.1", "2.3"]
    assert client.get(f"/api/v1/movements/{cluster_movement.pk}").status_code == 404
    own = client.get(f"/api/v1/units/{org.units['AN-MINH'].pk}/movements").json()
    assert [m["id"] for m in own] == [movement.pk]


def test_it_refuses_a_bad_kind_filter_in_the_api(board_admin: User, movement: Movement) -> None:
    response = client_for(board_admin).get("/api/v1/movements", {"kind": "khac"})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Loại phong trào không hợp lệ."
