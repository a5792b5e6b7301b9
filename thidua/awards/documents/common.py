"""What the decision, the tờ trình and the certificate share: who signs in what capacity, the issuing authority,
the lines of a decision (one per recipient and award) and how they are counted and paid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from thidua.awards.models import CatalogueAward, CatalogueRegime, Level, RecipientKind
from thidua.awards.text import normalise
from thidua.core.numbers import format_number
from thidua.documents.model import place_name, vn_long_date
from thidua.documents.words import count_text, money_words

# Kinds in the order a decision counts them: "01 tập thể, 02 cá nhân và 01 hộ gia đình".
KIND_WORDS = (
    (RecipientKind.COLLECTIVE, "tập thể"),
    (RecipientKind.INDIVIDUAL, "cá nhân"),
    (RecipientKind.HOUSEHOLD, "hộ gia đình"),
)
# Forms of commendation (hình thức) are given as they are named; every other award is a title (danh hiệu).
FORMS = ("bằng khen", "giấy khen", "huân chương", "huy chương", "cờ thi đua", "kỷ niệm chương", "danh hiệu")


@dataclass(frozen=True)
class Signing:
    """The signature block by who signs and in what capacity (Nghị định 30, Điều 13 and Phụ lục I)."""

    authority: str  # "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", "" — several lines separated by a newline
    position: str  # "PHÓ CHỦ TỊCH", "CHỦ TỊCH", "Q. CHỦ TỊCH"
    name: str


def signing(title: str, name: str, *, head: str = "CHỦ TỊCH", body: str = "") -> Signing:
    """The quyền hạn of a signer with `title`, in a document of the head `head` ("CHỦ TỊCH", "GIÁM ĐỐC").

    The head signs as "CHỦ TỊCH"; a deputy signs for the head: "KT. CHỦ TỊCH" over "PHÓ CHỦ TỊCH"; an acting
    head signs "Q. CHỦ TỊCH". A document of a collective body (`body`, e.g. "ỦY BAN NHÂN DÂN") puts
    "TM. ỦY BAN NHÂN DÂN" above all of these.
    """
    plain = normalise(title)
    head_plain = normalise(head)
    if plain.startswith("pho ") or f"pho {head_plain}" in plain:
        authority, position = f"KT. {head}", f"PHÓ {head}"
    elif plain.startswith("quyen ") or plain.startswith("q. "):
        authority, position = "", f"Q. {head}"
    else:
        authority, position = "", head
    if body:
        authority = "\n".join(line for line in (f"TM. {body}", authority) if line)
    return Signing(authority, position, name.strip())


def province_words(province_name: str) -> str:
    """ "Tỉnh An Giang" → "An Giang"."""
    return place_name(province_name)


def authority_name(award: CatalogueAward, province_name: str, unit_name: str = "") -> tuple[str, str]:
    """Who issues an award, from who decides it in the catalogue (never the signer's own title): the head
    ("Chủ tịch", or "" when the body itself decides) and the body ("Ủy ban nhân dân tỉnh An Giang"). A grassroots
    award (decided by the unit's head) is issued by the recipient's unit when it is known."""
    decided = normalise(award.decided_by)
    if award.level == Level.PRIME_MINISTER or "thu tuong" in decided:
        return ("Thủ tướng", "Chính phủ")
    if award.level == Level.PRESIDENT or "chu tich nuoc" in decided:
        return ("Chủ tịch nước", "Cộng hòa xã hội chủ nghĩa Việt Nam")
    if award.level == Level.GRASSROOTS and "tinh" not in decided.split() and unit_name:
        return ("", unit_name)
    body = f"Ủy ban nhân dân tỉnh {province_words(province_name)}"
    return ("Chủ tịch" if decided.startswith("chu tich") else "", body)


def authority_lines(award: CatalogueAward, province_name: str, unit_name: str = "") -> tuple[str, ...]:
    """The issuing authority at the top of a certificate, in capitals, the body on one line: "CHỦ TỊCH" over
    "ỦY BAN NHÂN DÂN TỈNH AN GIANG" for a chairman's Bằng khen."""
    head, body = authority_name(award, province_name, unit_name)
    return tuple(part.upper() for part in (head, body) if part)


def authority_text(award: CatalogueAward, province_name: str, unit_name: str = "") -> str:
    """ "Chủ tịch Ủy ban nhân dân tỉnh An Giang", as a sentence names the issuing authority."""
    return " ".join(part for part in authority_name(award, province_name, unit_name) if part)


def regime_on(day: dt.date) -> str:
    """The code of the legal regime in force on `day` (the catalogue's dated regimes), "" before the first."""
    found = CatalogueRegime.objects.filter(start__lte=day).order_by("-start").first()
    return found.code if found is not None else ""


@dataclass(frozen=True)
class Line:
    """One recipient and award of a decision, as printed."""

    award: CatalogueAward
    kind: str
    name: str
    position: str
    unit_name: str
    amount: Decimal | None

    @property
    def described(self) -> str:
        """ "Nguyễn Văn An, Chủ tịch, Xã An Minh"; a collective named once (its unit is usually itself)."""
        parts = [self.name]
        if self.kind == RecipientKind.INDIVIDUAL and self.position:
            parts.append(self.position)
        if self.unit_name and not same_or_within(self.unit_name, self.name):
            parts.append(self.unit_name)
        return ", ".join(parts)


def same_or_within(unit: str, name: str) -> bool:
    """True when a unit's name is already said by the recipient's name ("Xã An Minh" in "Xã An Minh")."""
    return bool(unit) and normalise(unit) in normalise(name)


def award_phrase(award: CatalogueAward) -> str:
    """ "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", or "danh hiệu Lao động tiên tiến" for a title."""
    if normalise(award.name).startswith(tuple(normalise(form) for form in FORMS)):
        return award.name
    return f"danh hiệu {award.name}"


@dataclass(frozen=True)
class Group:
    """The lines of one award in a decision, counted by kind."""

    award: CatalogueAward
    phrase: str
    lines: tuple[Line, ...]

    @property
    def counted(self) -> str:
        return counted(self.lines)


def counted(lines: Sequence[Line]) -> str:
    return count_text([(sum(1 for line in lines if line.kind == kind), word) for kind, word in KIND_WORDS])


def groups_of(lines: Sequence[Line]) -> list[Group]:
    """The lines by award, in the catalogue's order."""
    by_award: dict[int, list[Line]] = {}
    for line in lines:
        by_award.setdefault(line.award.pk, []).append(line)
    ordered = sorted(by_award.values(), key=lambda found: (found[0].award.order, found[0].award.code))
    return [Group(found[0].award, award_phrase(found[0].award), tuple(found)) for found in ordered]


@dataclass(frozen=True)
class Rate:
    """One amount of the money article: an award, a kind of recipient, the amount each, how many."""

    phrase: str
    kind_word: str
    amount: str
    count: int


@dataclass(frozen=True)
class Money:
    """The money article's figures: the amount of each award and kind, the total in figures and words, and the
    lines whose amount the catalogue does not set yet (named, never printed as zero)."""

    rates: tuple[Rate, ...]
    total: str
    total_words: str
    unpriced: tuple[str, ...]

    @property
    def any(self) -> bool:
        return bool(self.rates)


def money_of(lines: Sequence[Line]) -> Money:
    rates: dict[tuple[int, str, Decimal], int] = {}
    unpriced: list[str] = []
    total = Decimal(0)
    for line in lines:
        if line.amount is None:
            if award_phrase(line.award) not in unpriced:
                unpriced.append(award_phrase(line.award))
            continue
        key = (line.award.pk, line.kind, line.amount)
        rates[key] = rates.get(key, 0) + 1
        total += line.amount
    awards = {line.award.pk: line.award for line in lines}
    words = {str(kind): word for kind, word in KIND_WORDS}
    return Money(
        rates=tuple(
            Rate(award_phrase(awards[award_id]), words.get(kind, "cá nhân"), format_number(amount), count)
            for (award_id, kind, amount), count in rates.items()
        ),
        total=format_number(total),
        total_words=money_words(int(total)) if rates else "",
        unpriced=tuple(unpriced),
    )


def long_date(day: dt.date | None) -> str:
    return vn_long_date(day) if day is not None else "ngày     tháng     năm"
