"""The eligibility check: one history, one award, one year → eligible or not, with every reason in Vietnamese.

Answers, documented because the contract leaves them open:
- `eligible` when every condition the history can decide holds; qualitative conditions go to `to_confirm` for a
  person to tick, never decided here.
- Awards with no condition checkable from a history (Giấy khen, Huân chương, Bà mẹ Việt Nam anh hùng, a collective's
  Bằng khen…) answer `eligible` with a reason that says nothing could be checked automatically and the catalogue's
  qualitative conditions in `to_confirm`: the history does not rule them out, and a person decides.
- A subject of the wrong kind (a collective for Lao động tiên tiến) or dissolved by the restructuring is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from thidua.eligibility.catalogue import Award, Catalogue, load_catalogue
from thidua.eligibility.history import History
from thidua.eligibility.rules import Context, Finding, Outcome

RESULT_FORMAT = "thidua.eligibility/1"
KIND_NAMES = {"individual": "cá nhân", "collective": "tập thể"}
# Meets → infer → meets… stops here; a catalogue cycle must not hang the check.
MAX_INFERENCE_DEPTH = 4


@dataclass(frozen=True)
class Verdict:
    """The answer for one award and year: findings (failing first) and what a person must confirm."""

    award: str
    award_name: str
    year: int
    regime: str
    regime_name: str
    findings: tuple[Finding, ...]
    to_confirm: tuple[str, ...]

    @property
    def eligible(self) -> bool:
        return all(finding.met for finding in self.findings)

    @property
    def result(self) -> str:
        return "eligible" if self.eligible else "not_eligible"

    @property
    def reasons(self) -> list[str]:
        return [finding.text for finding in self.findings]

    def as_json(self) -> dict[str, object]:
        """The `thidua.eligibility/1` document, key order as in the contract."""
        return {
            "format": RESULT_FORMAT,
            "award": self.award,
            "year": self.year,
            "regime": self.regime,
            "result": self.result,
            "reasons": self.reasons,
            "to_confirm": list(self.to_confirm),
        }


def check(history: History, award_code: str, year: int, catalogue: Catalogue | None = None) -> Verdict:
    """Checks `history` against the award `award_code` for the achievements of `year`; raises UnknownAward."""
    catalogue = catalogue or load_catalogue()
    award = catalogue.award(award_code)
    regime = catalogue.regime_for_year(year)
    outcome = _evaluate(catalogue, history, award, year, depth=0)
    failing = tuple(f for f in outcome.findings if not f.met)
    passing = tuple(f for f in outcome.findings if f.met)
    return Verdict(
        award=award.code,
        award_name=award.name,
        year=year,
        regime=regime.code,
        regime_name=regime.name,
        findings=failing + passing,
        to_confirm=tuple(dict.fromkeys(outcome.to_confirm)),
    )


def _evaluate(catalogue: Catalogue, history: History, award: Award, year: int, depth: int) -> Outcome:
    subject = history.subject
    if not award.accepts(subject.kind):
        wanted = KIND_NAMES.get(award.recipient, award.recipient)
        return Outcome((Finding(False, f"{award.name} chỉ xét tặng cho {wanted}"),))
    outcome = Outcome()
    if subject.dissolved:
        outcome += Outcome(
            (
                Finding(
                    False,
                    "Đơn vị đã giải thể do sắp xếp tổ chức bộ máy, không xét khen thưởng "
                    "(Thông tư 15/2025/TT-BNV)",
                ),
            )
        )
    ruleset = catalogue.ruleset(award, catalogue.regime_for_year(year), subject.kind)
    if ruleset is not None:
        # The award's own qualitative conditions come before those a prerequisite brings (see Meets).
        outcome += Outcome(to_confirm=ruleset.to_confirm)
    if ruleset is None or not ruleset.conditions:
        outcome += Outcome(
            (
                Finding(
                    True,
                    f"{award.name} không có điều kiện kiểm tra được từ lịch sử thi đua, khen thưởng; "
                    "cấp có thẩm quyền xem xét theo hồ sơ",
                ),
            )
        )
    else:

        def infer(code: str) -> Outcome:
            if depth >= MAX_INFERENCE_DEPTH:
                return Outcome(
                    (Finding(False, f"Không xác định được tiêu chuẩn {catalogue.award(code).name}"),)
                )
            return _evaluate(catalogue, history, catalogue.award(code), year, depth + 1)

        ctx = Context(history=history, year=year, names=catalogue.names, infer=infer)
        for rule in ruleset.conditions:
            outcome += rule.evaluate(ctx)
    if ruleset is not None and ruleset.quota is not None:
        outcome += Outcome(to_confirm=(ruleset.quota.describe(),))
    return outcome
