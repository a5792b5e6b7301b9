"""Packages shaped for the test province of thidua/conftest.py, made from the example package."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from thidua.accounts.access import SystemActor
from thidua.agreements.models import Agreement
from thidua.agreements.services.imports import package_import_apply, package_import_upload
from thidua.engine import Inputs
from thidua.org.models import ClusterYear
from thidua.packages import Cluster, Package, load
from thidua.packages.writer import dump_yaml

EXAMPLE = Path(__file__).parent.parent / "data" / "cum-mau-2026.yaml"
MEMBERS = ("VINH-HOA", "THANH-LOC", "AN-MINH")


def _keep(table: Any) -> Any:
    return {code: {u: v for u, v in row.items() if u in MEMBERS} for code, row in table.items()}


def _kept_lists(lists: Any) -> dict[str, frozenset[str]]:
    kept = {code: frozenset(u for u in units if u in MEMBERS) for code, units in lists.items()}
    return {code: units for code, units in kept.items() if units}


def example_package() -> Package:
    """The example narrowed to the three members of the test Cụm thi đua số 5 (code CUM5)."""
    package = load(EXAMPLE)
    inputs = package.inputs
    narrowed = Inputs(
        targets=_keep(inputs.targets),
        values=_keep(inputs.values),
        baselines=_keep(inputs.baselines),
        not_applicable=_kept_lists(inputs.not_applicable),
        bonus_awarded=_kept_lists(inputs.bonus_awarded),
        deductions=tuple(d for d in inputs.deductions if d.unit in MEMBERS),
        submitted={u: d for u, d in inputs.submitted.items() if u in MEMBERS},
        vetoes=tuple(v for v in inputs.vetoes if v.unit in MEMBERS),
    )
    return dataclasses.replace(
        package,
        cluster=Cluster(code="CUM5", name="Cụm thi đua số 5", kind="cum", scope="Tỉnh Mẫu"),
        members=tuple(m for m in package.members if m.code in MEMBERS),
        inputs=narrowed,
    )


def example_yaml(package: Package | None = None) -> bytes:
    return dump_yaml(package or example_package()).encode()


def imported(cluster_year: ClusterYear, content: bytes | None = None) -> Agreement:
    actor = SystemActor()
    upload = package_import_upload(
        actor=actor, cluster_year=cluster_year, file_name="cum5.yaml", content=content or example_yaml()
    )
    return package_import_apply(actor=actor, package_import=upload)
