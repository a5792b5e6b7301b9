"""The award catalogue and base salaries in the database: loaded from the eligibility data, edited by the board,
and turned back into the eligibility engine's types so every check runs against what the province set."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from django.db import transaction

from thidua.accounts import access
from thidua.awards.models import BaseSalary, CatalogueAward, CatalogueRegime, Level
from thidua.core.audit import record, snapshot
from thidua.core.errors import AccessDenied, InvalidInput, NotFound
from thidua.eligibility import BaseSalary as EngineSalary
from thidua.eligibility import Catalogue, CatalogueError
from thidua.eligibility.catalogue import CATALOGUE_FORMAT, parse_catalogue
from thidua.eligibility.reading import ReadError, parse_text, read_document

AWARD_FIELDS = ("name", "decided_by", "coefficient", "rules")


def exact_json(value: Any) -> str:
    """JSON text in which a Decimal is written as the number it is (0.3, never "0.3" nor 0.29999…)."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Mapping):
        return (
            "{"
            + ", ".join(
                f"{json.dumps(str(k), ensure_ascii=False)}: {exact_json(v)}" for k, v in value.items()
            )
            + "}"
        )
    if isinstance(value, list | tuple):
        return "[" + ", ".join(exact_json(v) for v in value) + "]"
    if isinstance(value, dt.date):
        return json.dumps(value.isoformat())
    return json.dumps(value, ensure_ascii=False)


def _shipped(name: str) -> Any:
    data = resources.files("thidua.eligibility").joinpath("data", name)
    with resources.as_file(data) as file:
        return read_document(Path(file))


def _require_board(actor: Any) -> None:
    if not access.is_board_admin_anywhere(actor):
        raise AccessDenied("Chỉ Ban Thi đua – Khen thưởng được sửa danh mục khen thưởng.")


@transaction.atomic
def catalogue_load(*, actor: Any, replace: bool = False) -> int:
    """Copy the shipped catalogue and base salaries into the database; returns the number of awards.

    Refuses to overwrite a catalogue the board may have edited unless `replace` is set.
    """
    _require_board(actor)
    if CatalogueAward.objects.exists() and not replace:
        raise InvalidInput("Danh mục khen thưởng đã có trong cơ sở dữ liệu.")
    document = _shipped("catalogue.yaml")
    salaries = _shipped("base_salaries.yaml")
    parse_catalogue(document)  # the shipped file must be valid before anything is written
    for raw in document["regimes"]:
        rounding = raw.get("reward_rounding") or {}
        CatalogueRegime.objects.update_or_create(
            code=raw["code"],
            defaults={
                "name": raw.get("name", ""),
                "start": dt.date.fromisoformat(str(raw["from"])),
                "fallback": raw.get("fallback") or "",
                "rounding_step": Decimal(rounding["step"]),
                "rounding_mode": rounding["mode"],
            },
        )
    for order, (code, raw) in enumerate(document["awards"].items()):
        CatalogueAward.objects.update_or_create(
            code=code,
            defaults={
                "name": raw["name"],
                "recipient": raw["recipient"],
                "level": raw["level"],
                "decided_by": raw.get("decided_by") or "",
                "coefficient": raw.get("coefficient"),
                "rules": exact_json(raw.get("regimes") or {}),
                "order": order,
            },
        )
    for row in salaries["base_salaries"]:
        BaseSalary.objects.update_or_create(
            start=dt.date.fromisoformat(str(row["from"])),
            defaults={"amount": Decimal(row["amount"]), "basis": row.get("basis", "")},
        )
    count = len(document["awards"])
    record(
        actor=access.audit_actor(actor),
        action="awards.catalogue_load",
        # The national catalogue as a whole; its page is the catalogue list (thidua.core.audit_links).
        object_type="awards.catalogue",
        object_id="national",
        object_repr="Danh mục khen thưởng",
        after={
            "awards": count,
            "regimes": len(document["regimes"]),
            "base_salaries": len(salaries["base_salaries"]),
        },
    )
    return count


def _document(awards: list[CatalogueAward], regimes: list[CatalogueRegime]) -> dict[str, Any]:
    """The catalogue as the `thidua.catalogue/1` document the eligibility parser reads."""
    out_awards: dict[str, Any] = {}
    for award in awards:
        out_awards[award.code] = {
            "name": award.name,
            "recipient": award.recipient,
            "level": award.level,
            "decided_by": award.decided_by,
            "coefficient": award.coefficient,
            "regimes": parse_text(award.rules or "{}", json_only=True),
        }
    return {
        "format": CATALOGUE_FORMAT,
        "regimes": [
            {
                "code": regime.code,
                "name": regime.name,
                "from": regime.start,
                "fallback": regime.fallback or None,
                "reward_rounding": {"step": regime.rounding_step, "mode": regime.rounding_mode},
            }
            for regime in regimes
        ],
        "awards": out_awards,
    }


def database_catalogue() -> Catalogue:
    """The catalogue as stored, in the eligibility engine's types; InvalidInput when it was never loaded."""
    regimes = list(CatalogueRegime.objects.all())
    awards = list(CatalogueAward.objects.all())
    if not regimes or not awards:
        raise InvalidInput("Chưa nạp danh mục khen thưởng vào cơ sở dữ liệu.")
    return parse_catalogue(_document(awards, regimes))


def database_salaries() -> tuple[EngineSalary, ...]:
    return tuple(
        EngineSalary(row.start, row.amount, row.basis) for row in BaseSalary.objects.order_by("start")
    )


@transaction.atomic
def catalogue_award_update(
    *,
    actor: Any,
    code: str,
    name: str,
    decided_by: str,
    coefficient: Decimal | None,
    rules: str,
    reason: str = "",
) -> CatalogueAward:
    """Change an award of the catalogue; the whole catalogue must still parse, or nothing is saved."""
    _require_board(actor)
    award = CatalogueAward.objects.select_for_update().filter(code=code).first()
    if award is None:
        raise NotFound(f"Không có khen thưởng mã {code} trong danh mục.")
    if coefficient is not None and coefficient <= 0:
        raise InvalidInput("Hệ số tiền thưởng phải là số dương.", field="coefficient")
    try:
        parsed_rules = parse_text(rules or "{}", json_only=True)
    except ReadError as exc:
        raise InvalidInput(f"Điều kiện không đọc được: {exc}", field="rules") from exc
    if not isinstance(parsed_rules, Mapping):
        raise InvalidInput("Điều kiện phải là một bảng chế độ → đối tượng → điều kiện.", field="rules")
    before = snapshot(award, AWARD_FIELDS)
    award.name = name
    award.decided_by = decided_by
    award.coefficient = coefficient
    award.rules = exact_json(parsed_rules)
    others = [a for a in CatalogueAward.objects.exclude(pk=award.pk)]
    try:
        parse_catalogue(_document([*others, award], list(CatalogueRegime.objects.all())))
    except CatalogueError as exc:
        raise InvalidInput("Danh mục không hợp lệ: " + "; ".join(exc.errors), field="rules") from exc
    award.save()
    after = snapshot(award, AWARD_FIELDS)
    record(
        actor=access.audit_actor(actor),
        action="awards.catalogue_award_update",
        obj=award,
        before=before,
        after=after,
        reason=reason,
    )
    return award


@dataclass(frozen=True)
class CatalogueRow:
    """One form of the catalogue under one regime, as the catalogue page shows it."""

    code: str
    name: str
    level: str
    decided_by: str
    basis: str
    individual: Decimal | None
    collective: Decimal | None
    reward_article: str
    checkable: bool


@dataclass(frozen=True)
class RegimeGroup:
    """A legal regime and every form of the catalogue under it."""

    code: str
    name: str
    start: dt.date
    rows: list[CatalogueRow]


def catalogue_by_regime() -> list[RegimeGroup]:
    """The stored catalogue by legal regime, newest first: each form's legal basis, the reward for a person and a
    collective (only for the kinds the form is given to) and whether the history can check it."""
    engine = database_catalogue()
    levels = dict(Level.choices)
    groups: list[RegimeGroup] = []
    for regime in reversed(engine.regimes):
        rows: list[CatalogueRow] = []
        for award in engine.awards.values():
            individual, article = engine.reward(award, regime, "individual")
            collective, collective_article = engine.reward(award, regime, "collective")
            rulesets = [engine.ruleset(award, regime, kind) for kind in ("individual", "collective")]
            rows.append(
                CatalogueRow(
                    code=award.code,
                    name=award.name,
                    level=str(levels.get(award.level, award.level)),
                    decided_by=award.decided_by,
                    basis=engine.basis(award, regime),
                    individual=individual if award.accepts("individual") else None,
                    collective=collective if award.accepts("collective") else None,
                    reward_article=article or collective_article,
                    checkable=any(r is not None and r.conditions for r in rulesets),
                )
            )
        groups.append(RegimeGroup(regime.code, regime.name, regime.start, rows))
    return groups


def _without_articles(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _without_articles(v) for k, v in value.items() if k != "article"}
    if isinstance(value, list):
        return [_without_articles(v) for v in value]
    return value


def _merge_rules(stored: dict[str, Any], shipped: Mapping[str, Any]) -> dict[str, Any]:
    """The stored rules with what the shipped catalogue adds: legal bases, rewards, articles of unchanged conditions,
    and conditions where the stored ruleset had none. A condition the board changed is kept as the board set it."""
    merged = dict(stored)
    for regime, block in shipped.items():
        if regime not in merged:
            merged[regime] = block
            continue
        current = dict(merged[regime])
        for key, value in block.items():
            if key not in current:
                current[key] = value
            elif key in ("individual", "collective"):
                mine, theirs = dict(current[key]), value
                shipped_conditions = theirs.get("conditions")
                unchanged = _without_articles(mine.get("conditions")) == _without_articles(shipped_conditions)
                if shipped_conditions and (not mine.get("conditions") or unchanged):
                    mine["conditions"] = shipped_conditions
                current[key] = mine
        merged[regime] = current
    return merged


@transaction.atomic
def catalogue_refresh(*, actor: Any) -> int:
    """Bring a catalogue loaded from an earlier version up to the shipped texts (Nghị định 152/2025 from 1/7/2025,
    rewards for every form, articles and clauses, the collectives' conditions, later base salaries), keeping what
    the board changed. Returns the number of forms changed or added; one audit event lists them."""
    _require_board(actor)
    if not CatalogueAward.objects.exists():
        raise InvalidInput("Chưa nạp danh mục khen thưởng vào cơ sở dữ liệu.")
    document = _shipped("catalogue.yaml")
    salaries = _shipped("base_salaries.yaml")
    parse_catalogue(document)
    for raw in document["regimes"]:
        rounding = raw.get("reward_rounding") or {}
        CatalogueRegime.objects.update_or_create(
            code=raw["code"],
            defaults={
                "name": raw.get("name", ""),
                "start": dt.date.fromisoformat(str(raw["from"])),
                "fallback": raw.get("fallback") or "",
                "rounding_step": Decimal(rounding["step"]),
                "rounding_mode": rounding["mode"],
            },
        )
    changed: list[str] = []
    stored = {award.code: award for award in CatalogueAward.objects.select_for_update()}
    for order, (code, raw) in enumerate(document["awards"].items()):
        award = stored.get(code)
        if award is None:
            CatalogueAward.objects.create(
                code=code,
                name=raw["name"],
                recipient=raw["recipient"],
                level=raw["level"],
                decided_by=raw.get("decided_by") or "",
                coefficient=raw.get("coefficient"),
                rules=exact_json(raw.get("regimes") or {}),
                order=order,
            )
            changed.append(code)
            continue
        rules = exact_json(
            _merge_rules(parse_text(award.rules or "{}", json_only=True), raw.get("regimes") or {})
        )
        coefficient = award.coefficient if award.coefficient is not None else raw.get("coefficient")
        if rules != award.rules or coefficient != award.coefficient:
            award.rules, award.coefficient = rules, coefficient
            award.save(update_fields=["rules", "coefficient"])
            changed.append(code)
    for row in salaries["base_salaries"]:
        BaseSalary.objects.get_or_create(
            start=dt.date.fromisoformat(str(row["from"])),
            defaults={"amount": Decimal(row["amount"]), "basis": row.get("basis", "")},
        )
    try:
        database_catalogue()
    except CatalogueError as exc:
        raise InvalidInput("Danh mục sau khi cập nhật không hợp lệ: " + "; ".join(exc.errors)) from exc
    record(
        actor=access.audit_actor(actor),
        action="awards.catalogue_refresh",
        object_type="awards.catalogue",
        object_id="national",
        object_repr="Danh mục khen thưởng",
        after={"awards": changed},
    )
    return len(changed)
