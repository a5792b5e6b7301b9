"""A framework version as a file of its own, both ways: the `framework` part of a package with its legal basis and
nothing of a cluster (no members, targets or values), as YAML, JSON or the package workbook; and such a file (or
a whole package, of which only the framework is taken) read back into a framework and its legal basis.

Reading goes through the package readers and the engine's checks, so a file is judged by the same rules and the
same Vietnamese messages as `thidua validate`, the import of a package and the framework editor."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML

from thidua.agreements import documents
from thidua.agreements.models import FrameworkVersion
from thidua.agreements.packaging import file_kind, legal_documents, version_framework
from thidua.engine import Framework, Inputs, Problem
from thidua.packages import Cluster, LegalDocument, Package
from thidua.packages.model import FORMAT as PACKAGE_FORMAT
from thidua.packages.model import PackageError
from thidua.packages.parse_framework import FrameworkReader
from thidua.packages.reader import _legal_basis, parse_text
from thidua.packages.workbook import workbook_bytes
from thidua.packages.workbook.reader import WorkbookReader, _sheets
from thidua.packages.writer import _clean, _DecimalRepresenter, _json_default, framework_tree

FRAMEWORK_FORMAT = "thidua.framework/1"
FILE_KEYS = ("format", "name", "version", "legal_basis", "framework")


@dataclass(frozen=True)
class FrameworkFile:
    """What a framework file says: the framework, the decisions it rests on and, when the file names it, its name."""

    framework: Framework
    legal_basis: tuple[LegalDocument, ...]
    name: str | None


def framework_file_tree(version: FrameworkVersion) -> dict[str, Any]:
    basis = legal_documents(version)
    return {
        "format": FRAMEWORK_FORMAT,
        "name": version.framework.name,
        "version": version.number,
        "legal_basis": [_clean({"number": d.number, "date": d.date, "title": d.title}) for d in basis],
        "framework": framework_tree(version_framework(version)),
    }


def framework_yaml(version: FrameworkVersion) -> str:
    yaml = YAML(typ="safe", pure=True)
    # The package writer's representer: decimals keep every digit and are never written through float.
    yaml.Representer = _DecimalRepresenter
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    buffer = io.StringIO()
    yaml.dump(framework_file_tree(version), buffer)
    return buffer.getvalue()


def framework_json(version: FrameworkVersion) -> str:
    return (
        json.dumps(framework_file_tree(version), ensure_ascii=False, indent=1, default=_json_default) + "\n"
    )


def framework_workbook(version: FrameworkVersion) -> bytes:
    """The package workbook with the framework sheets and the legal basis filled and no member: the form the
    board already knows."""
    when = version.published_at or version.created_at
    package = Package(
        cluster=Cluster(code="", name=""),
        year=when.year,
        members=(),
        framework=version_framework(version),
        inputs=Inputs(),
        legal_basis=legal_documents(version),
    )
    return workbook_bytes(package)


def _from_tree(raw: object) -> tuple[FrameworkFile | None, list[Problem]]:
    reader = FrameworkReader()
    data = reader.mapping(raw, "gốc")
    if data is None:
        return None, reader.problems
    kind = data.get("format")
    if kind == FRAMEWORK_FORMAT:
        reader.known_keys(data, "gốc", FILE_KEYS)
    elif kind != PACKAGE_FORMAT:
        reader.problem(
            "format", f"phải là “{FRAMEWORK_FORMAT}” hoặc “{PACKAGE_FORMAT}”, đang là “{kind or '(trống)'}”"
        )
    name = reader.text(data.get("name"), "name", required=False) if kind == FRAMEWORK_FORMAT else None
    basis = _legal_basis(reader, data.get("legal_basis"))
    framework, problems = documents.read_framework(data.get("framework"))
    problems = [*reader.problems, *problems]
    if framework is None:
        return None, problems
    return FrameworkFile(framework=framework, legal_basis=basis, name=name), problems


def _from_workbook(content: bytes) -> tuple[FrameworkFile | None, list[Problem]]:
    try:
        sheets = _sheets(content)
    except PackageError as exc:
        return None, exc.problems
    workbook = WorkbookReader(sheets)
    raw = workbook.read()
    found, problems = _from_tree(
        {"format": PACKAGE_FORMAT, "legal_basis": raw.get("legal_basis"), "framework": raw.get("framework")}
    )
    # Problems are placed by sheet, row and column, as for a package workbook.
    return found, workbook.problems(problems)


def read_framework_file(file_name: str, content: bytes) -> tuple[FrameworkFile | None, list[Problem]]:
    """The framework and legal basis of an uploaded file, with every problem found."""
    kind = file_kind(file_name)
    if kind is None:
        return None, [Problem("tệp", "chỉ nhận tệp .yaml, .yml, .json hoặc .xlsx")]
    if kind == "xlsx":
        return _from_workbook(content)
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return None, [Problem("tệp", "tệp phải được mã hóa UTF-8")]
    try:
        raw = parse_text(text, json_format=kind == "json")
    except PackageError as exc:
        return None, exc.problems
    return _from_tree(raw)


def is_framework_file(file_name: str, content: bytes) -> bool:
    """A YAML or JSON file that holds only a framework (for a clearer message on the package import page)."""
    if file_kind(file_name) not in ("yaml", "json"):
        return False
    return (
        f"format: {FRAMEWORK_FORMAT}".encode() in content
        or f'"format": "{FRAMEWORK_FORMAT}"'.encode() in content
    )
