"""The board's set-up pages: what they show, what they write through the services, and what they refuse."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from thidua.conftest import Org
from thidua.core.models import AuditEvent
from thidua.core.testing import row_counts
from thidua.org import services
from thidua.org.models import Cluster, ClusterYear, Membership, Unit, UnitSuccession


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def body(response: Any) -> str:
    return str(response.content.decode())


def _roles(cluster_year: ClusterYear) -> list[tuple[str, str, int]]:
    return [
        (m.unit.code, m.role, m.order)
        for m in Membership.objects.filter(cluster_year=cluster_year)
        .select_related("unit")
        .order_by("order", "id")
    ]


def test_it_lists_units_with_their_validity_and_successors_and_filters_them(
    org: Org, board_admin: User
) -> None:
    services.unit_merge(
        actor=board_admin,
        predecessors=[org.units["BINH-AN"]],
        successor=org.units["AN-MINH"],
        date=dt.date(2026, 7, 1),
        decision_number="1654/NQ-UBTVQH15",
        note="Sáp nhập giữa năm",
    )
    client = client_for(board_admin)
    page = body(client.get(reverse("org:unit_list")))
    assert "Đơn vị của Tỉnh Mẫu" in page and "Sở Tài chính" in page and "Xã Tỉnh Khác" not in page
    assert "Sáp nhập 01/07/2026" in page and "1654/NQ-UBTVQH15" in page and "đến 30/06/2026" in page
    found = body(client.get(reverse("org:unit_list"), {"q": "vĩnh", "level": "commune"}))
    assert "Xã Vĩnh Hòa" in found and "Xã An Minh" not in found
    fragment = client.get(reverse("org:unit_list"), {"status": "ended"}, headers={"HX-Request": "true"})
    assert body(fragment).lstrip().startswith('<div id="unit-table">')
    assert "Xã Bình An" in body(fragment) and "Xã Vĩnh Hòa" not in body(fragment)


def test_it_creates_and_edits_a_unit(org: Org, board_admin: User) -> None:
    client = client_for(board_admin)
    response = client.post(
        reverse("org:unit_create"),
        {"level": "ward", "code": "vinh-lac", "name": "Phường Vĩnh Lạc", "valid_from": "2025-07-01"},
    )
    unit = Unit.objects.get(code="VINH-LAC")
    assert response.status_code == 302 and response["Location"] == reverse("org:unit_detail", args=[unit.pk])
    assert AuditEvent.objects.filter(action="unit.create", object_id=str(unit.pk), actor=board_admin).exists()
    response = client.post(
        reverse("org:unit_edit", args=[unit.pk]),
        {"name": "Phường Vĩnh Lạc Mới", "parent": "", "reason": "Sai chính tả trong quyết định"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="unit.update", object_id=str(unit.pk))
    assert (event.before, event.after, event.reason) == (
        {"name": "Phường Vĩnh Lạc"},
        {"name": "Phường Vĩnh Lạc Mới"},
        "Sai chính tả trong quyết định",
    )


def test_it_shows_a_duplicate_code_next_to_its_field_and_creates_nothing(org: Org, board_admin: User) -> None:
    client = client_for(board_admin)
    before = row_counts()
    response = client.post(
        reverse("org:unit_create"), {"level": "commune", "code": "AN-MINH", "name": "Xã trùng"}
    )
    assert response.status_code == 400
    assert 'id="id_code_error">Tỉnh đã có đơn vị mã AN-MINH.</p>' in body(response)
    assert row_counts() == before


def test_it_merges_units_into_a_new_one_from_the_page(org: Org, board_admin: User) -> None:
    client = client_for(board_admin)
    response = client.post(
        reverse("org:unit_merge"),
        {
            "predecessors": [org.units["BINH-AN"].pk, org.units["AN-MINH"].pk],
            "mode": "new",
            "new_level": "ward",
            "new_code": "PHUONG-HOP",
            "new_name": "Phường Hợp Nhất",
            "date": "2027-01-01",
            "decision_number": "12/NQ-UBTVQH15",
        },
    )
    ward = Unit.objects.get(code="PHUONG-HOP")
    assert response.status_code == 302 and ward.valid_from == dt.date(2027, 1, 1)
    assert set(UnitSuccession.objects.filter(successor=ward).values_list("predecessor__code", flat=True)) == {
        "BINH-AN",
        "AN-MINH",
    }


def test_it_warns_and_refuses_dissolving_a_member_mid_year_without_a_reason(
    org: Org, board_admin: User
) -> None:
    client = client_for(board_admin)
    url = reverse("org:unit_dissolve", args=[org.units["AN-MINH"].pk])
    assert "Xã An Minh là thành viên của Cụm thi đua số 5 năm 2026." in body(client.get(url))
    before = row_counts()
    response = client.post(url, {"date": "2026-07-01", "decision_number": "8/QĐ-UBND"})
    assert response.status_code == 400
    assert (
        "Giải thể đơn vị trước khi năm thi đua kết thúc phải ghi rõ lý do." in body(response)
        and row_counts() == before
    )
    response = client.post(
        url, {"date": "2026-07-01", "decision_number": "8/QĐ-UBND", "note": "Sắp xếp đơn vị hành chính"}
    )
    assert response.status_code == 302
    assert AuditEvent.objects.get(action="unit.dissolution").reason == "Sắp xếp đơn vị hành chính"


def test_it_creates_and_edits_a_cluster(org: Org, board_admin: User) -> None:
    client = client_for(board_admin)
    response = client.post(
        reverse("org:cluster_create"),
        {
            "kind": "khoi",
            "code": "KHOI-1",
            "name": "Khối các sở kinh tế",
            "decision_number": "15/QĐ-UBND",
            "decision_date": "2026-01-15",
        },
    )
    cluster = Cluster.objects.get(code="KHOI-1")
    assert response.status_code == 302 and cluster.decision_date == dt.date(2026, 1, 15)
    response = client.post(
        reverse("org:cluster_edit", args=[cluster.pk]),
        {"kind": "khoi", "code": "KHOI-1", "name": "Khối kinh tế tổng hợp", "reason": "Đổi tên theo QĐ 20"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="cluster.update")
    assert event.after["name"] == "Khối kinh tế tổng hợp" and event.reason == "Đổi tên theo QĐ 20"
    listing = body(client.get(reverse("org:cluster_list")))
    assert "Khối kinh tế tổng hợp" in listing and "Mở năm thi đua" in listing


def test_it_previews_and_opens_a_year_from_a_clusters_page(org: Org, board_admin: User) -> None:
    client = client_for(board_admin)
    url = reverse("org:cluster_year_open", args=[org.cluster.pk])
    preview = body(client.get(url))
    assert "Mở năm thi đua 2027" in preview and "Chép từ năm 2026: 3 thành viên." in preview
    assert "Hội nghị tổng kết năm 2026 chưa bầu cụm trưởng, cụm phó năm 2027" in preview
    assert ClusterYear.objects.filter(year=2027).count() == 0
    response = client.post(url, {"year": "2027"})
    opened = ClusterYear.objects.get(cluster=org.cluster, year=2027)
    assert response.status_code == 302 and response["Location"] == reverse("org:members", args=[opened.pk])
    assert _roles(opened) == [("VINH-HOA", "member", 1), ("THANH-LOC", "member", 2), ("AN-MINH", "member", 3)]
    members_page = body(client.get(response["Location"]))
    assert "Đã mở năm thi đua 2027 cho Cụm thi đua số 5 với 3 thành viên." in members_page
    assert "Năm 2027 chưa có cụm trưởng (khối trưởng)" in members_page
    before = row_counts()
    again = client.post(url, {"year": "2027"})
    assert again.status_code == 400 and "Cụm thi đua số 5 đã có năm 2027." in body(again)
    assert row_counts() == before


def test_it_previews_and_opens_the_year_for_the_whole_province(org: Org, board_admin: User) -> None:
    client = client_for(board_admin)
    url = reverse("org:province_year_open")
    preview = body(client.get(url, {"year": "2027"}))
    assert "Cụm thi đua số 5 năm 2027" in preview and "Cụm thi đua số 6 năm 2027" in preview
    assert "Mở năm thi đua 2027 cho 2 cụm, khối" in preview
    response = client.post(url, {"year": "2027"})
    assert response.status_code == 302
    assert ClusterYear.objects.filter(year=2027).count() == 2


def test_it_changes_a_role_with_a_reason_through_htmx(org: Org, board_admin: User) -> None:
    client = client_for(board_admin)
    cy = org.cluster_year
    member = Membership.objects.get(cluster_year=cy, unit=org.units["AN-MINH"])
    url = reverse("org:member_change", args=[cy.pk, member.pk])
    data = {f"m{member.pk}-role": "leader", f"m{member.pk}-order": "3", f"m{member.pk}-reason": "Bầu lại"}
    response = client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert body(response).lstrip().startswith('<div id="members-panel">')
    assert "Xã An Minh là cụm trưởng / khối trưởng; Xã Vĩnh Hòa thôi vai trò này và là thành viên." in body(
        response
    )
    assert _roles(cy) == [("VINH-HOA", "member", 1), ("THANH-LOC", "deputy", 2), ("AN-MINH", "leader", 3)]
    event = AuditEvent.objects.filter(action="membership.role_change").latest("id")
    assert (event.actor, event.reason) == (board_admin, "Bầu lại")


def test_it_adds_and_removes_a_member_from_the_page(org: Org, board_admin: User) -> None:
    client = client_for(board_admin)
    cy = org.other_cluster_year
    response = client.post(
        reverse("org:member_add", args=[cy.pk]),
        {"unit": org.units["AN-MINH"].pk, "role": "deputy", "reason": "Bổ sung theo QĐ 30"},
    )
    assert response.status_code == 302
    added = Membership.objects.get(cluster_year=cy, unit=org.units["AN-MINH"])
    assert (added.role, added.order) == ("deputy", 2)
    page = body(client.get(reverse("org:members", args=[cy.pk])))
    assert "Đã thêm Xã An Minh vào danh sách thành viên. Xã An Minh là cụm phó / khối phó." in page
    response = client.post(
        reverse("org:member_remove", args=[cy.pk, added.pk]), {f"r{added.pk}-reason": "Nhầm cụm"}
    )
    assert response.status_code == 302 and not Membership.objects.filter(pk=added.pk).exists()
    assert AuditEvent.objects.filter(action="membership.remove", reason="Nhầm cụm").exists()


def test_it_shows_the_leader_and_deputy_elected_at_last_years_conference_in_the_preview(
    org: Org, board_admin: User
) -> None:
    from thidua.conference.models import BallotPurpose
    from thidua.org.tests.test_setup_services import _elect

    _elect(org, BallotPurpose.LEADER, org.units["THANH-LOC"])
    client = client_for(board_admin)
    url = reverse("org:cluster_year_open", args=[org.cluster.pk])
    preview = body(client.get(url, {"year": "2027"}, headers={"HX-Request": "true"}))
    assert preview.lstrip().startswith('<div id="opening-plan">')
    assert (
        "Xã Thạnh Lộc được bầu làm cụm trưởng tại hội nghị tổng kết năm 2026; "
        "hội nghị chưa bầu cụm phó, Ban chọn sau khi mở năm." in preview
    )
    client.post(url, {"year": "2027"})
    opened = ClusterYear.objects.get(cluster=org.cluster, year=2027)
    assert _roles(opened)[1] == ("THANH-LOC", "leader", 2)
    wrong = client.get(url, {"year": "1990"}, headers={"HX-Request": "true"})
    assert wrong.status_code == 400
    assert "Năm phải từ 2000 đến 2100." in body(wrong)


def test_it_lets_a_board_of_two_provinces_pick_the_one_it_sets_up(org: Org) -> None:
    from thidua.accounts.models import Role
    from thidua.conftest import make_persona

    board = make_persona(
        "haitinh",
        "Ban của hai tỉnh",
        [(Role.BOARD_ADMIN, org.province, None), (Role.BOARD_ADMIN, org.other_province, None)],
    )
    client = client_for(board)
    # The provinces come by name: Tỉnh Khác first, and a link to Tỉnh Mẫu.
    first = body(client.get(reverse("org:unit_list")))
    assert f'<a href="?province={org.province.pk}">Tỉnh Mẫu</a>' in first
    assert "Xã Tỉnh Khác" in first and "Xã An Minh" not in first
    other = body(client.get(reverse("org:unit_list"), {"province": org.province.pk}))
    assert "Đơn vị của Tỉnh Mẫu" in other and "Xã An Minh" in other and "Xã Tỉnh Khác" not in other
    response = client.post(
        f"{reverse('org:unit_create')}?province={org.province.pk}",
        {"level": "commune", "code": "XA-MOI", "name": "Xã Mới"},
    )
    assert response.status_code == 302
    assert Unit.objects.get(code="XA-MOI").province == org.province
