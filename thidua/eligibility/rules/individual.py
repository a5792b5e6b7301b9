"""Rules over one year or a chain of years: ratings, length of service, titles held, initiatives.

Chains: a chain of consecutive years ends at the year under check; a year with no record is a gap, and a revoked
title counts as not held. Titles count only when recorded (in the year's `titles` or as a received award), never
inferred, with one exception, `meets`, explained on the class.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from thidua.eligibility.history import History, Initiative
from thidua.eligibility.rules.base import Context, Finding, Outcome, Params, failed, met
from thidua.eligibility.text import (
    RATING_NAMES,
    SCOPE_NAMES,
    date_vn,
    rating_at_least,
    rating_requirement,
    scope_at_least,
    years_vn,
)


def chain_back(
    history: History, year: int, holds: Callable[[int], bool], *, after: int | None = None
) -> list[int]:
    """The consecutive years ending at `year` (oldest first) for which `holds` is true and a record exists."""
    chain: list[int] = []
    current = year
    while (after is None or current > after) and history.record(current) is not None and holds(current):
        chain.insert(0, current)
        current -= 1
    return chain


def _why_not(history: History, year: int, code: str | None = None) -> str:
    """Why `year` breaks a chain, for the reason shown to the user."""
    if history.record(year) is None:
        return f"năm {year} không có dữ liệu"
    if code is not None and history.revoked(code, year):
        return f"danh hiệu năm {year} đã bị thu hồi"
    return f"năm {year} không đạt"


@dataclass(frozen=True)
class RatingAtLeast:
    """Rated at least `rating` in the year under check."""

    rating: str

    @classmethod
    def parse(cls, params: Params) -> RatingAtLeast:
        return cls(params.rating())

    def evaluate(self, ctx: Context) -> Outcome:
        record = ctx.history.record(ctx.year)
        wanted = rating_requirement(self.rating)
        if record is None:
            return failed(f"Năm {ctx.year} không có dữ liệu, cần xếp loại {wanted}")
        if record.rating is None:
            return failed(f"Năm {ctx.year} chưa có xếp loại, cần xếp loại {wanted}")
        actual = RATING_NAMES[record.rating]
        if rating_at_least(record.rating, self.rating):
            return met(f"Năm {ctx.year} được xếp loại {actual}")
        return failed(f"Năm {ctx.year} được xếp loại {actual}, chưa đạt {wanted}")


@dataclass(frozen=True)
class ServiceMonths:
    """Not recruited less than `months` months before the end of the year.

    The reference date is 31 December of the year under check (titles are assessed for the calendar year), and the
    months are calendar months: recruited on 1/7 has served 6 full months by 31/12, recruited on 2/7 has not.
    """

    months: int

    @classmethod
    def parse(cls, params: Params) -> ServiceMonths:
        return cls(params.positive_int("months"))

    def evaluate(self, ctx: Context) -> Outcome:
        year_end = dt.date(ctx.year, 12, 31)
        recruited = ctx.history.subject.recruited
        if recruited is None:
            return Outcome(
                to_confirm=(
                    f"Có thời gian công tác từ {self.months} tháng trở lên tính đến {date_vn(year_end)} "
                    "(hồ sơ không ghi ngày tuyển dụng)",
                )
            )
        served_enough = _add_months(recruited, self.months) <= year_end + dt.timedelta(days=1)
        if served_enough:
            return met(
                f"Tuyển dụng ngày {date_vn(recruited)}, có từ {self.months} tháng công tác trở lên "
                f"tính đến {date_vn(year_end)}"
            )
        return failed(
            f"Tuyển dụng ngày {date_vn(recruited)}, chưa đủ {self.months} tháng công tác "
            f"tính đến {date_vn(year_end)}"
        )


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    # 31/8 + 6 months lands on 28/2 or 29/2: the end of the shorter month.
    for last_day in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last_day))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")


@dataclass(frozen=True)
class Meets:
    """Meets the standard of another title in the same year (CSTĐCS requires LĐTT that year).

    The one place a title may be inferred: both are proposed at the same year-end, so the prerequisite is often
    not recorded yet. It counts when recorded, otherwise its own conditions for that year are checked and the
    reason says so. A revoked prerequisite fails. Chains and "holds already" never infer.
    """

    award: str

    @classmethod
    def parse(cls, params: Params) -> Meets:
        return cls(params.code("award"))

    def evaluate(self, ctx: Context) -> Outcome:
        name = ctx.name(self.award)
        if ctx.history.revoked(self.award, ctx.year):
            return failed(f"Danh hiệu {name} năm {ctx.year} đã bị thu hồi")
        if ctx.history.holds(self.award, ctx.year):
            return met(f"Đã đạt {name} năm {ctx.year}")
        inferred = ctx.infer(self.award)
        if inferred.met:
            detail = "; ".join(f.text for f in inferred.findings)
            return Outcome(
                (Finding(True, f"Đủ tiêu chuẩn {name} năm {ctx.year} ({detail})"),), inferred.to_confirm
            )
        if inferred.failed:
            detail = "; ".join(f.text for f in inferred.findings if f.met is False)
            return failed(f"Chưa đủ tiêu chuẩn {name} năm {ctx.year} ({detail})")
        detail = "; ".join(f.text for f in inferred.findings if f.met is None)
        return Outcome(
            (Finding(None, f"Chưa xác định được tiêu chuẩn {name} năm {ctx.year} ({detail})"),),
            inferred.to_confirm,
        )


@dataclass(frozen=True)
class TitleChain:
    """The title held in each of the `years` years ending at the year under check (the window, not more)."""

    title: str
    years: int

    @classmethod
    def parse(cls, params: Params) -> TitleChain:
        return cls(params.code("title"), params.positive_int("years"))

    def evaluate(self, ctx: Context) -> Outcome:
        history, name = ctx.history, ctx.name(self.title)
        chain = chain_back(history, ctx.year, lambda y: history.holds(self.title, y))[-self.years :]
        if len(chain) == self.years:
            return met(f"Có {self.years} năm liên tục đạt {name} ({years_vn(chain)})")
        if not chain:
            why = _why_not(history, ctx.year, self.title)
            return failed(f"Chưa đạt {name} năm {ctx.year} ({why}), cần {self.years} năm liên tục")
        why = _why_not(history, chain[0] - 1, self.title)
        return failed(
            f"Chỉ có {len(chain)} năm liên tục đạt {name} ({years_vn(chain)}), cần {self.years} năm; {why}"
        )


@dataclass(frozen=True)
class RatingChain:
    """At least `years` consecutive years rated `rating` or better, ending at the year under check.

    The whole unbroken run counts ("02 năm trở lên liên tục"), and the counts "in that period" (initiatives, titles)
    are taken over it. With `after`, the run starts after the latest held award of that code ("05 năm tiếp theo").
    """

    rating: str
    years: int
    initiatives: int
    titles: dict[str, int]
    after: str | None

    @classmethod
    def parse(cls, params: Params) -> RatingChain:
        initiatives = params.raw.get("initiatives")
        after = params.code("after") if "after" in params.raw else None
        return cls(
            rating=params.rating(),
            years=params.positive_int("years"),
            initiatives=params.positive_int("initiatives") if initiatives is not None else 0,
            titles=params.code_counts("titles"),
            after=after,
        )

    def evaluate(self, ctx: Context) -> Outcome:
        history = ctx.history
        since = _latest_held(ctx, self.after) if self.after else None

        def rated(year: int) -> bool:
            rating = history.years[year].rating
            return rating is not None and rating_at_least(rating, self.rating)

        chain = chain_back(history, ctx.year, rated, after=since)
        wanted = rating_requirement(self.rating)
        period = f" sau năm {since}" if since is not None else ""
        if len(chain) >= self.years:
            outcome = met(f"Có {len(chain)} năm liên tục {wanted}{period} ({years_vn(chain)})")
        elif not chain:
            why = _why_not(history, ctx.year)
            return failed(f"Năm {ctx.year} chưa đạt {wanted} ({why}), cần {self.years} năm liên tục{period}")
        else:
            stop = chain[0] - 1
            why = (
                f"chỉ tính các năm sau {ctx.name(self.after or '')} năm {since}"
                if stop == since
                else _why_not(history, stop)
            )
            outcome = failed(
                f"Chỉ có {len(chain)} năm liên tục {wanted}{period} ({years_vn(chain)}), "
                f"cần {self.years} năm; {why}"
            )
        return outcome + self._initiatives_in(ctx, chain) + self._titles_in(ctx, chain)

    def _initiatives_in(self, ctx: Context, chain: list[int]) -> Outcome:
        if not self.initiatives:
            return Outcome()
        found = [(year, item) for year in chain for item in ctx.history.years[year].initiatives]
        listed = "; ".join(f"{year}: {item.title}" for year, item in found)
        if len(found) >= self.initiatives:
            return met(f"Có {len(found)} sáng kiến trong thời gian đó ({listed})")
        if not found:
            return failed(f"Không có sáng kiến nào trong thời gian đó, cần {self.initiatives}")
        return failed(f"Chỉ có {len(found)} sáng kiến trong thời gian đó ({listed}), cần {self.initiatives}")

    def _titles_in(self, ctx: Context, chain: list[int]) -> Outcome:
        outcome = Outcome()
        for code, needed in self.titles.items():
            held = [year for year in chain if ctx.history.holds(code, year)]
            name = ctx.name(code)
            if len(held) >= needed:
                outcome += met(f"Có {len(held)} năm đạt {name} trong thời gian đó ({years_vn(held)})")
            elif held:
                outcome += failed(
                    f"Chỉ có {len(held)} năm đạt {name} trong thời gian đó ({years_vn(held)}), cần {needed}"
                )
            else:
                outcome += failed(f"Không có năm nào đạt {name} trong thời gian đó, cần {needed}")
        return outcome


def _latest_held(ctx: Context, code: str | None) -> int | None:
    if code is None:
        return None
    years = [a.year for a in ctx.history.awards if a.code == code and not a.revoked and a.year <= ctx.year]
    years += [y for y, r in ctx.history.years.items() if y <= ctx.year and ctx.history.holds(code, y)]
    return max(years, default=None)


@dataclass(frozen=True)
class HasInitiative:
    """An initiative whose effect reaches at least `scope`, recognised within the last `within` years."""

    scope: str
    within: int

    @classmethod
    def parse(cls, params: Params) -> HasInitiative:
        return cls(params.scope(), params.positive_int("within", 1))

    def evaluate(self, ctx: Context) -> Outcome:
        for year in range(ctx.year, ctx.year - self.within, -1):
            record = ctx.history.record(year)
            found: list[Initiative] = [
                item
                for item in (record.initiatives if record else ())
                if scope_at_least(item.scope, self.scope)
            ]
            if found:
                item = found[0]
                return met(f"Có sáng kiến phạm vi {SCOPE_NAMES[item.scope]} năm {year}: {item.title}")
        return failed(f"Thiếu sáng kiến có phạm vi ảnh hưởng {SCOPE_NAMES[self.scope]}")


@dataclass(frozen=True)
class Holds:
    """Already holds an award (not revoked), granted in the year under check or before."""

    award: str

    @classmethod
    def parse(cls, params: Params) -> Holds:
        return cls(params.code("award"))

    def evaluate(self, ctx: Context) -> Outcome:
        name = ctx.name(self.award)
        held = [a for a in ctx.history.awards if a.code == self.award and a.year <= ctx.year]
        valid = sorted((a for a in held if not ctx.history.revoked(a.code, a.year)), key=lambda a: a.year)
        from_titles = [y for y in ctx.history.years if y <= ctx.year and ctx.history.holds(self.award, y)]
        if valid:
            latest = valid[-1]
            decision = f" (Quyết định {latest.decision})" if latest.decision else ""
            return met(f"Đã được tặng {name} năm {latest.year}{decision}")
        if from_titles:
            return met(f"Đã được tặng {name} năm {from_titles[-1]}")
        revoked = sorted({a.year for a in held if a.revoked})
        if revoked:
            return failed(f"Chưa được tặng {name} (năm {years_vn(revoked)} đã bị thu hồi, không được tính)")
        return failed(f"Chưa được tặng {name}")


@dataclass(frozen=True)
class ConsecutiveAwards:
    """Held `times` times in a row, `interval` years apart, the latest in the year under check.

    Chiến sĩ thi đua cấp tỉnh is given for a 3-year period, so "2 lần liên tục" means the year under check and
    three years before it.
    """

    award: str
    times: int
    interval: int

    @classmethod
    def parse(cls, params: Params) -> ConsecutiveAwards:
        return cls(params.code("award"), params.positive_int("times"), params.positive_int("interval", 1))

    def evaluate(self, ctx: Context) -> Outcome:
        name = ctx.name(self.award)
        held: list[int] = []
        year = ctx.year
        while len(held) < self.times and ctx.history.holds(self.award, year):
            held.insert(0, year)
            year -= self.interval
        if len(held) == self.times:
            return met(f"Có {self.times} lần liên tục đạt {name} ({years_vn(held)})")
        if not held:
            return failed(f"Chưa đạt {name} năm {ctx.year}, cần {self.times} lần liên tục")
        why = "đã bị thu hồi" if ctx.history.revoked(self.award, year) else "không đạt"
        return failed(
            f"Chỉ có {len(held)} lần liên tục đạt {name} ({years_vn(held)}), cần {self.times} lần; "
            f"năm {year} {why}"
        )
