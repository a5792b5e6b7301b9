"""Small pieces of Vietnamese used by every sentence: lists, fractions of units, collective nouns."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from thidua.engine.model import ClusterKind
from thidua.engine.numbers import vn, vn_percent

# Unit names start with their kind; two-word kinds come first so "Thị xã" is not read as "Thị".
UNIT_KINDS = (
    "Thành phố",
    "Thị xã",
    "Thị trấn",
    "Đặc khu",
    "Xã",
    "Phường",
    "Huyện",
    "Quận",
    "Tỉnh",
    "Sở",
    "Ban",
)
RANK_WORDS = {1: "hạng nhất", 2: "hạng nhì", 3: "hạng ba"}


def join(items: Sequence[str]) -> str:
    """ "A", "A và B", "A, B và C"; "A; B; C" when a name itself contains " và "."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    # "Sở Lao động, Thương binh và Xã hội và Sở Y tế" cannot be read back; official documents list such
    # agency names separated by semicolons only, with no "và" that could belong to a name.
    if any(" và " in item for item in items):
        return "; ".join(items)
    return f"{', '.join(items[:-1])} và {items[-1]}"


def lower_first(text: str) -> str:
    """Lower the first letter for use inside a sentence, unless it starts an abbreviation (UBND, HĐND)."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def unit_noun(names: Sequence[str]) -> str:
    """The collective noun for the members: "xã, phường" for Xã … and Phường …, "đơn vị" when mixed or unknown."""
    kinds: list[str] = []
    for name in names:
        kind = next((k for k in UNIT_KINDS if name.startswith(k + " ")), None)
        if kind is None:
            return "đơn vị"
        if kind.lower() not in kinds:
            kinds.append(kind.lower())
    return ", ".join(kinds) if 0 < len(kinds) <= 3 else "đơn vị"


def leader_word(kind: ClusterKind, role: str) -> str:
    """ "Cụm trưởng", "Khối phó"…"""
    head = "Cụm" if kind == "cum" else "Khối"
    return f"{head} trưởng" if role == "leader" else f"{head} phó"


def group_word(kind: ClusterKind) -> str:
    return "cụm" if kind == "cum" else "khối"


def rank_word(rank: int) -> str:
    return RANK_WORDS.get(rank, f"hạng {rank}")


def fraction(count: int, total: int, noun: str = "đơn vị") -> str:
    """ "4/5 đơn vị"."""
    return f"{count}/{total} {noun}"


def points(value: Decimal) -> str:
    return vn(value, 2)


def whole_or_points(value: Decimal) -> str:
    """Framework maxima are usually whole numbers ("200"); show decimals only when they exist ("92,5")."""
    return vn(value) if value == value.to_integral_value() else vn(value, 2)


def percent(value: Decimal) -> str:
    return vn_percent(value)


def measure(value: Decimal, unit: str | None) -> str:
    """An exact figure with its unit: "358,87 tỷ đồng", "20.802 lượt người", "95,1%"."""
    text = vn(value)
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def mean_measure(value: Decimal, unit: str | None) -> str:
    """A mean with two decimals and its unit: "2,38%"."""
    text = vn(value, 2)
    if not unit:
        return text
    return f"{text}{unit}" if unit in ("%", "‰") else f"{text} {unit}"
