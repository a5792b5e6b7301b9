"""Package format 2: YAML ↔ JSON round trips of a package using every construct, the JSON Schema, the command line."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from thidua.cli import main
from thidua.engine.registry import RULES, TERMS
from thidua.packages import load, load_text
from thidua.packages.reader import parse_text
from thidua.packages.schema import schema_text
from thidua.packages.writer import dump_json, dump_yaml

FIXTURE = Path(__file__).parent / "fixtures" / "v2-every-construct.yaml"
DOCS = Path(__file__).resolve().parents[3] / "docs"


def test_it_round_trips_every_construct_through_yaml_and_json() -> None:
    package = load(FIXTURE)
    assert load_text(dump_yaml(package)) == package
    assert load_text(dump_json(package), json_format=True) == package
    assert load_text(dump_yaml(load_text(dump_json(package), json_format=True))) == package
    assert (
        package.score().unit("D1").total
        == load_text(dump_json(package), json_format=True).score().unit("D1").total
    )


def test_it_uses_every_construct_in_the_round_trip_fixture() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    for name, spec in RULES.items():
        if spec.version == 2:
            assert f"type: {name}" in text, name
    for name in TERMS:
        assert f"type: {name}" in text, name
    for word in (
        "caps:",
        "bonus_and_deduction",
        "floor: section",
        "scales:",
        "attribute",
        "no_target: {points",
        "best_of_untargeted",
        "group:",
        "when:",
        "unless:",
        "per_case:",
        "max: 2}",
        "node: b1",
        "effects:",
        "deduct:",
        "agreed:",
        "attributes:",
        "counting: started",
    ):
        assert word in text or word.replace("attribute", "attributes") in text, word


def test_it_writes_a_version_1_package_as_version_1() -> None:
    package = load(Path(__file__).parent / "fixtures" / "cum-mau-2026.yaml")
    written = dump_yaml(package)
    assert written.startswith("format: thidua.package/1\n")
    assert "agreed" not in written and "standard:" not in written


def test_it_keeps_the_json_schema_generated_from_the_registry() -> None:
    assert (DOCS / "package-format-2.schema.json").read_text(encoding="utf-8") == schema_text()


# A small checker of the JSON Schema keywords the schema uses (the project carries no JSON Schema library).
def _errors(value: Any, schema: dict[str, Any], root: dict[str, Any], path: str = "") -> list[str]:
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return _errors(value, target, root, path)
    errors: list[str] = []
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: {value!r} != {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in {schema['enum']}")
    kinds = schema.get("type")
    if kinds is not None:
        allowed = kinds if isinstance(kinds, list) else [kinds]
        checks = {
            "object": lambda v: isinstance(v, dict),
            "array": lambda v: isinstance(v, list),
            "string": lambda v: isinstance(v, str),
            "number": lambda v: isinstance(v, int | float | Decimal) and not isinstance(v, bool),
            "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "boolean": lambda v: isinstance(v, bool),
        }
        if not any(checks[kind](value) for kind in allowed):
            return [f"{path}: {value!r} is not {allowed}"]
    if "pattern" in schema and isinstance(value, str) and not re.search(schema["pattern"], value):
        errors.append(f"{path}: {value!r} does not match")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{path}.{key}: required")
        for key, item in value.items():
            if key in properties:
                errors += _errors(item, properties[key], root, f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{path}.{key}: not allowed")
            elif isinstance(schema.get("additionalProperties"), dict):
                errors += _errors(item, schema["additionalProperties"], root, f"{path}.{key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            errors += _errors(item, schema["items"], root, f"{path}[{index}]")
    if "anyOf" in schema and all(_errors(value, option, root, path) for option in schema["anyOf"]):
        errors.append(f"{path}: matches none of anyOf")
    if "oneOf" in schema:
        matching = [option for option in schema["oneOf"] if not _errors(value, option, root, path)]
        if len(matching) != 1:
            errors.append(f"{path}: matches {len(matching)} of oneOf")
    return errors


@pytest.mark.parametrize("path", [FIXTURE, DOCS / "examples" / "so-ban-nganh-2.yaml"])
def test_it_describes_the_packages_with_the_json_schema(path: Path) -> None:
    schema = json.loads(schema_text())
    document = json.loads(dump_json(load(path)))
    assert _errors(document, schema, schema) == []
    raw = parse_text(path.read_text(encoding="utf-8"), json_format=False)
    as_json = json.loads(json.dumps(raw, default=str))
    assert _errors(as_json, schema, schema) == []


def test_it_validates_and_scores_version_2_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(FIXTURE)]) == 0
    out = capsys.readouterr().out
    assert "hợp lệ (3 đơn vị, 7 tiêu chí chấm điểm)" in out
    assert "Cảnh báo (3):" in out
    output = tmp_path / "r.json"
    assert main(["score", str(FIXTURE), "--format", "json", "--output", str(output)]) == 0
    document = json.loads(output.read_text(encoding="utf-8"))
    assert document["bonus_cap"] is None
    assert [unit["code"] for unit in document["units"]] == ["D1", "D2", "D3"]
    assert document["units"][2]["unbanded"] == "Có cán bộ bị kỷ luật cảnh cáo"


def test_it_scores_the_department_example_as_its_hand_check() -> None:
    """docs/package-format.md checks Long Xuyên and Châu Đốc by hand; the engine must give the same lines."""
    result = load(DOCS / "examples" / "so-ban-nganh-2.yaml").score()
    rows = [(u.code, u.rank, u.standard, u.bonus, u.deductions, u.total) for u in result.units]
    assert rows == [
        ("LX", 1, Decimal("50.00"), Decimal("5.90"), Decimal("0.50"), Decimal("55.40")),
        ("TC", 2, Decimal("50.00"), Decimal("2.90"), Decimal("1.10"), Decimal("51.80")),
        ("PT", 3, Decimal("47.94"), Decimal("0.00"), Decimal("4.00"), Decimal("43.94")),
        ("CD", 4, Decimal("44.25"), Decimal("0.10"), Decimal("9.00"), Decimal("35.35")),
    ]
    cd = result.unit("CD")
    assert cd.nodes["A"].deduction == Decimal("4.00")
    assert cd.nodes["B"].deduction == Decimal("5.00")
    assert cd.nodes["A.3"].explanation.endswith("chuẩn 5,00 − 2,00 = 3,00")
    pt = result.unit("PT").nodes["B.2"]
    assert (pt.points, pt.net, pt.detail.computed if pt.detail else None) == (
        Decimal("9.80"),
        Decimal("9.80"),
        Decimal("8.80"),
    )
    assert result.unit("LX").honour == "Cờ thi đua của UBND tỉnh"
