"""The commendation register at provincial scale, on PostgreSQL.

1. Loads N synthetic awards (default 200,000; the goal is 2,000,000: pass --records 2000000) with COPY.
2. Name search: p95 of the register page's queries (the count, then the first 50 rows, through register_rows as
   the page and the API read them) for a name typed without diacritics, against a floor measured in the same run:
   an indexed exact-match query on the same column. Goal ≤ 100 ms.
   Broad lists (a common surname, the unfiltered register) are counted only up to 1,000: median and p95 of the
   bounded count and a page.
3. Import: a 100,000-row .xlsx through parse_register_xlsx (every row validated by the entry form's rules) and
   register_import, against the floor of a PostgreSQL COPY of the same rows. Goal ≤ 60 s.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_awards DEBUG=1 .venv/bin/python bench/register/run.py
The test database (test_<name>) is created and dropped by the run. With --reuse it is kept, and a later run with
--reuse and the same --records finds the loaded awards there (migrations still run on it, so a new index is built);
the import is then rolled back so that the register stays as loaded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import secrets
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from openpyxl import Workbook  # noqa: E402

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Trương",
    "Lâm",
    "Mai",
]
MIDDLE = [
    "Văn",
    "Thị",
    "Hữu",
    "Đức",
    "Minh",
    "Ngọc",
    "Thanh",
    "Quốc",
    "Xuân",
    "Thu",
    "Hồng",
    "Kim",
    "Bảo",
    "Gia",
    "Anh",
    "Hải",
    "Tuấn",
    "Phương",
    "Diệu",
    "Khánh",
]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Hà",
    "Hải",
    "Hạnh",
    "Hoa",
    "Hùng",
    "Hương",
    "Khoa",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "Nam",
    "Nga",
    "Ngân",
    "Nhung",
    "Phong",
    "Phúc",
    "Quang",
    "Quyên",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Thủy",
    "Tiến",
    "Trang",
    "Trung",
    "Tú",
    "Tuấn",
    "Uyên",
    "Vân",
    "Việt",
    "Vinh",
    "Xuân",
    "Yến",
    "Đạt",
    "Định",
    "Đông",
]
RECORD_COLUMNS = (
    "decision_id, award_id, recipient_kind, recipient_name, unit_id, unit_name, position, category, year, amount, "
    "status, revoked_reason, search_text, verify_token"
)


def name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def setup_province() -> tuple[object, object, list[object]]:
    from thidua.accounts.access import SystemActor
    from thidua.accounts.models import Role
    from thidua.accounts.services import role_assign, user_create
    from thidua.awards.services.catalogue import catalogue_load
    from thidua.org import services as org

    system = SystemActor()
    province = org.province_create(
        actor=system, code="BENCH", name="Tỉnh Bench", valid_from=dt.date(2000, 1, 1)
    )
    units = [
        org.unit_create(
            actor=system,
            province=province,
            level="commune",
            code=f"XA{i:03d}",
            name=f"Xã Số {i}",
            valid_from=dt.date(2000, 1, 1),
        )
        for i in range(100)
    ]
    board = user_create(actor=system, username="bench", full_name="Bench", password="bench-password-1")
    role_assign(actor=system, user=board, role=Role.BOARD_ADMIN, unit=province, cluster=None)
    catalogue_load(actor=system)
    return province, board, units


def load_register(count: int, province: object, units: list[object]) -> float:
    """COPY `count` awards spread over decisions of 2005–2025; returns the seconds it took."""
    from thidua.awards.models import CatalogueAward, Decision
    from thidua.awards.text import normalise

    rng = random.Random(2026)
    awards = list(
        CatalogueAward.objects.filter(recipient__in=["individual", "both"]).values_list("pk", "level")
    )
    decisions = Decision.objects.bulk_create(
        Decision(
            province=province,
            number=f"{i}/QĐ-UBND",
            date=dt.date(2005 + i % 21, 1 + i % 12, 1 + i % 28),
            level="tinh",
            signer_name="Người ký",
            signer_title="Chủ tịch",
        )
        for i in range(max(count // 200, 1))
    )
    started = time.perf_counter()
    with (
        connection.cursor() as cursor,
        cursor.connection.cursor().copy(f"COPY awards_awardrecord ({RECORD_COLUMNS}) FROM STDIN") as copy,
    ):
        for _ in range(count):
            decision = rng.choice(decisions)
            unit = rng.choice(units)
            person = name(rng)
            copy.write_row(
                (
                    decision.pk,
                    rng.choice(awards)[0],
                    "individual",
                    person,
                    unit.pk,
                    unit.name,
                    "Chuyên viên",  # type: ignore[attr-defined]
                    rng.choice(["can_bo", "nong_dan", "cong_nhan"]),
                    decision.date.year - 1,
                    Decimal(540000),
                    "active",
                    "",
                    normalise(person),
                    secrets.token_urlsafe(24),
                )
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE awards_awardrecord")
        cursor.execute("ANALYZE awards_decision")
    return time.perf_counter() - started


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18]


def bench_search(board: object, queries: int) -> tuple[float, float]:
    from thidua.awards.models import AwardRecord
    from thidua.awards.selectors import RegisterFilters, register_rows
    from thidua.awards.text import normalise

    rng = random.Random(7)
    names = [name(rng) for _ in range(queries)]
    searched: list[float] = []
    floor: list[float] = []
    for person in names:
        typed = normalise(person).upper()  # typed without diacritics, any case
        started = time.perf_counter()
        # As the page's Paginator and the API do: the count, then the first page.
        rows = register_rows(user=board, filters=RegisterFilters(q=typed))
        total = rows.count()
        page = list(rows[:50])
        searched.append(time.perf_counter() - started)
        started = time.perf_counter()
        exact = AwardRecord.objects.filter(search_text=normalise(person))
        list(exact[:50])
        exact.count()
        floor.append(time.perf_counter() - started)
        assert total >= len(page)
    return p95(searched), p95(floor)


def bench_broad(board: object, repeats: int = 20) -> dict[str, tuple[float, float]]:
    """The page's queries (bounded count, then the first and the third page) for lists that match far more than
    the count's bound: a common surname, and the unfiltered register. Median and p95, in seconds."""
    from thidua.awards.selectors import RegisterFilters, register_page, register_rows

    found: dict[str, tuple[float, float]] = {}
    for label, filters in (("nguyen", RegisterFilters(q="NGUYEN")), ("unfiltered", RegisterFilters())):
        samples: list[float] = []
        for i in range(repeats):
            started = time.perf_counter()
            rows = register_rows(user=board, filters=filters)
            page = register_page(rows, 1 + 2 * (i % 2), 50)
            assert not rows.exact and len(page.object_list) == 50
            samples.append(time.perf_counter() - started)
        found[label] = (statistics.median(samples), p95(samples))
    return found


def make_xlsx(rows: int, units: list[object]) -> bytes:
    from thidua.awards.importing import IMPORT_COLUMNS

    rng = random.Random(11)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sổ khen thưởng")
    sheet.append([title for _field, title in IMPORT_COLUMNS])
    for i in range(rows):
        unit = rng.choice(units)
        sheet.append(
            [
                f"{9000 + i // 500}/QĐ-UBND",
                dt.datetime(2024, 12, 1 + (i // 500) % 28),
                "Cấp tỉnh",
                "Người ký",
                "Chủ tịch UBND tỉnh",
                "LDTT",
                "Cá nhân",
                name(rng),
                unit.code,
                "Chuyên viên",  # type: ignore[attr-defined]
                "Cán bộ, công chức, viên chức",
                2024,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def existing_province() -> tuple[object, object, list[object]] | None:
    """The province, board user and units an earlier --reuse run loaded, if the database has them."""
    from django.contrib.auth import get_user_model

    from thidua.org.models import Unit

    province = Unit.objects.filter(code="BENCH", level="province").first()
    if province is None:
        return None
    board = get_user_model().objects.get(username="bench")
    units = list(Unit.objects.filter(province=province, level="commune").order_by("code"))
    return province, board, units


def bench_import(
    rows: int, province: object, board: object, units: list[object], *, keep_register: bool = False
) -> tuple[float, float, float]:
    from thidua.awards.importing import parse_register_xlsx
    from thidua.awards.models import AwardRecord, CatalogueAward
    from thidua.awards.services.register import register_import
    from thidua.awards.text import normalise

    content = make_xlsx(rows, units)
    outer = transaction.atomic()
    if keep_register:
        outer.__enter__()  # rolled back below: a reused register stays as loaded
    started = time.perf_counter()
    parsed = parse_register_xlsx(io.BytesIO(content), province=province)  # type: ignore[arg-type]
    parsing = time.perf_counter() - started
    assert not parsed.errors, parsed.errors[:3]
    result = register_import(actor=board, province=province, entries=parsed.entries, file_name="bench.xlsx")  # type: ignore[arg-type]
    total = time.perf_counter() - started
    assert result.records == rows
    award = CatalogueAward.objects.get(code="LDTT")
    decision_id = AwardRecord.objects.order_by("-id").values_list("decision_id", flat=True).first()
    started = time.perf_counter()
    with transaction.atomic():
        with (
            connection.cursor() as cursor,
            cursor.connection.cursor().copy(f"COPY awards_awardrecord ({RECORD_COLUMNS}) FROM STDIN") as copy,
        ):
            for entry in parsed.entries:
                copy.write_row(
                    (
                        decision_id,
                        award.pk,
                        entry.recipient_kind,
                        entry.recipient_name,
                        entry.unit.pk if entry.unit else None,
                        entry.unit_name,
                        entry.position,
                        entry.category,
                        entry.year,
                        Decimal(710000),
                        "active",
                        "",
                        normalise(entry.recipient_name),
                        secrets.token_urlsafe(24),
                    )
                )
        floor = time.perf_counter() - started
        transaction.set_rollback(True)
    if keep_register:
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    return total, parsing, floor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the benchmark database, and reuse its awards when an earlier --reuse run loaded as many",
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Chạy với DATABASE_URL=postgres://… (benchmark đo trên PostgreSQL)")
    from thidua.awards.models import AwardRecord

    setup_test_environment()
    old_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, serialize=False, keepdb=args.reuse
    )
    try:
        found = existing_province() if args.reuse else None
        if found is not None and AwardRecord.objects.count() == args.records:
            province, board, units = found
            print(f"register: {args.records:,} awards reused from {connection.settings_dict['NAME']}")
        else:
            if found is not None:  # another size: start again
                connection.creation.destroy_test_db(old_name, verbosity=0)
                old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            province, board, units = setup_province()
            loading = load_register(args.records, province, units)
            print(f"register: {args.records:,} awards loaded by COPY in {loading:.1f} s")
        search, floor = bench_search(board, args.queries)
        print(
            f"name search p95: {search * 1000:.1f} ms (goal ≤ 100 ms); floor (indexed exact match) "
            f"{floor * 1000:.2f} ms; ratio {search / floor:.1f}x"
        )
        for label, (median, slow) in bench_broad(board).items():
            print(
                f"broad list ({label}), bounded count + page 1 or 3: median {median * 1000:.1f} ms, "
                f"p95 {slow * 1000:.1f} ms"
            )
        total, parsing, copy = bench_import(
            args.import_rows, province, board, units, keep_register=args.reuse
        )
        print(
            f"import of {args.import_rows:,} xlsx rows: {total:.1f} s (goal ≤ 60 s; reading + validation "
            f"{parsing:.1f} s); floor (COPY of the same rows) {copy:.2f} s; ratio {total / copy:.1f}x"
        )
    finally:
        if args.reuse:
            connection.close()
            connection.settings_dict["NAME"] = old_name
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
