"""Award proposals from the final ranking, and the rotation suggestion for next year's leader and deputy.

Pure Python over plain data: the services feed it the final results, the vetoes, the honouring vote and the
settings, and store what it returns. Every line carries its reason in Vietnamese, proposed or not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from thidua.conference.results import RankedUnit, rerank
from thidua.eligibility.quota import quota
from thidua.engine.numbers import vn, vn_points


@dataclass(frozen=True, slots=True)
class HonourVote:
    """The outcome of the suy tôn ballot about one unit: on which unit, whether it passed, and its result text."""

    unit: str
    passed: bool
    summary: str


@dataclass(frozen=True, slots=True)
class GovernmentFlagQuota:
    """Room left for the Government's flag this year in the province: the quota and proposals already made."""

    award: str
    percent: Decimal
    leading_units: int
    already_proposed: int
    rounding: str = "floor"

    @property
    def allowed(self) -> int:
        return quota(self.leading_units, self.percent, self.rounding)


@dataclass(frozen=True, slots=True)
class ProposalLine:
    """One unit's proposal (or the reason for none)."""

    code: str
    name: str
    rank: int | None
    total: Decimal
    award: str | None
    reason: str


def _honour_for(
    rank: int, unit: RankedUnit, honours: Mapping[int, str], *, framework_has_honours: bool
) -> str | None:
    # The framework's honours (named in the results) decide while the unit keeps its rank, minimum totals
    # included; after a re-ranking, or for a framework without honours, the settings' table by rank decides.
    if framework_has_honours and unit.rank == rank:
        return unit.honour
    return honours.get(rank)


def award_proposals(
    *,
    units: Sequence[RankedUnit],
    vetoed: Mapping[str, str],
    honours: Mapping[int, str],
    honour_votes: Mapping[str, HonourVote],
    honour_vote_rank: int = 1,
    government_flag: GovernmentFlagQuota | None = None,
) -> list[ProposalLine]:
    """Every member's line: the award proposed from its rank, or why none is proposed."""
    ranks = rerank(units, vetoed)
    lines: list[ProposalLine] = []
    flags_left = (
        government_flag.allowed - government_flag.already_proposed if government_flag is not None else 0
    )
    framework_has_honours = any(u.honour for u in units)
    ordered = sorted(units, key=lambda u: (ranks.get(u.code) is None, ranks.get(u.code) or 0, u.code))
    for unit in ordered:
        rank = ranks.get(unit.code)
        points = f"{vn_points(unit.total)} điểm"

        def line(award: str | None, reason: str, *, unit: RankedUnit = unit, rank: int | None = rank) -> None:
            lines.append(ProposalLine(unit.code, unit.name, rank, unit.total, award, reason))

        if unit.code in vetoed:
            line(None, f"Không đề nghị: không xét thi đua ({vetoed[unit.code]})")
            continue
        if unit.vetoed is not None or rank is None:
            line(None, f"Không đề nghị: không được xếp hạng ({unit.vetoed or 'không có hạng'})")
            continue
        moved = f", hạng {unit.rank} trước khi loại đơn vị không xét thi đua" if rank != unit.rank else ""
        award = _honour_for(rank, unit, honours, framework_has_honours=framework_has_honours)
        if award is None:
            line(
                None,
                f"Không đề nghị: hạng {rank}{moved}, {points}, không đạt mức khen thưởng của khung tiêu chí",
            )
            continue
        basis = f"hạng {rank}{moved}, {points}"
        if rank == honour_vote_rank:
            # The unit's own suy tôn decides, whatever other ballots were held about other units.
            honour_vote = honour_votes.get(unit.code)
            if honour_vote is None:
                line(None, f"Chưa đề nghị {award}: {basis}, chưa có kết quả biểu quyết suy tôn")
                continue
            if not honour_vote.passed:
                line(None, f"Không đề nghị {award}: {basis}, không được suy tôn ({honour_vote.summary})")
                continue
            line(award, f"Đề nghị {award}: {basis}, được suy tôn ({honour_vote.summary})")
            if government_flag is not None:
                _government_flag_line(lines, unit, rank, government_flag, flags_left)
                flags_left -= 1
            continue
        line(award, f"Đề nghị {award}: {basis}")
    return lines


def _government_flag_line(
    lines: list[ProposalLine], unit: RankedUnit, rank: int, flag: GovernmentFlagQuota, left: int
) -> None:
    share = f"tối đa {vn(flag.percent)}% của {flag.leading_units} đơn vị dẫn đầu là {flag.allowed}"
    if left > 0:
        reason = f"Đề nghị {flag.award}: đơn vị dẫn đầu cụm, còn trong chỉ tiêu ({share}, đã đề nghị {flag.already_proposed})"
        lines.append(ProposalLine(unit.code, unit.name, rank, unit.total, flag.award, reason))
    else:
        reason = f"Không đề nghị {flag.award}: đã hết chỉ tiêu ({share}, đã đề nghị {flag.already_proposed})"
        lines.append(ProposalLine(unit.code, unit.name, rank, unit.total, None, reason))


@dataclass(frozen=True, slots=True)
class RotationMember:
    """A member in the agreed order, with its role this year."""

    code: str
    name: str
    order: int
    role: str


@dataclass(frozen=True, slots=True)
class RotationSuggestion:
    """Who could lead and second next year, and why; the meeting may elect someone else."""

    leader: str | None
    deputy: str | None
    reason: str


def rotation_suggestion(
    members: Sequence[RotationMember],
    *,
    leading_unit: str | None = None,
    leading_unit_leads: bool = False,
    vetoed: Mapping[str, str] | None = None,
) -> RotationSuggestion:
    """The deputy becomes leader and the next member in the agreed order after it becomes deputy.

    With `leading_unit_leads`, the year's leading unit leads instead (seed 001: Đak Pơ, honoured, led the next
    year), and the deputy is then the next member after it. The order wraps round at the end of the list. A unit
    the conference vetoed (`vetoed`: code -> reason) is never suggested: the next member in the order takes its
    place, and the reason says so.
    """
    vetoed = vetoed or {}
    ordered = sorted(members, key=lambda m: (m.order, m.code))
    if not ordered:
        return RotationSuggestion(None, None, "Cụm chưa có thành viên.")
    names = {m.code: m.name for m in ordered}
    eligible = [m for m in ordered if m.code not in vetoed]
    skipped = [
        f"{names[m.code]} không được đề xuất vì không xét thi đua ({vetoed[m.code]})"
        for m in ordered
        if m.code in vetoed
    ]
    tail = f" {'; '.join(skipped)}." if skipped else ""
    if not eligible:
        return RotationSuggestion(None, None, f"Không có đơn vị nào đủ điều kiện đề xuất.{tail}")

    def after(code: str | None) -> str:
        # The first eligible member after `code` in the agreed order, wrapping round.
        start = next((i for i, m in enumerate(ordered) if m.code == code), -1)
        for step in range(1, len(ordered) + 1):
            candidate = ordered[(start + step) % len(ordered)]
            if candidate.code not in vetoed and candidate.code != code:
                return candidate.code
        return eligible[0].code

    deputy_now = next((m.code for m in ordered if m.role == "deputy"), None)
    leader_now = next((m.code for m in ordered if m.role == "leader"), None)
    if leading_unit_leads and leading_unit in names and leading_unit not in vetoed:
        leader = leading_unit
        why = f"{names[leader]} là đơn vị dẫn đầu năm nay nên làm cụm trưởng"
    elif deputy_now is not None and deputy_now not in vetoed:
        leader = deputy_now
        why = f"{names[leader]} là cụm phó năm nay nên làm cụm trưởng"
    else:
        leader = after(deputy_now if deputy_now is not None else leader_now)
        why = f"{names[leader]} là đơn vị kế tiếp theo thứ tự luân phiên"
    if len(eligible) == 1:
        lone = "cụm chỉ có một thành viên" if len(ordered) == 1 else "không còn đơn vị nào khác đủ điều kiện"
        return RotationSuggestion(leader, None, f"{why}; {lone} nên không có cụm phó.{tail}")
    deputy = after(leader)
    return RotationSuggestion(
        leader,
        deputy,
        f"{why}; {names[deputy]} là đơn vị kế tiếp theo thứ tự luân phiên nên làm cụm phó.{tail}",
    )
