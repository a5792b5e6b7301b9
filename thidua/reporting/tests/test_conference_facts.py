"""The cluster report made in the app states the conference's results that the package does not hold."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from thidua.agreements.models import ScoreSnapshot
from thidua.conference.models import Ballot, Candidate, Conference
from thidua.conftest import Org
from thidua.reporting import sources
from thidua.reporting.building import cluster_report_bytes


def _closed(org: Org, purpose: str, **fields: object) -> Ballot:
    return Ballot.objects.create(
        province=org.province,
        cluster_year=org.cluster_year,
        purpose=purpose,
        question="approval" if purpose == "honour" else "choice",
        title=f"Bỏ phiếu {purpose}",
        voter_kind="persons",
        status="closed",
        closed_at=timezone.now(),
        **fields,
    )


def test_without_a_conference_the_report_has_no_conference_part(org: Org, scored: ScoreSnapshot) -> None:
    assert sources.conference_facts(org.cluster_year) is None
    text = cluster_report_bytes(org.cluster_year, "md", lambda *_: None).decode("utf-8")
    assert "Kết quả hội nghị tổng kết" not in text


def test_it_states_the_ballots_and_the_register(org: Org, scored: ScoreSnapshot) -> None:
    Conference.objects.create(
        cluster_year=org.cluster_year, held_on=dt.date(2027, 1, 29), place="UBND xã Vĩnh Hòa", chair_name="A"
    )
    _closed(
        org,
        "honour",
        subject=org.units["VINH-HOA"],
        passed=True,
        totals={"approve": 8, "reject": 2, "abstain": 0, "cast": 10, "voters": 10},
        result_reason="Đạt: 8/10 phiếu đồng ý (80,00%) > 1/2 tổng số đại biểu",
    )
    leader = _closed(org, "leader", passed=True, winner=org.units["AN-MINH"], result_reason="Đạt")
    candidate = Candidate.objects.create(ballot=leader, unit=org.units["AN-MINH"])
    Candidate.objects.create(ballot=leader, unit=org.units["THANH-LOC"])
    leader.totals = {"candidates": {str(candidate.pk): 7}, "cast": 10, "voters": 10}
    leader.save()
    _closed(
        org,
        "deputy",
        passed=False,
        result_reason="Không đạt: hai ứng viên bằng phiếu",
    )
    # A ballot still open has no result yet.
    Ballot.objects.create(
        province=org.province,
        cluster_year=org.cluster_year,
        purpose="deputy",
        question="choice",
        title="Bầu lại",
        voter_kind="persons",
        status="open",
    )
    text = cluster_report_bytes(org.cluster_year, "md", lambda *_: None).decode("utf-8")
    assert "Kết quả hội nghị tổng kết" in text
    assert (
        "Hội nghị tổng kết phong trào thi đua năm 2026 của cụm được tổ chức ngày 29/01/2027 tại UBND xã Vĩnh Hòa."
        in text
    )
    assert (
        "Hội nghị đã bỏ phiếu suy tôn Xã Vĩnh Hòa là đơn vị dẫn đầu cụm năm 2026, đạt 8/10 phiếu (80,00%)."
    ) in text
    assert "Hội nghị đã bầu Xã An Minh làm Cụm trưởng năm 2027 với 7/10 phiếu (70,00%)." in text
    assert "Hội nghị chưa bầu được Cụm phó năm 2027: không đạt: hai ứng viên bằng phiếu." in text
    assert text.count("Hội nghị chưa bầu được") == 1
    assert (
        "Sổ khen thưởng chưa ghi nhận khen thưởng nào cho thành tích năm 2026 của các đơn vị thành viên."
        in text
    )
