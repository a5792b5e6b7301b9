import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from thidua.accounts.access import SystemActor
from thidua.conftest import Org
from thidua.org import services
from thidua.org.models import MemberRole, UnitLevel

SYSTEM = SystemActor()


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(response: Any) -> str:
    return str(response.content.decode())


# ---- unit tree -------------------------------------------------------------------------------------------------


def test_it_sends_an_anonymous_visitor_to_the_login_page(org: Org) -> None:
    response = Client().get(reverse("org:unit_tree"))
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/dang-nhap/?next=/to-chuc/cay-don-vi/"


def test_it_shows_the_board_the_unit_tree_of_its_province(org: Org, board_admin: User) -> None:
    response = client_for(board_admin).get(reverse("org:unit_tree"), {"as_of": "2026-03-01"})
    assert response.status_code == 200
    body = page(response)
    assert "Tỉnh Mẫu tại ngày 01/03/2026" in body
    assert "Xã Vĩnh Hòa" in body and "Sở Tài chính" in body
    assert "Xã Tỉnh Khác" not in body


def test_it_shows_the_tree_as_it_stood_on_the_chosen_date(org: Org, board_admin: User) -> None:
    # The communes of the fixture begin on 1/7/2025, the day the two-level government started.
    response = client_for(board_admin).get(reverse("org:unit_tree"), {"as_of": "2025-06-30"})
    assert response.status_code == 200
    assert "Xã Vĩnh Hòa" not in page(response)


def test_it_answers_an_htmx_refresh_with_the_tree_fragment_only(org: Org, board_admin: User) -> None:
    response = client_for(board_admin).get(
        reverse("org:unit_tree"), {"as_of": "2026-03-01"}, headers={"HX-Request": "true"}
    )
    body = page(response)
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="unit-tree"')
    assert "<html" not in body and "Xã Vĩnh Hòa" in body
    assert "HX-Request" in response["Vary"]


def test_it_says_which_date_is_wrong(org: Org, board_admin: User) -> None:
    client = client_for(board_admin)
    response = client.get(reverse("org:unit_tree"), {"as_of": "2026-02-31"})
    assert response.status_code == 400
    assert page(response).count('<p class="field__error" id="id_as_of_error">Nhập một ngày hợp lệ.</p>') == 1
    fragment = client.get(reverse("org:unit_tree"), {"as_of": "2026-02-31"}, headers={"HX-Request": "true"})
    assert '<p class="field__error">Tại ngày: Nhập một ngày hợp lệ.</p>' in page(fragment)


def test_it_refuses_the_province_tree_to_a_unit_officer(org: Org, unit_officer: User) -> None:
    response = client_for(unit_officer).get(reverse("org:unit_tree"))
    assert response.status_code == 403
    assert "Bạn không có quyền xem cây đơn vị của tỉnh." in page(response)


def test_it_refuses_every_organisation_page_to_a_user_without_a_role(org: Org, outsider: User) -> None:
    client = client_for(outsider)
    for url in [
        reverse("org:unit_tree"),
        reverse("org:cluster_years"),
        reverse("org:unit_detail", args=[org.units["AN-MINH"].pk]),
        reverse("org:cluster_detail", args=[org.cluster.pk]),
        reverse("org:cluster_year_detail", args=[org.cluster_year.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Bạn chưa được phân công vai trò nào." in page(response)


def test_it_reads_the_tree_in_a_constant_number_of_queries(
    org: Org, board_admin: User, django_assert_max_num_queries: Any
) -> None:
    client = client_for(board_admin)
    client.get(reverse("org:unit_tree"))  # warm the session and the role cache
    with django_assert_max_num_queries(25) as few:
        client.get(reverse("org:unit_tree"), {"as_of": "2026-03-01"})
    for n in range(30):
        services.unit_create(
            actor=SYSTEM,
            province=org.province,
            level=UnitLevel.WARD,
            code=f"PHUONG-{n}",
            name=f"Phường {n}",
            valid_from=dt.date(2025, 7, 1),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("org:unit_tree"), {"as_of": "2026-03-01"})
    assert "Phường 29" in page(response)


# ---- clusters of a year ----------------------------------------------------------------------------------------


def test_it_lists_the_clusters_of_the_year_with_leader_and_deputy_marked(org: Org, board_admin: User) -> None:
    response = client_for(board_admin).get(reverse("org:cluster_years"), {"year": "2026"})
    body = page(response)
    assert response.status_code == 200
    assert "Cụm thi đua số 5" in body and "Cụm thi đua số 6" in body
    assert (
        'Xã Vĩnh Hòa</a>\n        <span class="badge badge--leader">Cụm trưởng / Khối trưởng</span>' in body
    )
    assert 'Xã Thạnh Lộc</a>\n        <span class="badge badge--deputy">Cụm phó / Khối phó</span>' in body


def test_it_shows_a_unit_officer_only_the_clusters_of_their_unit(org: Org, unit_officer: User) -> None:
    response = client_for(unit_officer).get(reverse("org:cluster_years"), {"year": "2026"})
    body = page(response)
    assert response.status_code == 200
    assert "Cụm thi đua số 5" in body
    assert "Cụm thi đua số 6" not in body


def test_it_lists_clusters_in_a_constant_number_of_queries(
    org: Org, board_admin: User, django_assert_max_num_queries: Any
) -> None:
    client = client_for(board_admin)
    client.get(reverse("org:cluster_years"))
    with django_assert_max_num_queries(25) as few:
        client.get(reverse("org:cluster_years"), {"year": "2026"})
    for n in range(8):
        cluster = services.cluster_create(
            actor=SYSTEM, province=org.province, kind="cum", code=f"CUM-X{n}", name=f"Cụm mới {n}"
        )
        cluster_year = services.cluster_year_create(actor=SYSTEM, cluster=cluster, year=2026)
        ward = services.unit_create(
            actor=SYSTEM,
            province=org.province,
            level=UnitLevel.WARD,
            code=f"P-X{n}",
            name=f"Phường X{n}",
            valid_from=dt.date(2025, 7, 1),
        )
        services.membership_set(
            actor=SYSTEM,
            cluster_year=cluster_year,
            members=[services.MemberSpec(unit=ward, role=MemberRole.LEADER, order=1)],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("org:cluster_years"), {"year": "2026"})
    assert "Phường X7" in page(response)


# ---- one cluster, one unit -------------------------------------------------------------------------------------


def test_it_hides_a_cluster_the_officers_unit_is_not_in(org: Org, unit_officer: User) -> None:
    client = client_for(unit_officer)
    assert client.get(reverse("org:cluster_year_detail", args=[org.cluster_year.pk])).status_code == 200
    assert client.get(reverse("org:cluster_year_detail", args=[org.other_cluster_year.pk])).status_code == 404
    assert client.get(reverse("org:cluster_detail", args=[org.other_cluster.pk])).status_code == 404


def test_it_shows_the_cluster_leader_their_leadership_history(org: Org, cluster_leader: User) -> None:
    response = client_for(cluster_leader).get(reverse("org:cluster_detail", args=[org.cluster.pk]))
    body = page(response)
    assert response.status_code == 200
    assert "Quyết định 125/QĐ-UBND ngày 10/02/2026" in body
    assert "Cụm trưởng, cụm phó qua các năm" in body


def test_it_shows_a_units_predecessors_and_successor_across_a_merger(org: Org, board_admin: User) -> None:
    merged = services.unit_create(
        actor=SYSTEM,
        province=org.province,
        level=UnitLevel.COMMUNE,
        code="XA-CU",
        name="Xã Cũ",
        valid_from=dt.date(2000, 1, 1),
    )
    services.unit_merge(
        actor=SYSTEM,
        predecessors=[merged],
        successor=org.units["VINH-HOA"],
        date=dt.date(2025, 7, 1),
        decision_number="1654/NQ-UBTVQH15",
    )
    client = client_for(board_admin)
    successor_page = page(client.get(reverse("org:unit_detail", args=[org.units["VINH-HOA"].pk])))
    assert "Xã Cũ" in successor_page and "1654/NQ-UBTVQH15" in successor_page
    assert "01/07/2025" in successor_page
    predecessor_page = page(client.get(reverse("org:unit_detail", args=[merged.pk])))
    assert "Hết hiệu lực từ sau 30/06/2025" in predecessor_page
    assert "Xã Vĩnh Hòa" in predecessor_page


def test_it_shows_memberships_by_year_on_the_unit_page(org: Org, unit_officer: User) -> None:
    response = client_for(unit_officer).get(reverse("org:unit_detail", args=[org.units["AN-MINH"].pk]))
    body = page(response)
    assert response.status_code == 200
    assert "Cụm thi đua số 5" in body and "2026" in body


def test_it_hides_units_of_another_province(org: Org, board_admin: User) -> None:
    response = client_for(board_admin).get(reverse("org:unit_detail", args=[org.units["XA-KHAC"].pk]))
    assert response.status_code == 404
