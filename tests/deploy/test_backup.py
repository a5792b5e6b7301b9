"""`thidua backup` → everything lost → `thidua restore` gives back the same data: every table's rows, the accounts,
and the uploaded files byte for byte; on SQLite and, with DATABASE_URL set, on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.site import Site, make_site


@pytest.fixture(params=["sqlite", "postgresql"])
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Site]:
    site = make_site(tmp_path, request.param, "backup_test")
    site.install()
    # Uploads beyond the demo's signed agreements: a Vietnamese name, a nested folder, binary content.
    (site.media_root / "bang-chung" / "2026").mkdir(parents=True, exist_ok=True)
    (site.media_root / "bang-chung" / "2026" / "Biên bản kiểm tra.pdf").write_bytes(os.urandom(70_000))
    (site.media_root / "bang-chung" / "ảnh.png").write_bytes(bytes(range(256)) * 10)
    yield site
    site.drop()


def test_it_restores_the_same_data_after_everything_was_lost(site: Site, tmp_path: Path) -> None:
    rows, users, uploads = site.row_counts(), site.users_checksum(), site.uploads_checksum()
    assert rows["auth_user"] >= 9 and sum(rows.values()) > 500
    assert len(uploads) >= 7

    archive = tmp_path / "sao-luu" / "thidua.tar.gz"
    made = site.thidua("backup", str(archive))
    assert made.stdout.startswith(f"Đã sao lưu vào {archive}: {site.engine}, ")
    assert archive.stat().st_mode & 0o077 == 0  # personal data: the owner alone reads it

    # Without --yes nothing is replaced (an upload made after the backup stays).
    late = site.media_root / "moi.txt"
    late.write_text("tệp tải lên sau bản sao lưu", encoding="utf-8")
    refused = site.thidua("restore", str(archive), check=False)
    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        "Khôi phục sẽ thay toàn bộ cơ sở dữ liệu và tệp tải lên hiện có bằng nội dung bản sao lưu. "
        "Dừng dịch vụ (sudo systemctl stop thidua-web thidua-worker), rồi chạy lại với --yes."
    )
    assert site.row_counts() == rows
    assert site.uploads_checksum() == {**uploads, "moi.txt": site.uploads_checksum()["moi.txt"]}

    site.wipe()
    assert site.row_counts() == {}
    assert not site.media_root.exists()

    restored = site.thidua("restore", str(archive), "--yes")
    assert "khớp với bản sao lưu" in restored.stdout
    assert site.row_counts() == rows
    assert site.users_checksum() == users
    assert site.uploads_checksum() == uploads
    # The restored site works: Django sees every migration applied.
    plan = site.manage("migrate", "--plan")
    assert "No planned migration operations." in plan.stdout


def test_it_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    site = make_site(tmp_path, "sqlite", "unused")
    bogus = tmp_path / "khong-phai.tar.gz"
    bogus.write_bytes(b"not an archive")
    refused = site.thidua("restore", str(bogus), "--yes", check=False)
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"{bogus} không phải bản sao lưu ThiĐua (")
