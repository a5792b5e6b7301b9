"""The people every area's tests act as, on one small province shaped like the demo.

Tỉnh Mẫu has Cụm thi đua số 5 (2026: Xã Vĩnh Hòa leads, Xã Thạnh Lộc seconds, Xã An Minh), a second cluster
the narrow roles must not see (Cụm thi đua số 6: Xã Bình An), the data-source agency Sở Tài chính, and a
neighbouring province nobody here has a role in.

| fixture | role | scope |
|---|---|---|
| board_admin | board_admin | the province |
| council_member | council_member | the province |
| cluster_leader | unit_officer of Xã Vĩnh Hòa, the 2026 leader of Cụm thi đua số 5 | Xã Vĩnh Hòa |
| cluster_deputy | unit_officer of Xã Thạnh Lộc, the 2026 deputy | Xã Thạnh Lộc |
| unit_officer | unit_officer | Xã An Minh |
| data_source_reviewer | data_source_reviewer | Sở Tài chính |
| observer | observer | the province |
| outsider | none | — |

The leader's and the deputy's powers come from the cluster-year's membership roles, not from a role of their
own: electing another leader moves them. Every persona's password is PERSONA_PASSWORD.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User

from thidua.accounts import services as account_services
from thidua.accounts.access import SystemActor
from thidua.accounts.models import Role
from thidua.org import services as org_services
from thidua.org.models import Cluster, ClusterKind, ClusterYear, MemberRole, Unit, UnitLevel

PERSONA_PASSWORD = "thidua2026"
SYSTEM = SystemActor()


@dataclass
class Org:
    """The small province the personas work in."""

    province: Unit
    other_province: Unit
    units: dict[str, Unit]
    cluster: Cluster
    cluster_year: ClusterYear
    other_cluster: Cluster
    other_cluster_year: ClusterYear


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # PBKDF2 takes a noticeable time per user and every test makes seven; the hasher is not under test here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _commune(province: Unit, code: str, name: str, level: str = UnitLevel.COMMUNE, **extra: Any) -> Unit:
    return org_services.unit_create(
        actor=SYSTEM,
        province=province,
        level=level,
        code=code,
        name=name,
        valid_from=dt.date(2025, 7, 1),
        **extra,
    )


@pytest.fixture
def org(db: Any) -> Org:
    province = org_services.province_create(
        actor=SYSTEM, code="TINH-MAU", name="Tỉnh Mẫu", valid_from=dt.date(2000, 1, 1)
    )
    other_province = org_services.province_create(
        actor=SYSTEM, code="TINH-KHAC", name="Tỉnh Khác", valid_from=dt.date(2000, 1, 1)
    )
    units = {
        "VINH-HOA": _commune(province, "VINH-HOA", "Xã Vĩnh Hòa"),
        "THANH-LOC": _commune(province, "THANH-LOC", "Xã Thạnh Lộc"),
        "AN-MINH": _commune(province, "AN-MINH", "Xã An Minh"),
        "BINH-AN": _commune(province, "BINH-AN", "Xã Bình An"),
        "SO-TAI-CHINH": _commune(
            province, "SO-TAI-CHINH", "Sở Tài chính", level=UnitLevel.DEPARTMENT, is_data_source=True
        ),
        "XA-KHAC": _commune(other_province, "XA-KHAC", "Xã Tỉnh Khác"),
    }
    cluster = org_services.cluster_create(
        actor=SYSTEM,
        province=province,
        kind=ClusterKind.CUM,
        code="CUM5",
        name="Cụm thi đua số 5",
        decision_number="125/QĐ-UBND",
        decision_date=dt.date(2026, 2, 10),
    )
    cluster_year = org_services.cluster_year_create(actor=SYSTEM, cluster=cluster, year=2026)
    org_services.membership_set(
        actor=SYSTEM,
        cluster_year=cluster_year,
        members=[
            org_services.MemberSpec(unit=units["VINH-HOA"], role=MemberRole.LEADER, order=1),
            org_services.MemberSpec(unit=units["THANH-LOC"], role=MemberRole.DEPUTY, order=2),
            org_services.MemberSpec(unit=units["AN-MINH"], role=MemberRole.MEMBER, order=3),
        ],
    )
    other_cluster = org_services.cluster_create(
        actor=SYSTEM, province=province, kind=ClusterKind.CUM, code="CUM6", name="Cụm thi đua số 6"
    )
    other_cluster_year = org_services.cluster_year_create(actor=SYSTEM, cluster=other_cluster, year=2026)
    org_services.membership_set(
        actor=SYSTEM,
        cluster_year=other_cluster_year,
        members=[org_services.MemberSpec(unit=units["BINH-AN"], role=MemberRole.LEADER, order=1)],
    )
    return Org(
        province=province,
        other_province=other_province,
        units=units,
        cluster=cluster,
        cluster_year=cluster_year,
        other_cluster=other_cluster,
        other_cluster_year=other_cluster_year,
    )


def make_persona(
    username: str, full_name: str, roles: list[tuple[str, Unit | None, Cluster | None]] | None = None
) -> User:
    """A user with a password and the given (role, unit, cluster) assignments, made through the services."""
    user = account_services.user_create(
        actor=SYSTEM, username=username, full_name=full_name, password=PERSONA_PASSWORD
    )
    for role, unit, cluster in roles or []:
        account_services.role_assign(actor=SYSTEM, user=user, role=role, unit=unit, cluster=cluster)
    return user


@pytest.fixture
def province(org: Org) -> Unit:
    return org.province


@pytest.fixture
def cluster_year(org: Org) -> ClusterYear:
    return org.cluster_year


@pytest.fixture
def units(org: Org) -> dict[str, Unit]:
    return org.units


@pytest.fixture
def board_admin(org: Org) -> User:
    return make_persona(
        "bantdkt", "Cán bộ Ban Thi đua – Khen thưởng", [(Role.BOARD_ADMIN, org.province, None)]
    )


@pytest.fixture
def council_member(org: Org) -> User:
    return make_persona("hoidong", "Thành viên Hội đồng", [(Role.COUNCIL_MEMBER, org.province, None)])


@pytest.fixture
def cluster_leader(org: Org) -> User:
    return make_persona(
        "cumtruong",
        "Cán bộ Xã Vĩnh Hòa",
        [(Role.UNIT_OFFICER, org.units["VINH-HOA"], None)],
    )


@pytest.fixture
def cluster_deputy(org: Org) -> User:
    return make_persona("cumpho", "Cán bộ Xã Thạnh Lộc", [(Role.UNIT_OFFICER, org.units["THANH-LOC"], None)])


@pytest.fixture
def unit_officer(org: Org) -> User:
    return make_persona("donvi", "Cán bộ Xã An Minh", [(Role.UNIT_OFFICER, org.units["AN-MINH"], None)])


@pytest.fixture
def data_source_reviewer(org: Org) -> User:
    return make_persona(
        "nguonsolieu", "Cán bộ Sở Tài chính", [(Role.DATA_SOURCE_REVIEWER, org.units["SO-TAI-CHINH"], None)]
    )


@pytest.fixture
def observer(org: Org) -> User:
    return make_persona("quansat", "Người theo dõi", [(Role.OBSERVER, org.province, None)])


@pytest.fixture
def outsider(org: Org) -> User:
    return make_persona("nguoingoai", "Người ngoài")
