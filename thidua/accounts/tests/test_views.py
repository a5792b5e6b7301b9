from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from thidua.accounts import services
from thidua.accounts.models import LoginAttempt, Role, RoleAssignment
from thidua.conftest import PERSONA_PASSWORD, Org
from thidua.core.models import AuditEvent


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(response: Any) -> str:
    return str(response.content.decode())


# ---- login ------------------------------------------------------------------------------------------------------


def test_it_logs_a_persona_in_and_sends_them_home(board_admin: User) -> None:
    response = Client().post(reverse("login"), {"username": "bantdkt", "password": PERSONA_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_it_refuses_after_too_many_failures_even_with_the_right_password(
    board_admin: User, settings: Any
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(3):
        wrong = client.post(reverse("login"), {"username": "bantdkt", "password": "sai-mat-khau"})
        assert wrong.status_code == 200
    assert LoginAttempt.objects.filter(username="bantdkt", succeeded=False).count() == 3
    response = client.post(reverse("login"), {"username": "bantdkt", "password": PERSONA_PASSWORD})
    assert response.status_code == 429
    assert (
        "Đăng nhập sai quá nhiều lần từ địa chỉ này. Vì an toàn, vui lòng thử lại sau 1 phút "
        "hoặc liên hệ Ban Thi đua – Khen thưởng."
    ) in page(response)
    assert "_auth_user_id" not in client.session


def test_it_clears_the_failures_after_a_right_password(board_admin: User, settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = 2
    client = Client()
    client.post(reverse("login"), {"username": "bantdkt", "password": "sai-mat-khau"})
    client.post(reverse("login"), {"username": "bantdkt", "password": PERSONA_PASSWORD})
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "bantdkt", "password": "sai-mat-khau"})
    assert (
        client.post(reverse("login"), {"username": "bantdkt", "password": PERSONA_PASSWORD}).status_code
        == 302
    )


def test_it_changes_the_password_of_a_user_without_a_role(outsider: User) -> None:
    client = client_for(outsider)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PERSONA_PASSWORD,
            "new_password1": "mat-khau-moi-2026",
            "new_password2": "mat-khau-moi-2026",
        },
    )
    assert response.status_code == 302
    outsider.refresh_from_db()
    assert outsider.check_password("mat-khau-moi-2026")


def test_it_explains_a_mismatched_new_password_in_vietnamese(outsider: User) -> None:
    response = client_for(outsider).post(
        reverse("password_change"),
        {
            "old_password": PERSONA_PASSWORD,
            "new_password1": "mat-khau-moi-2026",
            "new_password2": "khac-hoan-toan-2026",
        },
    )
    assert response.status_code == 200
    assert (
        '<p class="field__error" id="id_new_password2_error">Hai trường mật khẩu không giống nhau.</p>'
        in page(response)
    )


# ---- user management ---------------------------------------------------------------------------------------------


def test_it_lists_users_with_their_roles_for_the_board(
    org: Org, board_admin: User, unit_officer: User, django_assert_max_num_queries: Any
) -> None:
    client = client_for(board_admin)
    with django_assert_max_num_queries(8) as few:
        response = client.get(reverse("user_list"))
    assert 'Cán bộ thi đua của đơn vị – <span class="muted">Xã An Minh</span>' in page(response)
    for n in range(10):
        services.user_create(actor=board_admin, username=f"nguoi{n}", full_name=f"Người {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "nguoi9" in page(client.get(reverse("user_list")))


def test_it_refuses_user_management_to_everyone_but_the_board(
    council_member: User, cluster_leader: User, unit_officer: User, observer: User, outsider: User
) -> None:
    for person in [council_member, cluster_leader, unit_officer, observer, outsider]:
        response = client_for(person).get(reverse("user_list"))
        assert response.status_code == 403
        assert "Chỉ Ban Thi đua – Khen thưởng được xem trang này." in page(response)


def test_it_creates_a_user_through_the_service_with_an_audit_row(board_admin: User) -> None:
    response = client_for(board_admin).post(
        reverse("user_create"),
        {
            "username": "canbo_moi",
            "full_name": "Nguyễn Văn Mới",
            "email": "",
            "password": "mat-khau-ban-dau-1",
            "password_again": "mat-khau-ban-dau-1",
        },
    )
    user = User.objects.get(username="canbo_moi")
    assert response.status_code == 302 and response["Location"] == reverse("user_detail", args=[user.pk])
    assert user.first_name == "Nguyễn Văn Mới"
    assert AuditEvent.objects.filter(action="user.create", object_id=str(user.pk), actor=board_admin).exists()


def test_it_shows_the_services_refusal_next_to_the_field(board_admin: User, unit_officer: User) -> None:
    response = client_for(board_admin).post(
        reverse("user_create"),
        {"username": "donvi", "full_name": "Trùng tên", "password": "", "password_again": ""},
    )
    assert response.status_code == 400
    assert '<p class="field__error" id="id_username_error">Tên đăng nhập donvi đã được dùng.</p>' in page(
        response
    )
    assert User.objects.filter(username="donvi").count() == 1


@pytest.fixture
def newcomer(board_admin: User) -> User:
    """An account the province's board has just created: no role yet, on that board's list only."""
    return services.user_create(actor=board_admin, username="nguoimoi", full_name="Người mới")


def test_it_assigns_and_revokes_a_role(org: Org, board_admin: User, newcomer: User) -> None:
    outsider = newcomer
    client = client_for(board_admin)
    response = client.post(
        reverse("user_role_assign", args=[outsider.pk]),
        {"role": Role.UNIT_OFFICER, "unit": org.units["BINH-AN"].pk, "reason": "Cán bộ mới của xã"},
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=outsider, revoked_at__isnull=True)
    assert assignment.unit == org.units["BINH-AN"]
    assert (
        AuditEvent.objects.get(action="role.assign", object_id=str(assignment.pk)).reason
        == "Cán bộ mới của xã"
    )

    response = client.post(reverse("role_revoke", args=[assignment.pk]), {"reason": "Chuyển công tác"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.revoked_at is not None
    assert AuditEvent.objects.get(action="role.revoke").reason == "Chuyển công tác"


def test_it_refuses_a_role_without_exactly_one_scope(org: Org, board_admin: User, newcomer: User) -> None:
    outsider = newcomer
    response = client_for(board_admin).post(
        reverse("user_role_assign", args=[outsider.pk]), {"role": Role.OBSERVER, "unit": "", "cluster": ""}
    )
    assert response.status_code == 400
    assert "Chọn đúng một phạm vi: một tỉnh, đơn vị, cơ quan hoặc một cụm, khối." in page(response)
    assert not RoleAssignment.objects.filter(user=outsider).exists()


def test_it_deactivates_an_account_with_a_reason(board_admin: User, unit_officer: User) -> None:
    client = client_for(board_admin)
    refused = client.post(reverse("user_deactivate", args=[unit_officer.pk]), {"reason": ""})
    assert refused.status_code == 400
    assert '<p class="field__error" id="id_reason_error">Trường này là bắt buộc.</p>' in page(refused)
    response = client.post(reverse("user_deactivate", args=[unit_officer.pk]), {"reason": "Nghỉ hưu"})
    assert response.status_code == 302
    unit_officer.refresh_from_db()
    assert not unit_officer.is_active
    assert AuditEvent.objects.get(action="user.deactivate").reason == "Nghỉ hưu"


def test_it_changes_nothing_when_a_non_board_user_posts(org: Org, observer: User, outsider: User) -> None:
    response = client_for(observer).post(
        reverse("user_role_assign", args=[outsider.pk]), {"role": Role.OBSERVER, "unit": org.province.pk}
    )
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(user=outsider).exists()


# ---- user management is scoped to the board's province -------------------------------------------------------


@pytest.fixture
def other_board(org: Org) -> User:
    from thidua.conftest import make_persona

    return make_persona("bankhac", "Ban tỉnh khác", [(Role.BOARD_ADMIN, org.other_province, None)])


def test_it_lists_only_the_users_of_the_boards_province(
    org: Org, board_admin: User, other_board: User, unit_officer: User, outsider: User
) -> None:
    created_there = services.user_create(
        actor=other_board, username="moikhac", full_name="Người mới tỉnh khác"
    )
    created_here = services.user_create(actor=board_admin, username="moiday", full_name="Người mới tỉnh mẫu")
    body = page(client_for(other_board).get(reverse("user_list")))
    assert "moikhac" in body and "bankhac" in body
    assert "donvi" not in body and "moiday" not in body and "bantdkt" not in body
    # An account with no role and no province (made by the installer) is on no board's list.
    assert "nguoingoai" not in body
    own = page(client_for(board_admin).get(reverse("user_list")))
    assert "donvi" in own and "moiday" in own and "moikhac" not in own and "nguoingoai" not in own
    assert client_for(other_board).get(reverse("user_detail", args=[unit_officer.pk])).status_code == 404
    assert client_for(other_board).get(reverse("user_detail", args=[created_here.pk])).status_code == 404
    assert client_for(other_board).get(reverse("user_detail", args=[created_there.pk])).status_code == 200


def test_it_changes_nothing_when_another_provinces_board_acts_on_a_user(
    org: Org, board_admin: User, other_board: User, unit_officer: User
) -> None:
    newcomer = services.user_create(actor=board_admin, username="moiday", full_name="Người mới")
    events = AuditEvent.objects.count()
    client = client_for(other_board)
    refused = client.post(reverse("user_deactivate", args=[newcomer.pk]), {"reason": "Thử"})
    assert refused.status_code == 404
    refused = client.post(
        reverse("user_role_assign", args=[newcomer.pk]),
        {"role": Role.OBSERVER, "unit": org.other_province.pk},
    )
    assert refused.status_code == 404
    newcomer.refresh_from_db()
    assert newcomer.is_active
    assert not RoleAssignment.objects.filter(user=newcomer).exists()
    assert AuditEvent.objects.count() == events


def test_it_refuses_to_deactivate_a_roleless_account_of_another_province_in_the_service(
    org: Org, board_admin: User, other_board: User
) -> None:
    from thidua.core.errors import AccessDenied

    newcomer = services.user_create(actor=board_admin, username="moiday", full_name="Người mới")
    with pytest.raises(AccessDenied) as refused:
        services.user_deactivate(actor=other_board, user=newcomer)
    assert (
        refused.value.message == "Người dùng không thuộc tỉnh của bạn; bạn không có quyền khóa tài khoản này."
    )
    newcomer.refresh_from_db()
    assert newcomer.is_active


def test_it_records_the_creating_province_and_asks_a_board_of_several_which(
    org: Org, board_admin: User
) -> None:
    created = services.user_create(actor=board_admin, username="moiday", full_name="Người mới")
    event = AuditEvent.objects.get(action="user.create", object_id=str(created.pk))
    assert event.province_id == org.province.pk
    services.role_assign(
        actor=services_system(), user=board_admin, role=Role.BOARD_ADMIN, unit=org.other_province
    )
    form = page(client_for(board_admin).get(reverse("user_create")))
    assert "Tỉnh quản lý tài khoản" in form
    response = client_for(board_admin).post(
        reverse("user_create"),
        {"username": "hai", "full_name": "Hai tỉnh", "province": org.other_province.pk},
    )
    assert response.status_code == 302
    created = User.objects.get(username="hai")
    event = AuditEvent.objects.get(action="user.create", object_id=str(created.pk))
    assert event.province_id == org.other_province.pk


def services_system() -> Any:
    from thidua.accounts.access import SystemActor

    return SystemActor()
