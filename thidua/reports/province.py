"""The province's year: a list of cluster reports and the figures over all of them."""

from __future__ import annotations

from collections.abc import Sequence

from thidua.engine import ClusterResult
from thidua.packages.model import Package
from thidua.reports.cluster import award_counts, build_cluster_report
from thidua.reports.model import ProvinceReport, ReportOptions
from thidua.reports.words import lower_first


def build_province_report(
    scope: str,
    year: int,
    years: Sequence[tuple[Package, ClusterResult]],
    options: ReportOptions | None = None,
) -> ProvinceReport:
    options = options or ReportOptions()
    # Leader texts belong to the province report, not to each cluster inside it.
    clusters = tuple(build_cluster_report(package, result) for package, result in years)
    cum = sum(1 for c in clusters if c.kind == "cum")
    khoi = len(clusters) - cum
    units = sum(len(c.ranking) for c in clusters)
    groups = [f"{cum} cụm thi đua" for _ in (0,) if cum] + [f"{khoi} khối thi đua" for _ in (0,) if khoi]
    sentences = [
        f"Năm {year}, {lower_first(scope)} có {' và '.join(groups) or 'không có cụm, khối thi đua nào'} với {units} đơn vị tham gia."
    ]
    counts = award_counts([result for _, result in years])
    if counts:
        listed = "; ".join(f"{count} đơn vị được đề nghị tặng {award}" for award, count in counts)
        sentences.append(f"Qua bình xét, các cụm, khối đề nghị khen thưởng: {listed}.")
    vetoed = sum(1 for c in clusters for row in c.ranking if row.vetoed)
    if vetoed:
        sentences.append(f"Có {vetoed} đơn vị thuộc trường hợp không xét thi đua.")
    return ProvinceReport(
        scope=scope,
        year=year,
        clusters=clusters,
        sentences=tuple(sentences),
        award_counts=counts,
        options=options,
    )
