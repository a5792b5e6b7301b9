"""The eligibility check: one history, one award, one year → three answers, every reason in Vietnamese with the
article and clause of the text that sets it.

Answers (`result` of `thidua.eligibility/1`), never "eligible" by default:
- `eligible` (đủ điều kiện) when every condition the history can decide holds; qualitative conditions go to
  `to_confirm` for a person to tick (the app records who and when), never decided here.
- `not_eligible` (không đủ điều kiện) when one condition fails; the failing ones come first.
- `to_review` (cần xem xét) when nothing failed but something could not be decided from the history: an award
  with no condition checkable from a history (Giấy khen, Huân chương, Bà mẹ Việt Nam anh hùng…), or a count the
  record lacks. A person decides on the dossier.
- A subject of the wrong kind (a collective for Lao động tiên tiến) or dissolved by the restructuring fails.

`reasons` stays the list of sentences of the first contract; `conditions` carries the same findings, in the same
order, as `{text, article, met}` with `met` true, false or null (undecided).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from thidua.eligibility.catalogue import Award, Catalogue, load_catalogue
from thidua.eligibility.history import History
from thidua.eligibility.rules import Context, Finding, Outcome

RESULT_FORMAT = "thidua.eligibility/1"
ELIGIBLE, NOT_ELIGIBLE, TO_REVIEW = "eligible", "not_eligible", "to_review"
RESULT_NAMES = {
    ELIGIBLE: "Đủ điều kiện",
    NOT_ELIGIBLE: "Không đủ điều kiện",
    TO_REVIEW: "Cần xem xét",
}
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
    basis: str = ""

    @property
    def eligible(self) -> bool:
        return self.result == ELIGIBLE

    @property
    def result(self) -> str:
        if any(finding.met is False for finding in self.findings):
            return NOT_ELIGIBLE
        if not self.findings or any(finding.met is None for finding in self.findings):
            return TO_REVIEW
        return ELIGIBLE

    @property
    def result_name(self) -> str:
        return RESULT_NAMES[self.result]

    @property
    def reasons(self) -> list[str]:
        return [finding.text for finding in self.findings]

    @property
    def cited_reasons(self) -> list[str]:
        """Each reason with its article and clause, and whether it holds, for lists that keep one line per reason."""
        marks = {True: "Đạt", False: "Không đạt", None: "Cần xem xét"}
        return [f"{marks[f.met]}: {f.text}" + (f" ({f.article})" if f.article else "") for f in self.findings]

    @property
    def conditions(self) -> list[dict[str, object]]:
        return [{"text": f.text, "article": f.article, "met": f.met} for f in self.findings]

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
            "conditions": self.conditions,
            "basis": self.basis,
        }


def check(
    history: History,
    award_code: str,
    year: int,
    catalogue: Catalogue | None = None,
    *,
    confirmed: Mapping[str, str] | None = None,
) -> Verdict:
    """Checks `history` against the award `award_code` for the achievements of `year`; raises UnknownAward.

    `confirmed` (the application's record of who confirmed which qualitative condition, item → "who, when") makes
    the qualitative conditions findings too: a confirmed one is met, one still unconfirmed leaves the answer at
    "to_review". Without it (a history file on the command line) they stay in `to_confirm` only, as the first
    contract says.
    """
    catalogue = catalogue or load_catalogue()
    award = catalogue.award(award_code)
    regime = catalogue.regime_for_year(year)
    outcome = _evaluate(catalogue, history, award, year, depth=0)
    if confirmed is not None:
        basis = catalogue.basis(award, regime)
        for item in dict.fromkeys(outcome.to_confirm):
            if item in confirmed:
                found = Finding(True, f"Đã xác nhận: {item} ({confirmed[item]})", basis)
            else:
                found = Finding(None, f"Chưa xác nhận: {item}", basis)
            outcome += Outcome((found,))
    failing = tuple(f for f in outcome.findings if f.met is False)
    undecided = tuple(f for f in outcome.findings if f.met is None)
    passing = tuple(f for f in outcome.findings if f.met is True)
    return Verdict(
        award=award.code,
        award_name=award.name,
        year=year,
        regime=regime.code,
        regime_name=regime.name,
        findings=failing + undecided + passing,
        to_confirm=tuple(dict.fromkeys(outcome.to_confirm)),
        basis=catalogue.basis(award, regime),
    )


def _evaluate(catalogue: Catalogue, history: History, award: Award, year: int, depth: int) -> Outcome:
    subject = history.subject
    regime = catalogue.regime_for_year(year)
    basis = catalogue.basis(award, regime)
    if not award.accepts(subject.kind):
        wanted = KIND_NAMES.get(award.recipient, award.recipient)
        return Outcome((Finding(False, f"{award.name} chỉ xét tặng cho {wanted}", basis),))
    outcome = Outcome()
    if subject.dissolved:
        outcome += Outcome(
            (
                Finding(
                    False,
                    "Đơn vị đã giải thể do sắp xếp tổ chức bộ máy, không xét khen thưởng "
                    "(Thông tư 15/2025/TT-BNV)",
                    "Thông tư 15/2025/TT-BNV",
                ),
            )
        )
    ruleset = catalogue.ruleset(award, regime, subject.kind)
    if ruleset is not None:
        # The award's own qualitative conditions come before those a prerequisite brings (see Meets).
        outcome += Outcome(to_confirm=ruleset.to_confirm)
    if ruleset is None or not ruleset.conditions:
        # Nothing to check is not "eligible": a person must look at the dossier.
        outcome += Outcome(
            (
                Finding(
                    None,
                    f"{award.name} không có điều kiện kiểm tra được từ lịch sử thi đua, khen thưởng; "
                    "cấp có thẩm quyền xem xét theo hồ sơ",
                    basis,
                ),
            )
        )
    else:

        def infer(code: str) -> Outcome:
            if depth >= MAX_INFERENCE_DEPTH:
                return Outcome(
                    (Finding(None, f"Không xác định được tiêu chuẩn {catalogue.award(code).name}"),)
                )
            return _evaluate(catalogue, history, catalogue.award(code), year, depth + 1)

        ctx = Context(history=history, year=year, names=catalogue.names, infer=infer)
        for rule in ruleset.conditions:
            outcome += rule.evaluate(ctx)
    if ruleset is not None and ruleset.quota is not None:
        outcome += Outcome(to_confirm=(ruleset.quota.describe(),))
    return outcome
