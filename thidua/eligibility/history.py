"""A subject's award history (format `thidua.history/1`): typed data, and its loader that reports every error.

Decisions documented here because the contract leaves them open:
- `subject.dissolved` (optional, default false): true for a body dissolved by the 2025 restructuring; Thông tư
  15/2025/TT-BNV forbids commending it, so every check refuses it.
- `subject.recruited` is optional; when it is absent the length-of-service condition becomes a `to_confirm` line.
- Keys the contract does not name (notes, decision dates…) are ignored, so a history written by a newer tool
  still loads; every key it does name is validated.
- Title and award codes must be codes of the catalogue: a misspelt title would otherwise silently break a chain.
- The `initiatives` list holds recognised initiatives and accepted research projects alike (the law treats both
  as grounds for Chiến sĩ thi đua cơ sở).
- `years.N.cluster` (optional, for a collective): the result of its emulation cluster (cụm, khối thi đua) for the
  year, `{rank: 1, leading: true, honoured: true, proposed: [CO_TINH, BK_TINH]}`: its rank, whether it leads
  the cluster, whether the cluster's ballot honoured it (suy tôn), and the awards the cluster proposed it for.
  The application fills it from the cluster's results in force and the conference's ballot; a year without it
  means the subject had no cluster result that year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from thidua.eligibility.reading import ReadError, parse_text, read_document
from thidua.eligibility.text import RATINGS, SCOPES

if TYPE_CHECKING:
    from thidua.eligibility.catalogue import Catalogue

HISTORY_FORMAT = "thidua.history/1"
KINDS = ("individual", "collective")
COLLECTIVE_COUNTS = ("members", "members_completed", "members_ldtt", "members_cstdcs", "disciplined")


class HistoryError(ValueError):
    """The history is invalid; `errors` holds every problem as 'place: message' in Vietnamese."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Initiative:
    """A recognised initiative (or accepted research project) and how far its effect reaches."""

    scope: str
    title: str


@dataclass(frozen=True)
class ClusterResult:
    """What the subject's emulation cluster decided about it for one year: rank, leading, honoured, proposed."""

    rank: int | None = None
    leading: bool = False
    honoured: bool = False
    proposed: tuple[str, ...] = ()


@dataclass(frozen=True)
class YearRecord:
    """What is on record for one year: rating, titles, initiatives and, for a collective, member counts."""

    rating: str | None = None
    titles: tuple[str, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    members: int | None = None
    members_completed: int | None = None
    members_ldtt: int | None = None
    members_cstdcs: int | None = None
    disciplined: int | None = None
    cluster: ClusterResult | None = None

    def count(self, name: str) -> int | None:
        value: int | None = getattr(self, name)
        return value


@dataclass(frozen=True)
class ReceivedAward:
    """An award already granted by a decision; a revoked one stays on record but counts for nothing."""

    code: str
    year: int
    decision: str = ""
    revoked: bool = False


@dataclass(frozen=True)
class Subject:
    """The person or collective whose history is checked."""

    kind: str
    code: str
    name: str = ""
    unit: str = ""
    recruited: dt.date | None = None
    dissolved: bool = False


@dataclass(frozen=True)
class History:
    """One subject's record, year by year, and the awards it already holds."""

    subject: Subject
    years: Mapping[int, YearRecord] = field(default_factory=dict)
    awards: tuple[ReceivedAward, ...] = ()

    def record(self, year: int) -> YearRecord | None:
        return self.years.get(year)

    def revoked(self, code: str, year: int) -> bool:
        return any(a.code == code and a.year == year and a.revoked for a in self.awards)

    def holds(self, code: str, year: int) -> bool:
        """A title or award held for `year`: recorded in that year's titles or as a received award, never revoked.

        A revoked decision cancels the title even if the year's `titles` still lists it, because revocation is the
        later act and chains must not count it.
        """
        if self.revoked(code, year):
            return False
        record = self.years.get(year)
        if record is not None and code in record.titles:
            return True
        return any(a.code == code and a.year == year and not a.revoked for a in self.awards)


def load_history(source: str | Path | Mapping[str, Any], *, catalogue: Catalogue | None = None) -> History:
    """Reads a history from a path, a YAML/JSON text or an already parsed mapping; raises HistoryError.

    Titles and awards must use codes of `catalogue` (the shipped one by default).
    """
    # Imported here: the catalogue's rules read History, so a module-level import would be circular.
    from thidua.eligibility.catalogue import load_catalogue

    known_codes = tuple((catalogue or load_catalogue()).awards)
    if isinstance(source, Path):
        try:
            document = read_document(source)
        except ReadError as exc:
            raise HistoryError([str(exc)]) from exc
    elif isinstance(source, str):
        try:
            document = parse_text(source)
        except ReadError as exc:
            raise HistoryError([str(exc)]) from exc
    else:
        document = source
    return _HistoryParser(known_codes).parse(document)


class _HistoryParser:
    def __init__(self, known_codes: Collection[str]) -> None:
        self.known_codes = frozenset(known_codes)
        self.errors: list[str] = []

    def error(self, place: str, message: str) -> None:
        self.errors.append(f"{place}: {message}")

    def parse(self, document: Any) -> History:
        if not isinstance(document, Mapping):
            raise HistoryError(
                ["(gốc): tệp phải là một bảng khóa – giá trị (format, subject, years, awards)"]
            )
        if document.get("format") != HISTORY_FORMAT:
            self.error("format", f'phải là "{HISTORY_FORMAT}", nhận được {_shown(document.get("format"))}')
        subject = self.subject(document.get("subject"))
        years = self.years(document.get("years"))
        awards = self.awards(document.get("awards"))
        if self.errors or subject is None:
            raise HistoryError(self.errors)
        return History(subject=subject, years=years, awards=awards)

    def subject(self, raw: Any) -> Subject | None:
        if not isinstance(raw, Mapping):
            self.error("subject", "thiếu thông tin đối tượng (kind, code, name)")
            return None
        kind = raw.get("kind")
        if kind not in KINDS:
            self.error("subject.kind", f"loại đối tượng {_shown(kind)} không hợp lệ ({', '.join(KINDS)})")
        code = raw.get("code")
        if not isinstance(code, str | int) or isinstance(code, bool) or str(code).strip() == "":
            self.error("subject.code", "thiếu mã đối tượng")
        name = self.optional_text(raw, "name", "subject.name")
        unit = self.optional_text(raw, "unit", "subject.unit")
        recruited = self.optional_date(raw.get("recruited"), "subject.recruited")
        dissolved = self.optional_bool(raw.get("dissolved"), "subject.dissolved")
        if kind not in KINDS:
            return None
        return Subject(
            kind=str(kind),
            code=str(code),
            name=name,
            unit=unit,
            recruited=recruited,
            dissolved=dissolved,
        )

    def years(self, raw: Any) -> dict[int, YearRecord]:
        if raw is None:
            return {}
        if not isinstance(raw, Mapping):
            self.error("years", "phải là một bảng năm → dữ liệu năm")
            return {}
        years: dict[int, YearRecord] = {}
        for key, value in raw.items():
            year = _year_key(key)
            place = f"years.{key}"
            if year is None:
                self.error(place, f"năm {_shown(key)} không hợp lệ (một số nguyên như 2024)")
                continue
            if year in years:
                self.error(place, f"năm {year} được ghi hai lần")
                continue
            record = self.year_record(value, place)
            if record is not None:
                years[year] = record
        return dict(sorted(years.items()))

    def year_record(self, raw: Any, place: str) -> YearRecord | None:
        if raw is None:
            return YearRecord()
        if not isinstance(raw, Mapping):
            self.error(place, "dữ liệu năm phải là một bảng (rating, titles, initiatives…)")
            return None
        rating = raw.get("rating")
        if rating is not None and rating not in RATINGS:
            self.error(f"{place}.rating", f"xếp loại {_shown(rating)} không hợp lệ ({', '.join(RATINGS)})")
            rating = None
        counts = {name: self.count(raw.get(name), f"{place}.{name}") for name in COLLECTIVE_COUNTS}
        members = counts["members"]
        for name in COLLECTIVE_COUNTS[1:4]:
            value = counts[name]
            if members is not None and value is not None and value > members:
                self.error(f"{place}.{name}", f"{value} lớn hơn số thành viên ({members})")
        return YearRecord(
            rating=rating,
            titles=self.titles(raw.get("titles"), f"{place}.titles"),
            initiatives=self.initiatives(raw.get("initiatives"), f"{place}.initiatives"),
            cluster=self.cluster(raw.get("cluster"), f"{place}.cluster"),
            **counts,
        )

    def cluster(self, raw: Any, place: str) -> ClusterResult | None:
        if raw is None:
            return None
        if not isinstance(raw, Mapping):
            self.error(place, "phải là một bảng rank, leading, honoured, proposed")
            return None
        rank = self.count(raw.get("rank"), f"{place}.rank")
        if rank == 0:
            self.error(f"{place}.rank", "thứ hạng bắt đầu từ 1")
            rank = None
        return ClusterResult(
            rank=rank,
            leading=self.optional_bool(raw.get("leading"), f"{place}.leading"),
            honoured=self.optional_bool(raw.get("honoured"), f"{place}.honoured"),
            proposed=self.titles(raw.get("proposed"), f"{place}.proposed"),
        )

    def titles(self, raw: Any, place: str) -> tuple[str, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.error(place, "phải là một danh sách mã danh hiệu")
            return ()
        titles: list[str] = []
        for index, code in enumerate(raw):
            if self.award_code(code, f"{place}[{index}]", "danh hiệu"):
                titles.append(str(code))
        return tuple(titles)

    def initiatives(self, raw: Any, place: str) -> tuple[Initiative, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.error(place, "phải là một danh sách sáng kiến")
            return ()
        found: list[Initiative] = []
        for index, item in enumerate(raw):
            item_place = f"{place}[{index}]"
            if not isinstance(item, Mapping):
                self.error(item_place, "sáng kiến phải có scope và title")
                continue
            scope = item.get("scope")
            title = item.get("title")
            if scope not in SCOPES:
                self.error(
                    f"{item_place}.scope", f"phạm vi {_shown(scope)} không hợp lệ ({', '.join(SCOPES)})"
                )
            if not isinstance(title, str) or not title.strip():
                self.error(f"{item_place}.title", "thiếu tên sáng kiến")
            if scope in SCOPES and isinstance(title, str) and title.strip():
                found.append(Initiative(scope=str(scope), title=title.strip()))
        return tuple(found)

    def awards(self, raw: Any) -> tuple[ReceivedAward, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.error("awards", "phải là một danh sách khen thưởng đã nhận")
            return ()
        found: list[ReceivedAward] = []
        for index, item in enumerate(raw):
            place = f"awards[{index}]"
            if not isinstance(item, Mapping):
                self.error(place, "phải có code, year, decision, revoked")
                continue
            code_ok = self.award_code(item.get("code"), f"{place}.code", "khen thưởng")
            year = _year_key(item.get("year"))
            if year is None:
                self.error(f"{place}.year", f"năm {_shown(item.get('year'))} không hợp lệ")
            decision = self.optional_text(item, "decision", f"{place}.decision")
            revoked = self.optional_bool(item.get("revoked"), f"{place}.revoked")
            if code_ok and year is not None:
                found.append(ReceivedAward(str(item["code"]), year, decision, revoked))
        return tuple(found)

    def award_code(self, code: Any, place: str, what: str) -> bool:
        if not isinstance(code, str) or not code:
            self.error(place, f"mã {what} {_shown(code)} không hợp lệ")
            return False
        if self.known_codes and code not in self.known_codes:
            self.error(place, f"mã {what} {_shown(code)} không có trong danh mục khen thưởng")
            return False
        return True

    def count(self, raw: Any, place: str) -> int | None:
        if raw is None:
            return None
        value = _integer(raw)
        if value is None or value < 0:
            self.error(place, f"phải là số nguyên không âm, nhận được {_shown(raw)}")
            return None
        return value

    def optional_text(self, raw: Mapping[str, Any], key: str, place: str) -> str:
        value = raw.get(key)
        if value is None:
            return ""
        if not isinstance(value, str | int) or isinstance(value, bool):
            self.error(place, "phải là một chuỗi ký tự")
            return ""
        return str(value).strip()

    def optional_bool(self, raw: Any, place: str) -> bool:
        if raw is None:
            return False
        if not isinstance(raw, bool):
            self.error(place, f"phải là true hoặc false, nhận được {_shown(raw)}")
            return False
        return raw

    def optional_date(self, raw: Any, place: str) -> dt.date | None:
        if raw is None:
            return None
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        if isinstance(raw, str):
            try:
                return dt.date.fromisoformat(raw.strip())
            except ValueError:
                pass
        self.error(place, f"ngày {_shown(raw)} không hợp lệ (dạng YYYY-MM-DD)")
        return None


def _integer(raw: Any) -> int | None:
    """An integer written as a number or a decimal string; '20' and 20 are fine, 20.5 and true are not."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, Decimal | str):
        try:
            value = Decimal(str(raw).strip())
        except ArithmeticError:
            return None
        if value.is_finite() and value == value.to_integral_value():
            return int(value)
    return None


def _year_key(raw: Any) -> int | None:
    # Years may be written as strings ("2023": …) in JSON, where keys cannot be numbers.
    value = _integer(raw)
    if value is None or not 1900 <= value <= 2200:
        return None
    return value


def _shown(value: Any) -> str:
    if value is None:
        return "(trống)"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)
