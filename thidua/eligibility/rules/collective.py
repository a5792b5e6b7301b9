"""Rules over a collective's member counts for the year under check.

Shares are compared exactly, without division: "more than 50%" is members_ldtt × 100 > 50 × members, so 10 of 20
is not more than 50%, and 14 of 20 is at least 70%.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from thidua.eligibility.rules.base import Context, Outcome, Params, failed, met, undecided
from thidua.eligibility.text import number_vn, percent_vn

# How each count reads in a sentence: "14/20 thành viên đạt Lao động tiên tiến".
COUNT_WORDS = {
    "members": "thành viên",
    "members_completed": "hoàn thành nhiệm vụ",
    "members_ldtt": "đạt Lao động tiên tiến",
    "members_cstdcs": "đạt Chiến sĩ thi đua cơ sở",
    "disciplined": "bị kỷ luật từ hình thức cảnh cáo trở lên",
}


def _missing(ctx: Context, field: str) -> Outcome | None:
    record = ctx.history.record(ctx.year)
    if record is None:
        return failed(f"Năm {ctx.year} không có dữ liệu")
    for name in ("members", field):
        if record.count(name) is None:
            # Not recorded is not zero: a person must count them, so the answer is "cần xem xét", never a guess.
            what = "tổng số thành viên" if name == "members" else f"số thành viên {COUNT_WORDS[name]}"
            return undecided(f"Hồ sơ năm {ctx.year} không có {what} ({name})")
    return None


@dataclass(frozen=True)
class MemberShare:
    """The share of members counted in `of` is more than (`gt`) or at least (`ge`) `percent`."""

    of: str
    op: str
    percent: Decimal

    @classmethod
    def parse(cls, params: Params) -> MemberShare:
        return cls(params.count_field(), params.choice("op", ("gt", "ge")), params.percent())

    def evaluate(self, ctx: Context) -> Outcome:
        missing = _missing(ctx, self.of)
        if missing is not None:
            return missing
        record = ctx.history.years[ctx.year]
        count, members = record.count(self.of) or 0, record.members or 0
        if members == 0:
            return failed(f"Năm {ctx.year} tập thể không có thành viên nào")
        share = Decimal(count) * 100 / Decimal(members)
        scaled = Decimal(count) * 100
        threshold = self.percent * members
        holds = scaled > threshold if self.op == "gt" else scaled >= threshold
        limit = number_vn(self.percent)
        wanted = f"trên {limit}%" if self.op == "gt" else f"từ {limit}% trở lên"
        if self.op == "ge" and self.percent == 100:
            wanted = "100%"
        stated = f"{count}/{members} thành viên {COUNT_WORDS[self.of]} ({percent_vn(share)}%)"
        if holds:
            return met(f"Có {stated}, đạt yêu cầu {wanted}")
        return failed(f"Chỉ có {stated}, chưa đạt yêu cầu {wanted}")


@dataclass(frozen=True)
class MemberCount:
    """At least `count` members counted in `of`."""

    of: str
    count: int

    @classmethod
    def parse(cls, params: Params) -> MemberCount:
        return cls(params.count_field(), params.positive_int("count", 1))

    def evaluate(self, ctx: Context) -> Outcome:
        missing = _missing(ctx, self.of)
        if missing is not None:
            return missing
        actual = ctx.history.years[ctx.year].count(self.of) or 0
        words = COUNT_WORDS[self.of]
        if actual >= self.count:
            return met(f"Có {actual} thành viên {words}")
        if actual == 0:
            return failed(f"Không có thành viên nào {words}, cần ít nhất {self.count}")
        return failed(f"Chỉ có {actual} thành viên {words}, cần ít nhất {self.count}")


@dataclass(frozen=True)
class NoMember:
    """No member counted in `of` (e.g. nobody disciplined at 'cảnh cáo' or above)."""

    of: str

    @classmethod
    def parse(cls, params: Params) -> NoMember:
        return cls(params.count_field())

    def evaluate(self, ctx: Context) -> Outcome:
        record = ctx.history.record(ctx.year)
        if record is None:
            return failed(f"Năm {ctx.year} không có dữ liệu")
        actual = record.count(self.of)
        words = COUNT_WORDS[self.of]
        if actual is None:
            return undecided(f"Hồ sơ năm {ctx.year} không có số thành viên {words} ({self.of})")
        if actual == 0:
            return met(f"Không có thành viên nào {words}")
        return failed(f"Có {actual} thành viên {words}")
