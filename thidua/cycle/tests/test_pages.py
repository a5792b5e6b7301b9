"""The cycle's pages: the HTMX line save with the live self-score, the conflict shown with the other's value,
the Excel round trip, evidence served only to those who may see it, results, and constant queries."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from thidua.agreements.models import CriterionLine
from thidua.conftest import PERSONA_PASSWORD, Org
from thidua.core.models import AuditEvent
from thidua.cycle.lines import lines_of
from thidua.cycle.models import Cycle, CycleState
from thidua.cycle.sample import sample_cycle
from thidua.cycle.services import reporting
from thidua.cycle.tests.conftest import line_of, move_to, pdf


def client_for(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PERSONA_PASSWORD)
    return client


@pytest.fixture
def reporting_cycle(cycle: Cycle) -> Cycle:
    return move_to(cycle, CycleState.REPORTING)


def test_it_saves_a_line_by_htmx_and_returns_the_line_and_the_new_self_score(
    reporting_cycle: Cycle, unit_officer: Any
) -> None:
    line = line_of(reporting_cycle, "AN-MINH", "3.4")
    client = client_for(unit_officer)
    page = client.get(reverse("cycle:report", args=[reporting_cycle.pk, line.unit_id]))
    assert page.status_code == 200
    assert 'id="self-score-total">' in page.content.decode()
    response = client.post(
        reverse("cycle:line_save", args=[line.pk]),
        {"version": 0, "value": "20", "comment": ""},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="line-{line.pk}"' in body and 'hx-swap-oob="true"' in body
    assert '<input type="hidden" name="version" value="1">' in body
    assert CriterionLine.objects.get(unit__code="AN-MINH", criterion="3.4").value_number == 20


def test_it_shows_the_second_saver_the_other_value_and_keeps_it(
    reporting_cycle: Cycle, unit_officer: Any
) -> None:
    line = line_of(reporting_cycle, "AN-MINH", "1.6")
    reporting.line_save(actor=unit_officer, line=line, version=0, value="5", comment="")
    response = client_for(unit_officer).post(
        reverse("cycle:line_save", args=[line.pk]),
        {"version": 0, "value": "9", "comment": ""},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "giá trị hiện tại là “5”" in body and "Giá trị của bạn chưa được lưu." in body
    assert 'name="version" value="1"' in body and 'value="9"' in body
    assert CriterionLine.objects.get(unit__code="AN-MINH", criterion="1.6").value_number == 5


def test_it_round_trips_a_unit_workbook_with_a_preview_and_refuses_a_bad_file_whole(
    reporting_cycle: Cycle, unit_officer: Any, org: Org
) -> None:
    client = client_for(unit_officer)
    unit = org.units["AN-MINH"]
    download = client.get(reverse("cycle:report_download", args=[reporting_cycle.pk, unit.pk]))
    book = load_workbook(io.BytesIO(download.content))
    sheet = book["Báo cáo"]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(5, sheet.max_row + 1)}
    sheet.cell(row=rows["1.6"], column=6, value=6)
    sheet.cell(row=rows["2.1"], column=6, value="Giỏi")
    bad = io.BytesIO()
    book.save(bad)
    url = reverse("cycle:report_upload", args=[reporting_cycle.pk, unit.pk])
    refused = client.post(url, {"file": _xlsx(bad.getvalue())})
    assert refused.status_code == 400
    assert (
        f"Trang “Báo cáo”, dòng {rows['2.1']}, cột F (Thực hiện): “Giỏi” không phải là một mức xếp loại của tiêu chí này."
        in refused.content.decode()
    )
    sheet.cell(row=rows["2.1"], column=6, value="Hoàn thành xuất sắc nhiệm vụ")
    good = io.BytesIO()
    book.save(good)
    preview = client.post(url, {"file": _xlsx(good.getvalue())})
    assert preview.status_code == 200 and "Xem trước: 2 tiêu chí thay đổi" in preview.content.decode()
    assert CriterionLine.objects.get(unit=unit, criterion="1.6").value_number == 4
    applied = client.post(
        reverse("cycle:report_upload_apply", args=[reporting_cycle.pk, unit.pk]),
        {"token": preview.context["token"]},
    )
    assert applied.status_code == 302
    assert CriterionLine.objects.get(unit=unit, criterion="1.6").value_number == 6
    assert CriterionLine.objects.get(unit=unit, criterion="2.1").value_label == "Hoàn thành xuất sắc nhiệm vụ"
    assert AuditEvent.objects.filter(action="cycle.report_import").count() == 1


def _xlsx(content: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("bao-cao.xlsx", content)


def test_it_serves_evidence_only_to_those_who_may_see_the_line(
    reporting_cycle: Cycle, unit_officer: Any, cluster_leader: Any, observer: Any, outsider: Any
) -> None:
    line = line_of(reporting_cycle, "AN-MINH", "1.1")
    evidence = reporting.evidence_add(actor=unit_officer, line=line, upload=pdf())
    url = reverse("cycle:evidence", args=[evidence.pk])
    assert client_for(unit_officer).get(url).status_code == 200
    assert client_for(cluster_leader).get(url).status_code == 200
    assert client_for(observer).get(url).status_code == 404
    assert client_for(outsider).get(url).status_code == 403


def test_it_refuses_another_units_report_page(reporting_cycle: Cycle, unit_officer: Any, org: Org) -> None:
    url = reverse("cycle:report", args=[reporting_cycle.pk, org.units["VINH-HOA"].pk])
    assert client_for(unit_officer).get(url).status_code == 404


def test_it_hides_provisional_results_from_observers_and_shows_final_totals_publicly(
    cycle: Cycle, observer: Any, unit_officer: Any
) -> None:
    cycle = move_to(cycle, CycleState.PROVISIONAL)
    assert client_for(unit_officer).get(reverse("cycle:results", args=[cycle.pk])).status_code == 200
    assert client_for(observer).get(reverse("cycle:results", args=[cycle.pk])).status_code == 403
    assert client_for(observer).get(reverse("cycle:public", args=[cycle.pk])).status_code == 404
    cycle = move_to(cycle, CycleState.FINAL)
    public = client_for(observer).get(reverse("cycle:public", args=[cycle.pk]))
    assert public.status_code == 200 and "Xã Vĩnh Hòa" in public.content.decode()


def test_it_draws_charts_without_style_attributes(cycle: Cycle, board_admin: Any) -> None:
    cycle = move_to(cycle, CycleState.PROVISIONAL)
    body = client_for(board_admin).get(reverse("cycle:results", args=[cycle.pk])).content.decode()
    assert body.count('<svg class="chart"') == 2 and "style=" not in body


# --- constant queries at two sizes ----------------------------------------------------------------------

RANKING_QUERIES = 24  # eleven of them build the package on the units' own figures for the "Tự chấm" column
# One reads the reporting deadline the self-score counts lateness against; three the bonus panel (the unit's claims,
# the framework's bonus items, the unit's deductions).
REPORT_QUERIES = 28  # one fewer since a line's figures and workflow are one row (no second read to join)


@pytest.mark.parametrize(("members", "criteria"), [(3, 8), (12, 40)])
def test_it_reads_the_ranking_page_in_constant_queries(
    org: Org, board_admin: Any, django_assert_num_queries: Any, members: int, criteria: int
) -> None:
    cycle = sample_cycle(province=org.province, code="CUM9", members=members, criteria=criteria)
    client = client_for(board_admin)
    url = reverse("cycle:results", args=[cycle.pk])
    with django_assert_num_queries(RANKING_QUERIES):
        response = client.get(url)
    assert response.status_code == 200 and response.content.decode().count("<tr") == members + 1


@pytest.mark.parametrize(("members", "criteria"), [(3, 8), (12, 40)])
def test_it_reads_a_units_report_page_in_constant_queries(
    org: Org, board_admin: Any, django_assert_num_queries: Any, members: int, criteria: int
) -> None:
    cycle = sample_cycle(
        province=org.province, code="CUM9", members=members, criteria=criteria, state=CycleState.REPORTING
    )
    unit = cycle.cluster_year.memberships.order_by("order").first().unit  # type: ignore[union-attr]
    client = client_for(board_admin)
    url = reverse("cycle:report", args=[cycle.pk, unit.pk])
    with django_assert_num_queries(REPORT_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert lines_of(cycle).filter(unit=unit).count() == criteria
