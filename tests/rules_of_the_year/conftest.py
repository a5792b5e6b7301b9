"""The persona fixtures of thidua/conftest.py, for the rules-of-the-year tests that live here."""

from __future__ import annotations

from thidua.conftest import (  # noqa: F401
    _fast_password_hashing,
    board_admin,
    cluster_leader,
    cluster_year,
    council_member,
    data_source_reviewer,
    observer,
    org,
    outsider,
    province,
    unit_officer,
    units,
)
