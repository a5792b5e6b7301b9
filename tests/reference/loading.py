"""Reading a package file into the plain dict the reference scorer takes: numbers become Decimal via str."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor


class _DecimalConstructor(SafeConstructor):
    def construct_yaml_float(self, node: Any) -> Decimal:  # type: ignore[override]
        return Decimal(str(self.construct_scalar(node)).replace("_", ""))


_DecimalConstructor.add_constructor("tag:yaml.org,2002:float", _DecimalConstructor.construct_yaml_float)


def _decimals(x: Any) -> Any:
    if isinstance(x, bool) or x is None:
        return x
    if isinstance(x, int | float):
        return Decimal(str(x))
    if isinstance(x, dict):
        return {k: _decimals(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_decimals(v) for v in x]
    return x


def load_package(path: str | Path) -> dict:
    text = Path(path).read_text(encoding="utf-8")
    if str(path).endswith(".json"):
        return _decimals(json.loads(text, parse_float=Decimal))
    yaml = YAML(typ="safe", pure=True)
    yaml.Constructor = _DecimalConstructor
    return _decimals(yaml.load(text))
