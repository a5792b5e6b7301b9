"""Search text without diacritics: "Nguyễn Văn An" and "nguyen van an" meet on the same normalised form."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower case, no tone or vowel marks, đ as d, single spaces: the form stored in search columns."""
    # đ/Đ are letters of their own in Unicode, not d with a mark, so NFD alone leaves them.
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", bare.lower()).strip()
