"""Numbers written as Vietnamese words and counted as administrative documents count: amounts of money in a decision
are written in figures and in words ("4.470.000 đồng (Bốn triệu bốn trăm bảy mươi nghìn đồng)"), and recipients
are counted with two digits ("01 tập thể và 02 cá nhân")."""

from __future__ import annotations

from collections.abc import Sequence

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
GROUPS = ("", "nghìn", "triệu", "tỷ")


def _three(number: int, *, full: bool) -> list[str]:
    """Words of 0–999; `full` when a higher group precedes it, so "không trăm" and "linh" are said."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens > 1:
            words.append("mốt")
        elif units == 5 and tens > 0:
            words.append("lăm")
        else:
            words.append(DIGITS[units])
    return words


def number_words(number: int) -> str:
    """0 → "không", 4470000 → "bốn triệu bốn trăm bảy mươi nghìn", 1005 → "một nghìn không trăm linh năm"."""
    if number == 0:
        return DIGITS[0]
    if number < 0:
        return "âm " + number_words(-number)
    if number >= 1000 ** len(GROUPS):
        raise ValueError("Số tiền quá lớn để viết bằng chữ.")
    groups: list[int] = []
    while number:
        groups.append(number % 1000)
        number //= 1000
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        value = groups[index]
        if value == 0:
            continue
        words += _three(value, full=bool(words))
        if GROUPS[index]:
            words.append(GROUPS[index])
    return " ".join(words)


def money_words(amount: int) -> str:
    """ "Bốn triệu bốn trăm bảy mươi nghìn đồng": capitalised, as written in brackets after the figure."""
    text = number_words(amount) + " đồng"
    return text[0].upper() + text[1:]


def count_text(counts: Sequence[tuple[int, str]]) -> str:
    """ "01 tập thể và 02 cá nhân": each kind with its count on two digits, the last joined by "và"; kinds with
    no one are left out."""
    parts = [f"{count:02d} {word}" for count, word in counts if count]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " và " + parts[-1]
