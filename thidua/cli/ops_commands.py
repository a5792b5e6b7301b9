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


def register(subparsers: Any) -> None:
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
