# One row per reported line, step 1 of 3: Evidence and Appeal get a second, nullable foreign key to the agreement's
# line next to the old one (renamed line_state). Steps 2 (the data) and 3 (dropping LineState) are separate
# migrations: PostgreSQL refuses to alter a table in the transaction that just updated its rows under deferred
# foreign keys ("pending trigger events").

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0004_line_workflow"),
        ("core", "0003_fill_auditevent_province"),
        ("cycle", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="evidence", old_name="line", new_name="line_state"),
        migrations.RenameField(model_name="appeal", old_name="line", new_name="line_state"),
        migrations.AddField(
            model_name="evidence",
            name="line",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="evidence",
                to="agreements.criterionline",
            ),
        ),
        migrations.AddField(
            model_name="appeal",
            name="line",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="appeals",
                to="agreements.criterionline",
            ),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="line_state",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="cycle.linestate"
            ),
        ),
        migrations.AlterField(
            model_name="appeal",
            name="line_state",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="cycle.linestate"
            ),
        ),
    ]
