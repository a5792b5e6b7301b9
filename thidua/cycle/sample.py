"""A cluster-year of any size (members × criteria) with a published cycle, built through the services, for the
constant-query tests and bench/pages. Criteria cycle through the rule types a report page has to draw."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from thidua.accounts.access import SystemActor
from thidua.agreements.services.imports import package_import_apply, package_import_upload
from thidua.cycle.models import Cycle, CycleState
from thidua.cycle.services import cycles as cycle_services
from thidua.engine import (
    AssessedRule,
    BooleanRule,
    CountRule,
    Framework,
    Inputs,
    Member,
    Node,
    RatingLevel,
    RatingRule,
    RatioRule,
    Rule,
)
from thidua.org import services as org_services
from thidua.org.models import ClusterKind, MemberRole, Unit, UnitLevel
from thidua.packages import Cluster, Package
from thidua.packages.writer import dump_yaml

SYSTEM = SystemActor()
SECTIONS = 4
LEVELS = (
    RatingLevel("Hoàn thành xuất sắc nhiệm vụ", fraction=Decimal(1)),
    RatingLevel("Hoàn thành tốt nhiệm vụ", fraction=Decimal("0.8")),
    RatingLevel("Hoàn thành nhiệm vụ", fraction=Decimal("0.5")),
)


def _rule(index: int) -> Rule:
    return (
        RatioRule(),
        AssessedRule(),
        CountRule(each=Decimal(2)),
        BooleanRule(),
        RatingRule(levels=LEVELS),
    )[index % 5]


def _framework(criteria: int) -> Framework:
    per_section = [criteria // SECTIONS + (1 if s < criteria % SECTIONS else 0) for s in range(SECTIONS)]
    sections = []
    number = 0
    for s, count in enumerate(per_section, start=1):
        leaves = []
        for i in range(1, count + 1):
            leaves.append(
                Node(code=f"{s}.{i}", title=f"Tiêu chí {s}.{i}", max=Decimal(10), rule=_rule(number))
            )
            number += 1
        sections.append(
            Node(code=str(s), title=f"Nội dung {s}", max=Decimal(10 * count), children=tuple(leaves))
        )
    return Framework(standard_points=Decimal(10 * criteria), sections=tuple(sections))


def _inputs(framework: Framework, members: list[str]) -> Inputs:
    targets: dict[str, dict[str, Decimal]] = {}
    values: dict[str, dict[str, object]] = {}
    for n, leaf in enumerate(framework.leaves()):
        for m, code in enumerate(members):
            rule = leaf.rule
            if isinstance(rule, RatioRule):
                targets.setdefault(leaf.code, {})[code] = Decimal(100)
                values.setdefault(leaf.code, {})[code] = Decimal(80 + (m * 7 + n) % 40)
            elif isinstance(rule, AssessedRule):
                values.setdefault(leaf.code, {})[code] = Decimal((m + n) % 10)
            elif isinstance(rule, CountRule):
                values.setdefault(leaf.code, {})[code] = Decimal((m + n) % 6)
            elif isinstance(rule, BooleanRule):
                values.setdefault(leaf.code, {})[code] = (m + n) % 3 != 0
            else:
                values.setdefault(leaf.code, {})[code] = LEVELS[(m + n) % 3].label
    return Inputs(targets=targets, values=values)  # type: ignore[arg-type]


def sample_cycle(
    *,
    province: Unit,
    code: str,
    members: int,
    criteria: int,
    year: int = 2026,
    state: str = CycleState.PROVISIONAL,
) -> Cycle:
    """A cluster of `members` communes with `criteria` leaves, every value reported, walked up to `state`."""
    units = [
        org_services.unit_create(
            actor=SYSTEM,
            province=province,
            level=UnitLevel.COMMUNE,
            code=f"{code}-X{i:02d}",
            name=f"Xã Mẫu {code} số {i}",
            valid_from=dt.date(2025, 7, 1),
        )
        for i in range(1, members + 1)
    ]
    cluster = org_services.cluster_create(
        actor=SYSTEM, province=province, kind=ClusterKind.CUM, code=code, name=f"Cụm thi đua {code}"
    )
    cluster_year = org_services.cluster_year_create(actor=SYSTEM, cluster=cluster, year=year)
    org_services.membership_set(
        actor=SYSTEM,
        cluster_year=cluster_year,
        members=[
            org_services.MemberSpec(
                unit=unit, role=MemberRole.LEADER if i == 0 else MemberRole.MEMBER, order=i + 1
            )
            for i, unit in enumerate(units)
        ],
    )
    framework = _framework(criteria)
    package = Package(
        cluster=Cluster(code=code, name=cluster.name, kind="cum", scope=None),
        year=year,
        members=tuple(
            Member(code=u.code, name=u.name, role="leader" if i == 0 else "member")
            for i, u in enumerate(units)
        ),
        framework=framework,
        inputs=_inputs(framework, [u.code for u in units]),
    )
    upload = package_import_upload(
        actor=SYSTEM, cluster_year=cluster_year, file_name=f"{code}.yaml", content=dump_yaml(package).encode()
    )
    package_import_apply(actor=SYSTEM, package_import=upload)
    cycle = cycle_services.cycle_create(actor=SYSTEM, cluster_year=cluster_year)
    cycle = cycle_services.cycle_set_deadlines(
        actor=SYSTEM,
        cycle=cycle,
        signing_deadline=dt.date(year, 4, 30),
        reporting_deadline=dt.date(year, 12, 15),
        appeal_deadline=dt.date(year + 1, 1, 10),
    )
    while cycle.state != state:
        cycle = cycle_services.cycle_advance(
            actor=SYSTEM, cycle=cycle, from_state=cycle.state, reason="Dữ liệu mẫu", override=True
        )
    return cycle
