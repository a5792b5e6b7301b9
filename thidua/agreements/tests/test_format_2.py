"""Package format 2 through the database (issue 11): a version 2 package imported into a cluster-year keeps its
framework, the members' attributes, every member's facts per criterion, the agreed points, the vetoes' effects
and the bonus items' amounts, and comes back as the identical package, in YAML and through the workbook."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from thidua.accounts.access import SystemActor
from thidua.agreements.models import AgreedPoints, BonusAward, FactValue, MemberAttribute, Veto
from thidua.agreements.packaging import agreement_package, preview_upload
from thidua.agreements.tests.helpers import imported
from thidua.org import services as org_services
from thidua.org.models import ClusterYear, Unit
from thidua.packages import Package, load, load_text
from thidua.packages.workbook import workbook_bytes, workbook_package
from thidua.packages.writer import dump_json, dump_yaml

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).parents[3]
EVERY_CONSTRUCT = ROOT / "thidua" / "packages" / "tests" / "fixtures" / "v2-every-construct.yaml"
DEPARTMENT = ROOT / "docs" / "examples" / "so-ban-nganh-2.yaml"
SYSTEM = SystemActor()


def cluster_year_for(package: Package, province: Unit) -> ClusterYear:
    """The package's cluster and members made in the test province, with the package's codes and roles."""
    cluster = org_services.cluster_create(
        actor=SYSTEM,
        province=province,
        kind=package.cluster.kind,
        code=package.cluster.code,
        name=package.cluster.name,
    )
    cluster_year = org_services.cluster_year_create(actor=SYSTEM, cluster=cluster, year=package.year)
    members = []
    for order, member in enumerate(package.members, start=1):
        unit = org_services.unit_create(
            actor=SYSTEM,
            province=province,
            level="commune" if package.cluster.kind == "cum" else "department",
            code=member.code,
            name=member.name,
            valid_from=dt.date(2025, 7, 1),
        )
        members.append(org_services.MemberSpec(unit=unit, role=member.role, order=order))
    org_services.membership_set(actor=SYSTEM, cluster_year=cluster_year, members=members)
    return cluster_year


def round_trip(path: Path, province: Unit) -> tuple[Package, Package]:
    package = load(path)
    agreement = imported(cluster_year_for(package, province), dump_yaml(package).encode())
    return package, agreement_package(agreement)


@pytest.mark.parametrize("path", [EVERY_CONSTRUCT, DEPARTMENT], ids=["every-construct", "department"])
def test_it_round_trips_a_version_2_package_through_the_database(path: Path, province: Unit) -> None:
    package, exported = round_trip(path, province)
    assert exported.format == "thidua.package/2"
    assert dump_yaml(exported) == dump_yaml(package)
    assert load_text(dump_yaml(exported)) == package
    assert load_text(dump_json(exported), json_format=True) == package
    assert exported.score() == package.score()


@pytest.mark.parametrize("path", [EVERY_CONSTRUCT, DEPARTMENT], ids=["every-construct", "department"])
def test_it_round_trips_a_version_2_package_through_the_database_and_the_workbook(
    path: Path, province: Unit
) -> None:
    package, exported = round_trip(path, province)
    back, problems = workbook_package(workbook_bytes(exported))
    assert problems == []
    assert back is not None
    assert dump_yaml(back) == dump_yaml(package)
    assert load_text(dump_yaml(back)) == package


def test_it_stores_every_part_of_format_2_in_its_own_rows(province: Unit) -> None:
    package = load(EVERY_CONSTRUCT)
    agreement = imported(cluster_year_for(package, province), dump_yaml(package).encode())
    fact = FactValue.objects.get(agreement=agreement, unit__code="D3", criterion="a1", fact="tu_xu_ly")
    assert (fact.value_flag, fact.value_number, fact.value_label) == (True, None, None)
    label = FactValue.objects.get(agreement=agreement, unit__code="D2", criterion="b4", fact="xep_loai")
    assert label.value == "Tốt"
    # The implicit fact `value` stays on the criterion's line.
    assert not FactValue.objects.filter(agreement=agreement, fact="value").exists()
    assert FactValue.objects.filter(agreement=agreement).count() == 22
    attributes = MemberAttribute.objects.filter(agreement=agreement, unit__code="D2")
    assert [(a.name, a.value) for a in attributes] == [("loai", "Xã"), ("mien_nui", True)]
    agreed = AgreedPoints.objects.get(agreement=agreement)
    assert (agreed.unit.code, agreed.criterion, agreed.points, agreed.by) == (
        "D2",
        "b3",
        Decimal("2.5"),
        "Đoàn thẩm định",
    )
    assert agreed.reason == "Đoàn thẩm định đối chiếu lại số liệu gốc"
    veto = Veto.objects.get(agreement=agreement)
    assert (veto.effects, veto.deduct) == (["no_band"], Decimal("1"))
    amounts = {
        (a.item, a.unit.code): a.amount
        for a in BonusAward.objects.filter(agreement=agreement).select_related("unit")
    }
    assert amounts == {
        ("co", "D1"): None,
        ("sang_kien", "D2"): Decimal("1.5"),
        ("bai_viet", "D1"): Decimal("7"),
        ("bai_viet", "D3"): Decimal("2"),
        ("dvc", "D1"): None,
        ("dvc", "D3"): None,
    }


def test_it_imports_a_changed_fact_and_previews_the_change(province: Unit) -> None:
    package = load(EVERY_CONSTRUCT)
    cluster_year = cluster_year_for(package, province)
    agreement = imported(cluster_year, dump_yaml(package).encode())
    changed = dump_yaml(package).replace("vi_pham: 5", "vi_pham: 4").encode()
    preview = preview_upload(cluster_year, "cum.yaml", changed)
    assert [(c.part, c.criterion, c.unit, c.before, c.after) for c in preview.changes] == [
        ("facts", "a1.vi_pham", "D2", "5", "4")
    ]
    imported(cluster_year, changed)
    row = FactValue.objects.get(agreement=agreement, unit__code="D2", criterion="a1", fact="vi_pham")
    assert row.value_number == Decimal("4")
    assert agreement_package(agreement).inputs.facts["a1"]["D2"] == {"vi_pham": Decimal("4")}


def test_it_keeps_a_version_1_year_without_rows_of_format_2(cluster_year: Any) -> None:
    agreement = imported(cluster_year)
    assert not FactValue.objects.filter(agreement=agreement).exists()
    assert not MemberAttribute.objects.exists() and not AgreedPoints.objects.exists()
    assert agreement_package(agreement).format == "thidua.package/1"
