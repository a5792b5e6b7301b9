# The workflow of a reported line joins the line itself: one row per member, criterion and year. The rows of
# cycle.LineState are merged into these columns by cycle/0003_merge_line_states.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0003_bonus_claims_and_deduction_records"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="criterionline",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Đang nhập"),
                    ("submitted", "Đã gửi"),
                    ("accepted", "Đã xác nhận"),
                    ("corrected", "Đã điều chỉnh"),
                    ("returned", "Trả lại đơn vị"),
                ],
                default="draft",
                max_length=20,
                verbose_name="trạng thái",
            ),
        ),
        migrations.AddField(
            model_name="criterionline",
            name="version",
            field=models.PositiveIntegerField(default=0, verbose_name="phiên bản"),
        ),
        migrations.AddField(
            model_name="criterionline",
            name="comment",
            field=models.TextField(blank=True, verbose_name="ghi chú của đơn vị"),
        ),
        migrations.AddField(
            model_name="criterionline",
            name="reported_value",
            field=models.CharField(blank=True, max_length=200, verbose_name="đơn vị báo cáo"),
        ),
        migrations.AddField(
            model_name="criterionline",
            name="saved_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="criterionline",
            name="saved_by_name",
            field=models.CharField(blank=True, max_length=150, verbose_name="người lưu"),
        ),
        migrations.AddField(
            model_name="criterionline",
            name="saved_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="lưu lúc"),
        ),
        migrations.AddField(
            model_name="criterionline",
            name="verified_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="criterionline",
            name="verified_by_name",
            field=models.CharField(blank=True, max_length=150, verbose_name="người thẩm định"),
        ),
        migrations.AddField(
            model_name="criterionline",
            name="verified_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="thẩm định lúc"),
        ),
        migrations.AddField(
            model_name="criterionline",
            name="verification_reason",
            field=models.TextField(blank=True, verbose_name="lý do thẩm định"),
        ),
        migrations.AddIndex(
            model_name="criterionline",
            index=models.Index(
                fields=["agreement", "criterion", "status"], name="agreements__agreeme_e6fed3_idx"
            ),
        ),
    ]
