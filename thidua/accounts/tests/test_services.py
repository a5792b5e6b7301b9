from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from thidua.accounts import access, services, throttle
from thidua.accounts.models import ApiToken, LoginAttempt, Role, RoleAssignment
from thidua.conftest import Org
from thidua.core.errors import AccessDenied, Conflict, InvalidInput
from thidua.core.models import AuditEvent


def _counts() -> tuple[int, int, int, int]:
    return (
        User.objects.count(),
        RoleAssignment.objects.count(),
        ApiToken.objects.count(),
        AuditEvent.objects.count(),
    )


def test_it_creates_a_user_and_audits_without_the_password(org: Org, board_admin: User) -> None:
    user = services.user_create(
        actor=board_admin, username="canbo1", full_name="Nguyễn Văn An", password="mật-khẩu-dài-2026"
    )
    assert user.check_password("mật-khẩu-dài-2026") and user.first_name == "Nguyễn Văn An"
    event = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
    assert event.actor == board_admin
    assert "mật-khẩu-dài-2026" not in str(event.after)


def test_it_refuses_a_weak_password_in_vietnamese_field(org: Org, board_admin: User, settings: Any) -> None:
    settings.LANGUAGE_CODE = "vi"
    before = _counts()
    with pytest.raises(InvalidInput) as refusal:
        services.user_create(actor=board_admin, username="canbo2", full_name="B", password="123")
    assert refusal.value.field == "password"
    assert _counts() == before


@pytest.mark.parametrize(
    "persona", ["council_member", "cluster_leader", "unit_officer", "observer", "outsider"]
)
def test_it_lets_only_the_board_create_users(org: Org, persona: str, request: pytest.FixtureRequest) -> None:
    actor = request.getfixturevalue(persona)
    before = _counts()
    with pytest.raises(AccessDenied) as refusal:
        services.user_create(actor=actor, username="x", full_name="X")
    assert refusal.value.message == "Chỉ Ban Thi đua – Khen thưởng mới được quản lý người dùng."
    assert _counts() == before


def test_it_assigns_a_role_with_the_scope_kind_of_the_target(
    org: Org, board_admin: User, outsider: User
) -> None:
    agency_role = services.role_assign(
        actor=board_admin, user=outsider, role=Role.DATA_SOURCE_REVIEWER, unit=org.units["SO-TAI-CHINH"]
    )
    cluster_role = services.role_assign(
        actor=board_admin, user=outsider, role=Role.OBSERVER, cluster=org.cluster
    )
    assert (agency_role.scope_kind, cluster_role.scope_kind) == ("agency", "cluster")
    assert AuditEvent.objects.filter(action="role.assign", object_id=str(agency_role.pk)).exists()
    # The cached roles were dropped, so the same user object sees the new rights at once.
    assert access.can_view_unit(outsider, org.units["BINH-AN"])


@pytest.mark.parametrize(
    ("role", "target", "message"),
    [
        (Role.BOARD_ADMIN, "AN-MINH", "Vai trò Ban Thi đua – Khen thưởng chỉ giao trong phạm vi: Tỉnh."),
        (Role.DATA_SOURCE_REVIEWER, "AN-MINH", "Cơ quan nguồn số liệu phải là sở, ban, ngành hoặc cơ quan."),
        (Role.UNIT_OFFICER, "TINH-MAU", "Vai trò Cán bộ thi đua của đơn vị chỉ giao trong phạm vi: Đơn vị."),
    ],
)
def test_it_refuses_a_role_in_the_wrong_scope(
    org: Org, board_admin: User, outsider: User, role: str, target: str, message: str
) -> None:
    unit = org.province if target == "TINH-MAU" else org.units[target]
    before = _counts()
    with pytest.raises(InvalidInput) as refusal:
        services.role_assign(actor=board_admin, user=outsider, role=role, unit=unit)
    assert refusal.value.message == message
    assert _counts() == before


def test_it_refuses_roles_in_another_province(org: Org, board_admin: User, outsider: User) -> None:
    before = _counts()
    with pytest.raises(AccessDenied):
        services.role_assign(
            actor=board_admin, user=outsider, role=Role.UNIT_OFFICER, unit=org.units["XA-KHAC"]
        )
    assert _counts() == before


def test_it_revokes_a_role_once(org: Org, board_admin: User, unit_officer: User) -> None:
    assignment = RoleAssignment.objects.get(user=unit_officer)
    services.role_revoke(actor=board_admin, assignment=assignment, reason="Chuyển công tác")
    assignment.refresh_from_db()
    assert assignment.revoked_at is not None
    assert not access.units_visible_to(unit_officer).exists()
    assert AuditEvent.objects.get(action="role.revoke").reason == "Chuyển công tác"
    with pytest.raises(Conflict):
        services.role_revoke(actor=board_admin, assignment=assignment)
    assert AuditEvent.objects.filter(action="role.revoke").count() == 1


def test_it_deactivates_a_user_but_not_oneself(org: Org, board_admin: User, observer: User) -> None:
    services.user_deactivate(actor=board_admin, user=observer, reason="Nghỉ hưu")
    observer.refresh_from_db()
    assert observer.is_active is False
    assert AuditEvent.objects.get(action="user.deactivate").after == {"is_active": False}
    with pytest.raises(InvalidInput):
        services.user_deactivate(actor=board_admin, user=board_admin)
    board_admin.refresh_from_db()
    assert board_admin.is_active


def test_it_throttles_a_user_name_only_at_the_address_it_failed_from(db: None, settings: Any) -> None:
    # Before issue 13 failures of one name from anywhere locked the name everywhere: its owner too.
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        assert throttle.login_check(username="DonVi", address="10.0.0.1").allowed
        throttle.login_failure_record(username="DonVi", address="10.0.0.1", door="site")
    assert not throttle.login_check(username="donvi ", address="10.0.0.1").allowed
    assert throttle.login_check(username="donvi", address="10.0.0.9").allowed
    assert throttle.login_check(username="quansat", address="10.0.0.1").allowed


def test_it_forgets_failures_after_the_window_and_after_a_success_of_the_pair(
    db: None, settings: Any, unit_officer: User
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 60
    for _ in range(2):
        throttle.login_failure_record(username="a", address="1.1.1.1", door="site")
    assert not throttle.login_check(username="a", address="1.1.1.1").allowed
    LoginAttempt.objects.update(created_at=timezone.now() - dt.timedelta(seconds=61))
    assert throttle.login_check(username="a", address="1.1.1.1").allowed
    throttle.login_failure_record(username="b", address="2.2.2.2", door="site")
    assert LoginAttempt.objects.count() == 1  # the stale rows went with the next failure
    name = unit_officer.username
    for _ in range(2):
        throttle.login_failure_record(username=name, address="2.2.2.2", door="site")
    LoginAttempt.objects.update(created_at=timezone.now() - dt.timedelta(seconds=40))
    throttle.login_success_record(user=unit_officer, address="2.2.2.2", door="site")
    throttle.login_failure_record(username=name, address="2.2.2.2", door="site")
    assert throttle.login_check(username=name, address="2.2.2.2").allowed  # one failure since the success


def test_it_issues_a_token_storing_only_its_hash(org: Org, unit_officer: User) -> None:
    issued = services.token_issue(actor=unit_officer, user=unit_officer, name="Máy chủ báo cáo")
    assert issued.plaintext.startswith(f"td_{issued.token.prefix}_")
    stored = ApiToken.objects.get()
    assert issued.plaintext not in (stored.token_hash, stored.prefix, stored.name)
    assert services.token_authenticate(issued.plaintext) == unit_officer
    assert services.token_authenticate(issued.plaintext + "x") is None
    assert AuditEvent.objects.filter(action="api_token.issue").exists()


def test_it_refuses_tokens_for_someone_else_and_expired_or_revoked_ones(
    org: Org, board_admin: User, unit_officer: User
) -> None:
    with pytest.raises(AccessDenied):
        services.token_issue(actor=board_admin, user=unit_officer, name="x")
    expired = services.token_issue(
        actor=unit_officer, user=unit_officer, name="cũ", expires_at=timezone.now() - dt.timedelta(days=1)
    )
    assert services.token_authenticate(expired.plaintext) is None
    live = services.token_issue(actor=unit_officer, user=unit_officer, name="mới")
    services.token_revoke(actor=board_admin, token=live.token)
    assert services.token_authenticate(live.plaintext) is None
    with pytest.raises(Conflict):
        services.token_revoke(actor=unit_officer, token=live.token)


def test_it_no_longer_gives_the_cluster_leader_role(org: Org, board_admin: User, unit_officer: User) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.role_assign(
            actor=board_admin, user=unit_officer, role=Role.CLUSTER_LEADER, cluster=org.cluster
        )
    assert refused.value.message == (
        "Vai trò cụm trưởng, khối trưởng không còn được giao riêng: cán bộ thi đua của đơn vị là cụm trưởng "
        "(cụm phó) của năm có quyền của cụm trưởng (cụm phó) trong năm đó."
    )
    assert not RoleAssignment.objects.filter(role=Role.CLUSTER_LEADER).exists()
    assert not AuditEvent.objects.filter(action="role.assign", after__role=Role.CLUSTER_LEADER).exists()


def test_it_gives_the_leaders_powers_to_the_officers_of_the_years_leading_unit(
    org: Org, cluster_leader: User, cluster_deputy: User, unit_officer: User
) -> None:
    assert access.leads_cluster_year(cluster_leader, org.cluster_year)
    assert access.deputises_cluster_year(cluster_deputy, org.cluster_year)
    assert not access.leads_cluster_year(unit_officer, org.cluster_year)
    assert list(access.cluster_years_led_by(cluster_leader)) == [org.cluster_year]


def test_it_migrates_a_cluster_leader_role_to_an_officer_of_the_leading_unit(org: Org) -> None:
    import importlib

    from django.apps import apps

    migration = importlib.import_module("thidua.accounts.migrations.0002_cluster_leader_to_unit_officer")
    user = User.objects.create(username="cumtruongcu")
    old = RoleAssignment.objects.create(
        user=user, role=Role.CLUSTER_LEADER, scope_kind="cluster", cluster=org.cluster
    )
    migration.forward(apps, None)
    old.refresh_from_db()
    assert old.revoked_at is not None
    officer = RoleAssignment.objects.get(user=user, role=Role.UNIT_OFFICER, revoked_at=None)
    assert officer.unit == org.units["VINH-HOA"]
    assert access.leads_cluster_year(user, org.cluster_year)
