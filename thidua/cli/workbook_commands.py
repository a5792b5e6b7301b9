"""`thidua template`: the Excel workbook a province officer fills in, from a package's framework and members."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from thidua.engine import Inputs
from thidua.packages import Package, PackageError, load
from thidua.packages.workbook import workbook_bytes

INVALID = 2


def register(subparsers: Any) -> None:
    template = subparsers.add_parser(
        "template", help="tạo mẫu biểu Excel để điền số liệu, từ thang điểm và thành viên của một gói"
    )
    template.add_argument(
        "--framework",
        required=True,
        metavar="GÓI",
        help="gói chứa thang điểm và thành viên (.yaml, .json, .xlsx)",
    )
    template.add_argument("--output", required=True, metavar="TỆP", help="tệp .xlsx sẽ ghi ra")
    template.set_defaults(handler=template_command)


def empty_template(package: Package) -> Package:
    """The same cluster, year, framework and members with nothing reported yet."""
    return replace(package, inputs=Inputs())


def template_command(args: argparse.Namespace) -> int:
    try:
        package = load(args.framework)
    except PackageError as exc:
        print(f"{args.framework}: có {len(exc.problems)} lỗi", file=sys.stderr)
        for problem in exc.problems:
            print(str(problem), file=sys.stderr)
        return INVALID
    output = Path(args.output)
    if output.suffix.lower() != ".xlsx":
        print(f"{args.output}: tệp mẫu biểu phải có đuôi .xlsx", file=sys.stderr)
        return INVALID
    try:
        output.write_bytes(workbook_bytes(empty_template(package)))
    except OSError as exc:
        print(f"{args.output}: không ghi được tệp: {exc.strerror or exc}", file=sys.stderr)
        return INVALID
    print(
        f"{args.output}: đã tạo mẫu biểu cho {package.cluster.name} năm {package.year} "
        f"({len(package.members)} đơn vị, {len(package.framework.leaves())} tiêu chí chấm điểm)"
    )
    return 0
