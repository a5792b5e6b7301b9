"""Counting the votes of a conference ballot: quorum, threshold, abstentions, ties, paper totals, overrides.

Pure Python, no Django. Every decision is made in exact integer arithmetic: a rule "p/q of the base" needs the
smallest whole number of votes n with n·q ≥ p·base ("at least") or n·q > p·base ("more than"); percentages in the
explanation are for people only and never decide anything. Ballot rules are provincial settings, not national
law, so every number here is a parameter with the default of domain/cycle.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from thidua.engine.numbers import vn_percent

Comparison = Literal["more_than", "at_least"]
Base = Literal["voters", "cast"]

APPROVE = "approve"
REJECT = "reject"
ABSTAIN = "abstain"


class TallyError(ValueError):
    """Counts that cannot be true (more ballots than people present); the message is Vietnamese."""


@dataclass(frozen=True, slots=True)
class Share:
    """A fraction p/q of a whole, kept as two integers so 2/3 stays exact."""

    numerator: int
    denominator: int

    def __post_init__(self) -> None:
        if self.denominator <= 0 or not 0 <= self.numerator <= self.denominator:
            raise TallyError(f"Tỷ lệ {self.numerator}/{self.denominator} không hợp lệ.")

    @property
    def label(self) -> str:
        """ "50%", "70%", "2/3": a percentage when it is a whole one, the fraction otherwise."""
        scaled = self.numerator * 100
        if scaled % self.denominator == 0:
            return f"{scaled // self.denominator}%"
        return f"{self.numerator}/{self.denominator}"


@dataclass(frozen=True, slots=True)
class Threshold:
    """How many votes a proposal or a candidate needs: more than / at least a share of all voters or of votes cast."""

    share: Share = Share(1, 2)
    comparison: Comparison = "more_than"
    base: Base = "voters"

    @property
    def sign(self) -> str:
        return ">" if self.comparison == "more_than" else "≥"

    @property
    def base_label(self) -> str:
        return "tổng số đại biểu" if self.base == "voters" else "số phiếu đã bỏ"

    @property
    def label(self) -> str:
        """ "> 50% tổng số đại biểu"."""
        return f"{self.sign} {self.share.label} {self.base_label}"


DEFAULT_QUORUM = Share(2, 3)
DEFAULT_THRESHOLD = Threshold()


def votes_needed(total: int, share: Share, comparison: Comparison) -> int:
    """The smallest whole number of votes that meets "more than" or "at least" `share` of `total`."""
    if total < 0:
        raise TallyError("Số đại biểu không được âm.")
    product = share.numerator * total
    if comparison == "at_least":
        return -(-product // share.denominator)
    return product // share.denominator + 1


def quorum_needed(voters: int, quorum: Share = DEFAULT_QUORUM) -> int:
    """How many voters must be present: at least `quorum` of all voters (2/3 of 30 → 20)."""
    return votes_needed(voters, quorum, "at_least")


def _percent(part: int, whole: int) -> str:
    if whole == 0:
        return vn_percent(Decimal(0))
    return vn_percent(Decimal(part) * 100 / Decimal(whole))


def _phieu(count: int) -> str:
    return f"{count} phiếu"


@dataclass(frozen=True, slots=True)
class Attendance:
    """Who could vote and who came: the quorum is counted on these two numbers."""

    voters: int
    present: int

    def __post_init__(self) -> None:
        if self.voters <= 0:
            raise TallyError("Cuộc bỏ phiếu phải có ít nhất một đại biểu.")
        if not 0 <= self.present <= self.voters:
            raise TallyError(
                f"Số đại biểu có mặt ({self.present}) phải từ 0 đến tổng số đại biểu ({self.voters})."
            )


@dataclass(frozen=True, slots=True)
class Counts:
    """Ballots of one channel (electronic or paper): approvals, rejections, abstentions, or votes by candidate."""

    approve: int = 0
    reject: int = 0
    abstain: int = 0
    candidates: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        numbers = [self.approve, self.reject, self.abstain, *self.candidates.values()]
        if any(n < 0 for n in numbers):
            raise TallyError("Số phiếu không được âm.")

    @property
    def cast(self) -> int:
        """Every ballot handed in, abstentions included: an abstention is a ballot cast for no one."""
        return self.approve + self.reject + self.abstain + sum(self.candidates.values())

    def __add__(self, other: Counts) -> Counts:
        merged = dict(self.candidates)
        for key, count in other.candidates.items():
            merged[key] = merged.get(key, 0) + count
        return Counts(
            approve=self.approve + other.approve,
            reject=self.reject + other.reject,
            abstain=self.abstain + other.abstain,
            candidates=merged,
        )


@dataclass(frozen=True, slots=True)
class Outcome:
    """The computed result and why: passed (or the winner), the votes counted and the votes the rule needed."""

    passed: bool
    reason: str
    quorum_met: bool
    needed: int
    in_favour: int
    base: int
    counts: Counts
    winner: str | None = None
    tied: tuple[str, ...] = ()


def _check_cast(attendance: Attendance, counts: Counts) -> None:
    if counts.cast > attendance.present:
        raise TallyError(
            f"Số phiếu đã bỏ ({counts.cast}) nhiều hơn số đại biểu có mặt ({attendance.present})."
        )


def _quorum_failure(attendance: Attendance, quorum: Share, counts: Counts) -> Outcome | None:
    needed = quorum_needed(attendance.voters, quorum)
    if attendance.present >= needed:
        return None
    reason = (
        f"Không đạt: không đủ số đại biểu dự họp ({attendance.present}/{attendance.voters} có mặt, "
        f"cần ít nhất {needed}, tức {quorum.label} tổng số đại biểu)"
    )
    return Outcome(
        passed=False,
        reason=reason,
        quorum_met=False,
        needed=needed,
        in_favour=0,
        base=attendance.voters,
        counts=counts,
    )


def _base(threshold: Threshold, attendance: Attendance, counts: Counts) -> int:
    return attendance.voters if threshold.base == "voters" else counts.cast


def tally_approval(
    *,
    attendance: Attendance,
    counts: Counts,
    threshold: Threshold = DEFAULT_THRESHOLD,
    quorum: Share = DEFAULT_QUORUM,
) -> Outcome:
    """Approve/reject/abstain on one proposal (suy tôn): passed when the approvals meet the threshold."""
    if counts.candidates:
        raise TallyError("Phiếu tán thành/không tán thành không có ứng viên.")
    _check_cast(attendance, counts)
    failed = _quorum_failure(attendance, quorum, counts)
    if failed is not None:
        return failed
    base = _base(threshold, attendance, counts)
    needed = votes_needed(base, threshold.share, threshold.comparison)
    share = f"{counts.approve}/{base} phiếu đồng ý ({_percent(counts.approve, base)})"
    if base == 0:
        reason = "Không đạt: chưa có phiếu nào được bỏ"
        passed = False
    elif counts.approve >= needed:
        reason = f"Đạt: {share} {threshold.label}"
        passed = True
    else:
        reason = (
            f"Không đạt: thiếu {_phieu(needed - counts.approve)} ({share}; "
            f"cần {threshold.label}, tức {_phieu(needed)})"
        )
        passed = False
    return Outcome(
        passed=passed,
        reason=reason,
        quorum_met=True,
        needed=needed,
        in_favour=counts.approve,
        base=base,
        counts=counts,
    )


def tally_choice(
    *,
    attendance: Attendance,
    counts: Counts,
    candidates: Sequence[str],
    names: Mapping[str, str] | None = None,
    threshold: Threshold = DEFAULT_THRESHOLD,
    quorum: Share = DEFAULT_QUORUM,
) -> Outcome:
    """Choose one of several candidates (electing a leader or deputy).

    The candidate with the most votes wins if those votes meet the threshold. Two or more candidates sharing the
    most votes is a tie: nobody is elected, and the reason says so, because picking one would be arbitrary.
    """
    if not candidates:
        raise TallyError("Cuộc bầu chọn phải có ít nhất một ứng viên.")
    unknown = sorted(set(counts.candidates) - set(candidates))
    if unknown:
        raise TallyError(f"Phiếu cho người không phải ứng viên: {', '.join(unknown)}.")
    if counts.approve or counts.reject:
        raise TallyError("Phiếu bầu chọn chỉ ghi ứng viên hoặc không bầu ai.")
    _check_cast(attendance, counts)
    failed = _quorum_failure(attendance, quorum, counts)
    if failed is not None:
        return failed
    label = dict(names or {})
    base = _base(threshold, attendance, counts)
    needed = votes_needed(base, threshold.share, threshold.comparison)
    votes = {code: counts.candidates.get(code, 0) for code in candidates}
    top = max(votes.values())
    leaders = tuple(code for code in candidates if votes[code] == top)

    def outcome(passed: bool, reason: str, winner: str | None = None, tied: tuple[str, ...] = ()) -> Outcome:
        return Outcome(
            passed=passed,
            reason=reason,
            quorum_met=True,
            needed=needed,
            in_favour=top,
            base=base,
            counts=counts,
            winner=winner,
            tied=tied,
        )

    if base == 0 or top == 0:
        return outcome(False, "Không đạt: chưa có phiếu nào bầu cho ứng viên")
    if len(leaders) > 1:
        who = " và ".join(label.get(code, code) for code in leaders)
        return outcome(
            False,
            f"Không có người trúng: {who} cùng được {_phieu(top)} (hòa phiếu), cần bầu lại",
            tied=leaders,
        )
    winner = leaders[0]
    name = label.get(winner, winner)
    share = f"{name} được {top}/{base} phiếu ({_percent(top, base)})"
    if top >= needed:
        return outcome(True, f"Đạt: {share} {threshold.label}", winner=winner)
    return outcome(
        False,
        f"Không đạt: thiếu {_phieu(needed - top)} ({share}; cần {threshold.label}, tức {_phieu(needed)})",
    )


@dataclass(frozen=True, slots=True)
class Override:
    """A chair's decision that replaces the computed result, with the justification the meeting gave."""

    passed: bool
    reason: str
    winner: str | None = None
    winner_name: str = ""

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise TallyError("Phải ghi lý do khi chủ tọa quyết định khác kết quả kiểm phiếu.")


@dataclass(frozen=True, slots=True)
class Decision:
    """What stands after the ballot: the computed outcome, and the override beside it if the chair made one."""

    computed: Outcome
    override: Override | None = None

    @property
    def passed(self) -> bool:
        return self.override.passed if self.override is not None else self.computed.passed

    @property
    def winner(self) -> str | None:
        return self.override.winner if self.override is not None else self.computed.winner

    @property
    def summary(self) -> str:
        """The computed reason, then the override and its reason, so a reader sees both side by side."""
        if self.override is None:
            return self.computed.reason
        verdict = "Đạt" if self.override.passed else "Không đạt"
        if self.override.winner is not None:
            verdict = f"{verdict}, {self.override.winner_name or self.override.winner}"
        return f"{self.computed.reason}. Chủ tọa quyết định: {verdict}, lý do: {self.override.reason}"
