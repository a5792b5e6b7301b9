"""Awards tests: the shipped catalogue loaded into the database, and helpers that enter awards as the board."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from thidua.accounts.access import SystemActor
from thidua.awards.services.catalogue import catalogue_load
from thidua.awards.services.register import AwardEntry

SYSTEM = SystemActor()


@pytest.fixture
def catalogue(db: Any) -> int:
    return catalogue_load(actor=SYSTEM)


def entry(**overrides: Any) -> AwardEntry:
    values: dict[str, Any] = {
        "decision_number": "125/QĐ-UBND",
        "decision_date": dt.date(2024, 7, 15),
        "level": "tinh",
        "signer_name": "Trần Văn Bình",
        "signer_title": "Chủ tịch UBND tỉnh",
        "award_code": "CO_TINH",
        "recipient_kind": "collective",
        "recipient_name": "Xã Vĩnh Hòa",
        "year": 2023,
        "unit_name": "",
    }
    values.update(overrides)
    return AwardEntry(**values)
