"""Table tests of the counting rules: integer thresholds, quorum, bases, abstentions, ties, paper, overrides."""

from __future__ import annotations

import pytest

from thidua.conference.tally import (
    Attendance,
    Counts,
    Decision,
    Override,
    Share,
    TallyError,
    Threshold,
    quorum_needed,
    tally_approval,
    tally_choice,
    votes_needed,
)

MORE_THAN_HALF = Threshold(Share(1, 2), "more_than", "voters")
AT_LEAST_HALF = Threshold(Share(1, 2), "at_least", "voters")


@pytest.mark.parametrize(
    ("total", "share", "comparison", "needed"),
    [
        (15, Share(90, 100), "at_least", 14),  # 13,5 → 14
        (30, Share(2, 3), "at_least", 20),  # exactly 20
        (31, Share(2, 3), "at_least", 21),  # 20,67 → 21
        (24, Share(70, 100), "at_least", 17),  # 16,8 → 17
        (10, Share(1, 2), "more_than", 6),  # 5 is not more than half
        (11, Share(1, 2), "more_than", 6),  # 5,5 → 6
        (10, Share(1, 2), "at_least", 5),
        (9, Share(2, 3), "more_than", 7),  # exactly 6 is not more than 2/3
        (41, Share(90, 100), "at_least", 37),  # 36,9 → 37
        (0, Share(1, 2), "more_than", 1),
        (0, Share(1, 2), "at_least", 0),
    ],
)
def test_it_needs_the_smallest_whole_number_of_votes_meeting_the_rule(
    total: int, share: Share, comparison: str, needed: int
) -> None:
    assert votes_needed(total, share, comparison) == needed  # type: ignore[arg-type]


@pytest.mark.parametrize(("voters", "needed"), [(30, 20), (5, 4), (3, 2), (12, 8), (1, 1), (7, 5)])
def test_it_needs_two_thirds_present_for_the_default_quorum(voters: int, needed: int) -> None:
    assert quorum_needed(voters) == needed


@pytest.mark.parametrize(
    ("share", "label"),
    [(Share(1, 2), "50%"), (Share(2, 3), "2/3"), (Share(70, 100), "70%"), (Share(9, 10), "90%")],
)
def test_it_labels_shares_as_people_write_them(share: Share, label: str) -> None:
    assert share.label == label


@pytest.mark.parametrize(
    ("voters", "present", "counts", "threshold", "passed", "reason"),
    [
        (
            10,
            10,
            Counts(approve=8, reject=1, abstain=1),
            MORE_THAN_HALF,
            True,
            "Đạt: 8/10 phiếu đồng ý (80,00%) > 50% tổng số đại biểu",
        ),
        (
            10,
            10,
            Counts(approve=5, reject=5),
            MORE_THAN_HALF,
            False,
            "Không đạt: thiếu 1 phiếu (5/10 phiếu đồng ý (50,00%); cần > 50% tổng số đại biểu, tức 6 phiếu)",
        ),
        (
            10,
            10,
            Counts(approve=5, reject=5),
            AT_LEAST_HALF,
            True,
            "Đạt: 5/10 phiếu đồng ý (50,00%) ≥ 50% tổng số đại biểu",
        ),
        # Of votes cast: 7 present, 4 for, 2 against, 1 abstains → 4/7 is more than half of the ballots.
        (
            10,
            7,
            Counts(approve=4, reject=2, abstain=1),
            Threshold(Share(1, 2), "more_than", "cast"),
            True,
            "Đạt: 4/7 phiếu đồng ý (57,14%) > 50% số phiếu đã bỏ",
        ),
        # The same ballots against all voters fall short: an absent voter counts as not approving.
        (
            10,
            7,
            Counts(approve=4, reject=2, abstain=1),
            MORE_THAN_HALF,
            False,
            "Không đạt: thiếu 2 phiếu (4/10 phiếu đồng ý (40,00%); cần > 50% tổng số đại biểu, tức 6 phiếu)",
        ),
        # Abstentions are ballots cast: 3 for and 3 abstaining out of 6 cast is not more than half.
        (
            6,
            6,
            Counts(approve=3, abstain=3),
            Threshold(Share(1, 2), "more_than", "cast"),
            False,
            "Không đạt: thiếu 1 phiếu (3/6 phiếu đồng ý (50,00%); cần > 50% số phiếu đã bỏ, tức 4 phiếu)",
        ),
        (
            15,
            15,
            Counts(approve=13, reject=2),
            Threshold(Share(90, 100), "at_least", "voters"),
            False,
            "Không đạt: thiếu 1 phiếu (13/15 phiếu đồng ý (86,67%); cần ≥ 90% tổng số đại biểu, tức 14 phiếu)",
        ),
        (
            15,
            15,
            Counts(approve=14, reject=1),
            Threshold(Share(90, 100), "at_least", "voters"),
            True,
            "Đạt: 14/15 phiếu đồng ý (93,33%) ≥ 90% tổng số đại biểu",
        ),
        (
            24,
            24,
            Counts(approve=17, reject=7),
            Threshold(Share(70, 100), "at_least", "voters"),
            True,
            "Đạt: 17/24 phiếu đồng ý (70,83%) ≥ 70% tổng số đại biểu",
        ),
        (
            30,
            30,
            Counts(approve=20, reject=10),
            Threshold(Share(2, 3), "at_least", "voters"),
            True,
            "Đạt: 20/30 phiếu đồng ý (66,67%) ≥ 2/3 tổng số đại biểu",
        ),
        (
            30,
            19,
            Counts(approve=19),
            MORE_THAN_HALF,
            False,
            "Không đạt: không đủ số đại biểu dự họp (19/30 có mặt, cần ít nhất 20, tức 2/3 tổng số đại biểu)",
        ),
        (
            5,
            5,
            Counts(),
            Threshold(Share(1, 2), "more_than", "cast"),
            False,
            "Không đạt: chưa có phiếu nào được bỏ",
        ),
    ],
)
def test_it_decides_an_approval_ballot_and_says_why(
    voters: int, present: int, counts: Counts, threshold: Threshold, passed: bool, reason: str
) -> None:
    outcome = tally_approval(attendance=Attendance(voters, present), counts=counts, threshold=threshold)
    assert (outcome.passed, outcome.reason) == (passed, reason)


def test_it_applies_a_quorum_setting_other_than_two_thirds() -> None:
    outcome = tally_approval(
        attendance=Attendance(10, 6), counts=Counts(approve=6), quorum=Share(1, 2), threshold=MORE_THAN_HALF
    )
    assert outcome.quorum_met and outcome.passed


def test_it_adds_paper_totals_to_electronic_ballots() -> None:
    electronic = Counts(approve=3, reject=1, candidates={})
    paper = Counts(approve=3, abstain=1)
    outcome = tally_approval(attendance=Attendance(10, 9), counts=electronic + paper)
    assert outcome.counts == Counts(approve=6, reject=1, abstain=1)
    assert outcome.reason == "Đạt: 6/10 phiếu đồng ý (60,00%) > 50% tổng số đại biểu"
    both = Counts(candidates={"A": 2}) + Counts(candidates={"A": 1, "B": 4})
    assert both.candidates == {"A": 3, "B": 4}


@pytest.mark.parametrize(
    ("voters", "present", "counts", "message"),
    [
        (10, 5, Counts(approve=6), "Số phiếu đã bỏ (6) nhiều hơn số đại biểu có mặt (5)."),
        (10, 11, Counts(), "Số đại biểu có mặt (11) phải từ 0 đến tổng số đại biểu (10)."),
        (0, 0, Counts(), "Cuộc bỏ phiếu phải có ít nhất một đại biểu."),
    ],
)
def test_it_refuses_counts_that_cannot_be_true(
    voters: int, present: int, counts: Counts, message: str
) -> None:
    with pytest.raises(TallyError) as refused:
        tally_approval(attendance=Attendance(voters, present), counts=counts)
    assert str(refused.value) == message


def test_it_refuses_negative_counts() -> None:
    with pytest.raises(TallyError, match=r"Số phiếu không được âm\."):
        Counts(approve=-1)


NAMES = {"AB": "Huyện An Biên", "VT": "Huyện Vĩnh Thuận", "GQ": "Huyện Gò Quao"}


@pytest.mark.parametrize(
    ("counts", "passed", "winner", "tied", "reason"),
    [
        (
            Counts(candidates={"AB": 4, "VT": 1}),
            True,
            "AB",
            (),
            "Đạt: Huyện An Biên được 4/5 phiếu (80,00%) > 50% tổng số đại biểu",
        ),
        (
            Counts(candidates={"AB": 2, "VT": 2}, abstain=1),
            False,
            None,
            ("AB", "VT"),
            "Không có người trúng: Huyện An Biên và Huyện Vĩnh Thuận cùng được 2 phiếu (hòa phiếu), cần bầu lại",
        ),
        (
            Counts(candidates={"AB": 2, "VT": 1, "GQ": 1}, abstain=1),
            False,
            None,
            (),
            "Không đạt: thiếu 1 phiếu (Huyện An Biên được 2/5 phiếu (40,00%); cần > 50% tổng số đại biểu, tức 3 phiếu)",
        ),
        (Counts(abstain=5), False, None, (), "Không đạt: chưa có phiếu nào bầu cho ứng viên"),
    ],
)
def test_it_elects_one_candidate_and_reports_ties(
    counts: Counts, passed: bool, winner: str | None, tied: tuple[str, ...], reason: str
) -> None:
    outcome = tally_choice(
        attendance=Attendance(5, 5), counts=counts, candidates=["AB", "VT", "GQ"], names=NAMES
    )
    assert (outcome.passed, outcome.winner, outcome.tied, outcome.reason) == (passed, winner, tied, reason)


def test_it_refuses_votes_for_someone_not_standing() -> None:
    with pytest.raises(TallyError, match=r"Phiếu cho người không phải ứng viên: XX\."):
        tally_choice(attendance=Attendance(5, 5), counts=Counts(candidates={"XX": 1}), candidates=["AB"])


def test_it_shows_the_chairs_override_beside_the_computed_result() -> None:
    computed = tally_approval(attendance=Attendance(10, 10), counts=Counts(approve=5, reject=5))
    decision = Decision(computed, Override(passed=True, reason="Hội nghị thống nhất biểu quyết giơ tay lại"))
    assert decision.passed and not decision.computed.passed
    assert decision.summary == (
        "Không đạt: thiếu 1 phiếu (5/10 phiếu đồng ý (50,00%); cần > 50% tổng số đại biểu, tức 6 phiếu). "
        "Chủ tọa quyết định: Đạt, lý do: Hội nghị thống nhất biểu quyết giơ tay lại"
    )
    assert Decision(computed).summary == computed.reason and not Decision(computed).passed


def test_it_names_the_winner_the_chair_chose() -> None:
    computed = tally_choice(
        attendance=Attendance(4, 4),
        counts=Counts(candidates={"AB": 2, "VT": 2}),
        candidates=["AB", "VT"],
        names=NAMES,
    )
    decision = Decision(
        computed, Override(passed=True, winner="VT", winner_name="Huyện Vĩnh Thuận", reason="Bốc thăm")
    )
    assert decision.winner == "VT"
    assert decision.summary.endswith("Chủ tọa quyết định: Đạt, Huyện Vĩnh Thuận, lý do: Bốc thăm")


def test_it_refuses_an_override_without_a_reason() -> None:
    with pytest.raises(TallyError, match="Phải ghi lý do"):
        Override(passed=True, reason="  ")
