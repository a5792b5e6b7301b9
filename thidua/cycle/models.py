"""The year of a cluster in the web app: its state and deadlines, every member's signature, evidence files,
target amendments, appeals and the notifications they cause. Each reported line, its figures and its workflow
(status, version, who saved and verified it), is one row, thidua.agreements' CriterionLine: this app depends on
agreements, never the reverse."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.agreements.models import CriterionLine, ExactDecimalField, ScoreSnapshot
from thidua.org.models import ClusterYear, Unit


class CycleState(models.TextChoices):
    SETUP = "setup", _("Thiết lập")
    SIGNING = "signing", _("Ký kết giao ước")
    REPORTING = "reporting", _("Báo cáo cuối năm")
    VERIFICATION = "verification", _("Thẩm định")
    PROVISIONAL = "provisional", _("Công bố tạm thời, nhận kiến nghị")
    FINAL = "final", _("Kết quả chính thức")


# The order a cycle walks through; moving forward goes one step, moving back needs a reason.
STATE_ORDER = [s.value for s in CycleState]


class Cycle(models.Model):
    """The workflow of one cluster-year: where it stands, its deadlines and the snapshots it published."""

    cluster_year = models.OneToOneField(
        ClusterYear, verbose_name=_("năm thi đua"), on_delete=models.PROTECT, related_name="cycle"
    )
    state = models.CharField(
        _("giai đoạn"), max_length=20, choices=CycleState.choices, default=CycleState.SETUP
    )
    signing_deadline = models.DateField(_("hạn ký kết"), null=True, blank=True)
    reporting_deadline = models.DateField(_("hạn báo cáo"), null=True, blank=True)
    appeal_deadline = models.DateField(_("hạn kiến nghị"), null=True, blank=True)
    provisional_snapshot = models.ForeignKey(
        ScoreSnapshot, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    final_snapshot = models.ForeignKey(
        ScoreSnapshot, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    class Meta:
        verbose_name = _("năm thi đua của cụm, khối")
        verbose_name_plural = _("năm thi đua của cụm, khối")

    def __str__(self) -> str:
        return str(self.cluster_year)


class Signature(models.Model):
    """A member's signature of the agreement: who signed for the unit, when, and the signed document."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="signatures")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(_("người ký"), max_length=200)
    signed_at = models.DateTimeField(_("thời điểm ký"))
    document = models.FileField(_("văn bản đã ký"), upload_to="cycle/signatures/%Y/")
    document_name = models.CharField(_("tên tệp"), max_length=255)

    class Meta:
        verbose_name = _("chữ ký giao ước")
        verbose_name_plural = _("chữ ký giao ước")
        constraints = [models.UniqueConstraint(fields=["cycle", "unit"], name="cycle_signature_once")]

    def __str__(self) -> str:
        return f"{self.unit_id} ký {self.signed_at:%d/%m/%Y}"


class Evidence(models.Model):
    """A file proving a reported value, stored under MEDIA_ROOT and served only through a view that checks access."""

    line = models.ForeignKey(CriterionLine, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("tệp"), upload_to="cycle/evidence/%Y/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["line_id", "id"]

    def __str__(self) -> str:
        return self.original_name


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xử lý")
    ACCEPTED = "accepted", _("Chấp nhận")
    REJECTED = "rejected", _("Không chấp nhận")


class Amendment(models.Model):
    """A request to change a member's target after signing, with its reason, which the leader approves or rejects."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="amendments")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    criterion = models.CharField(_("mã tiêu chí"), max_length=40)
    old_target = ExactDecimalField(_("chỉ tiêu cũ"), null=True, blank=True)
    new_target = ExactDecimalField(_("chỉ tiêu mới"))
    reason = models.TextField(_("lý do"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("đề nghị lúc"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    decision_reason = models.TextField(_("ý kiến xử lý"), blank=True)

    class Meta:
        verbose_name = _("đề nghị sửa chỉ tiêu")
        verbose_name_plural = _("đề nghị sửa chỉ tiêu")
        ordering = ["cycle_id", "-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.criterion} – {self.unit_id}: {self.new_target}"


class Appeal(models.Model):
    """A member's appeal against one line of the provisional results, and the leader's or the board's answer."""

    line = models.ForeignKey(CriterionLine, on_delete=models.CASCADE, related_name="appeals")
    argument = models.TextField(_("nội dung kiến nghị"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    answer = models.TextField(_("trả lời"), blank=True)
    corrected_value = models.CharField(_("giá trị điều chỉnh"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")
        ordering = ["-filed_at", "-id"]

    def __str__(self) -> str:
        return f"Kiến nghị {self.line}"


class Notification(models.Model):
    """A message to one user in the app (returned line, deadline, publication, appeal answer)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cycle_notifications"
    )
    text = models.CharField(_("nội dung"), max_length=500)
    url = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text[:60]
