from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from thidua.accounts.access import SystemActor
from thidua.agreements.models import ScoreSnapshot
from thidua.agreements.services.snapshots import snapshot_create
from thidua.agreements.tests.helpers import imported
from thidua.conftest import Org

SYSTEM = SystemActor()


@pytest.fixture(autouse=True)
def _media_and_immediate_tasks(settings: Any, tmp_path: Path) -> Path:
    """Files go to a fresh folder; tasks run in the request, right after the commit, as the worker would."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return tmp_path


@pytest.fixture
def scored(org: Org) -> ScoreSnapshot:
    """Cụm thi đua số 5 of 2026 with the example's figures for its three members, scored and stored."""
    imported(org.cluster_year)
    return snapshot_create(actor=SYSTEM, cluster_year=org.cluster_year, reason="Chấm điểm cuối năm")
