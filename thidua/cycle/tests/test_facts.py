"""The facts of a version 2 criterion reported and verified one by one (issue 11, item 2)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.agreements.models import CriterionLine, FactStatus, FactValue, LineStatus
from thidua.agreements.packaging import agreement_package
from thidua.conftest import PERSONA_PASSWORD
from thidua.core.audit import REFUSED
from thidua.core.errors import AccessDenied, InvalidInput
from thidua.core.models import AuditEvent
from thidua.cycle.models import Cycle, CycleState
from thidua.cycle.services.common import agreement_of
from thidua.cycle.services.facts import fact_verify, facts_save
from thidua.cycle.tests.conftest import line_of, move_to, submit_all
from thidua.cycle.tests.format_2 import version_2_cycle
from thidua.org.models import ClusterYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporting_cycle(cluster_year: ClusterYear) -> Cycle:
    return move_to(version_2_cycle(cluster_year), CycleState.REPORTING)


def _facts(cycle: Cycle, unit: str, criterion: str) -> dict[str, Any]:
    return dict(agreement_package(agreement_of(cycle)).inputs.facts[criterion][unit])


def _row(unit: str, criterion: str, fact: str) -> FactValue:
    return FactValue.objects.get(unit__code=unit, criterion=criterion, fact=fact)


def test_it_saves_each_fact_typed_the_vietnamese_way_and_the_score_uses_them(
    reporting_cycle: Cycle, unit_officer: Any
) -> None:
    line = line_of(reporting_cycle, "AN-MINH", "b1")
    facts_save(
        actor=unit_officer,
        line=line,
        version=line.version,
        values={"ty_le": "97,5", "tre_han": "2", "ho_so": "1.200", "cong_khai": "có"},
        comment="Theo báo cáo của bộ phận một cửa",
    )
    assert _facts(reporting_cycle, "AN-MINH", "b1") == {
        "ty_le": Decimal("97.5"),
        "tre_han": Decimal("2"),
        "ho_so": Decimal("1200"),
        "cong_khai": True,
    }
    assert _row("AN-MINH", "b1", "ho_so").reported == "1.200"
    line.refresh_from_db()
    assert line.comment == "Theo báo cáo của bộ phận một cửa"
    event = AuditEvent.objects.filter(action="cycle.facts_save").get()
    assert event.before == {
        "Tỷ lệ đúng hạn": "94",
        "Số hồ sơ trễ hạn": "12",
        "Số hồ sơ tiếp nhận": "1.500",
        "Công khai kết quả giải quyết": "",
    }
    assert event.after["Số hồ sơ tiếp nhận"] == "1.200"
    node = agreement_package(agreement_of(reporting_cycle)).score().unit("AN-MINH").nodes["b1"]
    # 97,5 % ≥ 95 % → 4; 1.200 hồ sơ: 2 late × 0,1 = 0,2; one started step above 97 → 0,2, and the bonus
    # item “Dịch vụ công toàn trình” (0,5) attached to b1
    assert (node.points, node.bonus, node.deduction) == (Decimal("4.00"), Decimal("0.70"), Decimal("0.20"))


def test_it_refuses_a_fact_it_cannot_read_naming_it_and_changes_nothing(
    reporting_cycle: Cycle, unit_officer: Any
) -> None:
    line = line_of(reporting_cycle, "AN-MINH", "b1")
    before = list(FactValue.objects.values_list("fact", "value_number", "value_flag"))
    for values, message in (
        ({"tre_han": "1,5"}, "“Số hồ sơ trễ hạn”: phải là số nguyên không âm."),
        ({"cong_khai": "chưa rõ"}, "“Công khai kết quả giải quyết”: chọn “có” hoặc “không”."),
    ):
        with pytest.raises(InvalidInput) as caught:
            facts_save(actor=unit_officer, line=line, version=line.version, values=values, comment="")
        assert caught.value.message == message
    with pytest.raises(InvalidInput) as caught:
        facts_save(actor=unit_officer, line=line, version=line.version, values={"ty_le": "1.5"}, comment="")
    assert caught.value.message.startswith("“Tỷ lệ đúng hạn”: ")
    assert list(FactValue.objects.values_list("fact", "value_number", "value_flag")) == before
    assert not AuditEvent.objects.filter(action="cycle.facts_save").exists()


def test_it_refuses_another_units_officer(reporting_cycle: Cycle, cluster_leader: Any) -> None:
    line = line_of(reporting_cycle, "AN-MINH", "a1")
    with pytest.raises(AccessDenied):
        facts_save(actor=cluster_leader, line=line, version=line.version, values={"vi_pham": "0"}, comment="")
    assert _row("AN-MINH", "a1", "vi_pham").value_number == Decimal("1")


@pytest.fixture
def verifying(reporting_cycle: Cycle, unit_officer: Any, cluster_leader: Any, cluster_deputy: Any) -> Cycle:
    submit_all(
        reporting_cycle,
        {"VINH-HOA": cluster_leader, "THANH-LOC": cluster_deputy, "AN-MINH": unit_officer},
    )
    return move_to(reporting_cycle, CycleState.VERIFICATION)


def test_it_verifies_each_fact_and_the_line_when_every_fact_is_settled(
    verifying: Cycle, cluster_leader: Any
) -> None:
    line = line_of(verifying, "AN-MINH", "a1")
    fact_verify(actor=cluster_leader, line=line, fact="vi_pham", verdict="accept")
    line.refresh_from_db()
    assert line.status == LineStatus.SUBMITTED
    fact_verify(
        actor=cluster_leader,
        line=line,
        fact="tu_xu_ly",
        verdict="correct",
        value="không",
        reason="Biên bản không ghi đơn vị tự phát hiện",
    )
    line.refresh_from_db()
    assert line.status == LineStatus.CORRECTED
    assert line.verification_reason == "Chủ động phát hiện và xử lý: Biên bản không ghi đơn vị tự phát hiện"
    row = _row("AN-MINH", "a1", "tu_xu_ly")
    assert (row.status, row.value_flag, row.reported) == (FactStatus.CORRECTED, False, "")
    assert _facts(verifying, "AN-MINH", "a1") == {"vi_pham": Decimal("1"), "tu_xu_ly": False}
    # No longer waived: 1 case × 0,5
    node = agreement_package(agreement_of(verifying)).score().unit("AN-MINH").nodes["a1"]
    assert node.deduction == Decimal("0.50")
    actions = list(
        AuditEvent.objects.filter(action__startswith="cycle.fact_")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["cycle.fact_accept", "cycle.fact_correct"]


def test_it_returns_the_line_when_a_fact_is_returned_and_the_unit_reports_it_again(
    verifying: Cycle, cluster_leader: Any, unit_officer: Any
) -> None:
    line = line_of(verifying, "AN-MINH", "b3")
    fact_verify(actor=cluster_leader, line=line, fact="so_lieu", verdict="return", reason="Thiếu minh chứng")
    line.refresh_from_db()
    assert line.status == LineStatus.RETURNED
    assert line.verification_reason == "Số liệu: Thiếu minh chứng"
    facts_save(actor=unit_officer, line=line, version=line.version, values={"so_lieu": "30"}, comment="")
    line.refresh_from_db()
    assert line.status == LineStatus.SUBMITTED
    row = _row("AN-MINH", "b3", "so_lieu")
    assert (row.status, row.value_number) == (FactStatus.REPORTED, Decimal("30"))


def test_it_refuses_a_verifier_of_its_own_unit_and_a_return_without_reason(
    verifying: Cycle, cluster_leader: Any, unit_officer: Any
) -> None:
    with pytest.raises(AccessDenied):
        fact_verify(
            actor=cluster_leader, line=line_of(verifying, "VINH-HOA", "a1"), fact="vi_pham", verdict="accept"
        )
    with pytest.raises(AccessDenied):
        fact_verify(
            actor=unit_officer, line=line_of(verifying, "THANH-LOC", "a1"), fact="vi_pham", verdict="accept"
        )
    with pytest.raises(InvalidInput) as caught:
        fact_verify(
            actor=cluster_leader, line=line_of(verifying, "AN-MINH", "a1"), fact="vi_pham", verdict="return"
        )
    assert caught.value.message == "Phải ghi lý do điều chỉnh hoặc trả lại."
    assert not FactValue.objects.exclude(status=FactStatus.REPORTED).exists()


def test_it_refuses_verifying_a_fact_once_the_results_are_final(verifying: Cycle, board_admin: Any) -> None:
    final = move_to(verifying, CycleState.FINAL)
    line = CriterionLine.objects.get(
        agreement__cluster_year=final.cluster_year, unit__code="AN-MINH", criterion="a1"
    )
    with pytest.raises(InvalidInput) as caught:
        fact_verify(actor=board_admin, line=line, fact="vi_pham", verdict="accept")
    assert caught.value.details == {"rule": "final_results_frozen"}
    assert AuditEvent.objects.filter(action=REFUSED).count() == 1
    assert not FactValue.objects.exclude(status=FactStatus.REPORTED).exists()


def _client(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PERSONA_PASSWORD)
    return client


def test_it_shows_one_input_per_fact_with_its_vietnamese_label_and_saves_them(
    reporting_cycle: Cycle, unit_officer: Any, units: Any
) -> None:
    client = _client(unit_officer)
    page = reverse("cycle:report", args=[reporting_cycle.pk, units["AN-MINH"].pk])
    text = client.get(page).content.decode()
    assert "Số trường hợp vi phạm" in text and "Chủ động phát hiện và xử lý" in text
    assert 'name="fact-vi_pham"' in text
    line = line_of(reporting_cycle, "AN-MINH", "a1")
    response = client.post(
        reverse("cycle:facts_save", args=[line.pk]),
        {"version": line.version, "fact-vi_pham": "3", "fact-tu_xu_ly": "không", "comment": ""},
        follow=True,
    )
    assert "Đã lưu tiêu chí a1." in response.content.decode()
    assert _facts(reporting_cycle, "AN-MINH", "a1") == {"vi_pham": Decimal("3"), "tu_xu_ly": False}


def test_it_verifies_a_fact_from_the_queue(verifying: Cycle, cluster_leader: Any) -> None:
    client = _client(cluster_leader)
    text = client.get(reverse("cycle:verify_queue")).content.decode()
    assert "Số trường hợp vi phạm" in text
    line = line_of(verifying, "AN-MINH", "a1")
    response = client.post(
        reverse("cycle:fact_verify", args=[line.pk]),
        {"fact": "vi_pham", "verdict": "correct", "value": "2", "reason": "Theo biên bản kiểm tra"},
        follow=True,
    )
    assert "Đã ghi kết quả thẩm định “Số trường hợp vi phạm” của tiêu chí a1, Xã An Minh: Đã điều chỉnh." in (
        response.content.decode()
    )
    row = _row("AN-MINH", "a1", "vi_pham")
    assert (row.status, row.value_number, row.reported) == (FactStatus.CORRECTED, Decimal("2"), "")
