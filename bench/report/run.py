"""Time the summary report: one cluster (goal ≤ 2 s) and a province of 20 clusters (goal ≤ 10 s), every format.

Ratios are to a floor measured in the same run (loading and scoring the same packages), so the numbers compare
across machines of different speed.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from thidua.engine import ClusterResult
from thidua.packages import Package, load_text
from thidua.reports.cluster import build_cluster_report
from thidua.reports.province import build_province_report
from thidua.reports.render import FORMATS, Format, render

EXAMPLE = Path("/work/shared/examples/cum-mau-2026.yaml")
CLUSTERS = 20
GOALS = {"cluster": 2.0, "province": 10.0}


def timed(work: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def province_texts() -> list[str]:
    text = EXAMPLE.read_text(encoding="utf-8")
    return [
        text.replace("AG-CUM5", f"AG-CUM{n}").replace("Cụm thi đua số 5", f"Cụm thi đua số {n}")
        for n in range(1, CLUSTERS + 1)
    ]


def score_all(texts: list[str]) -> list[tuple[Package, ClusterResult]]:
    out = []
    for text in texts:
        package = load_text(text)
        out.append((package, package.score()))
    return out


def main() -> int:
    texts = province_texts()
    floor_cluster = timed(lambda: score_all(texts[:1]))
    floor_province = timed(lambda: score_all(texts))
    print(f"floor: load+score 1 cluster {floor_cluster:.3f} s, {CLUSTERS} clusters {floor_province:.3f} s")
    failed = False
    for fmt in FORMATS:

        def cluster(fmt: Format = fmt) -> bytes:
            ((package, result),) = score_all(texts[:1])
            return render(build_cluster_report(package, result), fmt)

        def province(fmt: Format = fmt) -> bytes:
            return render(build_province_report("Tỉnh An Giang", 2026, score_all(texts)), fmt)

        for name, work, floor in (
            ("cluster", cluster, floor_cluster),
            ("province", province, floor_province),
        ):
            seconds = timed(work, repeat=2)
            ok = seconds <= GOALS[name]
            failed |= not ok
            print(
                f"{name:8s} {fmt:4s} {seconds:7.3f} s  ×{seconds / floor:7.1f} floor  "
                f"goal ≤ {GOALS[name]:.0f} s {'ok' if ok else 'CHẬM'}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
