"""Fill AuditEvent.province for the rows written before it existed, wherever the object still says where it lies.

A frozen copy of thidua.core.audit_scope.PROVINCE_PATHS as it stood when this ran (migrations must not follow
later code). One query per object type and chunk, not one per event. Rows that cannot be placed (objects since
deleted, the national catalogue, API tokens) stay empty, and only superusers read them in the Django admin.
"""

from collections import defaultdict

from django.db import migrations

_CY = "cluster_year__cluster__province"

PROVINCE_PATHS = {
    "org.unit": ("",),
    "org.unitsuccession": ("predecessor",),
    "org.cluster": ("province",),
    "org.clusteryear": ("cluster__province",),
    "org.membership": (_CY,),
    "accounts.roleassignment": ("unit", "cluster__province"),
    "agreements.framework": ("province",),
    "agreements.frameworkversion": ("framework__province",),
    "agreements.agreement": (_CY,),
    "agreements.criterionline": (f"agreement__{_CY}",),
    "agreements.bonusaward": (f"agreement__{_CY}",),
    "agreements.deduction": (f"agreement__{_CY}",),
    "agreements.submission": (f"agreement__{_CY}",),
    "agreements.veto": (f"agreement__{_CY}",),
    "agreements.packageimport": (_CY,),
    "agreements.scoresnapshot": (_CY,),
    "cycle.cycle": (_CY,),
    "cycle.signature": (f"cycle__{_CY}",),
    "cycle.linestate": (f"cycle__{_CY}",),
    "cycle.amendment": (f"cycle__{_CY}",),
    "cycle.evidence": (f"line__cycle__{_CY}",),
    "cycle.appeal": (f"line__cycle__{_CY}",),
    "conference.conference": (_CY,),
    "conference.veto": (_CY,),
    "conference.proposal": (_CY,),
    "conference.ballot": ("province", _CY),
    "conference.candidate": ("ballot__province",),
    "conference.voter": ("ballot__province",),
    "conference.voterreceipt": ("ballot__province",),
    "conference.vote": ("ballot__province",),
    "conference.papertally": ("ballot__province",),
    "movements.movement": ("province",),
    "movements.movementreview": ("movement__province",),
    "reporting.leadersection": (_CY,),
    "reporting.generateddocument": ("province", _CY),
    "awards.decision": ("province",),
    "awards.subject": ("province", "unit"),
    "awards.subjectyear": ("subject__province", "subject__unit"),
    "awards.awardrecord": ("decision__province", "subject__province", "unit"),
    "awards.eligibilityconfirmation": ("subject__province", "subject__unit"),
    "awards.dossier": ("province", "unit"),
    "awards.dossierrecipient": ("dossier__province",),
    "awards.dossierattachment": ("dossier__province",),
    "awards.dossierstep": ("dossier__province",),
}

# Board actions on accounts and register imports name no object of a province: they belonged to the board's
# province when the actor was the board of exactly one.
BY_ACTOR = ("user.create", "user.deactivate", "user.admin_site_grant", "awards.register_import")

CHUNK = 500


def _columns(path):
    """The values to read for one path: (the unit's province, the unit) or just the province."""
    if path == "":
        return ["province_id", "pk"]
    if path.endswith("province"):
        return [path]
    return [f"{path}__province", path]


def _province(row, widths):
    start = 0
    for width in widths:
        values = row[start : start + width]
        start += width
        for value in values:
            if value is not None:
                return value
    return None


def _fill_by_object(apps, AuditEvent):
    for label, paths in PROVINCE_PATHS.items():
        app_label, model_name = label.split(".")
        model = apps.get_model(app_label, model_name)
        ids = sorted(
            {
                int(i)
                for i in AuditEvent.objects.filter(object_type=label, province__isnull=True)
                .values_list("object_id", flat=True)
                .distinct()
                if i.isdigit()
            }
        )
        columns = [_columns(path) for path in paths]
        flat = [c for group in columns for c in group]
        widths = [len(group) for group in columns]
        for start in range(0, len(ids), CHUNK):
            by_province = defaultdict(list)
            for pk, *values in model.objects.filter(pk__in=ids[start : start + CHUNK]).values_list(
                "pk", *flat
            ):
                province = _province(values, widths)
                if province is not None:
                    by_province[province].append(str(pk))
            for province, object_ids in by_province.items():
                AuditEvent.objects.filter(
                    object_type=label, object_id__in=object_ids, province__isnull=True
                ).update(province_id=province)


def _fill_by_actor(apps, AuditEvent):
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    actors = AuditEvent.objects.filter(action__in=BY_ACTOR, province__isnull=True, actor__isnull=False)
    for actor_id in set(actors.values_list("actor_id", flat=True)):
        provinces = set(
            RoleAssignment.objects.filter(user_id=actor_id, role="board_admin").values_list(
                "unit_id", flat=True
            )
        )
        if len(provinces) == 1:
            actors.filter(actor_id=actor_id).update(province_id=provinces.pop())


def fill(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    _fill_by_object(apps, AuditEvent)
    _fill_by_actor(apps, AuditEvent)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_auditevent_province"),
        ("accounts", "0001_initial"),
        ("agreements", "0002_ordered_json"),
        ("awards", "0002_trigram_search"),
        ("conference", "0001_initial"),
        ("cycle", "0001_initial"),
        ("movements", "0001_initial"),
        ("org", "0001_initial"),
        ("reporting", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
