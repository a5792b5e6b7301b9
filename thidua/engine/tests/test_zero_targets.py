"""A zero target is an input error only where a ratio would be computed with it."""

from __future__ import annotations

from thidua.engine import Inputs, RatioRule, check_all

from .helpers import D, framework, leaf, members


def _problems(**inputs: object) -> list[str]:
    fw = framework(leaf("1.1", RatioRule()))
    return [str(p) for p in check_all(fw, members("A", "B"), Inputs(**inputs))]  # type: ignore[arg-type]


def test_it_refuses_a_zero_target_that_a_reported_value_would_be_divided_by() -> None:
    assert _problems(targets={"1.1": {"A": D(0), "B": D(5)}}, values={"1.1": {"A": D(3), "B": D(5)}}) == [
        "targets.1.1.A: chỉ tiêu bằng 0 nên không tính được tỷ lệ thực hiện/kế hoạch"
    ]


def test_it_accepts_a_zero_target_of_a_unit_marked_not_applicable() -> None:
    assert (
        _problems(
            targets={"1.1": {"A": D(0), "B": D(5)}},
            values={"1.1": {"A": D(3), "B": D(5)}},
            not_applicable={"1.1": frozenset({"A"})},
        )
        == []
    )


def test_it_accepts_a_zero_target_with_no_value_and_scores_it_missing() -> None:
    fw = framework(leaf("1.1", RatioRule()))
    inputs = Inputs(targets={"1.1": {"A": D(0), "B": D(5)}}, values={"1.1": {"B": D(5)}})
    assert check_all(fw, members("A", "B"), inputs) == []
    from thidua.engine import score

    result = score(fw, members("A", "B"), inputs)
    unit_a = next(u for u in result.units if u.code == "A")
    assert unit_a.missing == ("1.1",) or list(unit_a.missing) == ["1.1"]
