"""The province each audit event belongs to: the resolver, record() and the migration that fills old rows."""

from __future__ import annotations

import importlib
from typing import Any

from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

from thidua.accounts.models import Role, RoleAssignment
from thidua.conftest import Org, make_persona
from thidua.core import audit
from thidua.core.audit_scope import province_id_of, unplaced_models
from thidua.core.models import AuditEvent
from thidua.org.models import ClusterYear, Membership, Unit


def test_it_places_every_model_of_the_product_on_purpose(db: None) -> None:
    assert unplaced_models() == []


def test_it_finds_the_province_of_units_clusters_years_memberships_and_roles(org: Org) -> None:
    province = org.province.pk
    assert province_id_of(org.province) == province
    assert province_id_of(org.units["AN-MINH"]) == province
    assert province_id_of(org.cluster) == province
    assert province_id_of(ClusterYear.objects.get(pk=org.cluster_year.pk)) == province
    assert province_id_of(Membership.objects.filter(cluster_year=org.cluster_year).first()) == province
    officer = make_persona("donvi", "Cán bộ", [(Role.UNIT_OFFICER, org.units["AN-MINH"], None)])
    leader = make_persona("theodoicum", "Người theo dõi cụm", [(Role.OBSERVER, None, org.cluster)])
    assert province_id_of(RoleAssignment.objects.get(user=officer)) == province
    assert province_id_of(RoleAssignment.objects.get(user=leader)) == province
    assert province_id_of(org.units["XA-KHAC"]) == org.other_province.pk


def test_it_reads_loaded_relations_for_free_and_queries_once_otherwise(
    org: Org, django_assert_num_queries: Any
) -> None:
    loaded = Membership.objects.select_related("cluster_year__cluster").first()
    assert loaded is not None
    with django_assert_num_queries(0):
        assert province_id_of(loaded) == org.province.pk
    bare = Membership.objects.first()
    assert bare is not None
    with django_assert_num_queries(1):
        assert province_id_of(bare) == org.province.pk
    unit = Unit.objects.get(pk=org.units["AN-MINH"].pk)
    with django_assert_num_queries(0):
        assert province_id_of(unit) == org.province.pk


def test_it_stores_the_province_on_the_event_explicit_or_derived(org: Org) -> None:
    with transaction.atomic():
        derived = audit.record(actor="hệ thống", action="test.derived", obj=org.units["XA-KHAC"])
        explicit = audit.record(
            actor="hệ thống", action="test.explicit", obj=org.units["XA-KHAC"], province=org.province
        )
        by_id = audit.record(
            actor="hệ thống", action="test.id", object_type="x.y", object_id="1", province=org.province.pk
        )
        nothing = audit.record(
            actor="hệ thống", action="test.none", object_type="awards.catalogueaward", object_id="LDTT"
        )
    assert derived.province_id == org.other_province.pk
    assert explicit.province_id == org.province.pk
    assert by_id.province_id == org.province.pk
    assert nothing.province_id is None


def test_it_fills_the_province_of_old_rows_by_object_and_by_the_boards_actor(org: Org) -> None:
    board = make_persona("bantdkt", "Ban", [(Role.BOARD_ADMIN, org.province, None)])
    with transaction.atomic():
        audit.record(actor=board, action="user.create", object_type="auth.user", object_id=1)
        audit.record(actor="hệ thống", action="test.gone", object_type="org.unit", object_id=999999)
    AuditEvent.objects.update(province=None)
    migration = importlib.import_module("thidua.core.migrations.0003_fill_auditevent_province")
    # The models as that migration saw them (cycle.LineState was merged into the agreement's line since).
    migration.fill(
        MigrationLoader(connection).project_state(("core", "0003_fill_auditevent_province")).apps, None
    )
    unit = org.units["AN-MINH"]
    assert set(
        AuditEvent.objects.filter(object_type="org.unit", object_id=str(unit.pk)).values_list(
            "province_id", flat=True
        )
    ) == {org.province.pk}
    cluster_year_events = AuditEvent.objects.filter(object_type="org.clusteryear")
    assert set(cluster_year_events.values_list("province_id", flat=True)) == {org.province.pk}
    assert AuditEvent.objects.get(action="user.create", actor=board).province_id == org.province.pk
    assert AuditEvent.objects.get(action="test.gone").province_id is None
    assert (
        not AuditEvent.objects.filter(object_type__startswith="org.", province__isnull=True)
        .exclude(action="test.gone")
        .exists()
    )
