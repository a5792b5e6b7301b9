"""`thidua upgrade` brings an installation up to date in one step: a backup first, migrate, collectstatic, check."""

from __future__ import annotations

import json
from pathlib import Path

from tests.deploy.site import make_site


def test_it_upgrades_in_one_step_and_backs_up_first_when_there_is_data(tmp_path: Path) -> None:
    site = make_site(tmp_path, "sqlite", "unused")
    first = site.thidua("upgrade")
    assert first.stdout.splitlines() == [
        "1/4 Bỏ qua sao lưu.",
        "2/4 Đã cập nhật cấu trúc cơ sở dữ liệu (migrate).",
        "3/4 Đã gom tệp tĩnh (collectstatic).",
        "4/4 Kiểm tra cấu hình: không có lỗi.",
        "Khởi động lại dịch vụ để chạy mã mới: sudo systemctl restart thidua-web thidua-worker",
    ]
    assert "No planned migration operations." in site.manage("migrate", "--plan").stdout
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    assert "css/thidua.css" in manifest["paths"]
    assert site.row_counts()["django_migrations"] > 0

    again = site.thidua("upgrade")
    backups = sorted((site.data_dir / "sao-luu").glob("thidua-*.tar.gz"))
    assert len(backups) == 1
    assert again.stdout.splitlines()[0] == f"1/4 Đã sao lưu trước khi nâng cấp: {backups[0]}"
