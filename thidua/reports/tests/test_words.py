"""Lists of unit names read back unambiguously, even when a name itself contains "và"."""

from __future__ import annotations

from thidua.reports.words import join


def test_it_joins_plain_names_with_commas_and_va() -> None:
    assert (
        join(["Huyện An Minh", "Huyện An Biên", "Huyện Gò Quao"])
        == "Huyện An Minh, Huyện An Biên và Huyện Gò Quao"
    )


def test_it_separates_names_containing_va_with_semicolons() -> None:
    names = ["Sở Tài chính", "Sở Lao động, Thương binh và Xã hội", "Sở Y tế"]
    assert f"Cao nhất là {join(names)}." == (
        "Cao nhất là Sở Tài chính; Sở Lao động, Thương binh và Xã hội; Sở Y tế."
    )
    assert (
        join(["Sở Lao động, Thương binh và Xã hội", "Sở Y tế"])
        == "Sở Lao động, Thương binh và Xã hội; Sở Y tế"
    )
