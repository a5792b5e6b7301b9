"""Issue 11 item 18: a criterion measured in % is never summed across units; its statistics give the mean."""

from __future__ import annotations

from thidua.engine.model import is_rate


def test_it_knows_a_rate_by_its_unit_of_measure() -> None:
    assert [is_rate(unit) for unit in ("%", "% số hộ", "‰", "tỷ đồng", "người", None)] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]
