"""Issue 11: the framework editor writes version 2's constructs (parts, terms with caps and conditions, facts,
group caps, no-target) with the Vietnamese labels of the workbook's "Cách chấm", derived from the registry."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from thidua.agreements import documents
from thidua.agreements.forms import node_initial
from thidua.agreements.models import FrameworkVersion
from thidua.agreements.tests.test_pages import _client
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}

# "Mỗi trường hợp … trừ 0,5 điểm … Tổng điểm trừ của mục a1 không quá 1,5 điểm", waived when the unit itself
# found and handled the case.
A1_SCORING = """Các số liệu › vi_pham › Kiểu = Số lượng (số nguyên)
Các số liệu › vi_pham › Diễn giải = Số trường hợp vi phạm
Các số liệu › vi_pham › Mặc định khi không báo cáo = 0
Các số liệu › tu_xu_ly › Kiểu = Có/không
Các số liệu › tu_xu_ly › Mặc định khi không báo cáo = Không
Điểm chuẩn › Loại = Điểm chuẩn cố định (chỉ cộng, trừ)
Điểm trừ › Tối đa = 1,5
Điểm trừ › Cách tính › 1 › Loại = Theo từng trường hợp
Điểm trừ › Cách tính › 1 › Số trường hợp = vi_pham
Điểm trừ › Cách tính › 1 › Điểm mỗi trường hợp = 0,5
Điểm trừ › Cách tính › 1 › Không tính khi › Số liệu = tu_xu_ly
Điểm trừ › Cách tính › 1 › Không tính khi › Là = Có"""


@pytest.fixture
def version(board_admin: Any, province: Any) -> FrameworkVersion:
    client = _client(board_admin)
    client.post(reverse("agreements:framework_list"), {"name": "Thang điểm phòng ban 2026"})
    found = FrameworkVersion.objects.get()
    client.post(
        reverse("agreements:framework_settings", args=[found.pk]),
        {"standard_points": "3", "not_applicable": "renormalize"},
        **HX,
    )
    client.post(
        reverse("agreements:framework_node_add", args=[found.pk]),
        {"parent": "", "code": "A", "title": "Kỷ luật, kỷ cương", "max": "3"},
        **HX,
    )
    found.refresh_from_db()
    return found


def test_it_writes_a_per_case_deduction_with_its_cap_and_waiver(
    version: FrameworkVersion, board_admin: Any
) -> None:
    response = _client(board_admin).post(
        reverse("agreements:framework_node_add", args=[version.pk]),
        {"parent": "0", "code": "a1", "title": "Chấp hành kỷ luật", "max": "3", "scoring": A1_SCORING},
        **HX,
    )
    assert response.status_code == 200
    # The tree says what the rules are, in words from the engine's descriptions.
    assert (
        "Điểm chuẩn cố định (chỉ cộng, trừ); Điểm trừ, tối đa 1,5, không trừ quá điểm của tiêu chí: "
        "Theo từng trường hợp (Số trường hợp: vi_pham; Điểm mỗi trường hợp: 0,5); "
        "không áp dụng khi số liệu tu_xu_ly bằng có"
    ) in response.content.decode()
    version.refresh_from_db()
    node = version.document["sections"][0]["children"][0]
    assert node["deduction"] == {
        "cap": "1.5",
        "terms": [
            {
                "type": "per_case",
                "fact": "vi_pham",
                "points": "0.5",
                "unless": {"fact": "tu_xu_ly", "is": True},
            }
        ],
    }
    assert node["standard"] == {"type": "fixed"}
    framework, problems = documents.read_framework(version.document)
    assert problems == [] and framework is not None and framework.version == 2
    leaf = framework.leaves()[0]
    assert leaf.deduction_part is not None and leaf.deduction_part.cap == Decimal("1.5")
    assert [fact.name for fact in leaf.facts] == ["vi_pham", "tu_xu_ly"]
    assert (
        AuditEvent.objects.filter(action="frameworkversion.node_add", object_id=str(version.pk)).count() == 2
    )
    # Shown again as the same lines, so an edit keeps every setting.
    assert node_initial(node)["scoring"].splitlines() == [
        line.replace("1,5", "1.5").replace("0,5", "0.5") for line in A1_SCORING.splitlines()
    ]


def test_it_refuses_a_label_it_does_not_know_and_changes_nothing(
    version: FrameworkVersion, board_admin: Any
) -> None:
    before = version.document
    response = _client(board_admin).post(
        reverse("agreements:framework_node_add", args=[version.pk]),
        {
            "parent": "0",
            "code": "a1",
            "title": "Chấp hành kỷ luật",
            "max": "3",
            "scoring": "Điểm trừ › Cách tính › 1 › Loại = Trừ tùy ý",
        },
        **HX,
    )
    body = response.content.decode()
    assert "“Trừ tùy ý” không hợp lệ; chọn một trong: Theo từng trường hợp" in body
    version.refresh_from_db()
    assert version.document == before


def test_it_refuses_a_rule_chosen_twice(version: FrameworkVersion, board_admin: Any) -> None:
    response = _client(board_admin).post(
        reverse("agreements:framework_node_add", args=[version.pk]),
        {
            "parent": "0",
            "code": "a1",
            "title": "Chấp hành kỷ luật",
            "max": "3",
            "rule_type": "boolean",
            "scoring": "Điểm chuẩn › Loại = Điểm chuẩn cố định (chỉ cộng, trừ)",
        },
        **HX,
    )
    assert (
        "Điểm chuẩn đã ghi ở “Cách chấm theo định dạng 2”; để trống “Cách chấm điểm”."
        in response.content.decode()
    )
    version.refresh_from_db()
    assert version.document["sections"][0].get("children") in (None, [])


def test_it_shows_the_registrys_types_beside_the_field(version: FrameworkVersion, board_admin: Any) -> None:
    url = reverse("agreements:framework_node_add", args=[version.pk]) + "?parent=0"
    body = _client(board_admin).get(url, **HX).content.decode()
    assert "Cách chấm theo định dạng 2" in body
    assert "Theo từng trường hợp: Số trường hợp, Điểm mỗi trường hợp, Tối đa." in body


def test_it_takes_the_tie_break_in_words_not_keys(version: FrameworkVersion, board_admin: Any) -> None:
    url = reverse("agreements:framework_settings", args=[version.pk])
    settings = {"standard_points": "3", "not_applicable": "renormalize"}
    client = _client(board_admin)
    client.post(url, settings | {"tie_break": "Điểm nội dung A cao hơn; Điểm trừ thấp hơn"}, **HX)
    version.refresh_from_db()
    assert version.document["tie_break"] == ["section:A", "deductions"]
    form = client.get(url, **HX).content.decode()
    assert "Điểm nội dung A cao hơn; Điểm trừ thấp hơn" in form and "section:" not in form
