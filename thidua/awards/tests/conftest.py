"""Awards tests: the shipped catalogue loaded into the database, and helpers that enter awards as the board."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from thidua.accounts.access import SystemActor
from thidua.awards.services.catalogue import catalogue_load
from thidua.awards.services.register import AwardEntry

SYSTEM = SystemActor()


@pytest.fixture(autouse=True)
def _media_and_immediate_tasks(settings: Any, tmp_path: Path) -> Path:
    """Uploads go to a fresh folder; tasks run right after the commit, as the worker would."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return tmp_path


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
