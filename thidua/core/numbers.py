"""Numbers the way Vietnamese people write them: "1.200" is one thousand two hundred, "1.200,5" and "0,5" are
decimals. The one place that reads a typed number and the one place that writes a number for people.

Pure Python (Babel, no Django), so the scoring engine and the package reader use it too. Reading is Babel's
strict parser for the "vi" locale: a dot that cannot be a thousands separator ("1.5", "40.25") is refused with both
readings offered, never guessed. Writing is Babel's formatter with the rounding every regulation uses (half up).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext

from babel.numbers import NumberFormatError, format_decimal, parse_decimal

LOCALE = "vi"
# A dot between digits and nothing else: "1.5", "40.25", "1.2345" (the way English and machines write decimals).
_POINT_DECIMAL = re.compile(r"[+-]?\d+\.\d+")
_SPACES = re.compile(r"[ \u00a0\u202f]+")
_MINUS = "\u2212"


class NumberError(ValueError):
    """Typed text that is not a number as Vietnamese write it; `message` says why in Vietnamese and offers the
    readings the person may have meant."""

    def __init__(self, message: str, *, text: str, readings: tuple[Decimal, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.text = text
        self.readings = readings


def parse_number(text: str) -> Decimal:
    """The Decimal a person meant by `text`, or NumberError.

    "1.200" → 1200, "1.200,5" → 1200.5, "0,5" → 0.5, "12" → 12, "-3" → -3, "1 200" → 1200 (a space between
    thousands, as some documents print them); "1.5" is refused with its two readings, "1,2,3" as not a number.
    """
    typed = text.strip()
    if not typed:
        raise NumberError("chưa nhập số", text=text)
    signed = typed.replace(_MINUS, "-")
    cleaned = signed
    if _SPACES.search(signed) and "." not in signed:
        # Spaces between thousands are the only spaces a number may hold; Babel checks the groups then.
        cleaned = _SPACES.sub(".", signed)
    try:
        value = parse_decimal(cleaned, locale=LOCALE, strict=True)
    except NumberFormatError as exc:
        raise _refusal(typed, signed) from exc
    if not value.is_finite():
        raise NumberError(f"“{typed}” không phải là một số", text=typed)
    return value


def _refusal(typed: str, cleaned: str) -> NumberError:
    if not _POINT_DECIMAL.fullmatch(cleaned):
        return NumberError(f"“{typed}” không phải là một số", text=typed)
    decimal_reading = Decimal(cleaned)
    sign, digits = ("-", cleaned[1:]) if cleaned[0] in "+-" else ("", cleaned)
    whole, fraction = digits.split(".")
    # Read as thousands, the group after the dot has three digits: "1.5" → 1.500; "1.2345" → 12.345.
    grouped = whole + fraction.ljust(3, "0") if len(fraction) < 3 else whole + fraction
    thousands_reading = Decimal(sign + grouped)
    message = (
        f"“{typed}” không rõ nghĩa: viết {format_number(decimal_reading)} (số thập phân, dùng dấu phẩy) "
        f"hay {format_number(thousands_reading)} (dấu chấm ngăn cách hàng nghìn)"
    )
    return NumberError(message, text=typed, readings=(decimal_reading, thousands_reading))


def format_number(value: Decimal | int, places: int | None = None) -> str:
    """Vietnamese style: thousands grouped with ".", decimals after ",". With `places`, rounded half up to that
    many decimals; without, every digit the value holds and no trailing zeros.

    format_number(Decimal("20802")) → "20.802", format_number(Decimal("192.583")) → "192,583",
    format_number(Decimal("141.2857"), 2) → "141,29", format_number(Decimal("40"), 2) → "40,00".
    """
    number = value if isinstance(value, Decimal) else Decimal(value)
    # Enough precision for every digit asked for, however many (a ratio compared with a whole number).
    digits = max(len(number.as_tuple().digits), number.adjusted() + 1) + (places or 0) + 8
    with localcontext(Context(prec=max(28, digits))):
        if places is not None:
            number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
            pattern = "#,##0." + "0" * places if places > 0 else "#,##0"
        else:
            number = number.normalize()
            pattern = "#,##0.###"
        if number.is_zero():
            number = abs(number)  # never "-0,00"
        return str(
            format_decimal(number, format=pattern, locale=LOCALE, decimal_quantization=places is not None)
        )


def format_any(value: object, places: int | None = None) -> str:
    """`format_number` for whatever a template or a stored JSON value holds: a Decimal, an int, a decimal string
    ("1200.5"); anything else (a name, a dash) is shown as it is."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(value)
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    return format_number(number, places)


def format_points(value: Decimal) -> str:
    """Points with two decimals: "40,00"."""
    return format_number(value, 2)


def format_percent(value: Decimal) -> str:
    """A percentage with two decimals and its sign: "141,29%"."""
    return f"{format_number(value, 2)}%"


def measure_places(*values: Decimal) -> int:
    """The decimals a group of reported figures is printed with, the same for all so they can be compared:
    none when every one is whole ("1.452/900"), else at least two and every digit given ("45,00/40,50",
    "0,425")."""
    places = 0
    for value in values:
        exponent = value.normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            places = max(places, 2, -exponent)
    return places


def format_measure(value: Decimal, *compared: Decimal) -> str:
    """A reported figure, printed like the figures it is `compared` with (see `measure_places`)."""
    return format_number(value, measure_places(value, *compared))


# A number as machines and version 1 packages write it: "40.5", "1200", "1e3".
_MACHINE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# One comma followed by exactly three digits and no dot: a Vietnamese decimal ("1,200" = 1,2) or a thousand as
# English writes it.
_DECIMAL_OR_ENGLISH_THOUSAND = re.compile(r"[+-]?[1-9]\d{0,2},\d{3}")


class TypedText(str):
    """Text a person typed where a number belongs (a text cell of a workbook): read the way the pages read it,
    with `parse_number`, not as a version 1 decimal string."""


def machine_number(text: str) -> Decimal | None:
    """A number written the machine way ("40.5", "6.25E+3"), as YAML and JSON number tokens are; None otherwise."""
    cleaned = text.strip()
    if not _MACHINE.fullmatch(cleaned):
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def parse_package_number(text: str) -> Decimal:
    """A number written as text in a package file (a quoted YAML or JSON value).

    The rule, documented in docs/numbers.md: text with one point and no comma is a version 1 decimal string and
    keeps its meaning ("40.5", "1.035"); text with a comma is a Vietnamese number read as on the pages
    ("1.200,5", "0,5", "12.345.678,25"); "1,200", which is 1,2 written the Vietnamese way and one thousand two
    hundred written the English way, is refused with both readings and how to write each one. Text a person
    typed into a workbook cell (`TypedText`) is read exactly as on the pages.
    """
    if isinstance(text, TypedText):
        return parse_number(text)
    cleaned = text.strip()
    if "," not in cleaned and cleaned.count(".") <= 1:
        machine = machine_number(cleaned)
        if machine is not None:
            return machine
    if _DECIMAL_OR_ENGLISH_THOUSAND.fullmatch(cleaned):
        as_decimal = Decimal(cleaned.replace(",", "."))
        as_thousands = Decimal(cleaned.replace(",", ""))
        message = (
            f"“{cleaned}” không rõ nghĩa: {format_number(as_decimal)} (dấu phẩy thập phân) hay "
            f"{format_number(as_thousands)} (dấu phẩy ngăn cách hàng nghìn kiểu tiếng Anh); trong gói dữ liệu "
            f"hãy viết {as_decimal.normalize():f} hoặc {as_thousands}"
        )
        raise NumberError(message, text=cleaned, readings=(as_decimal, as_thousands))
    return parse_number(cleaned)
