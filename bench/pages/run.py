"""Server time of the cycle's two heaviest pages with 20 members × 80 criteria: the ranking page (goal ≤ 100 ms)
and a member's report page with its live self-score (goal ≤ 100 ms).

Run on PostgreSQL:  DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_cycle .venv/bin/python bench/pages/run.py
A throw-away test database (test_<name>) is created and dropped. Ratios are to floors measured in the same run:
a bare query of the same rows (every line of the cluster, its figures and workflow in one row), and, for the report
page, that query plus one engine scoring of the cluster, which the self-score needs whatever the page does.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

MEMBERS, CRITERIA = 20, 80
GOAL_MS = 100.0


def timed(work: Callable[[], object], repeat: int = 15) -> float:
    """Best of `repeat` runs in milliseconds, after one warm-up (template loading, first-query plans)."""
    work()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> int:
    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        return run(name)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


def run(database: str) -> int:
    import datetime as dt

    from django.contrib.auth.models import User

    from thidua.accounts import services as account_services
    from thidua.accounts.access import SystemActor
    from thidua.accounts.models import Role
    from thidua.agreements.packaging import agreement_package
    from thidua.cycle.lines import lines_of
    from thidua.cycle.models import CycleState
    from thidua.cycle.sample import sample_cycle
    from thidua.org import services as org_services

    system = SystemActor()
    province = org_services.province_create(
        actor=system, code="TINH-BENCH", name="Tỉnh Đo", valid_from=dt.date(2000, 1, 1)
    )
    board = account_services.user_create(
        actor=system, username="bench", full_name="Ban TĐKT", password="bench-2026"
    )
    account_services.role_assign(actor=system, user=board, role=Role.BOARD_ADMIN, unit=province, cluster=None)
    published = sample_cycle(province=province, code="CUM-A", members=MEMBERS, criteria=CRITERIA)
    reporting = sample_cycle(
        province=province, code="CUM-B", members=MEMBERS, criteria=CRITERIA, state=CycleState.REPORTING
    )
    unit = reporting.cluster_year.memberships.order_by("order").first().unit  # type: ignore[union-attr]
    client = Client()
    client.force_login(User.objects.get(username="bench"))

    def bare_rows() -> None:
        list(lines_of(published).values_list("id", "status", "version", "value_number"))

    def rows_and_score() -> None:
        bare_rows()
        agreement_package(reporting.cluster_year.agreement).score()

    def page(url: str) -> Callable[[], None]:
        def get() -> None:
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        return get

    floor_rows = timed(bare_rows)
    floor_score = timed(rows_and_score)
    ranking = timed(page(f"/nam-thi-dua/{published.pk}/ket-qua/"))
    report = timed(page(f"/nam-thi-dua/{reporting.pk}/bao-cao/{unit.pk}/"))
    print(f"database {connection.vendor} ({database}); {MEMBERS} members × {CRITERIA} criteria")
    print(f"floor: bare query of the cluster's {MEMBERS * CRITERIA} lines  {floor_rows:7.1f} ms")
    print(f"floor: that query + one engine scoring        {floor_score:7.1f} ms")
    failed = False
    for label, value, floor in (("ranking page", ranking, floor_rows), ("report page", report, floor_score)):
        verdict = "ok" if value <= GOAL_MS else "OVER GOAL"
        failed |= value > GOAL_MS
        print(
            f"{label:13s} {value:7.1f} ms  ratio to floor {value / floor:5.1f}×  (goal ≤ {GOAL_MS:.0f} ms: {verdict})"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
