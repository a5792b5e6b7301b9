# One row per reported line, step 3 of 3: the foreign keys to LineState and LineState itself go; Evidence and
# Appeal keep the agreement's line under the old name.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cycle", "0003_merge_line_states")]

    operations = [
        migrations.RemoveField(model_name="evidence", name="line"),
        migrations.RemoveField(model_name="appeal", name="line"),
        migrations.RenameField(model_name="evidence", old_name="agreement_line", new_name="line"),
        migrations.RenameField(model_name="appeal", old_name="agreement_line", new_name="line"),
        migrations.AlterField(
            model_name="evidence",
            name="line",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="evidence",
                to="agreements.criterionline",
            ),
        ),
        migrations.AlterField(
            model_name="appeal",
            name="line",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="appeals",
                to="agreements.criterionline",
            ),
        ),
        migrations.DeleteModel(name="LineState"),
    ]
