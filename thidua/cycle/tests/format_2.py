"""A version 2 year for the test province's Cụm thi đua số 5: the every-construct package of thidua/packages with
its units renamed to the cluster's three members, and a cycle on it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from thidua.accounts.access import SystemActor
from thidua.agreements.tests.helpers import imported
from thidua.cycle.models import Cycle
from thidua.cycle.services import cycles as cycle_services
from thidua.org.models import ClusterYear

EVERY_CONSTRUCT = Path(__file__).parents[2] / "packages" / "tests" / "fixtures" / "v2-every-construct.yaml"
RENAMED = {"D1": "VINH-HOA", "D2": "THANH-LOC", "D3": "AN-MINH"}
SYSTEM = SystemActor()


def version_2_yaml(*, agreed: bool = False) -> bytes:
    text = EVERY_CONSTRUCT.read_text(encoding="utf-8")
    text = text.replace(
        "cluster: {code: SO-TEST, name: Khối thử nghiệm định dạng 2, kind: khoi}",
        "cluster: {code: CUM5, name: Cụm thi đua số 5, kind: cum}",
    )
    text = re.sub(r"\bD([123])\b", lambda m: RENAMED[m.group(0)], text)
    text = text.replace("Phòng một", "Xã Vĩnh Hòa").replace("Phòng hai", "Xã Thạnh Lộc")
    text = text.replace("Phòng ba", "Xã An Minh")
    if not agreed:
        text = re.sub(r"(?ms)^agreed:\n(  - .*\n?)+", "", text)
    return text.encode()


def version_2_cycle(cluster_year: ClusterYear) -> Cycle:
    imported(cluster_year, version_2_yaml())
    found = cycle_services.cycle_create(actor=SYSTEM, cluster_year=cluster_year)
    Cycle.objects.filter(pk=found.pk).update(
        signing_deadline=dt.date(2026, 4, 30),
        reporting_deadline=dt.date(2099, 12, 15),
        appeal_deadline=dt.date(2099, 12, 31),
    )
    found.refresh_from_db()
    return found
