"""`thidua report` writes every format; .docx and .xlsx survive a LibreOffice conversion with the figures intact."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from thidua.cli import main

EXAMPLE = "/work/shared/examples/cum-mau-2026.yaml"
needs_libreoffice = pytest.mark.skipif(
    shutil.which("libreoffice") is None, reason="libreoffice không có trên PATH"
)
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext không có trên PATH")


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout


def to_pdf(source: Path) -> Path:
    subprocess.run(
        ["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(source.parent), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return source.with_suffix(".pdf")


def report(tmp_path: Path, fmt: str) -> Path:
    output = tmp_path / f"bao-cao.{fmt}"
    assert main(["report", EXAMPLE, "--format", fmt, "--output", str(output), "--date", "2027-01-15"]) == 0
    return output


def test_it_writes_markdown_with_the_statistics(tmp_path: Path) -> None:
    text = report(tmp_path, "md").read_text(encoding="utf-8")
    assert "An Giang, ngày 15 tháng 01 năm 2027" in text
    assert "358,87 tỷ đồng, bằng 120,55% kế hoạch" in text
    assert (
        "| 1 | Xã Vĩnh Hòa | 896,00 | 10,00 | 0,00 | 906,00 | Xuất sắc | Cờ thi đua của UBND tỉnh |" in text
    )


@needs_poppler
def test_it_writes_a_pdf_with_the_statistics(tmp_path: Path) -> None:
    text = " ".join(pdf_text(report(tmp_path, "pdf")).split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "358,87 tỷ đồng, bằng 120,55% kế hoạch" in text
    assert "Nơi nhận:" in text


@needs_libreoffice
@needs_poppler
def test_it_writes_a_docx_that_libreoffice_renders(tmp_path: Path) -> None:
    text = " ".join(pdf_text(to_pdf(report(tmp_path, "docx"))).split())
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: …/BC-CTĐ" in text
    assert "358,87 tỷ đồng, bằng 120,55% kế hoạch" in text
    assert "có 4/5 đơn vị đạt từ 80% trở lên" in text


@needs_libreoffice
@needs_poppler
def test_it_writes_an_xlsx_with_vietnamese_number_formats(tmp_path: Path) -> None:
    text = pdf_text(to_pdf(report(tmp_path, "xlsx")))
    # Numbers are stored as numbers; the Vietnamese locale tag makes them print as people write them.
    assert "906,00" in text
    assert "8.778" in text
    assert "120,55%" in text


def test_it_exits_2_with_the_package_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "goi.yaml"
    broken.write_text(
        Path(EXAMPLE).read_text(encoding="utf-8").replace("RACH-GIA: 120,", "XA-LA: 120,"), encoding="utf-8"
    )
    output = tmp_path / "bao-cao.md"
    assert main(["report", str(broken), "--format", "md", "--output", str(output)]) == 2
    assert "targets.1.1.XA-LA" in capsys.readouterr().err
    assert not output.exists()
