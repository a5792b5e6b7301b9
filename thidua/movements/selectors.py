"""Reads of movements, always through what the user may see; the one list behind the page, the API and the export.

Who reads a movement: every province-wide role of its province (the board, the council, observers, data-source
reviewers), and the units that take part in it, through their officers and the leaders of their clusters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from thidua.accounts import access
from thidua.core.errors import NotFound
from thidua.movements.models import Movement, MovementReview, MovementScope
from thidua.org.models import Membership, Unit

NOT_FOUND = "Không tìm thấy phong trào thi đua hoặc bạn không có quyền xem."


def takes_part(unit_ids: set[int]) -> Q:
    """Movements these units take part in: named as participants, in a province-wide movement of their
    province, or members of a cluster the movement is launched in."""
    units = Unit.objects.filter(pk__in=unit_ids)
    provinces = {u.province_or_self_id for u in units}
    cluster_ids = set(
        Membership.objects.filter(unit_id__in=unit_ids).values_list("cluster_year__cluster_id", flat=True)
    )
    return (
        Q(participants__in=unit_ids)
        | Q(scope=MovementScope.PROVINCE, province_id__in=provinces)
        | Q(scope=MovementScope.CLUSTERS, clusters__in=cluster_ids)
    )


def movements_visible_to(user: Any) -> QuerySet[Movement]:
    if access.is_system(user):
        return Movement.objects.all()
    provinces = access.provinces_with_role(user, access.PROVINCE_READERS)
    own_units = {a.unit_id for a in access.roles_of(user) if a.unit_id is not None}
    own_clusters = {a.cluster_id for a in access.roles_of(user) if a.cluster_id is not None}
    led_years = list(access.cluster_years_led_by(user).values_list("pk", "cluster_id"))
    if own_clusters or led_years:
        # A cluster leader (an officer of the unit leading a cluster-year) follows the movements of every member
        # of the cluster they lead; a cluster-scoped reader those of the cluster's members.
        own_clusters |= {cluster_id for _pk, cluster_id in led_years}
        own_units |= set(
            Membership.objects.filter(
                Q(cluster_year__cluster_id__in=own_clusters - {c for _p, c in led_years})
                | Q(cluster_year_id__in=[pk for pk, _c in led_years])
            ).values_list("unit_id", flat=True)
        )
    if not (provinces or own_units or own_clusters):
        return Movement.objects.none()
    condition = Q(province_id__in=provinces) | Q(clusters__in=own_clusters)
    if own_units:
        condition |= takes_part(own_units)
    ids = Movement.objects.filter(condition).values("pk")
    return Movement.objects.filter(pk__in=ids)


def can_manage(user: Any, movement: Movement) -> bool:
    return access.is_board_admin(user, movement.province_id)


@dataclass(frozen=True)
class MovementFilters:
    """The filters of the movement list: the page's form, the API's query and the export read the same ones."""

    kind: str = ""
    scope: str = ""
    year: int | None = None
    search: str = ""
    unit_id: int | None = None


def movement_list(*, user: Any, filters: MovementFilters | None = None) -> QuerySet[Movement]:
    filters = filters or MovementFilters()
    movements = movements_visible_to(user).select_related("province")
    if filters.kind:
        movements = movements.filter(kind=filters.kind)
    if filters.scope:
        movements = movements.filter(scope=filters.scope)
    if filters.year is not None:
        # A movement counts in every year its period touches.
        movements = movements.filter(start_date__year__lte=filters.year).filter(
            Q(end_date__isnull=True) | Q(end_date__year__gte=filters.year)
        )
    if filters.search:
        movements = movements.filter(
            Q(name__icontains=filters.search) | Q(decision_number__icontains=filters.search)
        )
    if filters.unit_id is not None:
        movements = movements.filter(
            pk__in=Movement.objects.filter(takes_part({filters.unit_id})).values("pk")
        )
    return movements.prefetch_related("reviews").order_by("-start_date", "name")


@dataclass(frozen=True)
class ListColumn:
    """One column of the movement list, the same on the page, in the API and in the export."""

    key: str
    label: str
    value: Callable[[Movement], Any]


def _period(m: Movement) -> str:
    end = f"{m.end_date:%d/%m/%Y}" if m.end_date else "nay"
    return f"{m.start_date:%d/%m/%Y} – {end}"


def _last_review(m: Movement) -> str:
    reviews = list(m.reviews.all())
    if not reviews:
        return ""
    last = reviews[-1]
    return f"{last.get_kind_display()} {last.date:%d/%m/%Y}"


MOVEMENT_COLUMNS: tuple[ListColumn, ...] = (
    ListColumn("name", "Tên phong trào", lambda m: m.name),
    ListColumn("kind", "Loại", lambda m: str(m.get_kind_display())),
    ListColumn(
        "decision", "Quyết định phát động", lambda m: f"{m.decision_number} ngày {m.decision_date:%d/%m/%Y}"
    ),
    ListColumn("period", "Thời gian", _period),
    ListColumn("scope", "Phạm vi", lambda m: str(m.get_scope_display())),
    ListColumn("last_review", "Sơ kết, tổng kết gần nhất", _last_review),
)


def movement_get_for_user(user: Any, pk: int) -> Movement:
    movement = (
        movements_visible_to(user)
        .select_related("province")
        .prefetch_related(
            "clusters",
            Prefetch("participants", queryset=Unit.objects.order_by("level", "name")),
            Prefetch("reviews", queryset=MovementReview.objects.order_by("date", "id")),
        )
        .filter(pk=pk)
        .first()
    )
    if movement is None:
        raise NotFound(NOT_FOUND)
    return movement


def review_get_for_user(user: Any, pk: int) -> MovementReview:
    review = (
        MovementReview.objects.select_related("movement")
        .filter(pk=pk, movement__in=movements_visible_to(user).values("pk"))
        .first()
    )
    if review is None:
        raise NotFound(_("Không tìm thấy đợt sơ kết, tổng kết hoặc bạn không có quyền xem."))
    return review


def movements_of_unit(*, user: Any, unit: Unit) -> QuerySet[Movement]:
    """The movements a unit takes part in, as far as the user may see them."""
    if not access.can_view_unit(user, unit):
        raise NotFound(_("Không tìm thấy đơn vị hoặc bạn không có quyền xem đơn vị này."))
    return movement_list(user=user, filters=MovementFilters(unit_id=unit.pk))
