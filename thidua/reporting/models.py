"""The cluster leader's own report sections, and report documents generated in the background and kept."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.jobs import FINISHED, JobStatus
from thidua.org.models import ClusterYear, Unit


class SectionKind(models.TextChoices):
    SHORTCOMINGS = "shortcomings", _("Hạn chế, tồn tại")
    DIRECTIONS = "directions", _("Phương hướng, nhiệm vụ năm sau")


class LeaderSection(models.Model):
    """A section of the cluster's summary report that the cluster leader writes: shortcomings or directions."""

    cluster_year = models.ForeignKey(
        ClusterYear, verbose_name=_("năm thi đua"), on_delete=models.PROTECT, related_name="leader_sections"
    )
    kind = models.CharField(_("phần"), max_length=20, choices=SectionKind.choices)
    text = models.TextField(_("nội dung"), blank=True)
    # Raised by every save; an edit based on an older version is refused instead of silently overwriting.
    version = models.PositiveIntegerField(_("phiên bản"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("phần do cụm trưởng viết")
        verbose_name_plural = _("phần do cụm trưởng viết")
        constraints = [
            models.UniqueConstraint(fields=["cluster_year", "kind"], name="reporting_section_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.cluster_year}"


class DocumentKind(models.TextChoices):
    CLUSTER = "cluster", _("Báo cáo tổng kết cụm, khối")
    PROVINCE = "province", _("Báo cáo tổng kết của tỉnh")


class DocumentFormat(models.TextChoices):
    MD = "md", "Markdown"
    DOCX = "docx", "Word (.docx)"
    XLSX = "xlsx", "Excel (.xlsx)"
    PDF = "pdf", "PDF"


# A generated document is a background job: the shared statuses and moves of thidua.core.jobs. The old name stays
# for the code that reads it.
DocumentStatus = JobStatus


class GeneratedDocument(models.Model):
    """A report file asked for by a user, made by the worker, stored under MEDIA_ROOT and served through a view."""

    kind = models.CharField(_("loại"), max_length=20, choices=DocumentKind.choices)
    format = models.CharField(_("định dạng"), max_length=10, choices=DocumentFormat.choices)
    province = models.ForeignKey(Unit, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    cluster_year = models.ForeignKey(
        ClusterYear,
        verbose_name=_("năm thi đua của cụm, khối"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="generated_documents",
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    step = models.CharField(_("đang làm"), max_length=200, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    file = models.FileField(_("tệp"), upload_to="reports/%Y/", blank=True)
    file_name = models.CharField(_("tên tệp tải về"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tài liệu đã tạo")
        verbose_name_plural = _("tài liệu đã tạo")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="cluster", cluster_year__isnull=False)
                | Q(kind="province", cluster_year__isnull=True),
                name="reporting_document_cluster_iff_cluster_kind",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="reporting_document_progress_percent"
            ),
        ]

    def __str__(self) -> str:
        return self.file_name or f"{self.get_kind_display()} {self.year} ({self.format})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED
