"""The `thidua` command line. Package commands work on files with no database; the others set Django up."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Each module exposes `register(subparsers)`; it adds its commands with `set_defaults(handler=...)`.
# A handler takes the parsed arguments and returns the exit status.
COMMAND_MODULES = (
    "thidua.cli.package_commands",  # validate, score, template
    "thidua.cli.workbook_commands",  # template
    "thidua.cli.report_commands",  # report
    "thidua.cli.province_report_commands",  # province-report
    "thidua.cli.eligibility_commands",  # eligibility
    "thidua.cli.site_commands",  # demo, serve, manage
    "thidua.cli.ops_commands",  # backup, restore, upgrade
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thidua",
        description="ThiĐua: chấm điểm thi đua cụm, khối và quản lý khen thưởng.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="LỆNH")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Vietnamese output must survive a terminal or pipe whose encoding is not UTF-8.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8")
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    return int(handler(args))


if __name__ == "__main__":
    sys.exit(main())
