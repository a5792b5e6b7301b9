"""`thidua validate` and `thidua score`: packages on files, no database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from thidua.engine import Problem
from thidua.packages import Package, PackageError, load
from thidua.packages.results_json import results_json
from thidua.packages.table import results_table

INVALID = 2


def register(subparsers: Any) -> None:
    validate = subparsers.add_parser("validate", help="kiểm tra một gói dữ liệu cụm, khối (YAML hoặc JSON)")
    validate.add_argument("package", metavar="GÓI", help="tệp .yaml, .yml hoặc .json")
    validate.set_defaults(handler=validate_command)

    score = subparsers.add_parser("score", help="chấm điểm, xếp hạng, xếp loại và đề nghị khen thưởng")
    score.add_argument("package", metavar="GÓI", help="tệp .yaml, .yml hoặc .json")
    score.add_argument("--format", choices=("json", "table"), default="table", help="định dạng kết quả")
    score.add_argument("--output", metavar="TỆP", help="ghi kết quả ra tệp thay vì màn hình")
    score.set_defaults(handler=score_command)


def _print_problems(path: str, problems: list[Problem]) -> None:
    print(f"{path}: có {len(problems)} lỗi", file=sys.stderr)
    for problem in problems:
        print(str(problem), file=sys.stderr)


def _load(path: str) -> Package | None:
    try:
        return load(path)
    except PackageError as exc:
        _print_problems(path, exc.problems)
        return None


def validate_command(args: argparse.Namespace) -> int:
    package = _load(args.package)
    if package is None:
        return INVALID
    print(
        f"{args.package}: hợp lệ ({len(package.members)} đơn vị, {len(package.framework.leaves())} tiêu chí chấm điểm)"
    )
    warnings = package.warnings()
    if warnings:
        print(f"Cảnh báo ({len(warnings)}):")
        for warning in warnings:
            print(f"  {warning}")
    return 0


def score_command(args: argparse.Namespace) -> int:
    package = _load(args.package)
    if package is None:
        return INVALID
    result = package.score()
    text = results_json(package, result) if args.format == "json" else results_table(package, result)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
