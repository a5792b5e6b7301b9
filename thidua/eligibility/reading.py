"""Reading YAML 1.2 or JSON files so that no number ever passes through float."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import ScalarNode


class ReadError(ValueError):
    """The file cannot be read or parsed at all; the message is Vietnamese and names the file."""


def _decimal_from_yaml(constructor: SafeConstructor, node: ScalarNode) -> Decimal:
    # The scalar text is kept: 0.3 must become Decimal("0.3"), not the nearest binary fraction.
    text = str(constructor.construct_scalar(node)).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        # .inf and .nan have no meaning for counts, coefficients or salaries; keep the text for the validator.
        return Decimal("NaN")


def _text_from_yaml(constructor: SafeConstructor, node: ScalarNode) -> str:
    # Dates stay text for the validators: ruamel raises a bare ValueError on 2019-02-30, with no place to report.
    return str(constructor.construct_scalar(node))


class _DecimalConstructor(SafeConstructor):
    """A subclass, because add_constructor on SafeConstructor itself would change every other YAML reader."""


_DecimalConstructor.add_constructor("tag:yaml.org,2002:float", _decimal_from_yaml)
_DecimalConstructor.add_constructor("tag:yaml.org,2002:timestamp", _text_from_yaml)


def _yaml() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    yaml.Constructor = _DecimalConstructor
    return yaml


def parse_text(text: str, *, json_only: bool = False) -> Any:
    """The document in `text`: JSON when `json_only`, otherwise YAML 1.2 (which also reads JSON)."""
    if json_only:
        try:
            return json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise ReadError(f"JSON không hợp lệ (dòng {exc.lineno}, cột {exc.colno}): {exc.msg}") from exc
    try:
        return _yaml().load(text)
    except YAMLError as exc:
        raise ReadError(f"YAML không hợp lệ: {exc}") from exc


def read_document(path: Path) -> Any:
    """Reads a UTF-8 YAML or JSON file (chosen by the `.json` suffix)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReadError(f"không đọc được tệp {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ReadError(f"tệp {path} không phải UTF-8") from exc
    return parse_text(text, json_only=path.suffix.lower() == ".json")
