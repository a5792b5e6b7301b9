"""Emulation movements (phong trào thi đua) launched by a province, who takes part, and their reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.org.models import Cluster, Unit


class MovementKind(models.TextChoices):
    REGULAR = "regular", _("Thường xuyên")
    THEMATIC = "thematic", _("Chuyên đề")
    PERIOD = "period", _("Theo đợt")


class MovementScope(models.TextChoices):
    PROVINCE = "province", _("Toàn tỉnh")
    CLUSTERS = "clusters", _("Các cụm, khối thi đua")
    UNITS = "units", _("Các đơn vị")


class ReviewKind(models.TextChoices):
    INTERIM = "interim", _("Sơ kết")
    FINAL = "final", _("Tổng kết")


class Movement(models.Model):
    """A movement launched by a decision or directive of the province, with its period, scope and participants."""

    province = models.ForeignKey(
        Unit, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="movements"
    )
    name = models.CharField(_("tên phong trào"), max_length=300)
    kind = models.CharField(_("loại"), max_length=20, choices=MovementKind.choices)
    decision_number = models.CharField(_("số quyết định, chỉ thị phát động"), max_length=120)
    decision_date = models.DateField(_("ngày ban hành"))
    decision_signer = models.CharField(_("người ký"), max_length=200, blank=True)
    start_date = models.DateField(_("bắt đầu"))
    end_date = models.DateField(_("kết thúc"), null=True, blank=True)
    scope = models.CharField(_("phạm vi"), max_length=20, choices=MovementScope.choices)
    clusters = models.ManyToManyField(
        Cluster, verbose_name=_("cụm, khối"), blank=True, related_name="movements"
    )
    participants = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị tham gia"), blank=True, related_name="movements_joined"
    )
    # Framework node codes and award codes are references, not keys: frameworks change each year and the
    # movement outlives them, so a code that no longer resolves must still be readable.
    criteria_codes = models.JSONField(_("tiêu chí liên quan"), default=list, blank=True)
    award_codes = models.JSONField(_("hình thức khen thưởng liên quan"), default=list, blank=True)
    description = models.TextField(_("nội dung"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="movements_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MovementReview(models.Model):
    """An interim (sơ kết) or final (tổng kết) review of a movement, held on a date."""

    movement = models.ForeignKey(
        Movement, verbose_name=_("phong trào"), on_delete=models.CASCADE, related_name="reviews"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=ReviewKind.choices)
    date = models.DateField(_("ngày"))
    notes = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("sơ kết, tổng kết")
        verbose_name_plural = _("sơ kết, tổng kết")
        ordering = ["date", "id"]
        constraints = [
            # A movement is closed by one final review; interim reviews may be many.
            models.UniqueConstraint(
                fields=["movement"], condition=Q(kind="final"), name="movements_one_final_review"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.movement.name} ({self.date:%d/%m/%Y})"
