from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from thidua.accounts.access import SystemActor
from thidua.conftest import Org
from thidua.movements import services
from thidua.movements.models import Movement, MovementKind, MovementScope

SYSTEM = SystemActor()


def spec(**overrides: Any) -> services.MovementSpec:
    values: dict[str, Any] = {
        "name": "Thi đua xây dựng nông thôn mới",
        "kind": MovementKind.THEMATIC,
        "decision_number": "15/QĐ-UBND",
        "decision_date": dt.date(2026, 1, 20),
        "decision_signer": "Nguyễn Văn A",
        "start_date": dt.date(2026, 2, 1),
        "end_date": dt.date(2026, 12, 31),
        "scope": MovementScope.UNITS,
        "criteria_codes": ["1.1", "2.3"],
        "award_codes": ["co_tinh"],
    }
    values.update(overrides)
    return services.MovementSpec(**values)


@pytest.fixture
def movement(org: Org) -> Movement:
    """A thematic movement that Xã An Minh takes part in by name."""
    return services.movement_create(
        actor=SYSTEM, province=org.province, spec=spec(participants=[org.units["AN-MINH"]])
    )


@pytest.fixture
def cluster_movement(org: Org) -> Movement:
    """A movement launched in Cụm thi đua số 6 only, which the officers of Cụm 5 must not see."""
    return services.movement_create(
        actor=SYSTEM,
        province=org.province,
        spec=spec(
            name="Thi đua cải cách hành chính", scope=MovementScope.CLUSTERS, clusters=[org.other_cluster]
        ),
    )
