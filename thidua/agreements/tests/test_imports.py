"""Importing a package into a cluster-year: preview, all-or-nothing apply, errors named, round trip."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

import pytest

from thidua.agreements.models import (
    Agreement,
    CriterionLine,
    FrameworkVersion,
    ImportStatus,
    PackageImport,
    VersionStatus,
)
from thidua.agreements.packaging import agreement_package
from thidua.agreements.services.imports import (
    package_import_apply,
    package_import_preview,
    package_import_upload,
)
from thidua.agreements.tests.helpers import example_package, example_yaml, imported
from thidua.core.errors import AccessDenied, InvalidInput
from thidua.core.models import AuditEvent
from thidua.packages import load_text
from thidua.packages.writer import dump_json, dump_yaml

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int]:
    return (
        Agreement.objects.count(),
        CriterionLine.objects.count(),
        FrameworkVersion.objects.count(),
        AuditEvent.objects.filter(action="agreement.import").count(),
    )


def test_it_previews_a_new_year_as_additions(board_admin: Any, cluster_year: Any) -> None:
    upload = package_import_upload(
        actor=board_admin, cluster_year=cluster_year, file_name="cum5.yaml", content=example_yaml()
    )
    preview = package_import_preview(upload)
    assert preview.problems == []
    assert preview.framework_changed is True
    assert preview.counts["changed"] == 0 and preview.counts["removed"] == 0
    assert preview.counts["added"] > 10
    assert Agreement.objects.count() == 0


def test_it_applies_a_package_in_one_audited_transaction(
    board_admin: Any, cluster_year: Any, units: Any
) -> None:
    upload = package_import_upload(
        actor=board_admin, cluster_year=cluster_year, file_name="cum5.yaml", content=example_yaml()
    )
    agreement = package_import_apply(actor=board_admin, package_import=upload)
    assert agreement.framework_version.status == VersionStatus.PUBLISHED
    line = CriterionLine.objects.get(agreement=agreement, unit=units["VINH-HOA"], criterion="1.1")
    assert (line.target, line.value_number) == (Decimal("40.5"), Decimal("45"))
    events = AuditEvent.objects.filter(action="agreement.import")
    assert events.count() == 1
    assert events.get().after["file_name"] == "cum5.yaml"
    assert events.get().actor == board_admin
    upload.refresh_from_db()
    assert upload.status == ImportStatus.APPLIED


def test_it_round_trips_yaml_through_the_database(cluster_year: Any) -> None:
    package = example_package()
    agreement = imported(cluster_year, example_yaml(package))
    exported = agreement_package(agreement)
    assert exported == package
    assert load_text(dump_yaml(exported)) == package
    assert load_text(dump_json(exported), json_format=True) == package


def test_it_shows_old_and_new_values_when_reimporting(cluster_year: Any) -> None:
    imported(cluster_year)
    package = example_package()
    values = {code: dict(row) for code, row in package.inputs.values.items()}
    values["1.1"]["VINH-HOA"] = Decimal("47.25")
    changed = dataclasses.replace(package, inputs=dataclasses.replace(package.inputs, values=values))
    from thidua.accounts.access import SystemActor

    upload = package_import_upload(
        actor=SystemActor(), cluster_year=cluster_year, file_name="b.yaml", content=example_yaml(changed)
    )
    preview = package_import_preview(upload)
    assert preview.framework_changed is False
    assert [(c.part, c.criterion, c.unit, c.before, c.after) for c in preview.changes] == [
        ("values", "1.1", "VINH-HOA", "45", "47,25")
    ]


def test_it_writes_nothing_from_a_broken_file_and_names_every_error(
    board_admin: Any, cluster_year: Any
) -> None:
    text = example_yaml().decode()
    broken = text.replace("code: AN-MINH", "code: XA-LA").replace("max: 650", "max: 640", 1)
    upload = package_import_upload(
        actor=board_admin, cluster_year=cluster_year, file_name="hong.yaml", content=broken.encode()
    )
    before = _counts()
    with pytest.raises(InvalidInput) as refused:
        package_import_apply(actor=board_admin, package_import=upload)
    problems = refused.value.details["problems"]
    assert "framework.sections[0] (1): tổng điểm các tiêu chí con là 650, khác điểm tối đa 640" in problems
    assert "framework.sections: tổng điểm tối đa các nội dung là 940, khác điểm chuẩn 950" in problems
    assert _counts() == before
    upload.refresh_from_db()
    assert upload.status == ImportStatus.PREVIEWED


def test_it_refuses_unknown_member_codes_by_place(board_admin: Any, cluster_year: Any) -> None:
    text = example_yaml().decode().replace("AN-MINH", "XA-LA")
    upload = package_import_upload(
        actor=board_admin, cluster_year=cluster_year, file_name="x.yaml", content=text.encode()
    )
    preview = package_import_preview(upload)
    messages = [str(p) for p in preview.problems]
    assert "members[2].code: không có đơn vị mã XA-LA trong Tỉnh Mẫu" in messages
    assert "members: thiếu thành viên AN-MINH (Xã An Minh) của Cụm thi đua số 5 năm 2026" in messages
    before = _counts()
    with pytest.raises(InvalidInput):
        package_import_apply(actor=board_admin, package_import=upload)
    assert _counts() == before


@pytest.mark.parametrize(
    "persona",
    ["council_member", "cluster_leader", "unit_officer", "data_source_reviewer", "observer", "outsider"],
)
def test_it_lets_only_the_board_upload(persona: str, request: Any, cluster_year: Any) -> None:
    user = request.getfixturevalue(persona)
    with pytest.raises(AccessDenied):
        package_import_upload(
            actor=user, cluster_year=cluster_year, file_name="cum5.yaml", content=example_yaml()
        )
    assert PackageImport.objects.count() == 0
    assert not AuditEvent.objects.filter(action="packageimport.upload").exists()
