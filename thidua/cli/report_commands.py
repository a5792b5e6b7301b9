"""`thidua report PACKAGE --format md|docx|xlsx|pdf --output FILE`: the summary report, with no database."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from thidua.packages import PackageError, load
from thidua.reports.cluster import build_cluster_report
from thidua.reports.model import LeaderText, ReportOptions
from thidua.reports.render import FORMATS, render
from thidua.reports.text import parse_leader_text


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report",
        help="viết báo cáo tổng kết của cụm, khối từ một gói dữ liệu",
        description="Viết báo cáo tổng kết năm của cụm, khối thi đua từ gói dữ liệu (không cần cơ sở dữ liệu).",
    )
    parser.add_argument("package", help="tệp gói dữ liệu (.yaml, .yml, .json)")
    parser.add_argument("--format", choices=FORMATS, default="md", help="định dạng: md, docx, xlsx, pdf")
    parser.add_argument("--output", help="tệp kết quả; bỏ trống với md để in ra màn hình")
    parser.add_argument(
        "--shortcomings", help="tệp Markdown/văn bản: phần hạn chế, tồn tại do cụm trưởng viết"
    )
    parser.add_argument("--directions", help="tệp Markdown/văn bản: phần phương hướng, nhiệm vụ năm sau")
    parser.add_argument("--date", type=date.fromisoformat, help="ngày ban hành báo cáo (YYYY-MM-DD)")
    parser.add_argument("--number", help="số, ký hiệu văn bản, ví dụ “Số: 05/BC-CTĐ”")
    parser.add_argument("--signer", help="họ và tên người ký")
    parser.set_defaults(handler=handle)


def _leader_text(path: str | None) -> LeaderText:
    if not path:
        return ()
    return parse_leader_text(Path(path).read_text(encoding="utf-8"))


def handle(args: argparse.Namespace) -> int:
    if args.format != "md" and not args.output:
        print(f"Định dạng {args.format} cần --output TỆP.", file=sys.stderr)
        return 2
    try:
        package = load(args.package)
    except PackageError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    try:
        options = ReportOptions(
            issued=args.date,
            number=args.number,
            signer=args.signer,
            shortcomings=_leader_text(args.shortcomings),
            directions=_leader_text(args.directions),
        )
    except (OSError, UnicodeDecodeError) as exc:
        print(f"Không đọc được tệp nội dung của cụm trưởng: {exc}", file=sys.stderr)
        return 2
    report = build_cluster_report(package, package.score(), options)
    data = render(report, args.format)
    if args.output:
        Path(args.output).write_bytes(data)
    else:
        sys.stdout.write(data.decode("utf-8"))
    return 0
