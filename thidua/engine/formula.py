"""Formulas (issue 11, item 17): arithmetic over a criterion's facts, its target and the cluster's figures,
evaluated by `simpleeval` (never `eval`) with every number literal an exact Decimal, and explained name by name.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, DivisionByZero, InvalidOperation
from typing import Any

from simpleeval import DEFAULT_OPERATORS, InvalidExpression, SimpleEval

from thidua.engine.numbers import vn

# Names a formula may use besides the criterion's facts; `max` is also the function max(…).
BUILTIN_NAMES = ("target", "baseline", "max")
CLUSTER_FUNCTIONS = ("cluster_max", "cluster_min", "cluster_mean", "leader")
FUNCTIONS = ("min", "max", "if", "round", "floor", "abs", *CLUSTER_FUNCTIONS)
# `if(c, a, b)`: `if` is a Python keyword, so the call is renamed before parsing (the ternary `a if c else b`,
# whose `if` follows an operand, is left alone).
_IF_CALL = re.compile(r"(^|[(,+\-*/<>=!%]\s*|\b(?:and|or|not)\s+)if\s*\(")
ALLOWED_NODES = (
    ast.Expression,
    ast.Expr,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.UnaryOp,
    ast.BinOp,
    ast.BoolOp,
    ast.Compare,
    ast.IfExp,
    ast.Call,
    ast.operator,
    ast.unaryop,
    ast.boolop,
    ast.cmpop,
)


class FormulaError(ValueError):
    """A formula that cannot be read or evaluated; the message is Vietnamese."""


def prepare(expression: str) -> str:
    return _IF_CALL.sub(lambda m: f"{m.group(1)}if_(", expression.strip())


def problems(expression: str, facts: Iterable[str]) -> list[str]:
    """What is wrong with a formula, given the criterion's fact names (empty when it can be evaluated)."""
    known = set(facts) | set(BUILTIN_NAMES)
    try:
        tree = ast.parse(prepare(expression), mode="eval")
    except SyntaxError as exc:
        return [f"công thức “{expression}” sai cú pháp (vị trí {exc.offset or 0})"]
    out: list[str] = []
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    for node in ast.walk(tree):
        if id(node) in called:
            continue
        if not isinstance(node, ALLOWED_NODES):
            out.append(f"công thức “{expression}” dùng cấu trúc không được phép ({type(node).__name__})")
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else None
            shown_name = "if" if name == "if_" else name
            if name is None or (shown_name not in FUNCTIONS):
                out.append(
                    f"công thức “{expression}” dùng hàm “{shown_name or '?'}” không có; cho phép: "
                    f"{', '.join(FUNCTIONS)}"
                )
            elif shown_name in CLUSTER_FUNCTIONS:
                arg = node.args[0] if len(node.args) == 1 else None
                if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value in known):
                    out.append(
                        f"công thức “{expression}”: {shown_name}(…) cần đúng một tên số liệu trong dấu nháy, "
                        f"ví dụ {shown_name}('{next(iter(sorted(facts)), 'value')}')"
                    )
        elif isinstance(node, ast.Name) and node.id not in known and node.id not in ("if_", *FUNCTIONS):
            out.append(
                f"công thức “{expression}” dùng tên “{node.id}” không có; cho phép: {', '.join(sorted(known))}"
            )
        elif isinstance(node, ast.Constant) and not isinstance(node.value, int | float | str | bool):
            out.append(f"công thức “{expression}” có hằng số không hợp lệ")
    return out


@dataclass(frozen=True, slots=True)
class ClusterFigures:
    """The cluster's figures a formula may use, by fact: max, min, mean of the members that reported it, and the
    value of the leader unit."""

    highest: Mapping[str, Decimal] = field(default_factory=dict)
    lowest: Mapping[str, Decimal] = field(default_factory=dict)
    mean: Mapping[str, Decimal] = field(default_factory=dict)
    leader: Mapping[str, Decimal] = field(default_factory=dict)


def _round(value: Decimal, places: Decimal | int = 0) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)


def _floor(value: Decimal) -> Decimal:
    return value.to_integral_value(ROUND_FLOOR)


def _if(condition: object, yes: Any, no: Any) -> Any:
    return yes if condition else no


class _DecimalEval(SimpleEval):  # type: ignore[misc]
    """simpleeval with number literals read from their source text as Decimal, never float."""

    def __init__(self, names: dict[str, Any], functions: dict[str, Callable[..., Any]], source: str) -> None:
        operators = dict(DEFAULT_OPERATORS)
        super().__init__(operators=operators, functions=functions, names=names)
        self.source = source

    def _eval_constant(self, node: ast.Constant) -> Any:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            return super()._eval_constant(node)
        text = ast.get_source_segment(self.source, node) or repr(value)
        return Decimal(text.replace("_", ""))


@dataclass(frozen=True, slots=True)
class Evaluation:
    """A formula's value and the names and cluster figures it used, for the explanation."""

    value: Decimal
    used: tuple[tuple[str, str], ...]


def _number(value: object) -> Decimal:
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    raise FormulaError(f"kết quả “{value}” không phải là một số")


def evaluate(expression: str, names: Mapping[str, object], cluster: ClusterFigures) -> Evaluation:
    """The formula's exact value; FormulaError (Vietnamese) if a figure is missing or it divides by zero."""
    used: dict[str, str] = {}

    def figure(kind: str, table: Mapping[str, Decimal]) -> Callable[[str], Decimal]:
        def get(fact: str) -> Decimal:
            if fact not in table:
                raise FormulaError(f"{kind}('{fact}') chưa có số liệu")
            used[f"{kind}({fact})"] = vn(table[fact])
            return table[fact]

        return get

    functions: dict[str, Callable[..., Any]] = {
        "min": min,
        "max": max,
        "if_": _if,
        "round": _round,
        "floor": _floor,
        "abs": abs,
        "cluster_max": figure("cluster_max", cluster.highest),
        "cluster_min": figure("cluster_min", cluster.lowest),
        "cluster_mean": figure("cluster_mean", cluster.mean),
        "leader": figure("leader", cluster.leader),
    }
    source = prepare(expression)
    tree = ast.parse(source, mode="eval")
    # The explanation lists names and cluster figures in the order the formula writes them.
    order: list[tuple[int, int, str]] = []
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and id(node) not in called and node.id in names:
            if names[node.id] is None:
                raise FormulaError(f"“{node.id}” chưa có số liệu")
            order.append((node.lineno, node.col_offset, node.id))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in CLUSTER_FUNCTIONS
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            order.append((node.lineno, node.col_offset, f"{node.func.id}({node.args[0].value!s})"))
    evaluator = _DecimalEval({k: v for k, v in names.items() if v is not None}, functions, source)
    try:
        result = evaluator.eval(source, previously_parsed=tree.body)
    except (ZeroDivisionError, DivisionByZero, InvalidOperation) as exc:
        raise FormulaError("phép chia cho 0") from exc
    except InvalidExpression as exc:
        raise FormulaError(f"không tính được: {exc}") from exc
    except TypeError as exc:
        raise FormulaError(f"không tính được: {exc}") from exc
    for key in {key for _, _, key in order if key in names}:
        value = names[key]
        used[key] = ("có" if value else "không") if isinstance(value, bool) else vn(_number(value))
    shown: dict[str, str] = {}
    for _, _, key in sorted(order):
        if key in used and key not in shown:
            shown[key] = used[key]
    return Evaluation(_number(result), tuple(shown.items()))


def explain(expression: str, evaluation: Evaluation) -> str:
    names = "; ".join(f"{name} = {value}" for name, value in evaluation.used)
    where = f" với {names}" if names else ""
    return f"Công thức {expression}{where} → {vn(evaluation.value, 2)}"
