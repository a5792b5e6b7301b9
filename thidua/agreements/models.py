"""Frameworks (thang điểm) in immutable versions, the agreement of a cluster-year with every member's targets and
reported figures, package imports waiting to be applied, and frozen scoring snapshots."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.org.models import ClusterYear, Unit


class ExactDecimalField(models.CharField):  # type: ignore[type-arg]
    """A Decimal kept as its text: SQLite gives DecimalField REAL affinity, which drops digits and trailing zeros,
    while a package must come back with every digit it was given ("40.50", "192.583")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 60)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Decimal | None:
        return None if value is None else Decimal(value)

    def to_python(self, value: Any) -> Decimal | None:
        if value is None or isinstance(value, Decimal):
            return value
        try:
            return Decimal(str(value))
        except InvalidOperation as exc:
            raise ValidationError(_("Phải là một số."), code="invalid") from exc

    def get_prep_value(self, value: Any) -> str | None:
        number = self.to_python(value)
        return None if number is None else f"{number:f}"


class OrderedJSONField(models.TextField):  # type: ignore[type-arg]
    """JSON kept as text: PostgreSQL's jsonb reorders object keys, and key order carries meaning here (the order
    of a rating's levels, of sections in a results document)."""

    # What django-stubs reads as the field's Python type: any JSON value, not the column's text.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        return None if value is None else json.loads(value)

    def to_python(self, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value

    def get_prep_value(self, value: Any) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False)


class Framework(models.Model):
    """A province's point scale for its clusters or blocks (e.g. Thang điểm cụm thi đua xã 2026)."""

    province = models.ForeignKey(
        Unit, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="frameworks"
    )
    name = models.CharField(_("tên thang điểm"), max_length=200)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("thang điểm")
        verbose_name_plural = _("thang điểm")
        ordering = ["province_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="agreements_framework_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PUBLISHED = "published", _("Đã ban hành")


class FrameworkVersion(models.Model):
    """One version of a framework: the package's `framework` document (numbers as decimal strings) and the
    decision it rests on. A published or used version is never changed; editing it makes a new draft."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("thang điểm"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("phiên bản"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    document = OrderedJSONField(_("nội dung thang điểm"))
    # The package's legal_basis: [{number, date, title}], dates as ISO text.
    legal_basis = models.JSONField(_("căn cứ pháp lý"), default=list, blank=True)
    derived_from = models.ForeignKey(
        "self",
        verbose_name=_("sửa từ phiên bản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="derived",
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("ngày ban hành"), null=True, blank=True)

    class Meta:
        verbose_name = _("phiên bản thang điểm")
        verbose_name_plural = _("phiên bản thang điểm")
        ordering = ["framework_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="agreements_version_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.framework.name} – phiên bản {self.number}"


class AgreementStatus(models.TextChoices):
    # Issue 4 adds signing, reporting, verification, publishing and freezing as further states.
    SETUP = "setup", _("Đang lập giao ước")


class Agreement(models.Model):
    """The emulation agreement (giao ước thi đua) of one cluster-year: its framework version and every figure."""

    cluster_year = models.OneToOneField(
        ClusterYear, verbose_name=_("năm thi đua"), on_delete=models.PROTECT, related_name="agreement"
    )
    framework_version = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("phiên bản thang điểm"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.SETUP
    )
    # The package's cluster.scope ("Tỉnh An Giang"), kept so an export says what the imported file said.
    scope = models.CharField(_("phạm vi"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("giao ước thi đua")
        verbose_name_plural = _("giao ước thi đua")

    def __str__(self) -> str:
        return f"Giao ước {self.cluster_year}"


class TargetSource(models.TextChoices):
    PROVINCE = "province", _("Tỉnh giao")
    LOCAL = "local", _("Nghị quyết địa phương")


class LineStatus(models.TextChoices):
    DRAFT = "draft", _("Đang nhập")
    SUBMITTED = "submitted", _("Đã gửi")
    ACCEPTED = "accepted", _("Đã xác nhận")
    CORRECTED = "corrected", _("Đã điều chỉnh")
    RETURNED = "returned", _("Trả lại đơn vị")


class CriterionLine(models.Model):
    """One member's line for one criterion: target and its source, reported value, baseline, not-applicable, and
    its workflow in the year (status, a version for compare-and-set, comment, who saved and verified it, why).

    Reporting and verification work line by line, so a line can be returned without the whole report. The year's
    workflow (thidua.cycle) writes these fields through its services; this app knows nothing of the cycle."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="lines")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    criterion = models.CharField(_("mã tiêu chí"), max_length=40)
    target = ExactDecimalField(_("chỉ tiêu"), null=True, blank=True)
    # Blank: follows the criterion's target_source in the framework.
    target_source = models.CharField(
        _("nguồn chỉ tiêu"), max_length=20, choices=TargetSource.choices, blank=True
    )
    value_number = ExactDecimalField(_("thực hiện"), null=True, blank=True)
    # NULL means "no label reported", which an empty string could not tell apart from a blank label.
    value_label = models.CharField(_("xếp loại"), max_length=200, null=True, blank=True)  # noqa: DJ001
    value_flag = models.BooleanField(_("có / không"), null=True, blank=True)
    baseline = ExactDecimalField(_("số liệu năm trước"), null=True, blank=True)
    not_applicable = models.BooleanField(_("không áp dụng"), default=False)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=LineStatus.choices, default=LineStatus.DRAFT
    )
    # Bumped by every write; a save carries the version it read, so nobody overwrites what they never saw.
    version = models.PositiveIntegerField(_("phiên bản"), default=0)
    comment = models.TextField(_("ghi chú của đơn vị"), blank=True)
    # The value as the unit reported it (text as shown), kept when a verifier corrects the stored value.
    reported_value = models.CharField(_("đơn vị báo cáo"), max_length=200, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_by_name = models.CharField(_("người lưu"), max_length=150, blank=True)
    saved_at = models.DateTimeField(_("lưu lúc"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_by_name = models.CharField(_("người thẩm định"), max_length=150, blank=True)
    verified_at = models.DateTimeField(_("thẩm định lúc"), null=True, blank=True)
    verification_reason = models.TextField(_("lý do thẩm định"), blank=True)

    class Meta:
        verbose_name = _("dòng chỉ tiêu")
        verbose_name_plural = _("dòng chỉ tiêu")
        ordering = ["agreement_id", "criterion", "unit_id"]
        indexes = [models.Index(fields=["agreement", "criterion", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "unit", "criterion"], name="agreements_line_unique"),
            models.CheckConstraint(
                condition=Q(value_number__isnull=True, value_label__isnull=True)
                | Q(value_number__isnull=True, value_flag__isnull=True)
                | Q(value_label__isnull=True, value_flag__isnull=True),
                name="agreements_line_one_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion} – {self.unit_id}"

    @property
    def value(self) -> Decimal | str | bool | None:
        """The reported value as the rule takes it: a number, a rating label, or yes/no."""
        flag: bool | None = self.value_flag
        label: str | None = self.value_label
        number: Decimal | None = self.value_number
        if flag is not None:
            return flag
        if label is not None:
            return label
        return number

    def is_empty(self) -> bool:
        """No figure and never touched by the year's workflow: such a row can go without losing anything."""
        untouched = self.version == 0 and self.status == LineStatus.DRAFT and not self.comment
        return (
            self.target is None
            and self.value is None
            and self.baseline is None
            and not self.not_applicable
            and untouched
            and not self.reported_value
        )


def default_veto_effects() -> list[str]:
    """Version 1's meaning of a veto: out of the ranking and the honours."""
    return ["exclude_ranking"]


class TypedValue(models.Model):
    """A number, a label or a yes/no kept in one of three columns, as CriterionLine keeps a reported value."""

    value_number = ExactDecimalField(_("số"), null=True, blank=True)
    value_label = models.CharField(_("nhãn"), max_length=200, null=True, blank=True)  # noqa: DJ001
    value_flag = models.BooleanField(_("có / không"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def value(self) -> Decimal | str | bool | None:
        flag: bool | None = self.value_flag
        label: str | None = self.value_label
        number: Decimal | None = self.value_number
        if flag is not None:
            return flag
        if label is not None:
            return label
        return number

    @staticmethod
    def columns(value: Decimal | str | bool | None) -> dict[str, Any]:
        """The three columns for a value (bool before number: a bool is no number here)."""
        return {
            "value_flag": value if isinstance(value, bool) else None,
            "value_label": value if isinstance(value, str) else None,
            "value_number": value if isinstance(value, Decimal) else None,
        }


class FactStatus(models.TextChoices):
    REPORTED = "reported", _("Đã báo cáo")
    ACCEPTED = "accepted", _("Đã xác nhận")
    CORRECTED = "corrected", _("Đã điều chỉnh")
    RETURNED = "returned", _("Trả lại đơn vị")


class FactValue(TypedValue):
    """One fact of a version 2 criterion (số trường hợp vi phạm, tỷ lệ đúng hạn, có/không…) reported for one
    member: kept apart from the criterion's line so that each fact is reported and verified on its own. The
    implicit fact `value` stays on the line (version 1's single value)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="facts")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    criterion = models.CharField(_("mã tiêu chí"), max_length=40)
    fact = models.CharField(_("tên số liệu"), max_length=60)
    # Verification of this fact alone (the cycle's verifiers): the value as the unit reported it is kept when a
    # verifier corrects the stored one.
    status = models.CharField(
        _("thẩm định"), max_length=20, choices=FactStatus.choices, default=FactStatus.REPORTED
    )
    reported = models.CharField(_("đơn vị báo cáo"), max_length=200, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_by_name = models.CharField(_("người thẩm định"), max_length=150, blank=True)
    verified_at = models.DateTimeField(_("thẩm định lúc"), null=True, blank=True)
    verification_reason = models.TextField(_("lý do thẩm định"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    class Meta:
        verbose_name = _("số liệu của tiêu chí")
        verbose_name_plural = _("số liệu của tiêu chí")
        ordering = ["agreement_id", "criterion", "unit_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "unit", "criterion", "fact"], name="agreements_fact_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}.{self.fact} – {self.unit_id}"


class MemberAttribute(TypedValue):
    """An attribute of a member this year (loại đơn vị, miền núi…) that scales and conditions of a version 2
    framework read."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="attributes")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("tên thuộc tính"), max_length=60)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("thuộc tính của đơn vị")
        verbose_name_plural = _("thuộc tính của đơn vị")
        ordering = ["agreement_id", "unit_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "unit", "name"], name="agreements_attribute_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}.{self.name}"


class AgreedPoints(models.Model):
    """Points of a criterion for a member agreed by the appraisal team, the leader or the council, with the
    reason and who agreed; they replace the computed net points, which stay beside them in the results."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="agreed_points")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    criterion = models.CharField(_("mã tiêu chí"), max_length=40)
    points = ExactDecimalField(_("điểm thống nhất"))
    reason = models.TextField(_("lý do"))
    by = models.CharField(_("người, tổ chức thống nhất"), max_length=200)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("ghi lúc"), auto_now=True)

    class Meta:
        verbose_name = _("điểm thống nhất")
        verbose_name_plural = _("điểm thống nhất")
        ordering = ["agreement_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "unit", "criterion"], name="agreements_agreed_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion} – {self.unit_id}: {self.points}"


class BonusStatus(models.TextChoices):
    CLAIMED = "claimed", _("Chờ thẩm định")
    ACCEPTED = "accepted", _("Được chấp nhận")
    REFUSED = "refused", _("Không chấp nhận")


class BonusAward(models.Model):
    """A bonus item of the framework claimed by, or granted to, a member this year. Only an accepted one counts;
    a package's bonus_awarded are accepted awards (no claim, no evidence)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="bonus_awards")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    item = models.CharField(_("mã điểm thưởng"), max_length=40)
    # Version 2: the amount given (an item with `max`) or the number of cases (an item with `per_case`);
    # NULL for a yes/no item worth its fixed points.
    amount = ExactDecimalField(_("số điểm hoặc số lần"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=BonusStatus.choices, default=BonusStatus.ACCEPTED
    )
    note = models.TextField(_("ghi chú của đơn vị"), blank=True)
    evidence = models.FileField(_("minh chứng"), upload_to="agreements/bonus/%Y/", blank=True)
    evidence_name = models.CharField(_("tên tệp minh chứng"), max_length=255, blank=True)
    evidence_type = models.CharField(_("loại tệp minh chứng"), max_length=100, blank=True)
    evidence_size = models.PositiveIntegerField(_("dung lượng minh chứng"), null=True, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_by_name = models.CharField(_("người đề nghị"), max_length=150, blank=True)
    claimed_at = models.DateTimeField(_("đề nghị lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by_name = models.CharField(_("người thẩm định"), max_length=150, blank=True)
    decided_at = models.DateTimeField(_("thẩm định lúc"), null=True, blank=True)
    decision_reason = models.TextField(_("lý do thẩm định"), blank=True)

    class Meta:
        verbose_name = _("điểm thưởng được tặng")
        verbose_name_plural = _("điểm thưởng được tặng")
        ordering = ["agreement_id", "unit_id", "item"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "unit", "item"], name="agreements_bonus_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item} – {self.unit_id}"


class DeductionStatus(models.TextChoices):
    RECORDED = "recorded", _("Đã ghi")
    WITHDRAWN = "withdrawn", _("Đã rút")


class Deduction(models.Model):
    """Points removed from a member with the reason (and the criterion concerned, if any). A withdrawn one stays
    on record with who withdrew it and why, and no longer counts."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="deductions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    points = ExactDecimalField(_("điểm trừ"))
    reason = models.TextField(_("lý do"))
    criterion = models.CharField(_("mã tiêu chí"), max_length=40, blank=True)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=DeductionStatus.choices, default=DeductionStatus.RECORDED
    )
    evidence = models.FileField(_("minh chứng"), upload_to="agreements/deductions/%Y/", blank=True)
    evidence_name = models.CharField(_("tên tệp minh chứng"), max_length=255, blank=True)
    evidence_type = models.CharField(_("loại tệp minh chứng"), max_length=100, blank=True)
    evidence_size = models.PositiveIntegerField(_("dung lượng minh chứng"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_name = models.CharField(_("người ghi"), max_length=150, blank=True)
    recorded_at = models.DateTimeField(_("ghi lúc"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_by_name = models.CharField(_("người rút"), max_length=150, blank=True)
    withdrawn_at = models.DateTimeField(_("rút lúc"), null=True, blank=True)
    withdraw_reason = models.TextField(_("lý do rút"), blank=True)

    class Meta:
        verbose_name = _("điểm trừ")
        verbose_name_plural = _("điểm trừ")
        ordering = ["agreement_id", "position", "id"]

    def __str__(self) -> str:
        return f"-{self.points} {self.unit_id}"


class Submission(models.Model):
    """The day a member submitted its year-end report (late ones lose points by the framework's late_report)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="submissions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    submitted_on = models.DateField(_("ngày nộp báo cáo"))

    class Meta:
        verbose_name = _("ngày nộp báo cáo")
        verbose_name_plural = _("ngày nộp báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "unit"], name="agreements_submission_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.submitted_on}"


class Veto(models.Model):
    """A member taken out of the ranking and the honours this year, with the reason. Package format 2 says what
    the veto does: `effects` (exclude_ranking, no_band) and a fixed deduction `deduct`."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="vetoes")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("lý do"))
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    effects = models.JSONField(_("hệ quả"), default=default_veto_effects)
    deduct = ExactDecimalField(_("điểm trừ"), default=Decimal(0))

    class Meta:
        verbose_name = _("không xét thi đua")
        verbose_name_plural = _("không xét thi đua")
        ordering = ["agreement_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.reason}"


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Đã xem trước")
    APPLIED = "applied", _("Đã nhập")
    DISCARDED = "discarded", _("Đã hủy")


class PackageImport(models.Model):
    """An uploaded package waiting between its preview and its application, kept as the file's bytes."""

    cluster_year = models.ForeignKey(ClusterYear, on_delete=models.CASCADE, related_name="package_imports")
    file_name = models.CharField(_("tên tệp"), max_length=255)
    content = models.BinaryField(_("nội dung tệp"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("ngày tải lên"), auto_now_add=True)
    applied_at = models.DateTimeField(_("ngày nhập"), null=True, blank=True)

    class Meta:
        verbose_name = _("tệp nhập")
        verbose_name_plural = _("tệp nhập")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name


class ScoreSnapshot(models.Model):
    """A frozen scoring of a cluster-year: the inputs as a package, the framework version, the engine version,
    the thidua.results/1 document, who asked for it, when and why. Never changed; a correction is a new one."""

    cluster_year = models.ForeignKey(ClusterYear, on_delete=models.PROTECT, related_name="score_snapshots")
    framework_version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="snapshots"
    )
    engine_version = models.CharField(_("phiên bản bộ chấm điểm"), max_length=40)
    inputs = OrderedJSONField(_("số liệu đầu vào (gói dữ liệu)"))
    results = OrderedJSONField(_("kết quả"))
    reason = models.TextField(_("lý do"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by_name = models.CharField(_("người chấm"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("thời điểm chấm"), auto_now_add=True)

    class Meta:
        verbose_name = _("kết quả chấm điểm")
        verbose_name_plural = _("kết quả chấm điểm")
        ordering = ["cluster_year_id", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"Chấm điểm {self.cluster_year} lúc {self.created_at:%d/%m/%Y %H:%M}"
