"""Where the reports' data comes from: the small boundary between this app and the apps that store it.

A cluster-year's report is built from its latest score snapshot (thidua.agreements): the package that was scored,
frozen, so the report says what was stored even if figures were edited afterwards. Award statistics come from the
register (thidua.awards) when that app is installed.
"""

from __future__ import annotations

from collections import Counter

from django.apps import apps

from thidua.agreements.models import ScoreSnapshot
from thidua.core.errors import NotFound
from thidua.engine import ClusterResult
from thidua.org.models import ClusterYear, Unit
from thidua.packages import Package, read_package


def latest_snapshot(cluster_year: ClusterYear) -> ScoreSnapshot | None:
    return ScoreSnapshot.objects.filter(cluster_year=cluster_year).order_by("-created_at", "-id").first()


def package_for_cluster_year(cluster_year: ClusterYear) -> Package:
    """The package of the cluster-year's latest stored scoring; NotFound when it was never scored."""
    snapshot = latest_snapshot(cluster_year)
    if snapshot is None:
        raise NotFound(f"{cluster_year} chưa có kết quả chấm điểm được lưu.")
    package, problems = read_package(snapshot.inputs)
    if package is None:
        # A stored snapshot was valid when it was scored; failing to read it back is a bug, not a user error.
        raise RuntimeError(f"snapshot {snapshot.pk} no longer reads as a package: {problems}")
    return package


def scored(cluster_year: ClusterYear) -> tuple[Package, ClusterResult]:
    package = package_for_cluster_year(cluster_year)
    return package, package.score()


def cluster_years_with_results(province: Unit, year: int) -> list[ClusterYear]:
    """Every cluster and block of the province that year with at least one stored scoring, cụm before khối."""
    return list(
        ClusterYear.objects.filter(cluster__province=province, year=year, score_snapshots__isnull=False)
        .select_related("cluster")
        .distinct()
        .order_by("cluster__kind", "cluster__code")
    )


def register_award_counts(province: Unit, year: int) -> tuple[tuple[str, int], ...] | None:
    """Awards granted in the register for achievements of `year` in the province, by award, revoked ones left
    out; None while thidua.awards is not installed (no register, as opposed to an empty one)."""
    if not apps.is_installed("thidua.awards"):
        return None
    from thidua.awards.models import AwardRecord, AwardStatus

    names = AwardRecord.objects.filter(
        decision__province=province, year=year, status=AwardStatus.ACTIVE
    ).values_list("award__name", flat=True)
    counts = Counter(names)
    return tuple(sorted(counts.items(), key=lambda pair: (-pair[1], pair[0])))
