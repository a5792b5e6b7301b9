"""Small histories for the tests, written the way a province writes them (a mapping as in the YAML)."""

from __future__ import annotations

from typing import Any

from thidua.eligibility import History, Verdict, check, load_history


def person(
    years: dict[int, dict[str, Any]], *, awards: list[dict[str, Any]] | None = None, **subject: Any
) -> History:
    data = {"kind": "individual", "code": "NV-1", "name": "Nguyễn Văn An", "recruited": "2015-01-01"}
    data.update(subject)
    return load_history(
        {"format": "thidua.history/1", "subject": data, "years": years, "awards": awards or []}
    )


def collective(
    years: dict[int, dict[str, Any]], *, awards: list[dict[str, Any]] | None = None, **subject: Any
) -> History:
    data = {"kind": "collective", "code": "PHONG-1", "name": "Phòng Tổ chức cán bộ"}
    data.update(subject)
    return load_history(
        {"format": "thidua.history/1", "subject": data, "years": years, "awards": awards or []}
    )


def year(
    rating: str = "HTXSNV", titles: tuple[str, ...] = (), initiatives: tuple[tuple[str, str], ...] = ()
) -> dict[str, Any]:
    return {
        "rating": rating,
        "titles": list(titles),
        "initiatives": [{"scope": scope, "title": title} for scope, title in initiatives],
    }


def failing(verdict: Verdict) -> list[str]:
    return [f.text for f in verdict.findings if f.met is False]


def verdict(history: History, award: str, at: int) -> Verdict:
    return check(history, award, at)
