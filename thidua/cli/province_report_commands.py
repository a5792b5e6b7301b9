"""`thidua province-report PACKAGE... --scope "Tỉnh …" --year N --format md|docx|xlsx|pdf --output FILE`:
the province report of a year from the package files of its clusters and blocks, with no database."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from thidua.packages import PackageError, load
from thidua.reports.model import ReportOptions
from thidua.reports.province import build_province_report
from thidua.reports.render import FORMATS, render


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "province-report",
        help="viết báo cáo tổng kết toàn tỉnh từ các gói dữ liệu của cụm, khối",
        description="Viết báo cáo tổng kết các cụm, khối thi đua của tỉnh trong một năm từ các gói dữ liệu.",
    )
    parser.add_argument(
        "packages", nargs="+", help="các tệp gói dữ liệu (.yaml, .yml, .json), một tệp mỗi cụm, khối"
    )
    parser.add_argument("--scope", help="tên tỉnh, ví dụ “Tỉnh An Giang”; mặc định lấy từ gói dữ liệu")
    parser.add_argument("--year", type=int, help="năm thi đua; mặc định lấy từ gói dữ liệu")
    parser.add_argument("--format", choices=FORMATS, default="md", help="định dạng: md, docx, xlsx, pdf")
    parser.add_argument("--output", help="tệp kết quả; bỏ trống với md để in ra màn hình")
    parser.add_argument("--date", type=date.fromisoformat, help="ngày ban hành báo cáo (YYYY-MM-DD)")
    parser.add_argument("--number", help="số, ký hiệu văn bản, ví dụ “Số: 12/BC-HĐTĐKT”")
    parser.add_argument("--signer", help="họ và tên người ký")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    if args.format != "md" and not args.output:
        print(f"Định dạng {args.format} cần --output TỆP.", file=sys.stderr)
        return 2
    packages = []
    failed = False
    for path in args.packages:
        try:
            packages.append(load(path))
        except PackageError as exc:
            failed = True
            for problem in exc.problems:
                print(f"{path}: {problem}", file=sys.stderr)
    if failed:
        return 2
    years = {p.year for p in packages}
    year = args.year if args.year is not None else (years.pop() if len(years) == 1 else None)
    if year is None:
        print(
            f"Các gói dữ liệu thuộc nhiều năm ({', '.join(map(str, sorted(years)))}); hãy ghi --year.",
            file=sys.stderr,
        )
        return 2
    wrong = [path for path, p in zip(args.packages, packages, strict=True) if p.year != year]
    if wrong:
        print(f"Gói dữ liệu không thuộc năm {year}: {', '.join(wrong)}", file=sys.stderr)
        return 2
    scopes = {p.cluster.scope for p in packages if p.cluster.scope}
    scope = args.scope or (scopes.pop() if len(scopes) == 1 else None)
    if not scope:
        print("Không xác định được tên tỉnh từ các gói dữ liệu; hãy ghi --scope.", file=sys.stderr)
        return 2
    codes = [p.cluster.code for p in packages]
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    if repeated:
        print(f"Một cụm, khối có mặt hai lần: {', '.join(repeated)}", file=sys.stderr)
        return 2
    options = ReportOptions(issued=args.date, number=args.number, signer=args.signer)
    report = build_province_report(scope, year, [(p, p.score()) for p in packages], options)
    data = render(report, args.format)
    if args.output:
        Path(args.output).write_bytes(data)
    else:
        sys.stdout.write(data.decode("utf-8"))
    return 0
