from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.urls import reverse

from thidua.accounts import services as account_services
from thidua.conftest import Org
from thidua.core import audit


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(response: Any) -> str:
    return str(response.content.decode())


HOME_WORDS = {
    "board_admin": ["Tổng quan Tỉnh Mẫu", "Thay đổi gần đây", "Cụm thi đua số 6"],
    "council_member": ["Bạn được xem", "Tỉnh Mẫu"],
    "cluster_leader": ["Cụm, khối bạn làm cụm trưởng / khối trưởng", "Đơn vị của bạn: Xã Vĩnh Hòa"],
    "unit_officer": ["Đơn vị của bạn: Xã An Minh", "Cụm thi đua số 5 – 2026"],
    "data_source_reviewer": ["Cơ quan nguồn số liệu", "Sở Tài chính", "Cụm thi đua số 6"],
    "observer": ["Bạn được xem", "Tỉnh Mẫu"],
}


@pytest.mark.parametrize("persona", list(HOME_WORDS))
def test_it_shows_each_role_its_own_home_page(org: Org, persona: str, request: Any) -> None:
    user = request.getfixturevalue(persona)
    response = client_for(user).get(reverse("home"))
    body = page(response)
    assert response.status_code == 200
    for words in HOME_WORDS[persona]:
        assert words in body, (persona, words)


def test_it_keeps_narrow_roles_away_from_the_province_overview(org: Org, unit_officer: User) -> None:
    body = page(client_for(unit_officer).get(reverse("home")))
    assert "Tổng quan" not in body and "Thay đổi gần đây" not in body
    assert "Cụm thi đua số 6" not in body


def test_it_tells_a_user_without_a_role_only_that(org: Org, outsider: User) -> None:
    response = client_for(outsider).get(reverse("home"))
    body = page(response)
    assert response.status_code == 200
    assert "Bạn chưa được phân công vai trò nào." in body
    assert "Tỉnh Mẫu" not in body and "Cụm thi đua" not in body
    assert '<nav class="main-nav"' in body and "Cây đơn vị" not in body


def test_it_sends_an_anonymous_visitor_to_log_in(db: None) -> None:
    response = Client().get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/dang-nhap/?next=/"


# ---- audit -------------------------------------------------------------------------------------------------------


def _event(actor: User, n: int, province: Any = None) -> None:
    with transaction.atomic():
        audit.record(
            actor=actor,
            province=province if province is not None else actor.role_assignments.get().unit,
            action="test.change",
            object_type="org.unit",
            object_id=999,
            object_repr=f"Đơn vị thử {n}",
            before={"name": f"cũ {n}"},
            after={"name": f"mới {n}"},
            reason=f"Lý do {n}",
        )


def test_it_shows_the_board_the_whole_audit_log_with_before_after_and_reason(
    org: Org, board_admin: User
) -> None:
    _event(board_admin, 1)
    body = page(client_for(board_admin).get(reverse("audit_log"), {"action": "test."}))
    assert (
        '<dt>Tên</dt><dd><span class="change__before">cũ 1</span> → <span class="change__after">mới 1</span></dd>'
        in body
    )
    assert "Lý do 1" in body and "Cán bộ Ban Thi đua – Khen thưởng" in body


def test_it_filters_the_audit_log(org: Org, board_admin: User) -> None:
    _event(board_admin, 1)
    _event(board_admin, 2)
    body = page(client_for(board_admin).get(reverse("audit_log"), {"text": "Lý do 2"}))
    assert "Đơn vị thử 2" in body and "Đơn vị thử 1" not in body
    refused = client_for(board_admin).get(
        reverse("audit_log"), {"date_from": "2026-02-02", "date_to": "2026-02-01"}
    )
    assert "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu." in page(refused)


def test_it_pages_the_audit_log_in_a_constant_number_of_queries(
    org: Org, board_admin: User, django_assert_max_num_queries: Any
) -> None:
    client = client_for(board_admin)
    client.get(reverse("audit_log"))
    # The names that foreign keys of the shown changes point to cost one query per model, never one per row.
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("audit_log"))
    for n in range(60):
        _event(board_admin, n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = page(client.get(reverse("audit_log")))
    assert "Trang 1/" in body


def test_it_answers_an_htmx_filter_with_the_results_only(org: Org, board_admin: User) -> None:
    response = client_for(board_admin).get(
        reverse("audit_log"), {"action": "unit."}, headers={"HX-Request": "true"}
    )
    assert page(response).lstrip().startswith('<div id="audit-results"')


def test_it_keeps_the_audit_log_from_everyone_but_the_board(
    council_member: User, cluster_leader: User, observer: User
) -> None:
    for person in [council_member, cluster_leader, observer]:
        assert client_for(person).get(reverse("audit_log")).status_code == 403


def test_it_shows_an_objects_history_to_whoever_may_see_the_object(
    org: Org, unit_officer: User, board_admin: User
) -> None:
    own_unit = org.units["AN-MINH"]
    url = reverse("object_history", args=["org.unit", own_unit.pk])
    response = client_for(unit_officer).get(url)
    assert response.status_code == 200
    assert "Lịch sử thay đổi: Xã An Minh" in page(response)
    assert "unit.create" in page(response)
    other = reverse("object_history", args=["org.unit", org.units["BINH-AN"].pk])
    assert client_for(unit_officer).get(other).status_code == 404
    created = account_services.user_create(actor=board_admin, username="moi", full_name="Người mới")
    accounts = reverse("object_history", args=["auth.user", created.pk])
    assert client_for(unit_officer).get(accounts).status_code == 404
    assert client_for(board_admin).get(accounts).status_code == 200


def test_it_switches_the_interface_to_english_and_back(db: None) -> None:
    client = Client()
    assert "<h1>Đăng nhập</h1>" in page(client.get(reverse("login")))
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    english = page(client.get(reverse("login")))
    assert '<html lang="en">' in english and "<h1>Log in</h1>" in english
    client.post(reverse("set_language"), {"language": "vi", "next": reverse("login")})
    assert "<h1>Đăng nhập</h1>" in page(client.get(reverse("login")))
