"""Awards chosen by name: one catalogue entry per name, whatever the case, the diacritics or the abbreviations."""

from __future__ import annotations

import pytest

from thidua.eligibility import load_catalogue
from thidua.eligibility.naming import AwardMatcher, AwardNameError, fold


@pytest.fixture(scope="module")
def matcher() -> AwardMatcher:
    return AwardMatcher(load_catalogue().names)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Lao động tiên tiến", "LDTT"),
        ("lao dong tien tien", "LDTT"),
        ("  LAO ĐỘNG   TIÊN TIẾN ", "LDTT"),
        ("Tập thể lao động tiên tiến", "TTLDTT"),
        ("Bằng khen của Chủ tịch UBND tỉnh", "BK_TINH"),
        ("bang khen cua chu tich ubnd tinh", "BK_TINH"),
        ("Bằng khen của Thủ tướng Chính phủ", "BK_TTG"),
        ("Cờ thi đua của UBND tỉnh", "CO_TINH"),
        ("Xã, phường, thị trấn tiêu biểu", "XA_TIEU_BIEU"),
        ("Huân chương Lao động hạng Ba", "HCLD3"),
        ("Giấy khen", "GK"),
        # Codes still work: they are what machines write.
        ("BK_TINH", "BK_TINH"),
        ("cstdcs", "CSTDCS"),
    ],
)
def test_it_finds_the_one_award_a_name_gives(matcher: AwardMatcher, text: str, code: str) -> None:
    assert matcher.match(text) == code


def test_it_refuses_an_ambiguous_name_and_lists_the_awards_it_could_be(matcher: AwardMatcher) -> None:
    with pytest.raises(AwardNameError) as refused:
        matcher.match("Bằng khen")
    assert refused.value.message == (
        "“Bằng khen” ứng với nhiều hình thức khen thưởng: “Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh”, "
        "“Bằng khen của Thủ tướng Chính phủ”; cần ghi đủ tên."
    )


def test_it_refuses_an_unknown_name_and_offers_the_closest(matcher: AwardMatcher) -> None:
    with pytest.raises(AwardNameError) as refused:
        matcher.match("Lao động tiên tiếng")
    assert refused.value.message == (
        "Không có hình thức khen thưởng “Lao động tiên tiếng” trong danh mục. "
        "Tên gần nhất: “Lao động tiên tiến”, “Tập thể lao động tiên tiến”."
    )
    assert refused.value.candidates == ("Lao động tiên tiến", "Tập thể lao động tiên tiến")


def test_it_refuses_an_empty_name(matcher: AwardMatcher) -> None:
    with pytest.raises(AwardNameError) as refused:
        matcher.match("  ")
    assert refused.value.message == "Cần ghi tên hình thức khen thưởng."


def test_it_folds_names_the_way_people_write_them() -> None:
    assert fold("Bằng khen của Chủ tịch UBND tỉnh") == fold("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")
    assert fold("Đơn vị “tiên tiến”") == "don vi tien tien"
