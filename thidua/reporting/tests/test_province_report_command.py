"""`thidua province-report`: the province report from several package files, with no database."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from thidua.cli import main

EXAMPLE = Path("/work/shared/examples/cum-mau-2026.yaml")


def cluster_file(folder: Path, n: int, *, year: int = 2026) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("AG-CUM5", f"AG-CUM{n}").replace("Cụm thi đua số 5", f"Cụm thi đua số {n}")
    text = text.replace("year: 2026", f"year: {year}", 1)
    path = folder / f"cum{n}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_it_writes_the_province_report_of_several_packages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["province-report", str(cluster_file(tmp_path, 5)), str(cluster_file(tmp_path, 6))])
    out = capsys.readouterr().out
    assert status == 0
    assert "Năm 2026, tỉnh An Giang có 2 cụm thi đua với 10 đơn vị tham gia." in out
    assert "| 2 | Cụm thi đua số 6 | 5 | Xã Vĩnh Hòa | 906,00 | Cờ thi đua của UBND tỉnh |" in out


def test_it_writes_a_pdf_that_reads_back_with_the_statistics(tmp_path: Path) -> None:
    output = tmp_path / "tinh.pdf"
    status = main(
        [
            "province-report",
            str(cluster_file(tmp_path, 5)),
            str(cluster_file(tmp_path, 6)),
            "--format",
            "pdf",
            "--output",
            str(output),
            "--signer",
            "Nguyễn Văn B",
        ]
    )
    assert status == 0
    text = subprocess.run(["pdftotext", str(output), "-"], check=True, capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert "4 đơn vị được đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh" in flat
    assert "Nguyễn Văn B" in flat


def test_it_refuses_packages_of_different_years(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(
        ["province-report", str(cluster_file(tmp_path, 5)), str(cluster_file(tmp_path, 6, year=2025))]
    )
    assert status == 2
    assert capsys.readouterr().err == "Các gói dữ liệu thuộc nhiều năm (2025, 2026); hãy ghi --year.\n"


def test_it_refuses_the_same_cluster_twice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = cluster_file(tmp_path, 5)
    assert main(["province-report", str(path), str(path)]) == 2
    assert capsys.readouterr().err == "Một cụm, khối có mặt hai lần: AG-CUM5\n"


def test_it_reports_a_broken_package_by_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "hong.yaml"
    broken.write_text("format: thidua.package/1\nyear: 2026\n", encoding="utf-8")
    assert main(["province-report", str(cluster_file(tmp_path, 5)), str(broken)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{broken}: ")


def test_it_needs_an_output_file_for_binary_formats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["province-report", str(cluster_file(tmp_path, 5)), "--format", "docx"]) == 2
    assert capsys.readouterr().err == "Định dạng docx cần --output TỆP.\n"
