"""Report documents: asked for on the page, made by the task (immediate backend in tests), stored under
MEDIA_ROOT, served only through the download view to those who may see the scores."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from thidua.agreements.models import ScoreSnapshot
from thidua.conftest import Org
from thidua.core.errors import AccessDenied, InvalidInput
from thidua.core.models import AuditEvent
from thidua.reporting import services
from thidua.reporting.models import DocumentStatus, GeneratedDocument


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def docx_as_pdf_text(data: bytes, folder: Path) -> str:
    """Open the .docx the way a reader would, with LibreOffice, and read what it prints."""
    source = folder / "bao-cao.docx"
    source.write_bytes(data)
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{folder}/lo-profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return pdf_text(folder / "bao-cao.pdf")


def ask(client: Client, url: str, fmt: str, capture: Callable[..., Any]) -> Any:
    with capture(execute=True):
        return client.post(url, {"format": fmt})


def stored_file(document: GeneratedDocument) -> Path:
    return Path(str(settings.MEDIA_ROOT)) / document.file.name


def test_it_makes_the_cluster_report_as_docx_that_libreoffice_opens(
    org: Org,
    cluster_leader: User,
    scored: ScoreSnapshot,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(cluster_leader)
    client.post(
        reverse("reporting:section_save", args=[org.cluster_year.pk, "shortcomings"]),
        {"text": "- Thu ngân sách của Xã Thạnh Lộc chưa đạt kế hoạch.", "version": "0"},
    )
    response = ask(
        client,
        reverse("reporting:cluster_request", args=[org.cluster_year.pk]),
        "docx",
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    document = GeneratedDocument.objects.get()
    assert document.status == DocumentStatus.DONE
    assert document.progress == 100
    assert document.requested_by == cluster_leader
    assert document.file_name == "bao-cao-tong-ket-CUM5-2026.docx"
    assert stored_file(document).is_file()
    assert str(stored_file(document)).startswith(str(settings.MEDIA_ROOT))
    text = docx_as_pdf_text(stored_file(document).read_bytes(), tmp_path)
    flat = " ".join(text.split())
    assert "đơn vị dẫn đầu là Xã Vĩnh Hòa đạt 910,00 điểm" in flat
    assert "Thu ngân sách của Xã Thạnh Lộc chưa đạt kế hoạch." in flat
    actions = list(
        AuditEvent.objects.filter(object_type="reporting.generateddocument")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["report.request", "report.generate"]
    generated = AuditEvent.objects.get(action="report.generate")
    assert generated.after["status"] == "done" and generated.after["size"] == document.size


def test_it_makes_the_cluster_report_as_pdf_with_the_statistics(
    org: Org, board_admin: User, scored: ScoreSnapshot, django_capture_on_commit_callbacks: Any
) -> None:
    ask(
        client_for(board_admin),
        reverse("reporting:cluster_request", args=[org.cluster_year.pk]),
        "pdf",
        django_capture_on_commit_callbacks,
    )
    document = GeneratedDocument.objects.get()
    flat = " ".join(pdf_text(stored_file(document)).split())
    assert "có 1/3 đơn vị đạt loại Xuất sắc (Xã Vĩnh Hòa)" in flat
    assert "Phần hạn chế, tồn tại chưa được" in flat  # the leader has not written it: the report says so


@pytest.mark.parametrize(
    "persona", ["council_member", "unit_officer", "observer", "data_source_reviewer", "outsider"]
)
def test_it_refuses_to_make_a_report_for_anyone_but_the_board_and_leader(
    org: Org, scored: ScoreSnapshot, persona: str, request: pytest.FixtureRequest
) -> None:
    with pytest.raises(AccessDenied):
        services.cluster_report_request(
            actor=request.getfixturevalue(persona), cluster_year=org.cluster_year, fmt="pdf"
        )
    assert not GeneratedDocument.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="report.").exists()


def test_it_refuses_a_report_of_a_cluster_year_never_scored(org: Org, board_admin: User) -> None:
    with pytest.raises(InvalidInput) as caught:
        services.cluster_report_request(actor=board_admin, cluster_year=org.cluster_year, fmt="pdf")
    assert caught.value.message == (
        "Cụm thi đua số 5 năm 2026 chưa có kết quả chấm điểm được lưu, chưa tạo được báo cáo."
    )
    assert not GeneratedDocument.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("cluster_leader", 200),
        ("board_admin", 200),
        ("council_member", 200),
        ("unit_officer", 404),
        ("observer", 404),
        ("data_source_reviewer", 404),
        ("outsider", 403),
    ],
)
def test_it_serves_the_file_only_to_those_who_may_see_the_scores(
    org: Org,
    board_admin: User,
    scored: ScoreSnapshot,
    persona: str,
    status: int,
    request: pytest.FixtureRequest,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        document = services.cluster_report_request(actor=board_admin, cluster_year=org.cluster_year, fmt="md")
    response = client_for(request.getfixturevalue(persona)).get(
        reverse("reporting:document_download", args=[document.pk])
    )
    assert response.status_code == status
    if status == 200:
        content = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
        assert "Xã Vĩnh Hòa" in content
        assert response["Content-Disposition"] == 'attachment; filename="bao-cao-tong-ket-CUM5-2026.md"'
        assert response["Cache-Control"] == "private, no-store"


def test_it_refuses_an_anonymous_download(org: Org, board_admin: User, scored: ScoreSnapshot) -> None:
    document = services.cluster_report_request(actor=board_admin, cluster_year=org.cluster_year, fmt="md")
    response = Client().get(reverse("reporting:document_download", args=[document.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/")


def test_it_shows_progress_until_the_worker_has_finished(
    org: Org, board_admin: User, scored: ScoreSnapshot, settings: Any
) -> None:
    # The database backend queues the task; nothing runs until the worker (here: the task body) takes it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    document = services.cluster_report_request(actor=board_admin, cluster_year=org.cluster_year, fmt="xlsx")
    client = client_for(board_admin)
    row = client.get(reverse("reporting:document_status", args=[document.pk]), headers={"HX-Request": "true"})
    html = row.content.decode()
    assert 'hx-trigger="every 2s"' in html and "Đang chờ" in html
    assert reverse("reporting:document_download", args=[document.pk]) not in html
    assert client.get(reverse("reporting:document_download", args=[document.pk])).status_code == 404

    assert services.document_generate(document_id=document.pk) == "done"
    # A second run of the same task (a worker restarted) finds the document taken and changes nothing.
    assert services.document_generate(document_id=document.pk) == "skipped"
    assert AuditEvent.objects.filter(action="report.generate").count() == 1
    html = client.get(reverse("reporting:document_status", args=[document.pk])).content.decode()
    assert "hx-trigger" not in html
    assert reverse("reporting:document_download", args=[document.pk]) in html


def test_it_records_a_failure_the_user_can_see(
    org: Org, board_admin: User, scored: ScoreSnapshot, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    document = services.cluster_report_request(actor=board_admin, cluster_year=org.cluster_year, fmt="pdf")
    # The stored results disappear before the worker runs (a snapshot removed by an administrator).
    ScoreSnapshot.objects.all().delete()
    assert services.document_generate(document_id=document.pk) == "failed"
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert document.error == "Cụm thi đua số 5 năm 2026 chưa có kết quả chấm điểm được lưu."
    assert not document.file
    assert AuditEvent.objects.get(action="report.fail").after["status"] == "failed"


def test_it_makes_the_province_report_with_every_scored_cluster(
    org: Org, board_admin: User, scored: ScoreSnapshot, django_capture_on_commit_callbacks: Any
) -> None:
    ask(
        client_for(board_admin),
        reverse("reporting:province_request", args=[org.province.pk, 2026]),
        "pdf",
        django_capture_on_commit_callbacks,
    )
    document = GeneratedDocument.objects.get()
    assert document.status == DocumentStatus.DONE
    assert document.file_name == "bao-cao-tong-ket-toan-tinh-2026.pdf"
    flat = " ".join(pdf_text(stored_file(document)).split())
    assert "Năm 2026, tỉnh Mẫu có 1 cụm thi đua với 3 đơn vị tham gia." in flat
    assert "1 đơn vị được đề nghị tặng Cờ thi đua của UBND tỉnh" in flat
    # Cụm 6 has no stored results and is left out.
    assert "Cụm thi đua số 6" not in flat
    assert "Sổ khen thưởng chưa ghi nhận khen thưởng nào cho thành tích năm 2026." in flat


@pytest.mark.parametrize("persona", ["council_member", "cluster_leader", "observer", "unit_officer"])
def test_it_refuses_the_province_report_to_anyone_but_the_board(
    org: Org, scored: ScoreSnapshot, persona: str, request: pytest.FixtureRequest
) -> None:
    with pytest.raises(AccessDenied):
        services.province_report_request(
            actor=request.getfixturevalue(persona), province=org.province, year=2026, fmt="pdf"
        )
    assert not GeneratedDocument.objects.exists()


def test_it_refuses_a_province_report_of_a_year_without_results(org: Org, board_admin: User) -> None:
    with pytest.raises(InvalidInput) as caught:
        services.province_report_request(actor=board_admin, province=org.province, year=2026, fmt="pdf")
    assert caught.value.message == "Năm 2026 chưa có cụm, khối thi đua nào có kết quả chấm điểm được lưu."
    assert not GeneratedDocument.objects.exists()
