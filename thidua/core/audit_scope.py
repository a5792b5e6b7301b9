"""Which province an audited object belongs to, so each board reads only its own province's trail.

One registry, by model label, of the paths from a model to a unit: the province is that unit's province, or the
unit itself when it is a province. The first path that reaches a unit wins (a council ballot has no cluster-year
but has a province). Labels, not imports, keep core free of the other apps; a test checks that every model of
the product is either here or in NO_PROVINCE, so a new model must be placed on purpose.

The same paths fill `AuditEvent.province` for old rows (a frozen copy lives in core/migrations/0003).
"""

from __future__ import annotations

from django.apps import apps
from django.db import models

_CY = "cluster_year__cluster__province"

PROVINCE_PATHS: dict[str, tuple[str, ...]] = {
    # org
    "org.unit": ("",),
    "org.unitsuccession": ("predecessor",),
    "org.cluster": ("province",),
    "org.clusteryear": ("cluster__province",),
    "org.membership": (_CY,),
    # accounts: a role lies in its province, its cluster's province, its unit's or its agency's province.
    "accounts.roleassignment": ("unit", "cluster__province"),
    # agreements
    "agreements.framework": ("province",),
    "agreements.frameworkversion": ("framework__province",),
    "agreements.agreement": (_CY,),
    "agreements.criterionline": (f"agreement__{_CY}",),
    "agreements.bonusaward": (f"agreement__{_CY}",),
    "agreements.deduction": (f"agreement__{_CY}",),
    "agreements.submission": (f"agreement__{_CY}",),
    "agreements.veto": (f"agreement__{_CY}",),
    "agreements.factvalue": (f"agreement__{_CY}",),
    "agreements.memberattribute": (f"agreement__{_CY}",),
    "agreements.agreedpoints": (f"agreement__{_CY}",),
    "agreements.packageimport": (_CY,),
    "agreements.scoresnapshot": (_CY,),
    # cycle
    "cycle.cycle": (_CY,),
    "cycle.signature": (f"cycle__{_CY}",),
    "cycle.amendment": (f"cycle__{_CY}",),
    "cycle.evidence": (f"line__agreement__{_CY}",),
    "cycle.appeal": (f"line__agreement__{_CY}",),
    # conference
    "conference.conference": (_CY,),
    "conference.veto": (_CY,),
    "conference.proposal": (_CY,),
    "conference.ballot": ("province", _CY),
    "conference.candidate": ("ballot__province",),
    "conference.voter": ("ballot__province",),
    "conference.voterreceipt": ("ballot__province",),
    "conference.vote": ("ballot__province",),
    "conference.papertally": ("ballot__province",),
    # movements
    "movements.movement": ("province",),
    "movements.movementreview": ("movement__province",),
    # reporting
    "reporting.leadersection": (_CY,),
    "reporting.generateddocument": ("province", _CY),
    # awards
    "awards.decision": ("province",),
    "awards.subject": ("province", "unit"),
    "awards.subjectyear": ("subject__province", "subject__unit"),
    "awards.awardrecord": ("decision__province", "subject__province", "unit"),
    "awards.eligibilityconfirmation": ("subject__province", "subject__unit"),
    "awards.dossier": ("province", "unit"),
    "awards.dossierrecipient": ("dossier__province",),
    "awards.dossierattachment": ("dossier__province",),
    "awards.dossierstep": ("dossier__province",),
    "awards.registerimport": ("province",),
}

# Models whose changes belong to no province: the national award catalogue and salary base, the audit trail
# itself, and what is personal to an account (its tokens, its notifications, login attempts). A service that
# changes one of these on a province's behalf passes `province=` to record() instead.
NO_PROVINCE = frozenset(
    {
        "core.auditevent",
        "accounts.loginattempt",
        "accounts.apitoken",
        "cycle.notification",
        "awards.catalogueregime",
        "awards.catalogueaward",
        "awards.basesalary",
        "auth.user",
    }
)


def _province_of_unit(unit: models.Model) -> int:
    province_id: int | None = getattr(unit, "province_id", None)
    return province_id if province_id is not None else int(unit.pk)


def _query_rest(model: type[models.Model], pk: object, hops: list[str]) -> int | None:
    """One query for the rest of a path that is not loaded yet: the unit's province and the unit's own id."""
    path = "__".join(hops)
    if hops and hops[-1] == "province":
        value = model._default_manager.filter(pk=pk).values_list(path, flat=True).first()
        return int(value) if value is not None else None
    prefix = f"{path}__" if path else ""
    row = model._default_manager.filter(pk=pk).values_list(f"{prefix}province_id", path or "pk").first()
    if row is None or row[1] is None:
        return None
    return int(row[0] if row[0] is not None else row[1])


def _follow(obj: models.Model, path: str) -> int | None:
    """Walk the loaded relations of `obj` along `path` for free; query once from the first one not loaded."""
    hops = path.split("__") if path else []
    current = obj
    for index, name in enumerate(hops):
        field = current._meta.get_field(name)
        target_id = getattr(current, field.attname)  # type: ignore[union-attr]
        if target_id is None:
            return None
        if name == "province" and index == len(hops) - 1:
            return int(target_id)  # every `province` foreign key points at a province: no need to load it
        if not field.is_cached(current):  # type: ignore[union-attr]
            return _query_rest(field.related_model, target_id, hops[index + 1 :])  # type: ignore[arg-type]
        current = getattr(current, name)
    return _province_of_unit(current)


def province_id_of(obj: models.Model) -> int | None:
    """The id of the province `obj` belongs to, or None for objects of no province (see NO_PROVINCE)."""
    for path in PROVINCE_PATHS.get(obj._meta.label_lower, ()):
        province_id = _follow(obj, path)
        if province_id is not None:
            return province_id
    return None


def unplaced_models() -> list[str]:
    """Product models neither in PROVINCE_PATHS nor in NO_PROVINCE: a test keeps this empty."""
    labels = {
        m._meta.label_lower
        for m in apps.get_models()
        if m.__module__.startswith("thidua.") and not m._meta.auto_created
    }
    return sorted(labels - PROVINCE_PATHS.keys() - NO_PROVINCE)
