"""Back up and restore a whole installation: the database and the uploaded files, in one archive.

The archive (`.tar.gz`, readable with `tar`) holds
- `thidua-backup.json`: what it is — format, engine, when, the migrations applied, every table's row count and a
  fingerprint (count and SHA-256) of the uploaded files, so a restore can prove it gave back what was saved;
- the database, in its engine's own faithful form: SQLite copied through SQLite's online backup API (a consistent
  snapshot while the site runs), PostgreSQL through `pg_dump --format=custom` (restored by `pg_restore`);
- `media/`: MEDIA_ROOT as it was.

A restore replaces the database and the uploaded files with the archive's, into the same engine only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT = "thidua.backup/1"
MANIFEST = "thidua-backup.json"
MEDIA_DIR = "media"
DB_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Fingerprint:
    files: int
    sha256: str


def _files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                yield path


def media_fingerprint(root: Path) -> Fingerprint:
    """Count and one SHA-256 over every file's relative path and content, in path order."""
    total = hashlib.sha256()
    count = 0
    for path in _files(root):
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        total.update(f"{path.relative_to(root).as_posix()}\0{digest.hexdigest()}\n".encode())
        count += 1
    return Fingerprint(files=count, sha256=total.hexdigest())


def database_row_counts() -> dict[str, int]:
    """Every table of the database (the framework's and the task queue's too) with its number of rows."""
    from django.db import connection

    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = int(cursor.fetchone()[0])
    return counts


def applied_migrations() -> dict[str, str]:
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return {}
    latest: dict[str, str] = {}
    for app, name in sorted(recorder.applied_migrations()):
        latest[app] = max(latest.get(app, name), name)
    return latest


def engine() -> str:
    from django.db import connection

    vendor = connection.vendor
    if vendor not in DB_FILES:
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại {vendor}.")
    return vendor


def _pg_env() -> dict[str, str]:
    """libpq's variables from the Django settings: the password never appears on a command line."""
    from django.db import connection

    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": str(db["NAME"])}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"Không tìm thấy lệnh {command[0]}: cài gói postgresql-client cùng phiên bản với máy chủ PostgreSQL."
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} thất bại: {result.stderr.strip()[-2000:]}")


def _dump_database(kind: str, target: Path) -> None:
    from django.db import connection

    if kind == "sqlite":
        source = sqlite3.connect(str(connection.settings_dict["NAME"]))
        copy = sqlite3.connect(str(target))
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"], _pg_env())


def default_backup_path() -> Path:
    from django.conf import settings

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path(settings.DATA_DIR) / "sao-luu" / f"thidua-{stamp}.tar.gz"


def backup(target: Path) -> dict[str, Any]:
    """Write the archive to `target` (readable by its owner only) and return its manifest."""
    from django.conf import settings

    kind = engine()
    media_root = Path(settings.MEDIA_ROOT)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".sao-luu-") as work:
        db_file = Path(work) / DB_FILES[kind]
        # The database first: a file uploaded meanwhile is at worst an extra file, never a missing one.
        _dump_database(kind, db_file)
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "engine": kind,
            "database_file": DB_FILES[kind],
            "migrations": applied_migrations(),
            "row_counts": database_row_counts(),
        }
        fingerprint = media_fingerprint(media_root)
        manifest["media"] = {"files": fingerprint.files, "sha256": fingerprint.sha256}
        (Path(work) / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        partial = Path(work) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(Path(work) / MANIFEST, arcname=MANIFEST)
            archive.add(db_file, arcname=DB_FILES[kind])
            for path in _files(media_root):
                archive.add(path, arcname=f"{MEDIA_DIR}/{path.relative_to(media_root).as_posix()}")
        partial.chmod(0o600)
        os.replace(partial, target)
    return manifest


def read_manifest(archive_path: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive_path, "r:*") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest: dict[str, Any] = json.loads(member.read().decode("utf-8"))
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError(f"{archive_path} không phải bản sao lưu ThiĐua ({exc}).") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive_path}: định dạng {manifest.get('format')!r} không phải {FORMAT}.")
    return manifest


def _restore_database(kind: str, dump: Path) -> None:
    from django.db import connection, connections

    connections.close_all()
    if kind == "sqlite":
        source = sqlite3.connect(str(dump))
        live = sqlite3.connect(str(connection.settings_dict["NAME"]), timeout=30)
        try:
            source.backup(live)
        finally:
            live.close()
            source.close()
    else:
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={_pg_env()['PGDATABASE']}",
                str(dump),
            ],
            _pg_env(),
        )
    connections.close_all()


def _swap_media(extracted: Path, media_root: Path) -> None:
    media_root.parent.mkdir(parents=True, exist_ok=True)
    old = media_root.with_name(media_root.name + ".truoc-khoi-phuc")
    if old.exists():
        shutil.rmtree(old)
    if media_root.exists():
        os.replace(media_root, old)
    if extracted.exists():
        shutil.move(str(extracted), str(media_root))
    else:
        media_root.mkdir()
    if old.exists():
        shutil.rmtree(old)


def restore(archive_path: Path) -> dict[str, Any]:
    """Replace the database and the uploaded files with the archive's; check the result against its manifest."""
    from django.conf import settings

    manifest = read_manifest(archive_path)
    kind = engine()
    if manifest["engine"] != kind:
        raise BackupError(
            f"Bản sao lưu là của {manifest['engine']}, cơ sở dữ liệu đang dùng là {kind}: chỉ khôi phục vào "
            "cùng loại cơ sở dữ liệu (đặt DATABASE_URL cho đúng rồi chạy lại)."
        )
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".khoi-phuc-") as work:
        with tarfile.open(archive_path, "r:*") as archive:
            # The "data" filter refuses absolute paths, "..", links outside and device files.
            archive.extractall(work, filter="data")
        _restore_database(kind, Path(work) / manifest["database_file"])
        _swap_media(Path(work) / MEDIA_DIR, media_root)
    counts = database_row_counts()
    fingerprint = media_fingerprint(media_root)
    problems = [
        f"bảng {table}: {counts.get(table)} dòng, bản sao lưu có {expected}"
        for table, expected in manifest["row_counts"].items()
        if counts.get(table) != expected
    ]
    if (fingerprint.files, fingerprint.sha256) != (manifest["media"]["files"], manifest["media"]["sha256"]):
        problems.append(f"tệp tải lên: {fingerprint.files} tệp, bản sao lưu có {manifest['media']['files']}")
    if problems:
        raise BackupError("Khôi phục xong nhưng không khớp bản sao lưu: " + "; ".join(problems) + ".")
    return manifest
