"""Reading raw YAML/JSON values into typed ones while collecting every problem with its place."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from thidua.core.numbers import NumberError, parse_package_number
from thidua.engine.model import Problem
from thidua.engine.numbers import plain

NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# A decimal comma as Vietnamese is written ("67,97"); with no thousands separator, so it means one thing.
VN_DECIMAL = re.compile(r"[+-]?\d+,\d+")
T = TypeVar("T", bound=str)


class CommaSplit(str):
    """A figure with a decimal comma that a YAML flow mapping split in two (`{U1: 0,5}` is `U1: 0` and `5:`),
    joined back as it was written so that the reader refuses it instead of reading 0."""

    def message(self) -> str:
        return f"“{self}” {COMMA_HINT} ({self.replace(',', '.')})"


COMMA_HINT = "có dấu phẩy thập phân; hãy viết dấu chấm"


def comma_problem(raw: object) -> str | None:
    """What is wrong with a figure written with a decimal comma, which a package never reads as a number (a
    YAML flow mapping splits it, or a quoted one that reads two ways); None if none."""
    if isinstance(raw, CommaSplit):
        return raw.message()
    # A quoted figure is read as the pages read it (thidua.core.numbers): "0,5" is 0.5; one that reads two ways
    # ("1,200") is refused with both readings.
    return ambiguity(raw) if isinstance(raw, str) else None


def shown(raw: object) -> str:
    """A raw value as the user wrote it, for messages."""
    if raw is None:
        return "(trống)"
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, Decimal):
        return plain(raw)
    return str(raw)


def key_text(raw: object) -> str:
    """A mapping key as text: an unquoted 1.10 stays "1.10" because numbers are read from their source text."""
    if isinstance(raw, Decimal):
        return str(raw)
    if isinstance(raw, date):
        return raw.isoformat()
    return shown(raw)


def read_number(raw: object) -> Decimal:
    """A Decimal from a number or a number written as text, never through float; NumberError otherwise.

    Text follows `thidua.core.numbers.parse_package_number`: version 1 decimal strings ("40.5") keep their
    meaning, Vietnamese numbers ("1.200,5", "0,5") are read as on the pages, and "1.200", which could be either,
    is refused with both readings.
    """
    if isinstance(raw, CommaSplit):
        raise NumberError(raw.message(), text=str(raw))
    if isinstance(raw, bool):
        raise NumberError("không phải là một số", text=shown(raw))
    if isinstance(raw, Decimal):
        if raw.is_finite():
            return raw
        raise NumberError("không phải là một số", text=shown(raw))
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, str):
        return parse_package_number(raw)
    raise NumberError("không phải là một số", text=shown(raw))


def as_number(raw: object) -> Decimal | None:
    """`read_number`, or None when it is not one."""
    try:
        return read_number(raw)
    except NumberError:
        return None


def ambiguity(raw: object) -> str | None:
    """The refusal of a text value that reads as two different numbers ("1.200"), with both readings; else None."""
    try:
        read_number(raw)
    except NumberError as exc:
        return exc.message if exc.readings else None
    return None


def number_problem(raw: object) -> str:
    """What to tell about a value that should be a number and is not one."""
    return ambiguity(raw) or f"phải là một số, đang là “{shown(raw)}”"


class Reader:
    """Collects problems while raw values are read; every reader method returns None on a problem."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, place: str, message: str) -> None:
        self.problems.append(Problem(place, message))

    def mapping(self, raw: object, place: str, *, required: bool = True) -> Mapping[Any, Any] | None:
        if raw is None and not required:
            return None
        if isinstance(raw, Mapping):
            return raw
        self.problem(place, "thiếu mục bắt buộc" if raw is None else "phải là một bảng khóa – giá trị")
        return None

    def items(self, raw: object, place: str) -> Iterator[tuple[str, Any]]:
        """Key/value pairs of an optional mapping, keys as text."""
        found = self.mapping(raw, place, required=False)
        for key, value in (found or {}).items():
            yield key_text(key), value

    def sequence(self, raw: object, place: str, *, required: bool = False) -> Sequence[Any]:
        if raw is None and not required:
            return ()
        if isinstance(raw, list | tuple):
            return raw
        self.problem(place, "thiếu mục bắt buộc" if raw is None else "phải là một danh sách")
        return ()

    def known_keys(self, raw: Mapping[Any, Any], place: str, allowed: Sequence[str]) -> None:
        for key, value in raw.items():
            text = key_text(key)
            # A key with no value is what YAML makes of the text after a comma in a flow mapping
            # ({title: Phát hiện, nhân rộng mô hình mới}); `text_with_commas` puts it back into the text.
            if text not in allowed and not text.startswith("_") and value is not None:
                self.problem(place, f"khóa “{text}” không được dùng ở đây; cho phép: {', '.join(allowed)}")

    def text_with_commas(
        self, raw: Mapping[Any, Any], key: str, place: str, allowed: Sequence[str]
    ) -> str | None:
        """A text field of a flow mapping, with the pieces that unquoted commas split off joined back."""
        value = self.text(raw.get(key), place)
        if value is None:
            return None
        keys = [key_text(k) for k in raw]
        pieces = [
            text
            for text, item in zip(
                keys[keys.index(key) + 1 :], list(raw.values())[keys.index(key) + 1 :], strict=True
            )
            if item is None and text not in allowed
        ]
        return ", ".join([value, *pieces])

    def text(self, raw: object, place: str, *, required: bool = True) -> str | None:
        if raw is None:
            if required:
                self.problem(place, "thiếu mục bắt buộc")
            return None
        if isinstance(raw, str) and raw.strip():
            return raw.strip()
        if isinstance(raw, int | Decimal) and not isinstance(raw, bool):
            return key_text(raw)
        self.problem(place, f"phải là một chuỗi chữ không rỗng, đang là “{shown(raw)}”")
        return None

    def number(self, raw: object, place: str, *, required: bool = True) -> Decimal | None:
        if raw is None:
            if required:
                self.problem(place, "thiếu mục bắt buộc")
            return None
        value = as_number(raw)
        comma = comma_problem(raw)
        if comma is not None:
            self.problem(place, comma)
        elif value is None:
            self.problem(place, number_problem(raw))
        return value

    def integer(self, raw: object, place: str) -> int | None:
        value = self.number(raw, place)
        if value is None:
            return None
        if value != value.to_integral_value():
            self.problem(place, f"phải là một số nguyên, đang là “{shown(raw)}”")
            return None
        return int(value)

    def choice(self, raw: object, place: str, allowed: Sequence[T], default: T) -> T:
        if raw is None:
            return default
        for option in allowed:
            if raw == option:
                return option
        self.problem(place, f"“{shown(raw)}” không hợp lệ; cho phép: {', '.join(allowed)}")
        return default

    def date(self, raw: object, place: str, *, required: bool = True) -> date | None:
        if raw is None:
            if required:
                self.problem(place, "thiếu mục bắt buộc")
            return None
        if isinstance(raw, date) and not isinstance(raw, datetime):
            return raw
        if isinstance(raw, str):
            try:
                return date.fromisoformat(raw.strip())
            except ValueError:
                pass
        self.problem(place, f"phải là một ngày dạng YYYY-MM-DD, đang là “{shown(raw)}”")
        return None
