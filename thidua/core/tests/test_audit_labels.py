import re
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.urls import reverse

from thidua.conftest import Org
from thidua.core import audit
from thidua.core.audit_labels import LABELS, action_label

ROOT = Path(__file__).resolve().parents[2]
LITERAL = re.compile(r'action="([a-z_]+\.[a-z_.]+)"')
# Codes built at run time from a kind, a verdict or a dossier move, with every value they can take.
BUILT = [
    *(f"unit.{kind}" for kind in ("merger", "dissolution", "rename")),
    *(f"cycle.line_{verdict}" for verdict in ("accept", "correct", "return")),
    *(f"cycle.fact_{verdict}" for verdict in ("accept", "correct", "return")),
    *(f"awards.dossier_{move}" for move in ("forward", "return", "recall", "approve")),
    "cycle.line_save",
    "cycle.line_resubmit",
]


def _codes_in_the_code_base() -> set[str]:
    codes: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        codes.update(LITERAL.findall(path.read_text(encoding="utf-8")))
    return codes


def test_it_names_every_audit_action_in_vietnamese() -> None:
    codes = _codes_in_the_code_base() | set(BUILT)
    assert "user.create" in codes and "cycle.sign" in codes  # the scan found the services
    assert sorted(codes - set(LABELS)) == []


def test_it_falls_back_to_the_code_for_an_unknown_action() -> None:
    assert action_label("role.assign") == "Giao vai trò"
    assert action_label("something.unknown") == "something.unknown"


def _record(actor: User, action: str) -> None:
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=action,
            object_type="org.unit",
            object_id=999,
            object_repr="Đơn vị thử",
            province=actor.role_assignments.get().unit,
        )


def _page(user: User, url: str, **params: Any) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return str(response.content.decode())


def test_it_shows_the_label_with_the_code_beside_it_on_the_audit_log(org: Org, board_admin: User) -> None:
    _record(board_admin, "target.set.old")
    _record(board_admin, "agreement.target_set")
    body = _page(board_admin, reverse("audit_log"))
    assert (
        '<td title="agreement.target_set">Đặt chỉ tiêu<br><small class="muted"><code>agreement.target_set</code>'
        "</small></td>" in body
    )
    assert '<td title="target.set.old">target.set.old</td>' in body


def test_it_shows_labels_on_the_home_page_and_an_objects_history(org: Org, board_admin: User) -> None:
    _record(board_admin, "role.assign")
    assert '<td title="role.assign">Giao vai trò<br>' in _page(board_admin, reverse("home"))
    history = _page(board_admin, reverse("object_history", args=["org.unit", org.units["AN-MINH"].pk]))
    assert '<td title="unit.create">Thêm đơn vị<br>' in history
