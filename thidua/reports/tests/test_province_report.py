"""The province report lists every cluster's leading unit and counts the proposed awards over all clusters."""

from __future__ import annotations

from pathlib import Path

from thidua.packages import load_text
from thidua.reports.province import build_province_report
from thidua.reports.render import render

EXAMPLE = Path("/work/shared/examples/cum-mau-2026.yaml")


def test_it_counts_clusters_units_and_awards_over_the_province() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    years = []
    for n in (5, 6):
        package = load_text(
            text.replace("AG-CUM5", f"AG-CUM{n}").replace("Cụm thi đua số 5", f"Cụm thi đua số {n}")
        )
        years.append((package, package.score()))
    report = build_province_report("Tỉnh An Giang", 2026, years)
    assert report.sentences == (
        "Năm 2026, tỉnh An Giang có 2 cụm thi đua với 10 đơn vị tham gia.",
        "Qua bình xét, các cụm, khối đề nghị khen thưởng: 4 đơn vị được đề nghị tặng Bằng khen của Chủ tịch UBND "
        "tỉnh; 2 đơn vị được đề nghị tặng Cờ thi đua của UBND tỉnh.",
    )
    markdown = render(report, "md").decode("utf-8")
    assert "| 2 | Cụm thi đua số 6 | 5 | Xã Vĩnh Hòa | 906,00 | Cờ thi đua của UBND tỉnh |" in markdown
