"""Framework versions: editing, freezing of published or used versions, publishing, copying, per persona."""

from __future__ import annotations

from typing import Any

import pytest

from thidua.agreements import documents
from thidua.agreements.models import Framework, FrameworkVersion, VersionStatus
from thidua.agreements.services import frameworks as services
from thidua.agreements.tests.helpers import imported
from thidua.core.errors import AccessDenied, InvalidInput
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.django_db

LEAF_A = {
    "code": "1.1",
    "title": "Thu ngân sách",
    "max": "60",
    "rule": {"type": "ratio", "direction": "higher"},
}
LEAF_B = {"code": "1.2", "title": "Phát động phong trào", "max": "40", "rule": {"type": "boolean"}}


def _small(board_admin: Any, province: Any) -> FrameworkVersion:
    version = services.framework_create(actor=board_admin, province=province, name="Thang điểm cụm xã 2026")
    version = services.framework_settings_update(
        actor=board_admin,
        version=version,
        settings={"standard_points": "100", "bonus_cap": "0", "not_applicable": "renormalize"},
    )
    version = services.framework_node_add(
        actor=board_admin, version=version, parent=(), node={"code": "1", "title": "Kinh tế", "max": "100"}
    )
    version = services.framework_node_add(actor=board_admin, version=version, parent=(0,), node=LEAF_A)
    return services.framework_node_add(actor=board_admin, version=version, parent=(0,), node=LEAF_B)


def test_it_builds_a_valid_framework_with_audited_edits(board_admin: Any, province: Any) -> None:
    version = _small(board_admin, province)
    framework, problems = documents.read_framework(version.document)
    assert problems == []
    assert framework is not None and [leaf.code for leaf in framework.leaves()] == ["1.1", "1.2"]
    assert FrameworkVersion.objects.count() == 1
    assert (
        AuditEvent.objects.filter(action="frameworkversion.node_add", object_id=str(version.pk)).count() == 3
    )


def test_it_shows_a_sum_error_next_to_the_node(board_admin: Any, province: Any) -> None:
    version = _small(board_admin, province)
    version = services.framework_node_update(
        actor=board_admin, version=version, path=(0, 1), node={**LEAF_B, "max": "30"}
    )
    _, problems = documents.read_framework(version.document)
    found = documents.findings(version.document, problems)
    assert found.by_node[(0,)] == ["tổng điểm các tiêu chí con là 90, khác điểm tối đa 100"]
    with pytest.raises(InvalidInput):
        services.framework_version_publish(actor=board_admin, version=version, decision_number="1/QĐ-UBND")
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT


def test_it_publishes_once_and_then_edits_a_new_draft(board_admin: Any, province: Any) -> None:
    version = _small(board_admin, province)
    published = services.framework_version_publish(
        actor=board_admin, version=version, decision_number="125/QĐ-UBND"
    )
    assert published.status == VersionStatus.PUBLISHED
    assert published.legal_basis == [{"number": "125/QĐ-UBND"}]
    frozen_document = published.document
    draft = services.framework_node_move(actor=board_admin, version=published, path=(0, 1), offset=-1)
    assert draft.pk != published.pk and draft.status == VersionStatus.DRAFT and draft.number == 2
    assert draft.derived_from == published
    published.refresh_from_db()
    assert published.document == frozen_document
    assert documents.node_at(draft.document, (0, 0))["code"] == "1.2"
    assert AuditEvent.objects.filter(action="frameworkversion.publish", object_id=str(published.pk)).exists()


def test_it_never_changes_a_version_used_by_an_agreement(cluster_year: Any, board_admin: Any) -> None:
    agreement = imported(cluster_year)
    used = agreement.framework_version
    before = used.document
    draft = services.framework_node_delete(actor=board_admin, version=used, path=(2,))
    used.refresh_from_db()
    assert used.document == before
    assert draft.pk != used.pk and len(draft.document["sections"]) == len(before["sections"]) - 1


def test_it_copies_last_years_framework_to_a_new_year(board_admin: Any, province: Any) -> None:
    version = _small(board_admin, province)
    copied = services.framework_copy(
        actor=board_admin, version=version, name=services.next_year_name(version.framework.name)
    )
    assert copied.framework.name == "Thang điểm cụm xã 2027"
    assert copied.document == version.document and copied.status == VersionStatus.DRAFT
    assert AuditEvent.objects.filter(action="framework.copy").count() == 1


@pytest.mark.parametrize(
    "persona",
    ["council_member", "cluster_leader", "unit_officer", "data_source_reviewer", "observer", "outsider"],
)
def test_it_refuses_framework_edits_to_everyone_but_the_board(
    persona: str, request: Any, board_admin: Any, province: Any
) -> None:
    version = _small(board_admin, province)
    user = request.getfixturevalue(persona)
    events = AuditEvent.objects.count()
    with pytest.raises(AccessDenied):
        services.framework_node_delete(actor=user, version=version, path=(0,))
    with pytest.raises(AccessDenied):
        services.framework_create(actor=user, province=province, name="Khác")
    version.refresh_from_db()
    assert len(version.document["sections"]) == 1
    assert Framework.objects.count() == 1 and AuditEvent.objects.count() == events
