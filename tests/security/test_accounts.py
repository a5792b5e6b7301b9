"""Issue 13's account and observer findings: provisional results kept from observers on the conference page and
in the minutes, the admin's filters scoped to the officer's province, passwords and token events."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import docx
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from thidua.accounts import services
from thidua.accounts.access import SystemActor
from thidua.conftest import PERSONA_PASSWORD, Org
from thidua.core.errors import InvalidInput
from thidua.core.models import AuditEvent
from thidua.cycle.models import Cycle, CycleState
from thidua.cycle.tests.conftest import move_to
from thidua.org.models import Unit

PROVISIONAL_SHOWN = "Kết quả chấm điểm lúc"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def docx_text(data: bytes) -> str:
    return "\n".join(
        [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
        + [c.text for t in docx.Document(io.BytesIO(data)).tables for row in t.rows for c in row.cells]
    )


def pdf_text(data: bytes, folder: Path) -> str:
    path = folder / "bien-ban.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout


# ---- the observer and provisional results ----------------------------------------------------------------------


def test_it_keeps_provisional_results_from_observers_on_the_conference_page(
    cycle: Cycle, observer: User, board_admin: User
) -> None:
    cycle = move_to(cycle, CycleState.PROVISIONAL)
    url = reverse("conference:cluster_year", args=[cycle.cluster_year_id])
    assert PROVISIONAL_SHOWN in client_for(board_admin).get(url).content.decode()
    page = client_for(observer).get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert PROVISIONAL_SHOWN not in body and "Chưa có kết quả chấm điểm của năm." in body
    cycle = move_to(cycle, CycleState.FINAL)
    assert PROVISIONAL_SHOWN in client_for(observer).get(url).content.decode()


def test_it_keeps_provisional_results_from_observers_in_the_minutes(
    cycle: Cycle, observer: User, board_admin: User, tmp_path: Path
) -> None:
    cycle = move_to(cycle, CycleState.PROVISIONAL)
    docx_url = reverse("conference:minutes", args=[cycle.cluster_year_id, "docx"])
    pdf_url = reverse("conference:minutes", args=[cycle.cluster_year_id, "pdf"])
    assert PROVISIONAL_SHOWN in docx_text(client_for(board_admin).get(docx_url).content)
    observer_docx = docx_text(client_for(observer).get(docx_url).content)
    assert PROVISIONAL_SHOWN not in observer_docx
    assert "Chưa có kết quả chấm điểm cuối cùng của năm." in observer_docx
    observer_pdf = " ".join(pdf_text(client_for(observer).get(pdf_url).content, tmp_path).split())
    assert "Kết quả chấm điểm lúc" not in observer_pdf
    assert "Chưa có kết quả chấm điểm cuối cùng của năm." in observer_pdf


# ---- the admin's filter sidebar -----------------------------------------------------------------------------------


def test_it_lists_only_the_officers_province_in_the_admins_filters(org: Org, board_admin: User) -> None:
    services.user_admin_site_grant(actor=SystemActor(), user=board_admin)
    body = client_for(board_admin).get("/admin/org/unit/").content.decode()
    assert "Xã Vĩnh Hòa" in body  # the province's own units are listed
    assert org.province.name in body  # and its name in the province filter
    assert "Tỉnh Khác" not in body and "Xã Tỉnh Khác" not in body
    assert Unit.objects.filter(name="Tỉnh Khác").exists()


# ---- passwords --------------------------------------------------------------------------------------------------


def test_it_refuses_the_demo_password_and_common_vietnamese_ones_in_vietnamese(
    org: Org, board_admin: User
) -> None:
    cases = {
        PERSONA_PASSWORD: "Đây là mật khẩu công khai của bản trình diễn; hãy chọn mật khẩu khác.",
        "matkhau123": "Mật khẩu này quá phổ biến, dễ bị đoán ra; hãy chọn mật khẩu khác.",
        "Mật Khẩu 123": "Mật khẩu này quá phổ biến, dễ bị đoán ra; hãy chọn mật khẩu khác.",
        "ngan": "Mật khẩu quá ngắn: cần ít nhất 10 ký tự.",
        "20262026202620": "Mật khẩu không được chỉ gồm chữ số.",
    }
    for password, message in cases.items():
        try:
            services.user_create(actor=board_admin, username="moi", full_name="Người Mới", password=password)
        except InvalidInput as exc:
            assert message in exc.message, (password, exc.message)
        else:
            raise AssertionError(f"{password} was accepted")
    assert not User.objects.filter(username="moi").exists()


def test_it_refuses_the_demo_password_on_password_change_and_audits_a_change(outsider: User) -> None:
    client = client_for(outsider)
    refused = client.post(
        reverse("password_change"),
        {"old_password": PERSONA_PASSWORD, "new_password1": "thidua2026", "new_password2": "thidua2026"},
    )
    assert refused.status_code == 200
    assert "Đây là mật khẩu công khai của bản trình diễn; hãy chọn mật khẩu khác." in refused.content.decode()
    assert not AuditEvent.objects.filter(action="user.password_change").exists()
    outsider.refresh_from_db()
    assert outsider.check_password(PERSONA_PASSWORD)
    changed = client.post(
        reverse("password_change"),
        {
            "old_password": PERSONA_PASSWORD,
            "new_password1": "Song-Hong-mua-lu",
            "new_password2": "Song-Hong-mua-lu",
        },
    )
    assert changed.status_code == 302
    event = AuditEvent.objects.get(action="user.password_change")
    assert (event.object_type, event.object_id, event.actor_id) == (
        "auth.user",
        str(outsider.pk),
        outsider.pk,
    )
    assert "Song-Hong" not in str(event.after)


# ---- token events carry the owner's province ------------------------------------------------------------------------


def test_it_files_token_events_under_the_owners_province(org: Org, unit_officer: User) -> None:
    issued = services.token_issue(actor=unit_officer, user=unit_officer, name="Bảng tổng hợp")
    services.token_revoke(actor=unit_officer, token=issued.token)
    events = AuditEvent.objects.filter(action__startswith="api_token.").order_by("id")
    assert [(e.action, e.province_id) for e in events] == [
        ("api_token.issue", org.province.pk),
        ("api_token.revoke", org.province.pk),
    ]


# ---- right-to-left overrides in names ------------------------------------------------------------------------------

RLO = "\u202e"


def test_it_refuses_every_bidirectional_control_in_a_name() -> None:
    from thidua.core.text import BIDI_CONTROLS, refuse_bidi_controls

    assert len(BIDI_CONTROLS) == 12
    for char in BIDI_CONTROLS:
        try:
            refuse_bidi_controls(f"Xã{char}Mới", label="Tên", field="name")
        except InvalidInput as exc:
            assert exc.message == (
                f"Tên có ký tự điều khiển hướng chữ (U+{ord(char):04X}), có thể làm tên hiển thị khác với tên "
                "thật; hãy gõ lại tên, không dán ký tự này."
            )
        else:
            raise AssertionError(f"U+{ord(char):04X} was accepted")
    assert refuse_bidi_controls("Xã Vĩnh Hòa", label="Tên") == "Xã Vĩnh Hòa"


def test_it_refuses_a_right_to_left_override_in_unit_cluster_and_user_names(
    org: Org, board_admin: User
) -> None:
    from thidua.org import services as org_services
    from thidua.org.models import Cluster, UnitLevel

    units, clusters, users = Unit.objects.count(), Cluster.objects.count(), User.objects.count()
    attempts = [
        lambda: org_services.unit_create(
            actor=board_admin,
            province=org.province,
            level=UnitLevel.COMMUNE,
            code="XA-MOI",
            name=f"Xã {RLO}ahk",
        ),
        lambda: org_services.cluster_create(
            actor=board_admin, province=org.province, kind="cum", code="CUM9", name=f"Cụm {RLO}9"
        ),
        lambda: services.user_create(
            actor=board_admin, username="nguoimoi", full_name=f"Nguyễn {RLO}An", password="Song-Hong-mua-lu"
        ),
        lambda: services.user_create(
            actor=board_admin, username=f"admin{RLO}", full_name="Nguyễn An", password="Song-Hong-mua-lu"
        ),
    ]
    for attempt in attempts:
        try:
            attempt()
        except InvalidInput as exc:
            assert "có ký tự điều khiển hướng chữ (U+202E)" in exc.message
        else:
            raise AssertionError("a name with U+202E was accepted")
    assert (Unit.objects.count(), Cluster.objects.count(), User.objects.count()) == (units, clusters, users)


def test_it_refuses_an_uploaded_file_whose_name_carries_a_right_to_left_override() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from thidua.cycle.files import check_upload

    upload = SimpleUploadedFile(
        f"minh-chung{RLO}fdp.exe", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"
    )
    try:
        check_upload(upload)
    except InvalidInput as exc:
        assert exc.message.startswith("Tên tệp có ký tự điều khiển hướng chữ (U+202E)")
    else:
        raise AssertionError("the file name was accepted")
