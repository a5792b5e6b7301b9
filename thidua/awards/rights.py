"""Who may read and change the register, the catalogue, subjects and dossiers, built on thidua.accounts.access.

Province-wide readers (board, council, observers, data-source reviewers) read their province's register; unit
officers read the awards and subjects of their own units. Only the board changes the register and the catalogue.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from thidua.accounts import access
from thidua.accounts.models import Role
from thidua.org.models import Unit


def reader_provinces(user: Any) -> set[int]:
    return access.provinces_with_role(user, access.PROVINCE_READERS)


def board_provinces(user: Any) -> set[int]:
    return access.provinces_with_role(user, {Role.BOARD_ADMIN})


def council_provinces(user: Any) -> set[int]:
    return access.provinces_with_role(user, {Role.COUNCIL_MEMBER})


def visible_by_province_or_unit(user: Any, *, province_field: str, unit_field: str) -> Q | None:
    """The condition for rows of the user's provinces or of their own units; None when they may see nothing."""
    if access.is_system(user):
        return Q()
    provinces = reader_provinces(user)
    units = access.officer_units(user)
    if not provinces and not units:
        return None
    return Q(**{f"{province_field}__in": provinces}) | Q(**{f"{unit_field}__in": units})


def can_edit_register(user: Any, province_id: int) -> bool:
    return access.is_board_admin(user, province_id)


def is_officer_of(user: Any, unit: Unit | None) -> bool:
    return unit is not None and (access.is_system(user) or unit.pk in access.officer_units(user))
