"""The history pages read as sentences (issue 10, build 6): labelled fields, names instead of ids, dates
dd/mm/yyyy, amounts as the pages show them; a row that names no object never breaks a page (seen 13)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.urls import reverse

from thidua.conftest import PERSONA_PASSWORD, Org
from thidua.core import audit
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PERSONA_PASSWORD)
    return client


def test_it_shows_labels_names_dates_and_amounts_instead_of_field_dumps(org: Org, board_admin: User) -> None:
    unit = org.units["AN-MINH"]
    with transaction.atomic():
        audit.record(
            actor=board_admin,
            action="unit.update",
            obj=unit,
            province=org.province,
            before={"parent": None, "valid_from": "2000-01-01", "level": "commune", "is_data_source": False},
            after={
                "parent": org.province.pk,
                "valid_from": "2025-07-01",
                "level": "ward",
                "is_data_source": True,
            },
        )
        audit.record(
            actor=board_admin,
            action="agreement.target_set",
            object_type="agreements.criterionline",
            object_id="7",
            object_repr="1.3 – Xã An Minh",
            province=org.province,
            before={"target": "1500"},
            after={"target": "1200.5"},
        )
        audit.record(
            actor=board_admin,
            action="veto.record",
            object_type="conference.nothing",
            object_id="3",
            province=org.province,
            after={"unit": unit.pk, "candidates": [unit.pk, org.units["VINH-HOA"].pk]},
        )
        audit.record(
            actor=board_admin,
            action="agreement.target_set",
            object_type="agreements.agreement",
            object_id="5",
            province=org.province,
            after={
                "criteria": ["2.4", "3.4"],
                "1.1.AN-MINH": {"target": "1200.5", "target_source": "local"},
                "changes": [{"part": "values", "criterion": "1.3", "after": "1452"}] * 21,
            },
        )
    html = client_for(board_admin).get(reverse("audit_log")).content.decode()
    assert f'<dt>Đơn vị</dt><dd><span class="change__after">{unit.name}</span></dd>' in html
    assert f'<span class="change__after">{unit.name}, {org.units["VINH-HOA"].name}</span>' in html
    assert (
        '<dt>Đơn vị cấp trên</dt><dd><span class="change__before">—</span> → '
        f'<span class="change__after">{org.province.name}</span></dd>'
    ) in html
    assert (
        '<dt>Hiệu lực từ</dt><dd><span class="change__before">01/01/2000</span> → '
        '<span class="change__after">01/07/2025</span></dd>'
    ) in html
    assert '<span class="change__before">Xã</span> → <span class="change__after">Phường</span>' in html
    assert '<dt>Là nguồn số liệu</dt><dd><span class="change__before">không</span> → ' in html
    assert (
        '<dt>Chỉ tiêu</dt><dd><span class="change__before">1.500</span> → '
        '<span class="change__after">1.200,5</span></dd>'
    ) in html
    assert '<span class="change__after">2.4, 3.4</span>' in html  # codes are not numbers
    assert "Chỉ tiêu: 1.200,5" in html
    assert "Phần: thực hiện; Tiêu chí: 1.3; Sau: 1452\n" in html and "… và 1 dòng nữa" in html
    assert f"parent: {org.province.pk}" not in html and "valid_from" not in html
    history = client_for(board_admin).get(reverse("object_history", args=["org.unit", unit.pk]))
    assert history.status_code == 200
    assert f'href="{reverse("org:unit_detail", args=[unit.pk])}"' in history.content.decode()


def test_it_keeps_the_pages_open_when_an_old_row_names_no_object(org: Org, board_admin: User) -> None:
    # A row as the register import wrote them before: no object id (it made the home page fail with NoReverseMatch).
    AuditEvent.objects.create(
        actor=board_admin,
        actor_name="Cán bộ",
        action="awards.register_import",
        object_type="awards.awardrecord",
        object_id="",
        object_repr="Nhập sổ khen thưởng từ so.xlsx",
        after={"file": "so.xlsx", "records": 2},
        province=org.province,
    )
    client = client_for(board_admin)
    for url in (reverse("home"), reverse("audit_log")):
        response = client.get(url)
        assert response.status_code == 200
        assert "Nhập sổ khen thưởng từ so.xlsx" in response.content.decode()
    assert (
        '<dt>Tệp</dt><dd><span class="change__after">so.xlsx</span></dd>'
        in client.get(reverse("audit_log")).content.decode()
    )


def test_it_refuses_to_write_an_audit_row_that_names_no_object(board_admin: User) -> None:
    with transaction.atomic(), pytest.raises(ValueError) as refused:
        audit.record(actor=board_admin, action="awards.register_import", object_type="awards.awardrecord")
    assert "names no object" in str(refused.value)
    assert not AuditEvent.objects.filter(action="awards.register_import").exists()


def test_it_reads_any_row_without_a_500(
    org: Org, board_admin: User, django_assert_max_num_queries: Any
) -> None:
    AuditEvent.objects.create(
        actor=None,
        action="gone.model",
        object_type="gone.model",
        object_id="x/y",
        before=["not", "a", "mapping"],
        after={"unit": 99999, "nested": {"a": [1, "2026-02-10"]}},
        province=org.province,
    )
    response = client_for(board_admin).get(reverse("audit_log"))
    assert response.status_code == 200
    assert "10/02/2026" in response.content.decode()
