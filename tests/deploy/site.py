"""A ThiĐua installed from this repository into a temporary folder, driven as an operator would: by commands in
their own processes, with production settings (DEBUG off) unless asked otherwise."""

from __future__ import annotations

import hashlib
import os
import secrets
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# Variables of the test run that a server never has.
DROPPED = {
    "DEBUG",
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "SECRET_KEY",
    "HTTPS",
}


def postgres_url(suffix: str) -> str:
    """A database of our own beside the one of this test run (DATABASE_URL), or skip without PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs PostgreSQL: set DATABASE_URL")
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{parts.path.lstrip('/')}_{suffix}"))


def _pg_admin(url: str, *statements: str) -> None:
    import psycopg

    parts = urlsplit(url)
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


@dataclass
class Site:
    folder: Path
    engine: str
    database_url: str = ""
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(50))

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    @property
    def media_root(self) -> Path:
        return self.data_dir / "media"

    def env(self, **extra: str) -> dict[str, str]:
        base = {k: v for k, v in os.environ.items() if k not in DROPPED}
        env = {
            **base,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "PYTHONPATH": str(ROOT),
            "DEBUG": "0",
            "HTTPS": "0",
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "THIDUA_DATA_DIR": str(self.data_dir),
            "MEDIA_ROOT": str(self.media_root),
            "STATIC_ROOT": str(self.folder / "static"),
        }
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return {**env, **extra}

    def run(self, *command: str, check: bool = True, **extra: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            list(command), cwd=ROOT, env=self.env(**extra), capture_output=True, text=True, timeout=600
        )
        if check and result.returncode != 0:
            raise AssertionError(f"{command} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
        return result

    def thidua(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run(sys.executable, "-m", "thidua.cli", *args, check=check)

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run(sys.executable, "manage.py", *args, check=check)

    def create_database(self) -> None:
        if self.engine == "postgresql":
            name = urlsplit(self.database_url).path.lstrip("/")
            _pg_admin(
                self.database_url,
                f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                f'CREATE DATABASE "{name}"',
            )

    def wipe(self) -> None:
        """Lose everything: the database and the uploaded files."""
        if self.engine == "postgresql":
            self.create_database()
        else:
            for path in self.data_dir.glob("thidua.sqlite3*"):
                path.unlink()
        if self.media_root.exists():
            import shutil

            shutil.rmtree(self.media_root)

    def drop(self) -> None:
        if self.engine == "postgresql":
            name = urlsplit(self.database_url).path.lstrip("/")
            _pg_admin(self.database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def install(self) -> None:
        """What docs/cai-dat.md has the operator do, with the demo province as the data."""
        self.create_database()
        self.manage("migrate", "--no-input", "-v0")
        self.thidua("demo", "--allow-production")

    # Looked at from outside the application: its own tables and files, read directly.
    def row_counts(self) -> dict[str, int]:
        if self.engine == "postgresql":
            import psycopg

            with psycopg.connect(self.database_url) as conn:
                tables = [
                    r[0]
                    for r in conn.execute(
                        "SELECT table_name FROM information_schema.tables "
                        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                    )
                ]
                return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}
        path = self.data_dir / "thidua.sqlite3"
        if not path.exists():
            return {}
        conn = sqlite3.connect(path)
        try:
            tables = [
                r[0]
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}
        finally:
            conn.close()

    def users_checksum(self) -> str:
        query = "SELECT username, password, is_active FROM auth_user ORDER BY id"
        if self.engine == "postgresql":
            import psycopg

            with psycopg.connect(self.database_url) as conn:
                rows = conn.execute(query).fetchall()
        else:
            conn = sqlite3.connect(self.data_dir / "thidua.sqlite3")
            rows = conn.execute(query).fetchall()
            conn.close()
        return hashlib.sha256(repr([tuple(map(str, r)) for r in rows]).encode()).hexdigest()

    def uploads_checksum(self) -> dict[str, str]:
        return {
            p.relative_to(self.media_root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(self.media_root.rglob("*"))
            if p.is_file()
        }


def make_site(folder: Path, engine: str, suffix: str) -> Site:
    if engine == "sqlite" and os.environ.get("DATABASE_URL"):
        pytest.skip("the SQLite installation is tested by the run without DATABASE_URL")
    url = postgres_url(suffix) if engine == "postgresql" else ""
    return Site(folder=folder, engine=engine, database_url=url)
