"""`thidua eligibility`: checks one subject's award history against one award; works on files, no database."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from thidua.eligibility import (
    CatalogueError,
    HistoryError,
    UnknownAward,
    Verdict,
    check,
    load_catalogue,
    load_history,
)

RESULT_WORDS = {
    "eligible": "ĐỦ ĐIỀU KIỆN",
    "not_eligible": "KHÔNG ĐỦ ĐIỀU KIỆN",
    "to_review": "CẦN XEM XÉT",
}
MARKS = {True: "đạt", False: "không đạt", None: "cần xem xét"}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "eligibility",
        help="kiểm tra điều kiện khen thưởng theo lịch sử thi đua của một cá nhân, tập thể",
        description="Kiểm tra một lịch sử thi đua (thidua.history/1) theo một hình thức khen thưởng của danh mục.",
    )
    parser.add_argument("history", metavar="HISTORY", type=Path, help="tệp lịch sử YAML hoặc JSON")
    parser.add_argument("--award", required=True, metavar="CODE", help="mã khen thưởng, ví dụ CSTD_TINH")
    parser.add_argument("--year", required=True, type=int, metavar="YEAR", help="năm của thành tích")
    parser.add_argument(
        "--format", choices=("json", "text"), default="json", help="dạng kết quả (mặc định json)"
    )
    parser.add_argument(
        "--catalogue",
        type=Path,
        metavar="FILE",
        help="danh mục khen thưởng riêng của tỉnh (mặc định: danh mục kèm theo)",
    )
    parser.set_defaults(handler=run_eligibility)


def run_eligibility(args: argparse.Namespace) -> int:
    try:
        catalogue = load_catalogue(args.catalogue)
    except CatalogueError as exc:
        return _fail(exc.errors)
    # Both problems are reported together: a wrong code and a broken file are usually fixed in one go.
    errors: list[str] = []
    try:
        catalogue.award(args.award)
    except UnknownAward as exc:
        errors.append(exc.message)
    try:
        history = load_history(args.history, catalogue=catalogue)
    except HistoryError as exc:
        errors += exc.errors
    if errors:
        return _fail(errors)
    verdict = check(history, args.award, args.year, catalogue)
    if args.format == "json":
        print(json.dumps(verdict.as_json(), ensure_ascii=False, indent=2))
    else:
        print(format_text(verdict))
    return 0


def _fail(errors: list[str]) -> int:
    for error in errors:
        print(error, file=sys.stderr)
    return 2


def format_text(verdict: Verdict) -> str:
    """A readable Vietnamese answer for a terminal: result, reasons marked met or not, then what to confirm."""
    lines = [
        f"{verdict.award_name} ({verdict.award}), năm {verdict.year}",
        f"Chế độ pháp lý: {verdict.regime} ({verdict.regime_name})",
        f"Kết quả: {RESULT_WORDS[verdict.result]}",
        *([f"Căn cứ pháp lý: {verdict.basis}"] if verdict.basis else []),
        "Điều kiện:",
        *(
            f"  [{MARKS[f.met]}] {f.text}" + (f" ({f.article})" if f.article else "")
            for f in verdict.findings
        ),
    ]
    if verdict.to_confirm:
        lines += ["Cần người có thẩm quyền xác nhận:", *(f"  [ ] {item}" for item in verdict.to_confirm)]
    return "\n".join(lines)
