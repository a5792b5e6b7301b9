"""Reading a package from YAML 1.2 or JSON text into a `Package`, reporting every problem with its place."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode

from thidua.core.numbers import machine_number
from thidua.engine import Framework, Inputs, Member, Problem, check_all
from thidua.engine.model import ZERO, BooleanRule, ClusterKind, Deduction, RatingRule, Role, Value, Veto
from thidua.engine.terms import VETO_EFFECTS, Agreed
from thidua.packages.fields import CommaSplit, Reader, as_number, comma_problem, key_text
from thidua.packages.model import FORMAT, FORMAT_2, FORMATS, Cluster, LegalDocument, Package, PackageError
from thidua.packages.parse_framework import FrameworkReader
from thidua.packages.parse_v2 import V2FrameworkReader

KINDS: tuple[ClusterKind, ...] = ("cum", "khoi")
ROLES: tuple[Role, ...] = ("leader", "deputy", "member")
PACKAGE_KEYS = (
    "format",
    "year",
    "cluster",
    "legal_basis",
    "members",
    "framework",
    "targets",
    "values",
    "baselines",
    "not_applicable",
    "bonus_awarded",
    "deductions",
    "submitted",
    "vetoes",
)
PACKAGE_KEYS_V2 = (*PACKAGE_KEYS, "agreed")


class _DecimalConstructor(SafeConstructor):
    """YAML 1.2 safe loading where every float is a Decimal made from its source text."""

    def construct_yaml_decimal(self, node: ScalarNode) -> Decimal | str:
        text = str(self.construct_scalar(node)).replace("_", "")
        number = machine_number(text)
        # .inf and .nan are not figures anyone reports; keep the text so validation names it.
        return number if number is not None else text

    def construct_comma_split(self, node: ScalarNode) -> CommaSplit:
        return CommaSplit(node.value)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if isinstance(node, MappingNode) and node.flow_style:
            node.value = _joined_comma_splits(node.value)
        return super().construct_mapping(node, deep=deep)


COMMA_SPLIT_TAG = "tag:thidua.vn,2026:comma-split"
_DecimalConstructor.add_constructor("tag:yaml.org,2002:float", _DecimalConstructor.construct_yaml_decimal)
_DecimalConstructor.add_constructor(COMMA_SPLIT_TAG, _DecimalConstructor.construct_comma_split)


def _plain_digits(node: Any, *, signed: bool) -> bool:
    """A plain (unquoted) scalar written only with digits, as both halves of a split decimal comma are."""
    text = node.value if isinstance(node, ScalarNode) and node.style is None else None
    if not isinstance(text, str):
        return False
    digits = text[1:] if signed and text[:1] in "+-" else text
    return digits.isdigit()


def _joined_comma_splits(pairs: list[Any]) -> list[Any]:
    """The pairs of a flow mapping with every `0,5` that YAML split into `…: 0` and a key `5` with no value
    joined back into one scalar tagged as a split, which every number reader refuses by name."""
    out: list[Any] = []
    for key, value in pairs:
        empty = isinstance(value, ScalarNode) and value.tag == "tag:yaml.org,2002:null" and value.value == ""
        previous = out[-1][1] if out else None
        if (
            empty
            and _plain_digits(key, signed=False)
            and previous is not None
            and (_plain_digits(previous, signed=True) or previous.tag == COMMA_SPLIT_TAG)
        ):
            joined = ScalarNode(
                COMMA_SPLIT_TAG, f"{previous.value},{key.value}", previous.start_mark, key.end_mark
            )
            out[-1] = (out[-1][0], joined)
            continue
        out.append((key, value))
    return out


def _yaml() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.Constructor = _DecimalConstructor
    return yaml


def parse_text(text: str, *, json_format: bool) -> Any:
    """The raw tree of a YAML or JSON document; raises PackageError on a syntax error."""
    try:
        if json_format:
            return json.loads(text, parse_float=Decimal)
        return _yaml().load(text)
    except json.JSONDecodeError as exc:
        raise PackageError(
            [Problem(f"dòng {exc.lineno}, cột {exc.colno}", f"JSON không hợp lệ: {exc.msg}")]
        ) from exc
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        place = f"dòng {mark.line + 1}, cột {mark.column + 1}" if mark is not None else "tệp"
        problem = getattr(exc, "problem", None) or str(exc)
        raise PackageError([Problem(place, f"YAML không hợp lệ: {problem}")]) from exc


def load_text(text: str, *, json_format: bool = False) -> Package:
    """A valid package from text; raises PackageError listing every problem."""
    return build_package(parse_text(text, json_format=json_format))


def load(path: str | Path) -> Package:
    """A valid package from a .yaml/.yml, .json or .xlsx file."""
    source = Path(path)
    if source.suffix.lower() == ".xlsx":
        # Imported here because the workbook reader builds on this module.
        from thidua.packages.workbook import read_workbook

        return read_workbook(source)
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as exc:
        raise PackageError([Problem(str(source), f"không đọc được tệp: {exc.strerror or exc}")]) from exc
    except UnicodeDecodeError as exc:
        raise PackageError([Problem(str(source), "tệp phải được mã hóa UTF-8")]) from exc
    return load_text(text, json_format=source.suffix.lower() == ".json")


def build_package(raw: object) -> Package:
    package, problems = read_package(raw)
    if problems or package is None:
        raise PackageError(problems)
    return package


def read_package(raw: object) -> tuple[Package | None, list[Problem]]:
    """The package and every problem found in it (structure first, then the engine's checks)."""
    version = 2 if isinstance(raw, Mapping) and raw.get("format") == FORMAT_2 else 1
    reader: FrameworkReader = V2FrameworkReader() if version == 2 else FrameworkReader()
    data = reader.mapping(raw, "gốc")
    if data is None:
        return None, reader.problems
    reader.known_keys(data, "gốc", PACKAGE_KEYS_V2 if version == 2 else PACKAGE_KEYS)
    if data.get("format") not in FORMATS:
        reader.problem(
            "format",
            f"phải là “{FORMAT}” hoặc “{FORMAT_2}”, "
            f"đang là “{data.get('format') if data.get('format') is not None else '(trống)'}”",
        )
    year = reader.integer(data.get("year"), "year")
    cluster = _cluster(reader, data.get("cluster"))
    members = _members(reader, data.get("members"), version)
    legal_basis = _legal_basis(reader, data.get("legal_basis"))
    framework = reader.framework(data.get("framework"))
    inputs = _inputs(reader, data, framework, version)
    if year is None or cluster is None or framework is None:
        return None, reader.problems
    problems = list(reader.problems)
    problems += check_all(framework, members, inputs, skip=frozenset(reader.broken))
    package = Package(
        cluster=cluster,
        year=year,
        members=members,
        framework=framework,
        inputs=inputs,
        legal_basis=legal_basis,
    )
    return package, problems


def _cluster(reader: Reader, raw: object) -> Cluster | None:
    data = reader.mapping(raw, "cluster")
    if data is None:
        return None
    reader.known_keys(data, "cluster", ("code", "name", "kind", "scope"))
    code = reader.text(data.get("code"), "cluster.code")
    name = reader.text(data.get("name"), "cluster.name")
    kind = reader.choice(data.get("kind"), "cluster.kind", KINDS, "cum")
    scope = reader.text(data.get("scope"), "cluster.scope", required=False)
    if code is None or name is None:
        return None
    return Cluster(code=code, name=name, kind=kind, scope=scope)


def _members(reader: Reader, raw: object, version: int = 1) -> tuple[Member, ...]:
    members = []
    items = reader.sequence(raw, "members", required=True)
    if raw is not None and not items:
        reader.problem("members", "cụm phải có ít nhất một đơn vị")
    for i, item in enumerate(items):
        place = f"members[{i}]"
        data = reader.mapping(item, place)
        if data is None:
            continue
        reader.known_keys(
            data, place, ("code", "name", "role", "attributes") if version == 2 else ("code", "name", "role")
        )
        code = reader.text(data.get("code"), f"{place}.code")
        name = reader.text(data.get("name"), f"{place}.name")
        role = reader.choice(data.get("role"), f"{place}.role", ROLES, "member")
        attributes: list[tuple[str, Value]] = []
        for key, value in reader.items(data.get("attributes"), f"{place}.attributes"):
            if isinstance(value, Mapping | list) or value is None:
                reader.problem(
                    f"{place}.attributes.{key}", "phải là một giá trị đơn (số, chữ hoặc true/false)"
                )
                continue
            number = as_number(value) if not isinstance(value, bool | str) else None
            attributes.append(
                (
                    key,
                    value
                    if isinstance(value, bool | str)
                    else (number if number is not None else str(value)),
                )
            )
        if code is not None and name is not None:
            members.append(Member(code=code, name=name, role=role, attributes=tuple(attributes)))
    return tuple(members)


def _legal_basis(reader: Reader, raw: object) -> tuple[LegalDocument, ...]:
    documents = []
    for i, item in enumerate(reader.sequence(raw, "legal_basis")):
        place = f"legal_basis[{i}]"
        data = reader.mapping(item, place)
        if data is None:
            continue
        reader.known_keys(data, place, ("number", "date", "title"))
        number = reader.text(data.get("number"), f"{place}.number")
        issued = reader.date(data.get("date"), f"{place}.date", required=False)
        title = (
            reader.text_with_commas(data, "title", f"{place}.title", ("number", "date", "title"))
            if data.get("title") is not None
            else None
        )
        if number is not None:
            documents.append(LegalDocument(number=number, date=issued, title=title))
    return tuple(documents)


def _numbers(reader: Reader, raw: object, part: str) -> dict[str, dict[str, Decimal]]:
    out: dict[str, dict[str, Decimal]] = {}
    for code, by_unit in reader.items(raw, part):
        row: dict[str, Decimal] = {}
        for unit, value in reader.items(by_unit, f"{part}.{code}"):
            if value is None:
                continue  # an empty cell: nothing given
            number = reader.number(value, f"{part}.{code}.{unit}")
            if number is not None:
                row[unit] = number
        out[code] = row
    return out


def _value(raw: object, textual: bool) -> Value | None:
    """A reported value as the rule will take it; anything that fits no rule is kept as text for validation."""
    if isinstance(raw, bool):
        return raw
    if textual:
        return raw if isinstance(raw, str) else str(raw)
    number = as_number(raw)
    return number if number is not None else str(raw)


def _values(
    reader: Reader,
    raw: object,
    framework: Framework | None,
    facts: dict[str, dict[str, dict[str, Value]]] | None = None,
) -> dict[str, dict[str, Value]]:
    textual = set()
    flags = set()
    if framework is not None:
        for leaf in framework.leaves():
            if isinstance(leaf.rule, RatingRule):
                textual.add(leaf.code)
            if isinstance(leaf.rule, BooleanRule):
                flags.add(leaf.code)
    out: dict[str, dict[str, Value]] = {}
    for code, by_unit in reader.items(raw, "values"):
        row: dict[str, Value] = {}
        for unit, value in reader.items(by_unit, f"values.{code}"):
            if value is None:
                continue
            if isinstance(value, Mapping) and facts is not None:
                facts.setdefault(code, {})[unit] = _facts(
                    reader, value, f"values.{code}.{unit}", framework, code
                )
                if "value" in facts[code][unit]:
                    row[unit] = facts[code][unit].pop("value")
                continue
            if isinstance(value, Mapping | list):
                reader.problem(f"values.{code}.{unit}", "phải là một giá trị đơn (số, chữ hoặc true/false)")
                continue
            problem = comma_problem(value) if code not in textual and code not in flags else None
            if problem is not None:
                reader.problem(f"values.{code}.{unit}", problem)
                continue
            converted = _value(value, code in textual or code in flags)
            if converted is not None:
                row[unit] = converted
        out[code] = row
    return out


def _facts(
    reader: Reader, raw: Mapping[Any, Any], place: str, framework: Framework | None, code: str
) -> dict[str, Value]:
    """A unit's facts of a version 2 criterion: each by the kind its declaration gives."""
    declared = {}
    if framework is not None:
        for leaf in framework.leaves():
            if leaf.code == code:
                declared = {fact.name: fact for fact in leaf.facts}
    out: dict[str, Value] = {}
    for name, value in reader.items(raw, place):
        if value is None:
            continue
        fact = declared.get(name)
        if isinstance(value, Mapping | list):
            reader.problem(f"{place}.{name}", "phải là một giá trị đơn (số, chữ hoặc true/false)")
            continue
        if fact is not None and fact.kind == "label":
            out[name] = value if isinstance(value, str) else key_text(value)
            continue
        problem = comma_problem(value)
        if problem is not None:
            reader.problem(f"{place}.{name}", problem)
            continue
        converted = _value(value, False)
        if converted is not None:
            out[name] = converted
    return out


def _unit_lists(
    reader: Reader, raw: object, part: str, amounts: dict[str, dict[str, Decimal]] | None = None
) -> dict[str, frozenset[str]]:
    """Criterion or item → listed units; a unit listed twice is an error (issue 11, item 13). With `amounts`
    (version 2 bonus items given as an amount or a count), a mapping unit → number is read there instead."""
    out: dict[str, frozenset[str]] = {}
    for code, units in reader.items(raw, part):
        if amounts is not None and isinstance(units, Mapping):
            amounts[code] = _numbers(reader, {code: units}, part).get(code, {})
            continue
        listed: list[str] = []
        for i, item in enumerate(reader.sequence(units, f"{part}.{code}", required=True)):
            unit = reader.text(item, f"{part}.{code}[{i}]")
            if unit is None:
                continue
            if unit in listed:
                reader.problem(f"{part}.{code}[{i}]", f"đơn vị {unit} được liệt kê hai lần")
            listed.append(unit)
        out[code] = frozenset(listed)
    return out


def _inputs(reader: Reader, data: Mapping[Any, Any], framework: Framework | None, version: int = 1) -> Inputs:
    deductions = []
    for i, item in enumerate(reader.sequence(data.get("deductions"), "deductions")):
        place = f"deductions[{i}]"
        entry = reader.mapping(item, place)
        if entry is None:
            continue
        reader.known_keys(entry, place, ("unit", "points", "reason", "node"))
        unit = reader.text(entry.get("unit"), f"{place}.unit")
        points = reader.number(entry.get("points"), f"{place}.points")
        reason = reader.text_with_commas(
            entry, "reason", f"{place}.reason", ("unit", "points", "reason", "node")
        )
        node = reader.text(entry.get("node"), f"{place}.node", required=False)
        if unit is not None and points is not None and reason is not None:
            deductions.append(Deduction(unit=unit, points=points, reason=reason, node=node))
    vetoes = []
    for i, item in enumerate(reader.sequence(data.get("vetoes"), "vetoes")):
        place = f"vetoes[{i}]"
        entry = reader.mapping(item, place)
        if entry is None:
            continue
        keys = ("unit", "reason", "effects", "deduct") if version == 2 else ("unit", "reason")
        reader.known_keys(entry, place, keys)
        unit = reader.text(entry.get("unit"), f"{place}.unit")
        reason = reader.text_with_commas(entry, "reason", f"{place}.reason", keys)
        effects = tuple(
            reader.choice(item, f"{place}.effects[{j}]", VETO_EFFECTS, "exclude_ranking")
            for j, item in enumerate(reader.sequence(entry.get("effects"), f"{place}.effects"))
        )
        deduct = reader.number(entry.get("deduct"), f"{place}.deduct", required=False)
        if unit is not None and reason is not None:
            vetoes.append(
                Veto(
                    unit=unit,
                    reason=reason,
                    effects=effects if entry.get("effects") is not None else ("exclude_ranking",),
                    deduct=deduct if deduct is not None else ZERO,
                )
            )
    agreed = []
    for i, item in enumerate(reader.sequence(data.get("agreed"), "agreed")):
        place = f"agreed[{i}]"
        entry = reader.mapping(item, place)
        if entry is None:
            continue
        agreed_keys = ("unit", "node", "points", "reason", "by")
        reader.known_keys(entry, place, agreed_keys)
        unit = reader.text(entry.get("unit"), f"{place}.unit")
        node = reader.text(entry.get("node"), f"{place}.node")
        points = reader.number(entry.get("points"), f"{place}.points")
        reason = reader.text_with_commas(entry, "reason", f"{place}.reason", agreed_keys)
        by = reader.text_with_commas(entry, "by", f"{place}.by", agreed_keys)
        if None not in (unit, node, points, reason, by):
            agreed.append(Agreed(unit=unit, node=node, points=points, reason=reason, by=by))  # type: ignore[arg-type]
    submitted = {}
    for unit, raw_date in reader.items(data.get("submitted"), "submitted"):
        day = reader.date(raw_date, f"submitted.{unit}", required=False)
        if day is not None:
            submitted[unit] = day
    facts: dict[str, dict[str, dict[str, Value]]] | None = {} if version == 2 else None
    amounts: dict[str, dict[str, Decimal]] | None = {} if version == 2 else None
    return Inputs(
        targets=_numbers(reader, data.get("targets"), "targets"),
        values=_values(reader, data.get("values"), framework, facts),
        baselines=_numbers(reader, data.get("baselines"), "baselines"),
        not_applicable=_unit_lists(reader, data.get("not_applicable"), "not_applicable"),
        bonus_awarded=_unit_lists(reader, data.get("bonus_awarded"), "bonus_awarded", amounts),
        deductions=tuple(deductions),
        submitted=submitted,
        vetoes=tuple(vetoes),
        facts=facts or {},
        agreed=tuple(agreed),
        bonus_amounts=amounts or {},
    )
