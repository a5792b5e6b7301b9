"""The province report counts the register's awards for the year's achievements, leaving revoked ones out."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User

from thidua.accounts.access import SystemActor
from thidua.agreements.models import ScoreSnapshot
from thidua.awards.models import AwardRecord, CatalogueAward
from thidua.awards.services.catalogue import catalogue_load
from thidua.awards.services.register import AwardEntry, award_record_create, award_revoke
from thidua.conftest import Org
from thidua.reporting import services, sources
from thidua.reporting.models import GeneratedDocument

SYSTEM = SystemActor()


def award(
    org: Org, board_admin: User, code: str, name: str, year: int = 2026, unit: str = "VINH-HOA"
) -> None:
    award_record_create(
        actor=board_admin,
        province=org.province,
        entry=AwardEntry(
            decision_number="210/QĐ-UBND",
            decision_date=dt.date(year + 1, 1, 20),
            level="tinh",
            signer_name="Trần Văn Bình",
            signer_title="Chủ tịch UBND tỉnh",
            award_code=code,
            recipient_kind="collective",
            recipient_name=name,
            year=year,
            unit=org.units[unit],
        ),
    )


def test_it_counts_the_registers_awards_of_the_year_by_award(org: Org, board_admin: User) -> None:
    catalogue_load(actor=SYSTEM)
    award(org, board_admin, "CO_TINH", "Xã Vĩnh Hòa")
    award(org, board_admin, "CO_TINH", "Xã An Minh", unit="AN-MINH")
    award(org, board_admin, "CO_TINH", "Xã Thạnh Lộc", year=2025, unit="THANH-LOC")
    award(org, board_admin, "CO_TINH", "Xã Bình An", unit="BINH-AN")
    award_revoke(
        actor=board_admin,
        award_record=AwardRecord.objects.get(recipient_name="Xã Bình An"),
        decision_number="300/QĐ-UBND",
        decision_date=dt.date(2027, 3, 1),
        signer_name="Trần Văn Bình",
        signer_title="Chủ tịch UBND tỉnh",
        reason="Phát hiện sai phạm",
    )
    counts = sources.register_award_counts(org.province, 2026)
    assert counts == ((CatalogueAward.objects.get(code="CO_TINH").name, 2),)
    assert sources.register_award_counts(org.other_province, 2026) == ()


def test_it_prints_the_registers_statistics_in_the_province_report(
    org: Org, board_admin: User, scored: ScoreSnapshot, django_capture_on_commit_callbacks: Any
) -> None:
    catalogue_load(actor=SYSTEM)
    award(org, board_admin, "CO_TINH", "Xã Vĩnh Hòa")
    counts = sources.register_award_counts(org.province, 2026)
    assert counts is not None
    award_name = counts[0][0]
    with django_capture_on_commit_callbacks(execute=True):
        services.province_report_request(actor=board_admin, province=org.province, year=2026, fmt="pdf")
    document = GeneratedDocument.objects.get()
    path = Path(str(settings.MEDIA_ROOT)) / document.file.name
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert (
        f"Theo sổ khen thưởng, thành tích năm 2026 đã được khen thưởng 1 lượt, gồm: {award_name}: 1." in flat
    )
