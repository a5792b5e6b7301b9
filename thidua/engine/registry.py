"""The one registry of rule types and term types: each entry's parameters with type, default, Vietnamese label and
choices. The package reader, the validation, the descriptions and explanations — and the framework editor's fields
and the workbook's columns — are derived from here, so a rule type is added in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from thidua.engine.model import (
    HALF,
    ZERO,
    AssessedRule,
    BandsRule,
    BooleanRule,
    ChangeRule,
    CountRule,
    FixedRule,
    FormulaRule,
    RankRule,
    RatingRule,
    RatioRule,
    RelativeRule,
    RelativeToLeaderRule,
    ThresholdRule,
)
from thidua.engine.terms import Amount, Flag, FormulaTerm, PerCase, Steps, Tiers

ParamKind = Literal[
    "number",  # a Decimal
    "choice",  # one of `choices`
    "flag",  # yes / no
    "fact",  # the name of one of the criterion's facts
    "expression",  # a formula (docs/package-format.md, item 17)
    "bands",  # list of {min, points | fraction}
    "levels",  # label → {points | fraction}
    "numbers",  # list of Decimals
    "tiers",  # list of {above/from/below/to, points}
]


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of a rule or term type as written in a package (`name`) and as the dataclass holds it
    (`field`, when the package's word is a Python keyword such as `is`)."""

    name: str
    kind: ParamKind
    label: str
    default: object = None
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    field: str | None = None

    @property
    def attribute(self) -> str:
        return self.field or self.name

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(value for value, _label in self.choices)


@dataclass(frozen=True, slots=True)
class TypeSpec:
    """A rule type or a term type: its word in a package, Vietnamese name, dataclass and parameters."""

    name: str
    label: str
    cls: type
    params: tuple[Param, ...]
    version: int = 1
    description: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(param.name for param in self.params)

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        raise KeyError(name)


DIRECTION = (("higher", "Càng cao càng tốt"), ("lower", "Càng thấp càng tốt"))
OF = (("actual", "Giá trị thực hiện"), ("ratio", "Tỷ lệ thực hiện/chỉ tiêu"))
MEASURE = (
    ("value", "Giá trị của số liệu (số, tỷ lệ %: điểm phần trăm)"),
    ("percent_of_plan", "Phần trăm kế hoạch (thực hiện/chỉ tiêu × 100)"),
    ("points_over_target", "Điểm phần trăm vượt chỉ tiêu (thực hiện − chỉ tiêu)"),
)
FACT = Param("fact", "fact", "Số liệu dùng để chấm", None)

RULES: Mapping[str, TypeSpec] = {
    spec.name: spec
    for spec in (
        TypeSpec(
            "ratio",
            "Tỷ lệ thực hiện/chỉ tiêu",
            RatioRule,
            (
                Param("direction", "choice", "Chiều đánh giá", "higher", choices=DIRECTION),
                Param(
                    "below",
                    "choice",
                    "Khi chưa đạt chỉ tiêu",
                    "proportional",
                    choices=(("proportional", "Tính theo tỷ lệ"), ("zero", "Không tính điểm")),
                ),
                Param("floor_ratio", "number", "Tỷ lệ sàn (dưới mức này 0 điểm)", ZERO),
            ),
        ),
        TypeSpec(
            "threshold",
            "Đạt ngưỡng",
            ThresholdRule,
            (
                Param(
                    "op",
                    "choice",
                    "Phép so sánh",
                    ">=",
                    choices=(
                        (">=", "từ … trở lên"),
                        (">", "trên"),
                        ("<=", "đến"),
                        ("<", "dưới"),
                        ("==", "bằng"),
                    ),
                ),
                Param("value", "number", "Ngưỡng"),
                Param(
                    "against",
                    "choice",
                    "So sánh với",
                    "value",
                    choices=(
                        ("value", "Ngưỡng cố định"),
                        ("target", "Chỉ tiêu"),
                        ("target_percent", "Phần trăm kế hoạch"),
                    ),
                ),
                Param("else_points", "number", "Điểm khi không đạt", ZERO),
            ),
        ),
        TypeSpec(
            "bands",
            "Theo mức",
            BandsRule,
            (
                Param(
                    "input",
                    "choice",
                    "Giá trị xét mức",
                    "actual",
                    choices=(("actual", "Giá trị thực hiện"), ("target_percent", "Phần trăm kế hoạch")),
                ),
                Param("bands", "bands", "Các mức", required=True),
            ),
        ),
        TypeSpec(
            "rating",
            "Theo xếp loại",
            RatingRule,
            (Param("levels", "levels", "Các mức xếp loại", required=True),),
        ),
        TypeSpec("assessed", "Cơ quan có thẩm quyền chấm", AssessedRule, ()),
        TypeSpec(
            "count",
            "Theo số lượng",
            CountRule,
            (Param("each", "number", "Điểm mỗi đơn vị đếm", required=True),),
        ),
        TypeSpec(
            "boolean", "Có/không", BooleanRule, (Param("else_points", "number", "Điểm khi không", ZERO),)
        ),
        TypeSpec(
            "change",
            "So với năm trước",
            ChangeRule,
            (
                Param("direction", "choice", "Chiều đánh giá", "lower", choices=DIRECTION),
                Param("same", "number", "Tỷ lệ điểm khi bằng năm trước", HALF),
                Param("worse", "number", "Tỷ lệ điểm khi kém hơn năm trước", ZERO),
            ),
        ),
        TypeSpec(
            "relative",
            "So với đơn vị tốt nhất",
            RelativeRule,
            (
                Param("direction", "choice", "Chiều đánh giá", "higher", choices=DIRECTION),
                Param("of", "choice", "Giá trị so sánh", "actual", choices=OF),
            ),
        ),
        TypeSpec(
            "rank",
            "Theo thứ hạng trong cụm",
            RankRule,
            (
                Param("points_by_rank", "numbers", "Điểm theo thứ hạng", required=True),
                Param("direction", "choice", "Chiều đánh giá", "higher", choices=DIRECTION),
                Param("of", "choice", "Giá trị so sánh", "actual", choices=OF),
            ),
        ),
        TypeSpec("fixed", "Điểm chuẩn cố định (chỉ cộng, trừ)", FixedRule, (), version=2),
        TypeSpec(
            "relative_to_leader",
            "So với đơn vị vượt chỉ tiêu cao nhất",
            RelativeToLeaderRule,
            (Param("base", "number", "Tỷ lệ điểm khi vừa đạt chỉ tiêu", HALF),),
            version=2,
        ),
        TypeSpec(
            "formula",
            "Công thức",
            FormulaRule,
            (Param("expression", "expression", "Công thức", required=True),),
            version=2,
        ),
    )
}

# Every rule type of version 2 may name the fact it reads.
RULE_COMMON: tuple[Param, ...] = (FACT,)

TERMS: Mapping[str, TypeSpec] = {
    spec.name: spec
    for spec in (
        TypeSpec(
            "per_case",
            "Theo từng trường hợp",
            PerCase,
            (
                Param("fact", "fact", "Số trường hợp", required=True),
                Param("points", "number", "Điểm mỗi trường hợp", required=True),
                Param("cap", "number", "Tối đa"),
            ),
            version=2,
        ),
        TypeSpec(
            "steps",
            "Lũy kế theo bước",
            Steps,
            (
                Param("measure", "choice", "Giá trị xét", "value", choices=MEASURE),
                FACT,
                Param(
                    "side",
                    "choice",
                    "Chiều",
                    "above",
                    choices=(("above", "Vượt lên trên mốc"), ("below", "Xuống dưới mốc")),
                ),
                Param("start", "number", "Mốc bắt đầu", required=True),
                Param("inclusive", "flag", "Tính cả mốc", False),
                Param("step", "number", "Mỗi bước", required=True),
                Param("points", "number", "Điểm mỗi bước", required=True),
                Param(
                    "counting",
                    "choice",
                    "Cách đếm bước",
                    "completed",
                    choices=(
                        ("completed", "Đủ bước mới tính"),
                        ("started", "Vượt mốc là tính bước đầu"),
                    ),
                ),
                Param("cap", "number", "Tối đa"),
            ),
            version=2,
        ),
        TypeSpec(
            "tiers",
            "Theo khoảng (cộng hoặc trừ)",
            Tiers,
            (
                Param("measure", "choice", "Giá trị xét", "value", choices=MEASURE),
                FACT,
                Param("tiers", "tiers", "Các khoảng", required=True),
            ),
            version=2,
        ),
        TypeSpec(
            "flag",
            "Có/không",
            Flag,
            (
                Param("fact", "fact", "Số liệu có/không", required=True),
                Param("points", "number", "Điểm", required=True),
                Param("is", "flag", "Khi số liệu là", True, field="is_"),
            ),
            version=2,
        ),
        TypeSpec(
            "amount",
            "Điểm do cơ quan thẩm định cho (0 đến tối đa)",
            Amount,
            (
                Param("fact", "fact", "Số liệu điểm cho", required=True),
                Param("max", "number", "Tối đa", required=True),
            ),
            version=2,
        ),
        TypeSpec(
            "formula",
            "Công thức",
            FormulaTerm,
            (Param("expression", "expression", "Công thức", required=True),),
            version=2,
        ),
    )
}

# Keys every term may carry besides its type's parameters.
TERM_COMMON = ("type", "label", "when", "unless", "group")

TERM_NAMES: Mapping[type, str] = {spec.cls: name for name, spec in TERMS.items()}


def v1_rule_keys() -> dict[str, tuple[str, ...]]:
    """The parameters of version 1's rule types, by type (what a version 1 package may write)."""
    return {name: spec.keys for name, spec in RULES.items() if spec.version == 1}


def rule_label(name: str) -> str:
    return RULES[name].label


def term_label(name: str) -> str:
    return TERMS[name].label


def defaults(spec: TypeSpec) -> dict[str, object]:
    return {param.attribute: param.default for param in spec.params if param.default is not None}


def decimal_default(spec: TypeSpec, name: str) -> Decimal | None:
    value = spec.param(name).default
    return value if isinstance(value, Decimal) else None


__all__ = [
    "RULES",
    "RULE_COMMON",
    "TERMS",
    "TERM_COMMON",
    "TERM_NAMES",
    "Param",
    "TypeSpec",
    "rule_label",
    "term_label",
    "v1_rule_keys",
]
