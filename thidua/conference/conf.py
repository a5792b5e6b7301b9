"""Ballot and proposal rules a province may change, with the defaults of domain/cycle.md and domain/awards.md.

A deployment overrides any key with `THIDUA_CONFERENCE = {...}` in Django settings; a ballot copies the values
when it is created, so changing a setting later never changes a ballot already held.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings

from thidua.conference.tally import Share, Threshold

DEFAULTS: dict[str, Any] = {
    "QUORUM": (2, 3),
    "THRESHOLD": ("more_than", 1, 2, "voters"),
    # Kiên Giang practice: first → the province's flag, second and third → the chairman's certificate.
    "HONOURS": {
        1: "Cờ thi đua của UBND tỉnh",
        2: "Bằng khen của Chủ tịch UBND tỉnh",
        3: "Bằng khen của Chủ tịch UBND tỉnh",
    },
    # The rank-1 award is proposed only after the conference's honouring vote (suy tôn) passes.
    "HONOUR_VOTE_RANK": 1,
    # Công văn 5007/BNV-TĐKT (2023): proposals for the Government's flag at most 20% of the leading units.
    "GOVERNMENT_FLAG": "Cờ thi đua của Chính phủ",
    "GOVERNMENT_FLAG_PERCENT": "20",
    "QUOTA_ROUNDING": "floor",
}


@dataclass(frozen=True)
class ConferenceSettings:
    """The rules in force now, read from Django settings over the defaults."""

    quorum: Share
    threshold: Threshold
    honours: dict[int, str]
    honour_vote_rank: int
    government_flag: str
    government_flag_percent: Decimal
    quota_rounding: str


def current() -> ConferenceSettings:
    values = {**DEFAULTS, **getattr(settings, "THIDUA_CONFERENCE", {})}
    comparison, numerator, denominator, base = values["THRESHOLD"]
    return ConferenceSettings(
        quorum=Share(*values["QUORUM"]),
        threshold=Threshold(Share(numerator, denominator), comparison, base),
        honours={int(rank): str(award) for rank, award in values["HONOURS"].items()},
        honour_vote_rank=int(values["HONOUR_VOTE_RANK"]),
        government_flag=str(values["GOVERNMENT_FLAG"]),
        government_flag_percent=Decimal(str(values["GOVERNMENT_FLAG_PERCENT"])),
        quota_rounding=str(values["QUOTA_ROUNDING"]),
    )
