"""Clusters and blocks, and opening their years (one cluster, or every cluster of a province at once)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from thidua.accounts import access
from thidua.accounts.access import Actor
from thidua.core import audit
from thidua.core.errors import InvalidInput
from thidua.org import opening
from thidua.org.models import (
    Cluster,
    ClusterKind,
    ClusterYear,
    Membership,
    Unit,
    UnitLevel,
)
from thidua.org.services.common import (
    CLUSTER_FIELDS,
    FIRST_YEAR,
    LAST_YEAR,
    _clean_code,
    _clean_name,
    _record_created,
    _require_board,
)
from thidua.org.services.members import MemberSpec, _apply_members, _expected_members


def cluster_create(
    *,
    actor: Actor,
    province: Unit,
    kind: str,
    code: str,
    name: str,
    decision_number: str = "",
    decision_date: dt.date | None = None,
) -> Cluster:
    """A cluster (cụm) or block (khối) set up by a decision of the province."""
    if province.level != UnitLevel.PROVINCE:
        raise InvalidInput("Cụm, khối phải thuộc một tỉnh, thành phố.", field="province")
    _require_board(actor, province.pk)
    if kind not in ClusterKind.values:
        raise InvalidInput("Loại phải là cụm hoặc khối thi đua.", field="kind")
    code, name = _clean_code(code), _clean_name(name)
    if Cluster.objects.filter(province=province, code=code).exists():
        raise InvalidInput(f"Tỉnh đã có cụm, khối mã {code}.", field="code")
    with transaction.atomic():
        cluster = Cluster.objects.create(
            province=province,
            kind=kind,
            code=code,
            name=name,
            decision_number=decision_number.strip(),
            decision_date=decision_date,
        )
        _record_created(actor=actor, action="cluster.create", obj=cluster, fields=CLUSTER_FIELDS)
    return cluster


def cluster_update(
    *,
    actor: Actor,
    cluster: Cluster,
    kind: str,
    code: str,
    name: str,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    reason: str = "",
) -> Cluster:
    """Correct a cluster's name, code, kind or founding decision; its years and members stay as they are."""
    _require_board(actor, cluster.province_id)
    if kind not in ClusterKind.values:
        raise InvalidInput("Loại phải là cụm hoặc khối thi đua.", field="kind")
    code, name = _clean_code(code), _clean_name(name)
    if Cluster.objects.filter(province_id=cluster.province_id, code=code).exclude(pk=cluster.pk).exists():
        raise InvalidInput(f"Tỉnh đã có cụm, khối mã {code}.", field="code")
    with transaction.atomic():
        locked = Cluster.objects.select_for_update().get(pk=cluster.pk)
        if kind != locked.kind:
            probe = Cluster(kind=kind)
            misfit = (
                Membership.objects.filter(cluster_year__cluster=locked)
                .select_related("unit")
                .order_by("unit__name")
            )
            wrong = next((m.unit for m in misfit if not probe.accepts_level(m.unit.level)), None)
            if wrong is not None:
                raise InvalidInput(
                    f"Không đổi được thành {ClusterKind(kind).label}: {wrong.name} là thành viên mà "
                    f"{ClusterKind(kind).label} chỉ gồm {_expected_members(probe)}.",
                    field="kind",
                )
        before = audit.snapshot(locked, CLUSTER_FIELDS)
        locked.kind, locked.code, locked.name = kind, code, name
        locked.decision_number, locked.decision_date = decision_number.strip(), decision_date
        locked.save(update_fields=["kind", "code", "name", "decision_number", "decision_date"])
        old, new = audit.changed(before, audit.snapshot(locked, CLUSTER_FIELDS))
        if new:
            audit.record(
                actor=access.audit_actor(actor),
                action="cluster.update",
                obj=locked,
                before=old,
                after=new,
                reason=reason,
            )
    return locked


def cluster_year_create(*, actor: Actor, cluster: Cluster, year: int) -> ClusterYear:
    """Open a year for a cluster; its members are then set with membership_set."""
    _require_board(actor, cluster.province_id)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(f"Năm phải từ {FIRST_YEAR} đến {LAST_YEAR}.", field="year")
    if ClusterYear.objects.filter(cluster=cluster, year=year).exists():
        raise InvalidInput(f"{cluster.name} đã có năm {year}.", field="year")
    with transaction.atomic():
        cluster_year = ClusterYear.objects.create(cluster=cluster, year=year)
        audit.record(
            actor=access.audit_actor(actor),
            action="cluster_year.create",
            obj=cluster_year,
            after={"cluster": cluster.pk, "year": year},
        )
    return cluster_year


def cluster_year_open(*, actor: Actor, cluster: Cluster, year: int) -> ClusterYear:
    """Open `year` for a cluster from last year: its members as they stand in the new year (successors in place
    of merged units, dissolved ones dropped) with the leader and deputy elected at last year's conference."""
    _require_board(actor, cluster.province_id)
    with transaction.atomic():
        plan = opening.opening_plan(cluster, year)
        if plan.already_open is not None:
            raise InvalidInput(f"{cluster.name} đã có năm {year}.", field="year")
        cluster_year = cluster_year_create(actor=actor, cluster=cluster, year=year)
        if plan.members:
            _apply_members(
                actor=actor,
                cluster_year=cluster_year,
                members=[MemberSpec(unit=m.unit, role=m.role, order=m.order) for m in plan.members],
                reason=f"Mở năm {year} từ danh sách năm {year - 1}",
                action="membership.set",
            )
        audit.record(
            actor=access.audit_actor(actor),
            action="cluster_year.open",
            obj=cluster_year,
            after=plan.summary(),
        )
    return cluster_year


def province_year_open(*, actor: Actor, province: Unit, year: int) -> list[ClusterYear]:
    """Open `year` for every cluster and block of the province that does not have it yet, all or nothing."""
    _require_board(actor, province.pk)
    clusters = list(Cluster.objects.filter(province=province).order_by("kind", "code"))
    waiting = [c for c in clusters if not ClusterYear.objects.filter(cluster=c, year=year).exists()]
    if not waiting:
        raise InvalidInput(f"Mọi cụm, khối thi đua của {province.name} đã có năm {year}.", field="year")
    with transaction.atomic():
        return [cluster_year_open(actor=actor, cluster=cluster, year=year) for cluster in waiting]
