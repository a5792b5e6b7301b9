"""Checks on the text people give names in: one home for every name a user types or a file brings.

Bidirectional control characters (U+202E RIGHT-TO-LEFT OVERRIDE and its kin) make "hoso" + U+202E + "fdp.exe" display as
"hosoexe.pdf" and let a name look like another; no Vietnamese name needs them, so names that carry one are refused.
"""

from __future__ import annotations

from thidua.core.errors import InvalidInput

BIDI_CONTROLS = frozenset(
    "\u200e\u200f\u061c"  # left-to-right, right-to-left and Arabic letter marks
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings, pop, overrides
    "\u2066\u2067\u2068\u2069"  # isolates
)


def bidi_control_in(value: str) -> str | None:
    """The first bidirectional control character of `value` as U+XXXX, or None."""
    for char in value:
        if char in BIDI_CONTROLS:
            return f"U+{ord(char):04X}"
    return None


def _message(label: str, code: str) -> str:
    return (
        f"{label} có ký tự điều khiển hướng chữ ({code}), có thể làm tên hiển thị khác với tên thật; "
        "hãy gõ lại tên, không dán ký tự này."
    )


def refuse_bidi_controls(value: str, *, label: str, field: str = "") -> str:
    """Refuse (InvalidInput, so pages and the API show it alike) a name carrying a bidirectional control; return the name otherwise."""
    code = bidi_control_in(value)
    if code is not None:
        raise InvalidInput(_message(label, code), field=field)
    return value
