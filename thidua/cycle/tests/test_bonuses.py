"""Bonus items and deductions in the browser (issue 10, item 8): a unit claims a framework bonus item with
evidence on its report page, the leader or the board accepts or refuses it from the verification queue, the leader
or the board records a deduction and may withdraw it; only accepted claims and recorded deductions reach the
engine, the results' explanation, the package export and the snapshot."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.agreements.models import BonusAward, BonusStatus, Deduction, DeductionStatus
from thidua.agreements.packaging import agreement_package, read_upload
from thidua.agreements.tests.helpers import imported
from thidua.conftest import PERSONA_PASSWORD, Org
from thidua.core.errors import Conflict, InvalidInput
from thidua.core.models import AuditEvent
from thidua.cycle.models import Cycle, CycleState, Notification
from thidua.cycle.services import bonuses
from thidua.cycle.services import cycles as cycle_services
from thidua.cycle.services.common import agreement_of
from thidua.cycle.tests.conftest import move_to, pdf
from thidua.packages.writer import dump_yaml


def client_for(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PERSONA_PASSWORD)
    return client


@pytest.fixture
def reporting_cycle(cycle: Cycle) -> Cycle:
    return move_to(cycle, CycleState.REPORTING)


def test_it_lets_a_unit_claim_a_bonus_item_on_its_report_page(
    reporting_cycle: Cycle, unit_officer: Any, org: Org
) -> None:
    unit = org.units["AN-MINH"]
    response = client_for(unit_officer).post(
        f"/nam-thi-dua/{reporting_cycle.pk}/bao-cao/{unit.pk}/diem-thuong/",
        {"item": "co_cp", "note": "Quyết định 123/QĐ-TTg", "file": pdf("co-chinh-phu.pdf")},
    )
    assert response.status_code == 302
    assert BonusAward.objects.filter(unit=unit, item="co_cp").exists()
    page = client_for(unit_officer).get(reverse("cycle:report", args=[reporting_cycle.pk, unit.pk]))
    assert "Được tặng Cờ thi đua của Chính phủ năm trước" in page.content.decode()


def _claim(cycle: Cycle, officer: Any, unit: Any, item: str = "co_cp") -> BonusAward:
    return bonuses.bonus_claim(
        actor=officer, cycle=cycle, unit=unit, item=item, note="QĐ 45/QĐ-TTg", upload=pdf("co-cp.pdf")
    )


def test_it_counts_a_claim_only_once_the_leader_accepts_it(
    reporting_cycle: Cycle, unit_officer: Any, cluster_leader: Any, org: Org
) -> None:
    unit = org.units["AN-MINH"]
    award = _claim(reporting_cycle, unit_officer, unit)
    assert (award.status, award.evidence_name, award.evidence_type) == (
        BonusStatus.CLAIMED,
        "co-cp.pdf",
        "application/pdf",
    )
    assert award.evidence.name.startswith("agreements/bonus/")
    claimed = AuditEvent.objects.get(action="cycle.bonus_claim")
    assert claimed.actor == unit_officer and claimed.after["item"] == "co_cp"
    assert Notification.objects.filter(
        user=cluster_leader,
        text="Xã An Minh đề nghị điểm thưởng “Được tặng Cờ thi đua của Chính phủ năm trước” (+15,00).",
    ).exists()
    package = agreement_package(agreement_of(reporting_cycle))
    assert "AN-MINH" not in package.inputs.bonus_awarded.get("co_cp", frozenset())
    bonuses.bonus_decide(
        actor=cluster_leader, cycle=reporting_cycle, award=award, accept=True, reason="Đúng QĐ"
    )
    award.refresh_from_db()
    assert (award.status, award.decided_by, award.decision_reason) == (
        BonusStatus.ACCEPTED,
        cluster_leader,
        "Đúng QĐ",
    )
    accepted = AuditEvent.objects.get(action="cycle.bonus_accept")
    assert (accepted.before, accepted.after, accepted.reason) == (
        {"status": "claimed"},
        {"status": "accepted"},
        "Đúng QĐ",
    )
    package = agreement_package(agreement_of(reporting_cycle))
    assert "AN-MINH" in package.inputs.bonus_awarded["co_cp"]
    unit_result = package.score().unit("AN-MINH")
    assert "Được tặng Cờ thi đua của Chính phủ năm trước 15,00" in unit_result.explanation
    assert Notification.objects.filter(
        user=unit_officer,
        text="Đề nghị điểm thưởng “Được tặng Cờ thi đua của Chính phủ năm trước” của Xã An Minh được chấp nhận: Đúng QĐ",
    ).exists()


def test_it_keeps_a_refused_claim_out_of_the_scores_and_tells_the_unit_why(
    reporting_cycle: Cycle, unit_officer: Any, board_admin: Any, org: Org
) -> None:
    award = _claim(reporting_cycle, unit_officer, org.units["AN-MINH"])
    bonuses.bonus_decide(
        actor=board_admin, cycle=reporting_cycle, award=award, accept=False, reason="Cờ thi đua năm 2024"
    )
    award.refresh_from_db()
    assert award.status == BonusStatus.REFUSED
    assert "AN-MINH" not in agreement_package(agreement_of(reporting_cycle)).inputs.bonus_awarded.get(
        "co_cp", frozenset()
    )
    assert Notification.objects.filter(
        user=unit_officer, text__endswith="không được chấp nhận: Cờ thi đua năm 2024"
    ).exists()


def test_it_records_and_withdraws_a_deduction_with_reasons_and_tells_the_unit(
    reporting_cycle: Cycle, cluster_leader: Any, unit_officer: Any, org: Org
) -> None:
    unit = org.units["AN-MINH"]
    deduction = bonuses.deduction_record(
        actor=cluster_leader,
        cycle=reporting_cycle,
        unit=unit,
        points=Decimal("8"),
        reason="Không tổ chức ký kết giao ước",
        criterion="3",
        upload=pdf("bien-ban-kiem-tra.pdf"),
    )
    assert (deduction.status, deduction.recorded_by, deduction.evidence_name) == (
        DeductionStatus.RECORDED,
        cluster_leader,
        "bien-ban-kiem-tra.pdf",
    )
    recorded = AuditEvent.objects.get(action="cycle.deduction_record")
    assert recorded.after["points"] == "8" and recorded.reason == "Không tổ chức ký kết giao ước"
    assert Notification.objects.filter(
        user=unit_officer, text="Xã An Minh bị trừ 8,00 điểm (tiêu chí 3): Không tổ chức ký kết giao ước"
    ).exists()
    entries = agreement_package(agreement_of(reporting_cycle)).score().unit("AN-MINH").deduction_entries
    assert [(e.points, e.reason) for e in entries] == [(Decimal("8.00"), "Không tổ chức ký kết giao ước")]
    bonuses.deduction_withdraw(
        actor=cluster_leader, cycle=reporting_cycle, deduction=deduction, reason="Đã ký ngày 20/3"
    )
    deduction.refresh_from_db()
    assert (deduction.status, deduction.withdraw_reason) == (DeductionStatus.WITHDRAWN, "Đã ký ngày 20/3")
    withdrawn = AuditEvent.objects.get(action="cycle.deduction_withdraw")
    assert (withdrawn.before["status"], withdrawn.after, withdrawn.reason) == (
        "recorded",
        {"status": "withdrawn"},
        "Đã ký ngày 20/3",
    )
    assert agreement_package(agreement_of(reporting_cycle)).score().unit("AN-MINH").deduction_entries == ()
    with pytest.raises(Conflict, match=r"Điểm trừ này đã được rút\."):
        bonuses.deduction_withdraw(
            actor=cluster_leader, cycle=reporting_cycle, deduction=deduction, reason="lại"
        )


def test_it_keeps_an_imported_packages_awards_and_deductions_and_exports_them_back(
    reporting_cycle: Cycle, board_admin: Any, cluster_leader: Any, unit_officer: Any, org: Org
) -> None:
    # The example package grants Xã An Minh co_tinh and deducts 8 from Xã Thạnh Lộc: accepted and recorded.
    assert BonusAward.objects.get(unit__code="AN-MINH", item="co_tinh").status == BonusStatus.ACCEPTED
    assert Deduction.objects.get(unit__code="THANH-LOC").status == DeductionStatus.RECORDED
    award = _claim(reporting_cycle, unit_officer, org.units["AN-MINH"])
    bonuses.bonus_decide(actor=cluster_leader, cycle=reporting_cycle, award=award, accept=True)
    _claim(reporting_cycle, cluster_leader, org.units["VINH-HOA"])  # waiting: not exported
    bonuses.deduction_record(
        actor=cluster_leader,
        cycle=reporting_cycle,
        unit=org.units["AN-MINH"],
        points=Decimal("2.5"),
        reason="Nộp biên bản chậm",
    )
    withdrawn = bonuses.deduction_record(
        actor=board_admin,
        cycle=reporting_cycle,
        unit=org.units["VINH-HOA"],
        points=Decimal("3"),
        reason="Nhầm",
    )
    bonuses.deduction_withdraw(
        actor=board_admin, cycle=reporting_cycle, deduction=withdrawn, reason="Ghi nhầm"
    )
    for fmt in ("yaml", "xlsx"):
        response = client_for(board_admin).get(
            reverse("agreements:agreement_export", args=[reporting_cycle.cluster_year_id, fmt])
        )
        assert response.status_code == 200
        package, problems = read_upload(f"cum5.{fmt}", response.content)
        assert package is not None and not problems
        assert {code: sorted(units) for code, units in package.inputs.bonus_awarded.items()} == {
            "co_tinh": ["AN-MINH"],
            "co_cp": ["AN-MINH"],
        }
        assert [(d.unit, d.points, d.reason) for d in package.inputs.deductions] == [
            ("THANH-LOC", Decimal("8"), "Không tổ chức ký kết giao ước thi đua với các đơn vị trực thuộc"),
            ("AN-MINH", Decimal("2.5"), "Nộp biên bản chậm"),
        ]


def test_it_walks_claim_queue_decision_deduction_and_results_in_the_browser_pages(
    reporting_cycle: Cycle, unit_officer: Any, cluster_leader: Any, board_admin: Any, org: Org
) -> None:
    unit = org.units["AN-MINH"]
    officer = client_for(unit_officer)
    report = officer.get(reverse("cycle:report", args=[reporting_cycle.pk, unit.pk])).content.decode()
    assert 'id="bonus-claim-form"' in report and "Gửi đề nghị điểm thưởng" in report
    # Already granted items are not offered again.
    assert '<option value="co_tinh">' not in report and '<option value="co_cp">' in report
    claimed = officer.post(
        reverse("cycle:bonus_claim", args=[reporting_cycle.pk, unit.pk]),
        {"item": "co_cp", "note": "QĐ 45/QĐ-TTg", "file": pdf("co-cp.pdf")},
        follow=True,
    ).content.decode()
    assert "Đã gửi đề nghị điểm thưởng; chờ cụm trưởng thẩm định." in claimed
    assert "Chờ thẩm định" in claimed and "co-cp.pdf" in claimed
    award = BonusAward.objects.get(unit=unit, item="co_cp")
    assert officer.get(reverse("cycle:claim_evidence", args=[award.pk])).status_code == 200
    leader = client_for(cluster_leader)
    queue = leader.get(reverse("cycle:verify_queue") + f"?nam={reporting_cycle.pk}").content.decode()
    assert f'id="claim-{award.pk}"' in queue and "Được tặng Cờ thi đua của Chính phủ năm trước" in queue
    decided = leader.post(
        reverse("cycle:bonus_decide", args=[award.pk]), {"accept": "1", "reason": ""}, follow=True
    ).content.decode()
    assert "Đã chấp nhận đề nghị điểm thưởng của Xã An Minh." in decided
    assert f'id="claim-{award.pk}"' not in decided
    recorded = leader.post(
        reverse("cycle:deduction_record", args=[reporting_cycle.pk]),
        {"unit": unit.pk, "points": "8", "reason": "Không tổ chức ký kết giao ước", "criterion": ""},
        follow=True,
    ).content.decode()
    assert "Đã ghi điểm trừ −8,00 của Xã An Minh." in recorded
    assert Deduction.objects.filter(unit=unit, reason="Không tổ chức ký kết giao ước").count() == 1
    # The officer reads the deduction but is not offered the form.
    listed = officer.get(reverse("cycle:deductions", args=[reporting_cycle.pk])).content.decode()
    assert "Không tổ chức ký kết giao ước" in listed and 'id="deduction-form"' not in listed
    assert "Xã Thạnh Lộc" not in listed
    published = move_to(reporting_cycle, CycleState.PROVISIONAL)
    results = officer.get(reverse("cycle:unit_results", args=[published.pk, unit.pk])).content.decode()
    assert "+15,00 Được tặng Cờ thi đua của Chính phủ năm trước" in results
    assert "+10,00 Được tặng Cờ thi đua của UBND tỉnh năm trước" in results
    assert "−8,00 Không tổ chức ký kết giao ước" in results
    assert "Điểm trừ 8,00: Không tổ chức ký kết giao ước." in results


def test_it_keeps_the_results_from_being_published_while_a_claim_waits(
    reporting_cycle: Cycle, unit_officer: Any, board_admin: Any, org: Org
) -> None:
    _claim(reporting_cycle, unit_officer, org.units["AN-MINH"])
    verifying = move_to(reporting_cycle, CycleState.VERIFICATION)
    with pytest.raises(InvalidInput) as refused:
        cycle_services.cycle_advance(actor=board_admin, cycle=verifying, from_state=CycleState.VERIFICATION)
    assert "1 đề nghị điểm thưởng chờ thẩm định" in refused.value.message


def test_it_claims_decides_deducts_and_withdraws_through_the_api(
    reporting_cycle: Cycle, unit_officer: Any, cluster_leader: Any, org: Org
) -> None:
    unit = org.units["AN-MINH"]
    officer, leader = Client(), Client()
    officer.force_login(unit_officer)
    leader.force_login(cluster_leader)
    base = f"/api/v1/cluster-years/{reporting_cycle.cluster_year_id}/cycle/units/{unit.pk}"
    created = officer.post(f"{base}/bonus-claims", {"item": "co_cp", "note": "QĐ 45", "file": pdf()})
    assert created.status_code == 201
    assert (created.json()["status"], created.json()["evidence_name"]) == ("claimed", "bien-ban.pdf")
    no_file = officer.post(f"{base}/bonus-claims", {"item": "co_cp"})
    assert no_file.json()["error"]["message"] == "Chưa chọn tệp."
    listed = officer.get(f"{base}/bonus-claims").json()
    assert [(c["item"], c["status"]) for c in listed] == [("co_tinh", "accepted"), ("co_cp", "claimed")]
    refused = leader.post(
        f"/api/v1/bonus-claims/{created.json()['id']}/decision",
        {"accept": False, "reason": ""},
        content_type="application/json",
    )
    assert refused.json()["error"]["message"] == "Phải ghi lý do không chấp nhận đề nghị điểm thưởng."
    decided = leader.post(
        f"/api/v1/bonus-claims/{created.json()['id']}/decision",
        {"accept": True, "reason": "Đúng"},
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["status"] == "accepted"
    typed = leader.post(f"{base}/deductions", {"points": "tám", "reason": "Thử"})
    assert (typed.status_code, typed.json()["error"]["message"]) == (400, "“tám” không phải là một số")
    deducted = leader.post(f"{base}/deductions", {"points": "8", "reason": "Không tổ chức ký kết giao ước"})
    assert deducted.status_code == 201 and deducted.json()["points"] == "8"
    withdrawn = leader.post(
        f"/api/v1/deductions/{deducted.json()['id']}/withdraw",
        {"reason": "Đã ký"},
        content_type="application/json",
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"


def test_it_round_trips_a_package_without_losing_claims_their_evidence_or_withdrawn_deductions(
    cluster_year: Any, org: Org
) -> None:
    agreement = imported(cluster_year)
    granted = BonusAward.objects.get(unit__code="AN-MINH", item="co_tinh")
    BonusAward.objects.filter(pk=granted.pk).update(
        evidence_name="qd-co-tinh.pdf", decided_by_name="Cụm trưởng"
    )
    deducted = Deduction.objects.get(unit__code="THANH-LOC", status=DeductionStatus.RECORDED)
    waiting = BonusAward.objects.create(
        agreement=agreement, unit=org.units["VINH-HOA"], item="co_cp", status=BonusStatus.CLAIMED
    )
    withdrawn = Deduction.objects.create(
        agreement=agreement,
        unit=org.units["VINH-HOA"],
        points=Decimal("3"),
        reason="Nhầm",
        status=DeductionStatus.WITHDRAWN,
        withdraw_reason="Ghi nhầm",
    )
    before = agreement_package(agreement)
    imported(cluster_year, dump_yaml(before).encode())
    assert agreement_package(agreement).inputs == before.inputs
    kept = BonusAward.objects.get(pk=granted.pk)
    assert (kept.status, kept.evidence_name, kept.decided_by_name) == (
        BonusStatus.ACCEPTED,
        "qd-co-tinh.pdf",
        "Cụm trưởng",
    )
    assert Deduction.objects.get(pk=deducted.pk).status == DeductionStatus.RECORDED
    assert BonusAward.objects.get(pk=waiting.pk).status == BonusStatus.CLAIMED
    assert Deduction.objects.get(pk=withdrawn.pk).status == DeductionStatus.WITHDRAWN
    # A package that grants the waiting claim and drops the deduction: the claim is accepted, the deduction goes.
    changed = dataclasses.replace(
        before,
        inputs=dataclasses.replace(
            before.inputs,
            bonus_awarded={**before.inputs.bonus_awarded, "co_cp": frozenset({"VINH-HOA"})},
            deductions=(),
        ),
    )
    imported(cluster_year, dump_yaml(changed).encode())
    assert BonusAward.objects.get(pk=waiting.pk).status == BonusStatus.ACCEPTED
    assert not Deduction.objects.filter(pk=deducted.pk).exists()
    assert Deduction.objects.get(pk=withdrawn.pk).status == DeductionStatus.WITHDRAWN
    assert agreement_package(agreement).inputs.deductions == ()
