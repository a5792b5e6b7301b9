"""Issue 11 item 16: the compared columns (Tự chấm / Cụm chấm / Điểm duyệt / Chênh lệch) are worked out once."""

from __future__ import annotations

from decimal import Decimal

from thidua.reports.model import ScoreComparison, compare_scores


def test_it_approves_the_verified_total_until_points_are_agreed() -> None:
    found = compare_scores({"A": Decimal("96.5")}, {"A": Decimal("94.25")})
    assert found == {"A": ScoreComparison("A", Decimal("96.5"), Decimal("94.25"), Decimal("94.25"))}
    assert found["A"].difference == Decimal("-2.25")


def test_it_takes_agreed_points_as_the_approved_total() -> None:
    found = compare_scores({"A": Decimal(90)}, {"A": Decimal("115.7")}, {"A": Decimal("118.4")})
    assert (found["A"].approved, found["A"].difference) == (Decimal("118.4"), Decimal("28.4"))


def test_it_has_no_difference_when_the_units_own_figures_cannot_be_scored() -> None:
    found = compare_scores(None, {"A": Decimal(80), "B": Decimal(70)})
    assert [(c.own, c.difference) for c in found.values()] == [(None, None), (None, None)]


def test_it_puts_the_computed_total_beside_the_agreed_one_from_a_package() -> None:
    import dataclasses
    from pathlib import Path

    from thidua.engine.numbers import vn
    from thidua.packages import load
    from thidua.reports.cluster import build_cluster_report
    from thidua.reports.compare import totals_before_agreement
    from thidua.reports.render import render

    package = load(Path(__file__).parents[2] / "packages" / "tests" / "fixtures" / "v2-every-construct.yaml")
    result = package.score()
    approved = {unit.code: unit.total for unit in result.units}
    plain = dataclasses.replace(package, inputs=dataclasses.replace(package.inputs, agreed=()))
    verified = {unit.code: unit.total for unit in plain.score().units}
    assert totals_before_agreement(package) == verified
    # D2's b3 was agreed at 2,50 by the appraisal team: its approved total differs from the computed one.
    assert verified["D2"] != approved["D2"] and verified["D1"] == approved["D1"]
    report = build_cluster_report(package, result)
    row = next(r for r in report.ranking if r.code == "D2")
    assert row.compared == ScoreComparison("D2", None, verified["D2"], approved["D2"])
    text = render(report, "md").decode()
    assert "Bảng 4. Điểm theo cách tính và điểm duyệt sau khi thống nhất" in text
    assert "| Đơn vị | Cụm chấm | Điểm duyệt |" in text
    assert f"| Phòng hai | {vn(verified['D2'], 2)} | {vn(approved['D2'], 2)} |" in text
