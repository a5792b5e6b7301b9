"""The demo province: Kiên Giang's clusters of 2017–2018 from the seed news reports, its merger into An Giang
on 1/7/2025, and An Giang's Cụm thi đua số 5 of 2026 (the example package). Loading twice changes nothing.

Everything goes through the services as the installer (SystemActor), so the demo data has an audit trail too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from thidua.accounts import services as account_services
from thidua.accounts.access import SystemActor
from thidua.accounts.models import Role, RoleAssignment
from thidua.agreements.demo import load_example_agreement
from thidua.awards.demo import load_demo_awards
from thidua.cycle.demo import load_demo_cycle
from thidua.movements.demo import load_demo_movements
from thidua.org import services
from thidua.org.models import Cluster, ClusterKind, ClusterYear, MemberRole, Unit, UnitLevel, UnitSuccession

SYSTEM = SystemActor()
DEMO_PASSWORD = "thidua2026"
REFORM_DAY = dt.date(2025, 7, 1)
DISTRICT_CLOSING_NOTE = "Chấm dứt hoạt động của đơn vị hành chính cấp huyện từ ngày 01/7/2025."
COMMUNE_MERGER_NOTE = "Sắp xếp đơn vị hành chính cấp xã của tỉnh An Giang năm 2025."
PROVINCE_MERGER_DECISION = "202/2025/QH15"

# (code, name); the districts of Kiên Giang in the two clusters of the seeds.
KG_DISTRICTS = [
    ("AN-MINH", "Huyện An Minh"),
    ("AN-BIEN", "Huyện An Biên"),
    ("U-MINH-THUONG", "Huyện U Minh Thượng"),
    ("VINH-THUAN", "Huyện Vĩnh Thuận"),
    ("GO-QUAO", "Huyện Gò Quao"),
    ("RACH-GIA", "Thành phố Rạch Giá"),
    ("CHAU-THANH", "Huyện Châu Thành"),
    ("HON-DAT", "Huyện Hòn Đất"),
    ("GIONG-RIENG", "Huyện Giồng Riềng"),
    ("TAN-HIEP", "Huyện Tân Hiệp"),
]
KG_BLOCK4 = [
    ("SO-Y-TE", "Sở Y tế"),
    ("SO-GDDT", "Sở Giáo dục và Đào tạo"),
    ("SO-VHTT", "Sở Văn hóa và Thể thao"),
    ("SO-LDTBXH", "Sở Lao động – Thương binh và Xã hội"),
    ("SO-KHCN", "Sở Khoa học và Công nghệ"),
    ("SO-DU-LICH", "Sở Du lịch"),
    ("BAN-DAN-TOC", "Ban Dân tộc"),
]
# (code, name, level): the agencies whose figures are authoritative, in both provinces.
DATA_SOURCES = [
    ("SO-TAI-CHINH", "Sở Tài chính", UnitLevel.DEPARTMENT),
    ("SO-NOI-VU", "Sở Nội vụ", UnitLevel.DEPARTMENT),
    ("BAN-ATGT", "Ban An toàn giao thông tỉnh", UnitLevel.AGENCY),
    ("BCHQS", "Bộ Chỉ huy quân sự tỉnh", UnitLevel.AGENCY),
    ("TT-HDND", "Thường trực Hội đồng nhân dân tỉnh", UnitLevel.AGENCY),
    ("BHXH", "Bảo hiểm xã hội tỉnh", UnitLevel.AGENCY),
]
AG_DEPARTMENTS = [
    ("SO-Y-TE", "Sở Y tế"),
    ("SO-GDDT", "Sở Giáo dục và Đào tạo"),
    ("SO-VHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("SO-KHCN", "Sở Khoa học và Công nghệ"),
    ("SO-DTTG", "Sở Dân tộc và Tôn giáo"),
]
# Kiên Giang department → the An Giang department that carries it on from 1/7/2025.
KG_DEPARTMENT_SUCCESSORS = {
    "SO-Y-TE": "SO-Y-TE",
    "SO-GDDT": "SO-GDDT",
    "SO-VHTT": "SO-VHTTDL",
    "SO-DU-LICH": "SO-VHTTDL",
    "SO-LDTBXH": "SO-NOI-VU",
    "SO-KHCN": "SO-KHCN",
    "BAN-DAN-TOC": "SO-DTTG",
}
AG_CUM5_MEMBERS = [
    ("VINH-HOA", "Xã Vĩnh Hòa", UnitLevel.COMMUNE, MemberRole.LEADER),
    ("THANH-LOC", "Xã Thạnh Lộc", UnitLevel.COMMUNE, MemberRole.DEPUTY),
    ("RACH-GIA", "Phường Rạch Giá", UnitLevel.WARD, MemberRole.MEMBER),
    ("AN-MINH", "Xã An Minh", UnitLevel.COMMUNE, MemberRole.MEMBER),
    ("VINH-THUAN", "Xã Vĩnh Thuận", UnitLevel.COMMUNE, MemberRole.MEMBER),
]
# The demo accounts of the members without one among the role logins (cumtruong reports for Xã Vĩnh Hòa, donvi
# for Xã An Minh).
OTHER_OFFICERS = {"THANH-LOC": "thanhloc", "RACH-GIA": "rachgia", "VINH-THUAN": "vinhthuan"}
# Former district (Kiên Giang) → the commune or ward (An Giang) that carries its history.
DISTRICT_SUCCESSORS = {"AN-MINH": "AN-MINH", "RACH-GIA": "RACH-GIA", "VINH-THUAN": "VINH-THUAN"}


@dataclass(frozen=True)
class DemoLogin:
    """One demo account, printed by `thidua demo` and documented in the README."""

    username: str
    full_name: str
    role: str
    scope: str


def _province(code: str, name: str) -> Unit:
    found = Unit.objects.filter(province__isnull=True, code=code).first()
    return found or services.province_create(
        actor=SYSTEM, code=code, name=name, valid_from=dt.date(2000, 1, 1)
    )


def _unit(
    province: Unit, code: str, name: str, level: str, *, valid_from: dt.date | None = None, data: bool = False
) -> Unit:
    found = Unit.objects.filter(province=province, code=code).first()
    return found or services.unit_create(
        actor=SYSTEM,
        province=province,
        level=level,
        code=code,
        name=name,
        valid_from=valid_from,
        is_data_source=data,
    )


def _cluster(province: Unit, kind: str, code: str, name: str, decision: str, day: dt.date) -> Cluster:
    found = Cluster.objects.filter(province=province, code=code).first()
    return found or services.cluster_create(
        actor=SYSTEM,
        province=province,
        kind=kind,
        code=code,
        name=name,
        decision_number=decision,
        decision_date=day,
    )


def _year(cluster: Cluster, year: int, members: list[tuple[Unit, str]]) -> ClusterYear:
    cluster_year = ClusterYear.objects.filter(cluster=cluster, year=year).first()
    if cluster_year is None:
        cluster_year = services.cluster_year_create(actor=SYSTEM, cluster=cluster, year=year)
    specs = [services.MemberSpec(unit=u, role=r, order=i) for i, (u, r) in enumerate(members, start=1)]
    services.membership_set(actor=SYSTEM, cluster_year=cluster_year, members=specs)
    return cluster_year


def _end(unit: Unit, successor: Unit | None, *, date: dt.date, decision: str = "", note: str = "") -> None:
    if UnitSuccession.objects.filter(predecessor=unit).exists():
        return
    if successor is None:
        services.unit_dissolve(actor=SYSTEM, unit=unit, date=date, decision_number=decision, note=note)
    else:
        services.unit_merge(
            actor=SYSTEM,
            predecessors=[unit],
            successor=successor,
            date=date,
            decision_number=decision,
            note=note,
        )


def _roles(units: dict[str, Unit], order: list[str], leader: str, deputy: str = "") -> list[tuple[Unit, str]]:
    def role(code: str) -> str:
        return (
            MemberRole.LEADER
            if code == leader
            else MemberRole.DEPUTY
            if code == deputy
            else MemberRole.MEMBER
        )

    return [(units[code], role(code)) for code in order]


def load_kien_giang() -> Unit:
    """Kiên Giang as the seeds tell it: Cụm 1 and Cụm 2 of districts, Khối 4 of departments, 2017–2018."""
    kg = _province("KIEN-GIANG", "Tỉnh Kiên Giang")
    districts = {code: _unit(kg, code, name, UnitLevel.DISTRICT) for code, name in KG_DISTRICTS}
    block = {code: _unit(kg, code, name, UnitLevel.DEPARTMENT) for code, name in KG_BLOCK4}
    for code, name, level in [*DATA_SOURCES, ("SO-KHDT", "Sở Kế hoạch và Đầu tư", UnitLevel.DEPARTMENT)]:
        _unit(kg, code, name, level, data=True)
    decision, day = "489/QĐ-UBND", dt.date(2017, 3, 7)
    cum1 = _cluster(kg, ClusterKind.CUM, "KG-CUM1", "Cụm thi đua số 1", decision, day)
    cum2 = _cluster(kg, ClusterKind.CUM, "KG-CUM2", "Cụm thi đua số 2", decision, day)
    khoi4 = _cluster(kg, ClusterKind.KHOI, "KG-KHOI4", "Khối thi đua số 4", decision, day)
    cum1_order = ["AN-MINH", "AN-BIEN", "U-MINH-THUONG", "VINH-THUAN", "GO-QUAO"]
    # Seed 000: An Minh led and An Biên seconded in 2017; the conference elected An Biên and Vĩnh Thuận for 2018.
    _year(cum1, 2017, _roles(districts, cum1_order, "AN-MINH", "AN-BIEN"))
    _year(cum1, 2018, _roles(districts, cum1_order, "AN-BIEN", "VINH-THUAN"))
    # Seed 003: Châu Thành leads and Hòn Đất seconds in 2018.
    cum2_order = ["RACH-GIA", "CHAU-THANH", "HON-DAT", "GIONG-RIENG", "TAN-HIEP"]
    _year(cum2, 2018, _roles(districts, cum2_order, "CHAU-THANH", "HON-DAT"))
    # Seed 004: Sở Y tế led in 2017 (its deputy is not named); 2018: Văn hóa và Thể thao leads, LĐTBXH seconds.
    block_order = [code for code, _ in KG_BLOCK4]
    _year(khoi4, 2017, _roles(block, block_order, "SO-Y-TE"))
    _year(khoi4, 2018, _roles(block, block_order, "SO-VHTT", "SO-LDTBXH"))
    return kg


def load_an_giang(kg: Unit) -> Unit:
    """An Giang after 1/7/2025, with Kiên Giang, its districts and departments merged into it."""
    ag = _province("AN-GIANG", "Tỉnh An Giang")
    agencies = {code: _unit(ag, code, name, level, data=True) for code, name, level in DATA_SOURCES}
    agencies |= {code: _unit(ag, code, name, UnitLevel.DEPARTMENT) for code, name in AG_DEPARTMENTS}
    communes = {
        code: _unit(ag, code, name, level, valid_from=REFORM_DAY) for code, name, level, _ in AG_CUM5_MEMBERS
    }
    cum5 = _cluster(ag, ClusterKind.CUM, "AG-CUM5", "Cụm thi đua số 5", "125/QĐ-UBND", dt.date(2026, 2, 10))
    _year(cum5, 2026, [(communes[code], role) for code, _, _, role in AG_CUM5_MEMBERS])

    kg_units = {u.code: u for u in Unit.objects.filter(province=kg)}
    # Sở Kế hoạch và Đầu tư joined Sở Tài chính on 1/3/2025, four months before the province merger.
    _end(kg_units["SO-KHDT"], kg_units["SO-TAI-CHINH"], date=dt.date(2025, 3, 1))
    for code, _, _ in DATA_SOURCES:
        _end(kg_units[code], agencies[code], date=REFORM_DAY)
    for kg_code, ag_code in KG_DEPARTMENT_SUCCESSORS.items():
        _end(kg_units[kg_code], agencies[ag_code], date=REFORM_DAY)
    for code, _ in KG_DISTRICTS:
        successor = communes.get(DISTRICT_SUCCESSORS.get(code, ""))
        note = COMMUNE_MERGER_NOTE if successor is not None else DISTRICT_CLOSING_NOTE
        _end(kg_units[code], successor, date=REFORM_DAY, note=note)
    _end(kg, ag, date=REFORM_DAY, decision=PROVINCE_MERGER_DECISION)
    return ag


def _login(
    username: str, full_name: str, role: str, *, unit: Unit | None = None, cluster: Cluster | None = None
) -> DemoLogin:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = account_services.user_create(
            actor=SYSTEM, username=username, full_name=full_name, password=DEMO_PASSWORD
        )
    active = RoleAssignment.objects.filter(user=user, role=role, unit=unit, cluster=cluster, revoked_at=None)
    if not active.exists():
        account_services.role_assign(actor=SYSTEM, user=user, role=role, unit=unit, cluster=cluster)
    scope = cluster.name if cluster is not None else str(unit)
    return DemoLogin(username=username, full_name=full_name, role=str(Role(role).label), scope=scope)


def load_logins(ag: Unit) -> list[DemoLogin]:
    """One account per role in An Giang; the cluster leader is an officer of Xã Vĩnh Hòa, which leads AG-CUM5 in
    2026 (the leader's powers come from that membership role, not from a role of their own)."""
    units = {u.code: u for u in Unit.objects.filter(province=ag)}
    logins = [
        _login("bantdkt", "Cán bộ Ban Thi đua – Khen thưởng tỉnh", Role.BOARD_ADMIN, unit=ag),
        _login("hoidong", "Thành viên Hội đồng Thi đua – Khen thưởng tỉnh", Role.COUNCIL_MEMBER, unit=ag),
        _login(
            "cumtruong", "Cán bộ thi đua Xã Vĩnh Hòa (cụm trưởng)", Role.UNIT_OFFICER, unit=units["VINH-HOA"]
        ),
        _login("donvi", "Cán bộ thi đua Xã An Minh", Role.UNIT_OFFICER, unit=units["AN-MINH"]),
        # Every member signs and reports for itself, so each has its own officer.
        *(
            _login(username, f"Cán bộ thi đua {units[code].name}", Role.UNIT_OFFICER, unit=units[code])
            for code, username in OTHER_OFFICERS.items()
        ),
        _login("nguonsolieu", "Cán bộ Sở Tài chính", Role.DATA_SOURCE_REVIEWER, unit=units["SO-TAI-CHINH"]),
        _login("quansat", "Người theo dõi kết quả thi đua", Role.OBSERVER, unit=ag),
    ]
    board = User.objects.get(username="bantdkt")
    if not board.is_staff:
        account_services.user_admin_site_grant(actor=SYSTEM, user=board)
    return logins


def load_year_in_progress(ag: Unit) -> None:
    """AG-CUM5 2026 at its provisional results (see thidua.cycle.demo), with the demo logins as its people."""
    users = {u.username: u for u in User.objects.filter(username__in=["cumtruong", "donvi", "nguonsolieu"])}
    users |= {u.username: u for u in User.objects.filter(username__in=OTHER_OFFICERS.values())}
    officers = {code: users[name] for code, name in OTHER_OFFICERS.items()}
    officers |= {"VINH-HOA": users["cumtruong"], "AN-MINH": users["donvi"]}
    load_demo_cycle(
        cluster_year=ClusterYear.objects.get(cluster__province=ag, cluster__code="AG-CUM5", year=2026),
        officers=officers,
        reviewer=users["nguonsolieu"],
        reviewer_agency="Sở Tài chính",
        appellant_unit="AN-MINH",
    )


def load_demo(*, year_in_progress: bool = True) -> list[DemoLogin]:
    """Load (or complete) the demo province and return its logins; all or nothing.

    `year_in_progress=False` stops before AG-CUM5 2026's cycle is opened, for walking the year from its start
    (the register, subjects, dossiers and movements stay empty too)."""
    with transaction.atomic():
        kg = load_kien_giang()
        ag = load_an_giang(kg)
        load_example_agreement()
        logins = load_logins(ag)
        if year_in_progress:
            load_year_in_progress(ag)
            load_demo_awards(kg=kg, ag=ag)
            load_demo_movements(ag)
        return logins
