"""Every change to units, clusters, years and memberships: permission checked, atomic, audited.

Callers use `from thidua.org import services` and `services.<thing>_<verb>`; the modules of this package hold
units, clusters (and opening their years) and the members of a year.
"""

from thidua.org.services.clusters import (
    cluster_create,
    cluster_update,
    cluster_year_create,
    cluster_year_open,
    province_year_open,
)
from thidua.org.services.common import CLUSTER_FIELDS, FIRST_YEAR, KEEP, LAST_YEAR, UNIT_FIELDS
from thidua.org.services.members import (
    MemberSpec,
    member_has_records,
    membership_add,
    membership_change,
    membership_remove,
    membership_role_change,
    membership_set,
)
from thidua.org.services.units import (
    province_create,
    unit_create,
    unit_dissolve,
    unit_merge,
    unit_merge_into_new,
    unit_rename,
    unit_update,
)

__all__ = [
    "CLUSTER_FIELDS",
    "FIRST_YEAR",
    "KEEP",
    "LAST_YEAR",
    "UNIT_FIELDS",
    "MemberSpec",
    "cluster_create",
    "cluster_update",
    "cluster_year_create",
    "cluster_year_open",
    "member_has_records",
    "membership_add",
    "membership_change",
    "membership_remove",
    "membership_role_change",
    "membership_set",
    "province_create",
    "province_year_open",
    "unit_create",
    "unit_dissolve",
    "unit_merge",
    "unit_merge_into_new",
    "unit_rename",
    "unit_update",
]
