"""Issue 11 item 16: the columns people compare, "Tự chấm / Cụm chấm / Điểm duyệt" and the difference, on the
results page and in its Excel export, all from one function."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.agreements.packaging import agreement_package
from thidua.cycle.comparison import score_comparison
from thidua.cycle.criteria import criteria_of, shown_value, value_from_shown
from thidua.cycle.models import Cycle, CycleState
from thidua.cycle.services import cycles as cycle_services
from thidua.cycle.services import verification
from thidua.cycle.services.common import agreement_of
from thidua.cycle.tests.conftest import SYSTEM, line_of, move_to, submit_all
from thidua.cycle.tests.test_pages import client_for
from thidua.cycle.tests.test_services import officers, thanh_loc_officer  # noqa: F401  (fixtures)
from thidua.engine.numbers import vn

pytestmark = pytest.mark.django_db


def test_it_reads_back_every_digit_of_a_shown_value(cycle: Cycle) -> None:
    criteria = {c.code: c for c in criteria_of(agreement_package(agreement_of(cycle)).framework)}
    for code, value in (
        ("1.1", Decimal("1200.5")),
        ("1.3", Decimal("20802")),
        ("1.1", Decimal("192.583")),
        ("1.9", True),
        ("1.9", False),
        ("2.1", "Hoàn thành tốt nhiệm vụ"),
    ):
        assert value_from_shown(criteria[code], shown_value(value)) == value
    assert value_from_shown(criteria["1.1"], "") is None


@pytest.fixture
def corrected(
    cycle: Cycle,
    data_source_reviewer: Any,
    officers: dict[str, Any],  # noqa: F811
) -> tuple[Cycle, dict[str, Decimal]]:
    """A cycle whose verifier lowered Xã An Minh's revenue from the reported 78,4 to 40 (below its target of 52), then scored."""
    cycle = move_to(cycle, CycleState.REPORTING)
    submit_all(cycle, officers)
    cycle = cycle_services.cycle_advance(actor=SYSTEM, cycle=cycle, from_state=CycleState.REPORTING)
    own = {u.code: u.total for u in agreement_package(agreement_of(cycle)).score().units}
    line = line_of(cycle, "AN-MINH", "1.1")
    verification.line_verify(
        actor=data_source_reviewer,
        line=line,
        version=line.version,
        verdict="correct",
        value="40",
        reason="Số quyết toán của Sở Tài chính",
    )
    return move_to(cycle, CycleState.PROVISIONAL), own


def test_it_compares_the_units_own_score_with_the_verified_one(
    corrected: tuple[Cycle, dict[str, Decimal]],
) -> None:
    cycle, own = corrected
    assert cycle.provisional_snapshot is not None
    verified = {u["code"]: Decimal(u["total"]) for u in cycle.provisional_snapshot.results["units"]}
    comparison = score_comparison(cycle, cycle.provisional_snapshot)
    an_minh = comparison["AN-MINH"]
    assert (an_minh.own, an_minh.verified, an_minh.approved) == (
        own["AN-MINH"],
        verified["AN-MINH"],
        verified["AN-MINH"],
    )
    assert an_minh.verified < an_minh.own
    assert an_minh.difference == verified["AN-MINH"] - own["AN-MINH"]
    # Nobody corrected Xã Vĩnh Hòa's figures: its own score is the verified one.
    assert comparison["VINH-HOA"].difference == 0


def test_it_shows_the_compared_columns_on_the_results_page_and_in_the_export(
    corrected: tuple[Cycle, dict[str, Decimal]], board_admin: Any
) -> None:
    cycle, own = corrected
    assert cycle.provisional_snapshot is not None
    total = Decimal(
        next(u["total"] for u in cycle.provisional_snapshot.results["units"] if u["code"] == "AN-MINH")
    )
    client = client_for(board_admin)
    body = client.get(reverse("cycle:results", args=[cycle.pk])).content.decode()
    for header in ("Tự chấm", "Cụm chấm", "Điểm duyệt", "Chênh lệch"):
        assert f">{header}</th>" in body
    row = body[body.index("Xã An Minh</a>") :].split("</tr>")[0]
    assert (
        f'<td class="number">{vn(own["AN-MINH"], 2)}</td>\n'
        f'          <td class="number">{vn(total, 2)}</td>\n'
        f'          <td class="number"><strong>{vn(total, 2)}</strong></td>\n'
        f'          <td class="number">{vn(total - own["AN-MINH"], 2)}</td>'
    ) in row
    response = client.get(reverse("cycle:results_download", args=[cycle.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if r and r[0] == "Hạng")
    line = next(r for r in rows if "Xã An Minh" in r)
    found = dict(zip(header, line, strict=False))
    assert Decimal(str(found["Tự chấm"])) == own["AN-MINH"]
    assert Decimal(str(found["Cụm chấm"])) == total
    assert Decimal(str(found["Điểm duyệt"])) == total
    assert Decimal(str(found["Chênh lệch"])) == total - own["AN-MINH"]


def test_it_refuses_the_export_to_those_who_may_not_see_the_results(
    corrected: tuple[Cycle, dict[str, Decimal]], observer: Any
) -> None:
    cycle, _ = corrected
    assert client_for(observer).get(reverse("cycle:results_download", args=[cycle.pk])).status_code == 403


def test_it_puts_the_compared_columns_in_the_cluster_reports_ranking_table(
    corrected: tuple[Cycle, dict[str, Decimal]],
) -> None:
    from thidua.reporting.building import cluster_report_bytes

    cycle, own = corrected
    assert cycle.provisional_snapshot is not None
    total = Decimal(
        next(u["total"] for u in cycle.provisional_snapshot.results["units"] if u["code"] == "AN-MINH")
    )
    text = cluster_report_bytes(cycle.cluster_year, "md", lambda percent, what: None).decode()
    assert "| Đơn vị | Tự chấm | Cụm chấm | Điểm duyệt | Chênh lệch |" in text
    assert "Bảng 4. Điểm tự chấm, điểm cụm chấm và điểm duyệt" in text
    assert (
        f"| Xã An Minh | {vn(own['AN-MINH'], 2)} | {vn(total, 2)} | {vn(total, 2)} | {vn(total - own['AN-MINH'], 2)} |"
        in text
    )
    sheet = load_workbook(io.BytesIO(cluster_report_bytes(cycle.cluster_year, "xlsx", lambda p, w: None)))[
        "Xếp hạng"
    ]
    rows = [[cell.value for cell in r] for r in sheet.iter_rows()]
    header = next(r for r in rows if r and r[0] == "Hạng")
    found = dict(zip(header, next(r for r in rows if "Xã An Minh" in r), strict=False))
    assert Decimal(str(found["Tự chấm"])) == own["AN-MINH"]
    assert Decimal(str(found["Chênh lệch"])) == total - own["AN-MINH"]
