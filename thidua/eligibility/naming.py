"""Awards chosen by name: "Lao động tiên tiến", "bang khen cua chu tich UBND tinh" → one catalogue entry.

Codes are for machines; people type names, with or without diacritics, with the usual abbreviations. A name
matches when, folded (lower case, no diacritics, đ as d, abbreviations spelt out, punctuation dropped), it equals
the folded name or code of exactly one award; failing that, when it is contained in exactly one award's folded name
("Cờ thi đua của Chính phủ" written as "cờ thi đua chính phủ" does not: words must be in order and complete).
An unknown or ambiguous name is refused with the closest names offered.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping

# Abbreviations of the administration, spelt out as the catalogue's names write them.
ABBREVIATIONS: dict[str, str] = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "ttg": "thu tuong chinh phu",
    "ttcp": "thu tuong chinh phu",
    "cp": "chinh phu",
    "ldtt": "lao dong tien tien",
    "cstd": "chien si thi dua",
    "cstdcs": "chien si thi dua co so",
    "hcld": "huan chuong lao dong",
    "bk": "bang khen",
    "gk": "giay khen",
}
_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """The comparable form of a name: lower case, no diacritics, đ as d, abbreviations spelt out, words only."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return " ".join(ABBREVIATIONS.get(word, word) for word in _WORD.findall(bare))


class AwardNameError(ValueError):
    """No award, or more than one, answers to the name; `message` is Vietnamese and offers the closest names."""

    def __init__(self, message: str, candidates: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.candidates = candidates

    def __str__(self) -> str:
        return self.message


def _quoted(names: list[str]) -> str:
    return ", ".join(f"“{name}”" for name in names)


def match_award(text: str, names: Mapping[str, str]) -> str:
    """The code of the one award of `names` (code → name) that `text` names; raises AwardNameError."""
    wanted = fold(text)
    if not wanted:
        raise AwardNameError("Cần ghi tên hình thức khen thưởng.")
    by_code = {fold(code).replace(" ", ""): code for code in names}
    compact = wanted.replace(" ", "")
    exact = [code for code, name in names.items() if fold(name) == wanted]
    if not exact and compact in by_code:
        exact = [by_code[compact]]
    if len(exact) == 1:
        return exact[0]
    padded = f" {wanted} "
    within = exact or [code for code, name in names.items() if padded in f" {fold(name)} "]
    if len(within) == 1:
        return within[0]
    if within:
        listed = _quoted([names[code] for code in within])
        raise AwardNameError(
            f"“{text.strip()}” ứng với nhiều hình thức khen thưởng: {listed}; cần ghi đủ tên.",
            tuple(names[code] for code in within),
        )
    folded = {fold(name): name for name in names.values()}
    close = [folded[key] for key in difflib.get_close_matches(wanted, list(folded), n=3, cutoff=0.5)]
    hint = f" Tên gần nhất: {_quoted(close)}." if close else ""
    raise AwardNameError(
        f"Không có hình thức khen thưởng “{text.strip()}” trong danh mục.{hint}", tuple(close)
    )
