"""The engine (`thidua score --format json`) against the independent reference scorer, on random packages.

`HYPOTHESIS_PROFILE=thorough` runs 5000 examples instead of 300. The strategy is in packages.py, the reference
in scorer.py; README.md lists what the random packages leave out and why.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reference.loading import load_package
from tests.reference.packages import packages, write_json, write_yaml
from tests.reference.scorer import InputError, score
from thidua.cli import main

# 300 examples in CI; `HYPOTHESIS_PROFILE=thorough` for 5000 locally (an explicit decorator setting would
# override a loaded profile, so the count is chosen here).
settings.register_profile("thorough", max_examples=5000, deadline=None)
EXAMPLES = 5000 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 300


def run_engine(path: Path) -> tuple[int, dict | None, str]:
    out = path.with_suffix(".results.json")
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = main(["score", str(path), "--format", "json", "--output", str(out)])
    results = json.loads(out.read_text(encoding="utf-8")) if status == 0 and out.exists() else None
    return status, results, err.getvalue()


def comparable(results: dict) -> dict:
    """The engine's numbers, without the free text the spec lets be worded freely."""
    kept = {k: v for k, v in results.items() if not k.startswith("_") and k != "warnings"}
    kept["units"] = [
        {
            **{k: v for k, v in unit.items() if k != "nodes"},
            "nodes": {
                code: {k: node.get(k) for k in ("status", "points", "bonus")}
                for code, node in unit["nodes"].items()
            },
        }
        for unit in results["units"]
    ]
    kept["statistics"] = {"criteria": results["statistics"]["criteria"]}
    return kept


def differences(expected: Any, actual: Any, where: str = "") -> list[str]:
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = []
        for key in sorted(set(expected) | set(actual), key=str):
            if key not in actual:
                out.append(f"{where}/{key}: missing in engine (reference {expected[key]!r})")
            elif key not in expected:
                out.append(f"{where}/{key}: extra in engine ({actual[key]!r})")
            else:
                out += differences(expected[key], actual[key], f"{where}/{key}")
        return out
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        out = []
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            label = e.get("code", i) if isinstance(e, dict) else i
            out += differences(e, a, f"{where}[{label}]")
        return out
    return [] if expected == actual else [f"{where}: reference {expected!r}, engine {actual!r}"]


def check(package: dict, form: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("package.yaml" if form == "yaml" else "package.json")
        if form == "yaml":
            write_yaml(package, path)
        else:
            write_json(package, path, numbers_as_strings=form == "json-strings")
        # the file says what the reference scores: read it back the way a province would
        reread = load_package(path)
        try:
            expected = score(reread)
        except InputError as exc:
            status, _results, errors = run_engine(path)
            assert status == 2, f"the spec calls this an input error ({exc}); the engine scored it"
            return
        status, results, errors = run_engine(path)
        assert status == 0, f"engine refused a valid package:\n{errors}"
        assert results is not None
        diff = differences(expected, comparable(results))
        assert not diff, "engine and reference disagree:\n" + "\n".join(diff[:40])


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(package=packages(), form=st.sampled_from(["yaml", "json", "json-strings"]))
def test_it_agrees_with_the_reference_on_random_packages(package: dict, form: str) -> None:
    check(package, form)
