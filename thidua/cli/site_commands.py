"""`thidua demo`, `thidua serve`, `thidua manage`: the commands that need Django and the database."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any


def setup_django() -> None:
    """Set Django up from the command line, and bring the database schema up to date first."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)


def format_logins(rows: list[Any]) -> str:
    """The demo logins as a plain text table, widths measured in characters so Vietnamese aligns."""
    header = ("Tên đăng nhập", "Mật khẩu", "Vai trò", "Phạm vi")
    from thidua.org.demo import DEMO_PASSWORD

    body = [(r.username, DEMO_PASSWORD, r.role, r.scope) for r in rows]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip() for line in [header, *body]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


DEMO_REFUSED_IN_PRODUCTION = (
    "Không nạp tỉnh mẫu khi chạy với cấu hình sản xuất (DEBUG tắt): tỉnh mẫu tạo các tài khoản có mật khẩu "
    "công khai, kể cả tài khoản Ban Thi đua – Khen thưởng. Chỉ dùng trên máy thử; nếu đây đúng là máy thử, "
    "chạy lại với --allow-production."
)


def demo_refusal(*, allow_production: bool) -> str | None:
    """Why the demo may not be loaded here, or None: its published passwords have no place on a live server."""
    from django.conf import settings

    if settings.DEBUG or allow_production:
        return None
    return DEMO_REFUSED_IN_PRODUCTION


def run_demo(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    refusal = demo_refusal(allow_production=args.allow_production)
    if refusal:
        print(refusal, file=sys.stderr)
        return 2
    setup_django()
    from thidua.awards.demo import SUMMARY as AWARDS
    from thidua.cycle.demo import SUMMARY
    from thidua.movements.demo import SUMMARY as MOVEMENTS
    from thidua.org.demo import load_demo

    logins = load_demo()
    print("Đã nạp tỉnh mẫu: Kiên Giang 2017–2018 và An Giang 2026 (Cụm thi đua số 5).")
    print(SUMMARY)
    print(AWARDS, MOVEMENTS)
    print(format_logins(logins))
    return 0


def run_serve(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command

    call_command("runserver", args.address)
    return 0


def run_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["thidua manage", *args.arguments])
    return 0


def register(subparsers: Any) -> None:
    demo = subparsers.add_parser("demo", help="nạp tỉnh mẫu và các tài khoản dùng thử (chạy lại không sao)")
    demo.add_argument(
        "--allow-production",
        action="store_true",
        help="nạp cả khi DEBUG tắt (chỉ cho máy thử: các tài khoản mẫu có mật khẩu công khai)",
    )
    demo.set_defaults(handler=run_demo)
    serve = subparsers.add_parser("serve", help="chạy máy chủ phát triển")
    serve.add_argument("address", nargs="?", default="127.0.0.1:8000")
    serve.set_defaults(handler=run_serve)
    manage = subparsers.add_parser("manage", help="chạy một lệnh quản trị Django (manage.py)")
    manage.add_argument("arguments", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=run_manage)
