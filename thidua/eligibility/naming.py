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


class AwardMatcher:
    """Matches names against one catalogue (code → name), folding the catalogue's names once."""

    def __init__(self, names: Mapping[str, str]) -> None:
        self.names = dict(names)
        self.by_name: dict[str, list[str]] = {}
        for code, name in self.names.items():
            self.by_name.setdefault(fold(name), []).append(code)
        self.by_code = {fold(code).replace(" ", ""): code for code in self.names}
        self.padded = {code: f" {fold(name)} " for code, name in self.names.items()}
        self.folded_names = {fold(name): name for name in self.names.values()}

    def match(self, text: str) -> str:
        """The code of the one award that `text` names; raises AwardNameError."""
        wanted = fold(text)
        if not wanted:
            raise AwardNameError("Cần ghi tên hình thức khen thưởng.")
        exact = self.by_name.get(wanted, [])
        if not exact and wanted.replace(" ", "") in self.by_code:
            exact = [self.by_code[wanted.replace(" ", "")]]
        if len(exact) == 1:
            return exact[0]
        within = exact or [code for code, name in self.padded.items() if f" {wanted} " in name]
        if len(within) == 1:
            return within[0]
        if within:
            names = [self.names[code] for code in within]
            raise AwardNameError(
                f"“{text.strip()}” ứng với nhiều hình thức khen thưởng: {_quoted(names)}; cần ghi đủ tên.",
                tuple(names),
            )
        keys = difflib.get_close_matches(wanted, list(self.folded_names), n=3, cutoff=0.6)
        close = [self.folded_names[key] for key in keys]
        hint = f" Tên gần nhất: {_quoted(close)}." if close else ""
        raise AwardNameError(
            f"Không có hình thức khen thưởng “{text.strip()}” trong danh mục.{hint}", tuple(close)
        )


def match_award(text: str, names: Mapping[str, str]) -> str:
    """The code of the one award of `names` (code → name) that `text` names; raises AwardNameError."""
    return AwardMatcher(names).match(text)
