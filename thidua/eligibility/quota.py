"""Quotas: how many may be proposed when a rule caps proposals at a share of a population."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

# floor is the default: a ceiling of "at most 20%" must never be exceeded (20% of 41 → 8, not 9).
ROUNDINGS: dict[str, str] = {"floor": ROUND_FLOOR, "ceiling": ROUND_CEILING, "half_up": ROUND_HALF_UP}


def quota(population: int, percent: Decimal | int | str, rounding: str = "floor") -> int:
    """How many of `population` fit in `percent` percent, rounded as the province's setting says."""
    if population < 0:
        raise ValueError("population must not be negative")
    share = Decimal(percent)
    if not share.is_finite() or not 0 <= share <= 100:
        raise ValueError(f"percent must be between 0 and 100, got {percent!r}")
    if rounding not in ROUNDINGS:
        raise ValueError(f"rounding must be one of {', '.join(ROUNDINGS)}, got {rounding!r}")
    exact = Decimal(population) * share / 100
    return int(exact.to_integral_value(rounding=ROUNDINGS[rounding]))
