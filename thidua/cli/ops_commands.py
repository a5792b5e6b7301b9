"""`thidua backup`, `thidua restore`, `thidua upgrade`: what an operator runs on the server (docs/cai-dat.md)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

RESTART_HINT = "Khởi động lại dịch vụ để chạy mã mới: sudo systemctl restart thidua-web thidua-worker"
RESTORE_NEEDS_YES = (
    "Khôi phục sẽ thay toàn bộ cơ sở dữ liệu và tệp tải lên hiện có bằng nội dung bản sao lưu. "
    "Dừng dịch vụ (sudo systemctl stop thidua-web thidua-worker), rồi chạy lại với --yes."
)


def _django() -> None:
    """Set Django up without touching the schema: a backup copies what is there, a restore replaces it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def run_backup(args: argparse.Namespace) -> int:
    _django()
    from thidua.cli.backup import BackupError, backup, default_backup_path

    target = Path(args.file) if args.file else default_backup_path()
    try:
        manifest = backup(target)
    except BackupError as exc:
        print(exc, file=sys.stderr)
        return 1
    rows = sum(manifest["row_counts"].values())
    print(
        f"Đã sao lưu vào {target}: {manifest['engine']}, {len(manifest['row_counts'])} bảng, {rows} dòng, "
        f"{manifest['media']['files']} tệp tải lên."
    )
    return 0


def run_restore(args: argparse.Namespace) -> int:
    _django()
    from thidua.cli.backup import BackupError, read_manifest, restore

    archive = Path(args.file)
    try:
        manifest = read_manifest(archive)
        if not args.yes:
            print(RESTORE_NEEDS_YES, file=sys.stderr)
            return 2
        restore(archive)
    except BackupError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(
        f"Đã khôi phục bản sao lưu ngày {manifest['created_at']}: {len(manifest['row_counts'])} bảng và "
        f"{manifest['media']['files']} tệp tải lên, khớp với bản sao lưu."
    )
    print("Nếu mã đang chạy mới hơn bản sao lưu, chạy tiếp: thidua upgrade --no-backup")
    return 0


def run_upgrade(args: argparse.Namespace) -> int:
    """After new code is in place: a backup, the migrations, the static files, the checks; then restart."""
    _django()
    from django.core.checks import run_checks
    from django.core.management import call_command
    from django.db import connection

    from thidua.cli.backup import BackupError, backup, default_backup_path

    has_data = bool(connection.introspection.table_names())
    if has_data and not args.no_backup:
        target = default_backup_path()
        try:
            backup(target)
        except BackupError as exc:
            print(f"Dừng nâng cấp: không sao lưu được ({exc}).", file=sys.stderr)
            return 1
        print(f"1/4 Đã sao lưu trước khi nâng cấp: {target}")
    else:
        print("1/4 Bỏ qua sao lưu.")
    call_command("migrate", interactive=False, verbosity=0)
    print("2/4 Đã cập nhật cấu trúc cơ sở dữ liệu (migrate).")
    call_command("collectstatic", interactive=False, verbosity=0)
    print("3/4 Đã gom tệp tĩnh (collectstatic).")
    serious = [message for message in run_checks(include_deployment_checks=True) if message.is_serious()]
    if serious:
        print("4/4 Kiểm tra cấu hình có lỗi, chưa khởi động lại:", file=sys.stderr)
        for message in serious:
            print(f"  {message}", file=sys.stderr)
        return 1
    print("4/4 Kiểm tra cấu hình: không có lỗi.")
    print(RESTART_HINT)
    return 0


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    import getpass

    first = getpass.getpass("Mật khẩu: ")
    if getpass.getpass("Nhập lại mật khẩu: ") != first:
        raise SystemExit("Hai lần nhập mật khẩu không khớp.")
    return first


def run_init_province(args: argparse.Namespace) -> int:
    """First set-up of a live installation: the province and its first Ban Thi đua – Khen thưởng account, which
    then creates units, clusters and users in the browser. The installer acts as the system (SystemActor)."""
    _django()
    import datetime as dt

    from django.db import transaction

    from thidua.accounts.access import SystemActor
    from thidua.accounts.models import Role
    from thidua.accounts.services import role_assign, user_create
    from thidua.core.errors import ThiduaError
    from thidua.org.services import province_create

    password = _read_password(args)
    system = SystemActor()
    try:
        with transaction.atomic():
            province = province_create(
                actor=system,
                code=args.code,
                name=args.name,
                valid_from=dt.date.fromisoformat(args.valid_from),
            )
            user = user_create(
                actor=system,
                username=args.admin,
                full_name=args.full_name,
                email=args.email,
                password=password,
                province=province,
            )
            role_assign(actor=system, user=user, role=Role.BOARD_ADMIN, unit=province)
    except ThiduaError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    print(
        f"Đã tạo {province.name} (mã {province.code}) và tài khoản {user.username} của Ban Thi đua – Khen thưởng. "
        "Đăng nhập để tạo đơn vị, cụm, khối và người dùng."
    )
    return 0


def register(subparsers: Any) -> None:
    init = subparsers.add_parser(
        "init-province", help="cài đặt lần đầu: tạo tỉnh và tài khoản đầu tiên của Ban Thi đua – Khen thưởng"
    )
    init.add_argument("--code", required=True, help="mã tỉnh, ví dụ AG")
    init.add_argument("--name", required=True, help="tên tỉnh, ví dụ 'Tỉnh An Giang'")
    init.add_argument("--admin", required=True, help="tên đăng nhập của cán bộ Ban Thi đua – Khen thưởng")
    init.add_argument("--full-name", default="", help="họ và tên")
    init.add_argument("--email", default="", help="thư điện tử (để đặt lại mật khẩu)")
    init.add_argument("--valid-from", default="2025-07-01", help="ngày tỉnh có hiệu lực (YYYY-MM-DD)")
    init.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ đầu vào chuẩn")
    init.set_defaults(handler=run_init_province)
    backup = subparsers.add_parser("backup", help="sao lưu cơ sở dữ liệu và tệp tải lên vào một tệp .tar.gz")
    backup.add_argument(
        "file", nargs="?", help="tệp đích (mặc định: THIDUA_DATA_DIR/sao-luu/thidua-NGÀY.tar.gz)"
    )
    backup.set_defaults(handler=run_backup)
    restore = subparsers.add_parser(
        "restore", help="khôi phục cơ sở dữ liệu và tệp tải lên từ một bản sao lưu"
    )
    restore.add_argument("file", help="tệp .tar.gz do thidua backup tạo")
    restore.add_argument("--yes", action="store_true", help="đồng ý thay dữ liệu hiện có")
    restore.set_defaults(handler=run_restore)
    upgrade = subparsers.add_parser(
        "upgrade", help="nâng cấp sau khi cập nhật mã: sao lưu, migrate, collectstatic, kiểm tra"
    )
    upgrade.add_argument("--no-backup", action="store_true", help="không sao lưu trước")
    upgrade.set_defaults(handler=run_upgrade)
