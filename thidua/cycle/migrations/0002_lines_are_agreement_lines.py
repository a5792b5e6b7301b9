# One row per reported line, step 1 of 3: Evidence and Appeal get a nullable foreign key to the agreement's line
# next to the old one (to LineState, made nullable so the steps can be reversed with data). Steps 2 (the data) and
# 3 (dropping LineState) are separate migrations: PostgreSQL refuses to alter a table in the transaction that just
# updated its rows under deferred foreign keys ("pending trigger events").

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0004_line_workflow"),
        ("core", "0003_fill_auditevent_province"),
        ("cycle", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="evidence",
            name="agreement_line",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="agreements.criterionline",
            ),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="line",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="cycle.linestate"
            ),
        ),
        migrations.AddField(
            model_name="appeal",
            name="agreement_line",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="agreements.criterionline",
            ),
        ),
        migrations.AlterField(
            model_name="appeal",
            name="line",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="cycle.linestate"
            ),
        ),
    ]
