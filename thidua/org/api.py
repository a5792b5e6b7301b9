"""Organisation resources of the API: thin handlers over org.selectors (reads) and org.services (writes)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from thidua.core.errors import InvalidInput
from thidua.org import selectors, services
from thidua.org.models import Cluster, ClusterYear, Membership, Unit, UnitSuccession

router = Router(tags=["Tổ chức"])


class ErrorDetail(Schema):
    code: str
    message: str
    details: dict[str, Any]


class ErrorOut(Schema):
    error: ErrorDetail


ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class UnitRef(Schema):
    id: int
    code: str
    name: str


class UnitOut(Schema):
    id: int
    code: str
    name: str
    level: str
    level_label: str
    province_id: int | None
    parent_id: int | None
    is_data_source: bool
    valid_from: dt.date
    valid_to: dt.date | None


def unit_out(unit: Unit) -> UnitOut:
    return UnitOut(
        id=unit.pk,
        code=unit.code,
        name=unit.name,
        level=unit.level,
        level_label=str(unit.get_level_display()),
        province_id=unit.province_id,
        parent_id=unit.parent_id,
        is_data_source=unit.is_data_source,
        valid_from=unit.valid_from,
        valid_to=unit.valid_to,
    )


def unit_ref(unit: Unit) -> UnitRef:
    return UnitRef(id=unit.pk, code=unit.code, name=unit.name)


class UnitIn(Schema):
    province_id: int
    level: str
    code: str
    name: str
    parent_id: int | None = None
    valid_from: dt.date | None = None
    is_data_source: bool = False


class UnitPatch(Schema):
    name: str | None = None
    is_data_source: bool | None = None
    reason: str = ""


class NewSuccessorIn(Schema):
    province_id: int
    level: str
    code: str
    name: str


class MergeIn(Schema):
    predecessor_ids: list[int]
    successor_id: int | None = None
    new_successor: NewSuccessorIn | None = None
    date: dt.date
    decision_number: str
    note: str = ""


class DissolveIn(Schema):
    date: dt.date
    decision_number: str
    successor_id: int | None = None
    note: str = ""


class SuccessionOut(Schema):
    predecessor: UnitRef
    successor: UnitRef | None
    kind: str
    date: dt.date
    decision_number: str
    note: str


def succession_out(s: UnitSuccession) -> SuccessionOut:
    return SuccessionOut(
        predecessor=unit_ref(s.predecessor),
        successor=unit_ref(s.successor) if s.successor is not None else None,
        kind=s.kind,
        date=s.date,
        decision_number=s.decision_number,
        note=s.note,
    )


class HistoryOut(Schema):
    unit: UnitOut
    predecessors: list[SuccessionOut]
    successors: list[SuccessionOut]


class TreeNodeOut(Schema):
    unit: UnitOut
    children: list[TreeNodeOut]


TreeNodeOut.model_rebuild()


def tree_out(node: selectors.UnitNode) -> TreeNodeOut:
    return TreeNodeOut(unit=unit_out(node.unit), children=[tree_out(child) for child in node.children])


class ClusterOut(Schema):
    id: int
    province_id: int
    kind: str
    code: str
    name: str
    decision_number: str
    decision_date: dt.date | None


def cluster_out(cluster: Cluster) -> ClusterOut:
    return ClusterOut(
        id=cluster.pk,
        province_id=cluster.province_id,
        kind=cluster.kind,
        code=cluster.code,
        name=cluster.name,
        decision_number=cluster.decision_number,
        decision_date=cluster.decision_date,
    )


class ClusterIn(Schema):
    province_id: int
    kind: str
    code: str
    name: str
    decision_number: str = ""
    decision_date: dt.date | None = None


class MemberOut(Schema):
    id: int
    unit: UnitRef
    role: str
    role_label: str
    order: int


def member_out(m: Membership) -> MemberOut:
    return MemberOut(
        id=m.pk, unit=unit_ref(m.unit), role=m.role, role_label=str(m.get_role_display()), order=m.order
    )


class ClusterYearOut(Schema):
    id: int
    year: int
    cluster: ClusterOut
    members: list[MemberOut]


def cluster_year_out(cy: ClusterYear) -> ClusterYearOut:
    return ClusterYearOut(
        id=cy.pk,
        year=cy.year,
        cluster=cluster_out(cy.cluster),
        members=[member_out(m) for m in cy.memberships.all()],
    )


class MemberIn(Schema):
    unit_id: int
    role: str = "member"
    order: int = 0


class ClusterYearIn(Schema):
    year: int


class MembersIn(Schema):
    members: list[MemberIn]
    reason: str = ""


class RolePatch(Schema):
    role: str
    order: int | None = None
    reason: str = ""


class MemberAddIn(Schema):
    unit_id: int
    role: str = "member"
    order: int | None = None
    reason: str = ""


class ReasonIn(Schema):
    reason: str = ""


class ClusterPatch(Schema):
    kind: str
    code: str
    name: str
    decision_number: str = ""
    decision_date: dt.date | None = None
    reason: str = ""


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


@router.get("/provinces", response={200: list[UnitOut], **ERRORS}, summary="Các tỉnh được xem")
def list_provinces(request: HttpRequest) -> list[UnitOut]:
    return [unit_out(u) for u in selectors.province_list(user=_user(request))]


@router.get(
    "/provinces/{province_id}/tree", response={200: TreeNodeOut, **ERRORS}, summary="Cây đơn vị tại một ngày"
)
def province_tree(request: HttpRequest, province_id: int, as_of: dt.date | None = None) -> TreeNodeOut:
    province = selectors.unit_get_for_user(_user(request), province_id)
    day = as_of or timezone.localdate()
    return tree_out(selectors.unit_tree(user=_user(request), province=province, as_of=day))


@router.get("/units", response={200: list[UnitOut], **ERRORS}, summary="Danh sách đơn vị")
def list_units(
    request: HttpRequest,
    province_id: int | None = None,
    level: str = "",
    as_of: dt.date | None = None,
    q: str = "",
) -> list[UnitOut]:
    user = _user(request)
    province = selectors.unit_get_for_user(user, province_id) if province_id is not None else None
    units = selectors.unit_list(user=user, province=province, level=level, as_of=as_of, search=q)
    return [unit_out(u) for u in units]


@router.post("/units", response={201: UnitOut, **ERRORS}, summary="Thêm đơn vị (Ban TĐKT)")
def create_unit(request: HttpRequest, payload: UnitIn) -> Status[UnitOut]:
    user = _user(request)
    province = selectors.unit_get_for_user(user, payload.province_id)
    parent = selectors.unit_get_for_user(user, payload.parent_id) if payload.parent_id is not None else None
    unit = services.unit_create(
        actor=user,
        province=province,
        level=payload.level,
        code=payload.code,
        name=payload.name,
        parent=parent,
        valid_from=payload.valid_from,
        is_data_source=payload.is_data_source,
    )
    return Status(201, unit_out(unit))


@router.get("/units/{unit_id}", response={200: UnitOut, **ERRORS}, summary="Một đơn vị")
def get_unit(request: HttpRequest, unit_id: int) -> UnitOut:
    return unit_out(selectors.unit_get_for_user(_user(request), unit_id))


@router.patch("/units/{unit_id}", response={200: UnitOut, **ERRORS}, summary="Sửa tên, cờ nguồn số liệu")
def update_unit(request: HttpRequest, unit_id: int, payload: UnitPatch) -> UnitOut:
    user = _user(request)
    unit = selectors.unit_get_for_user(user, unit_id)
    updated = services.unit_update(
        actor=user, unit=unit, name=payload.name, is_data_source=payload.is_data_source, reason=payload.reason
    )
    return unit_out(updated)


@router.get(
    "/units/{unit_id}/history", response={200: HistoryOut, **ERRORS}, summary="Lịch sử sáp nhập, giải thể"
)
def unit_history(request: HttpRequest, unit_id: int) -> HistoryOut:
    user = _user(request)
    history = selectors.unit_history(user=user, unit=selectors.unit_get_for_user(user, unit_id))
    return HistoryOut(
        unit=unit_out(history.unit),
        predecessors=[succession_out(s) for s in history.predecessors],
        successors=[succession_out(s) for s in history.successors],
    )


@router.post("/unit-mergers", response={201: list[SuccessionOut], **ERRORS}, summary="Sáp nhập đơn vị")
def merge_units(request: HttpRequest, payload: MergeIn) -> Status[list[SuccessionOut]]:
    user = _user(request)
    predecessors = [selectors.unit_get_for_user(user, pk) for pk in payload.predecessor_ids]
    if (payload.successor_id is None) == (payload.new_successor is None):
        raise InvalidInput(
            "Chọn một đơn vị tiếp nhận (successor_id) hoặc khai báo đơn vị mới (new_successor).",
            field="successor_id",
        )
    if payload.new_successor is not None:
        new = payload.new_successor
        _successor, successions = services.unit_merge_into_new(
            actor=user,
            predecessors=predecessors,
            province=selectors.unit_get_for_user(user, new.province_id),
            level=new.level,
            code=new.code,
            name=new.name,
            date=payload.date,
            decision_number=payload.decision_number,
            note=payload.note,
        )
        return Status(201, [succession_out(s) for s in successions])
    assert payload.successor_id is not None
    successions = services.unit_merge(
        actor=user,
        predecessors=predecessors,
        successor=selectors.unit_get_for_user(user, payload.successor_id),
        date=payload.date,
        decision_number=payload.decision_number,
        note=payload.note,
    )
    return Status(201, [succession_out(s) for s in successions])


@router.post("/units/{unit_id}/dissolve", response={201: SuccessionOut, **ERRORS}, summary="Giải thể đơn vị")
def dissolve_unit(request: HttpRequest, unit_id: int, payload: DissolveIn) -> Status[SuccessionOut]:
    user = _user(request)
    successor = selectors.unit_get_for_user(user, payload.successor_id) if payload.successor_id else None
    succession = services.unit_dissolve(
        actor=user,
        unit=selectors.unit_get_for_user(user, unit_id),
        date=payload.date,
        decision_number=payload.decision_number,
        successor=successor,
        note=payload.note,
    )
    return Status(201, succession_out(succession))


@router.get("/clusters", response={200: list[ClusterOut], **ERRORS}, summary="Danh sách cụm, khối")
def list_clusters(request: HttpRequest, province_id: int | None = None, kind: str = "") -> list[ClusterOut]:
    user = _user(request)
    province = selectors.unit_get_for_user(user, province_id) if province_id is not None else None
    return [cluster_out(c) for c in selectors.cluster_list(user=user, province=province, kind=kind)]


@router.post("/clusters", response={201: ClusterOut, **ERRORS}, summary="Thêm cụm, khối (Ban TĐKT)")
def create_cluster(request: HttpRequest, payload: ClusterIn) -> Status[ClusterOut]:
    user = _user(request)
    cluster = services.cluster_create(
        actor=user,
        province=selectors.unit_get_for_user(user, payload.province_id),
        kind=payload.kind,
        code=payload.code,
        name=payload.name,
        decision_number=payload.decision_number,
        decision_date=payload.decision_date,
    )
    return Status(201, cluster_out(cluster))


@router.get("/clusters/{cluster_id}", response={200: ClusterOut, **ERRORS}, summary="Một cụm, khối")
def get_cluster(request: HttpRequest, cluster_id: int) -> ClusterOut:
    return cluster_out(selectors.cluster_get_for_user(_user(request), cluster_id))


@router.get(
    "/clusters/{cluster_id}/years",
    response={200: list[ClusterYearOut], **ERRORS},
    summary="Các năm của cụm, khối",
)
def list_cluster_years(request: HttpRequest, cluster_id: int) -> list[ClusterYearOut]:
    user = _user(request)
    cluster = selectors.cluster_get_for_user(user, cluster_id)
    return [cluster_year_out(cy) for cy in selectors.cluster_year_list(user=user, cluster=cluster)]


@router.post(
    "/clusters/{cluster_id}/years",
    response={201: ClusterYearOut, **ERRORS},
    summary="Mở năm thi đua (chép thành viên năm trước, cụm trưởng, cụm phó được bầu)",
)
def create_cluster_year(
    request: HttpRequest, cluster_id: int, payload: ClusterYearIn
) -> Status[ClusterYearOut]:
    user = _user(request)
    cluster = selectors.cluster_get_for_user(user, cluster_id)
    cluster_year = services.cluster_year_open(actor=user, cluster=cluster, year=payload.year)
    return Status(201, cluster_year_out(selectors.cluster_year_get_for_user(user, cluster_year.pk)))


@router.patch(
    "/clusters/{cluster_id}", response={200: ClusterOut, **ERRORS}, summary="Sửa cụm, khối (Ban TĐKT)"
)
def update_cluster(request: HttpRequest, cluster_id: int, payload: ClusterPatch) -> ClusterOut:
    user = _user(request)
    cluster = selectors.cluster_get_for_user(user, cluster_id)
    return cluster_out(services.cluster_update(actor=user, cluster=cluster, **payload.dict()))


@router.post(
    "/provinces/{province_id}/years",
    response={201: list[ClusterYearOut], **ERRORS},
    summary="Mở năm thi đua cho mọi cụm, khối của tỉnh",
)
def open_province_year(
    request: HttpRequest, province_id: int, payload: ClusterYearIn
) -> Status[list[ClusterYearOut]]:
    user = _user(request)
    province = selectors.unit_get_for_user(user, province_id)
    opened = services.province_year_open(actor=user, province=province, year=payload.year)
    return Status(201, [cluster_year_out(selectors.cluster_year_get_for_user(user, cy.pk)) for cy in opened])


@router.get("/cluster-years", response={200: list[ClusterYearOut], **ERRORS}, summary="Cụm, khối của một năm")
def list_cluster_years_of_year(
    request: HttpRequest, year: int, province_id: int | None = None
) -> list[ClusterYearOut]:
    user = _user(request)
    province = selectors.unit_get_for_user(user, province_id) if province_id is not None else None
    return [
        cluster_year_out(cy)
        for cy in selectors.cluster_years_of_year(user=user, year=year, province=province)
    ]


@router.get(
    "/cluster-years/{cluster_year_id}", response={200: ClusterYearOut, **ERRORS}, summary="Một năm thi đua"
)
def get_cluster_year(request: HttpRequest, cluster_year_id: int) -> ClusterYearOut:
    return cluster_year_out(selectors.cluster_year_get_for_user(_user(request), cluster_year_id))


@router.put(
    "/cluster-years/{cluster_year_id}/members",
    response={200: ClusterYearOut, **ERRORS},
    summary="Đặt thành viên, cụm trưởng, cụm phó của năm",
)
def set_members(request: HttpRequest, cluster_year_id: int, payload: MembersIn) -> ClusterYearOut:
    user = _user(request)
    cluster_year = selectors.cluster_year_get_for_user(user, cluster_year_id)
    specs = [
        services.MemberSpec(unit=selectors.unit_get_for_user(user, m.unit_id), role=m.role, order=m.order)
        for m in payload.members
    ]
    services.membership_set(actor=user, cluster_year=cluster_year, members=specs, reason=payload.reason)
    return cluster_year_out(selectors.cluster_year_get_for_user(user, cluster_year_id))


@router.post(
    "/cluster-years/{cluster_year_id}/members",
    response={201: MemberOut, **ERRORS},
    summary="Thêm một thành viên của năm",
)
def add_member(request: HttpRequest, cluster_year_id: int, payload: MemberAddIn) -> Status[MemberOut]:
    user = _user(request)
    cluster_year = selectors.cluster_year_get_for_user(user, cluster_year_id)
    added = services.membership_add(
        actor=user,
        cluster_year=cluster_year,
        unit=selectors.unit_get_for_user(user, payload.unit_id),
        role=payload.role,
        order=payload.order,
        reason=payload.reason,
    )
    return Status(201, member_out(added))


@router.patch(
    "/memberships/{membership_id}",
    response={200: MemberOut, **ERRORS},
    summary="Đổi vai trò, thứ tự thành viên",
)
def change_member_role(request: HttpRequest, membership_id: int, payload: RolePatch) -> MemberOut:
    user = _user(request)
    membership = selectors.membership_get_for_user(user, membership_id)
    changed = services.membership_change(
        actor=user, membership=membership, role=payload.role, order=payload.order, reason=payload.reason
    )
    return member_out(changed)


@router.delete(
    "/memberships/{membership_id}", response={204: None, **ERRORS}, summary="Bỏ một thành viên khỏi năm"
)
def remove_member(request: HttpRequest, membership_id: int, payload: ReasonIn) -> Status[None]:
    user = _user(request)
    membership = selectors.membership_get_for_user(user, membership_id)
    services.membership_remove(actor=user, membership=membership, reason=payload.reason)
    return Status(204, None)
