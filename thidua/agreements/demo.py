"""The demo's An Giang Cụm thi đua số 5 of 2026 filled from the example package (a copy kept in data/ so the
demo needs nothing outside the installed code), imported the way a board officer would."""

from __future__ import annotations

from pathlib import Path

from thidua.accounts.access import SystemActor
from thidua.agreements.models import Agreement
from thidua.agreements.services.imports import package_import_apply, package_import_upload
from thidua.org.models import ClusterYear

EXAMPLE = Path(__file__).parent / "data" / "cum-mau-2026.yaml"


def load_example_agreement(
    *, province_code: str = "AN-GIANG", cluster_code: str = "AG-CUM5", year: int = 2026
) -> Agreement:
    """Import the example into the cluster-year once; loading the demo again leaves it as it is."""
    cluster_year = ClusterYear.objects.get(
        cluster__province__code=province_code, cluster__code=cluster_code, year=year
    )
    existing = Agreement.objects.filter(cluster_year=cluster_year).first()
    if existing is not None:
        return existing
    actor = SystemActor()
    upload = package_import_upload(
        actor=actor, cluster_year=cluster_year, file_name=EXAMPLE.name, content=EXAMPLE.read_bytes()
    )
    return package_import_apply(actor=actor, package_import=upload)
