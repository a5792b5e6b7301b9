"""The commendation register (decisions and the awards they grant), the catalogue in the database, subjects with
their yearly record, and dossiers proposing awards up the levels."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.jobs import FINISHED, JobStatus
from thidua.org.models import Unit


class Level(models.TextChoices):
    GRASSROOTS = "co_so", _("Cấp cơ sở")
    PROVINCE = "tinh", _("Cấp tỉnh")
    PRIME_MINISTER = "thu_tuong", _("Thủ tướng Chính phủ")
    PRESIDENT = "chu_tich_nuoc", _("Chủ tịch nước")


class RecipientKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")
    HOUSEHOLD = "household", _("Hộ gia đình")


class Category(models.TextChoices):
    OFFICIAL = "can_bo", _("Cán bộ, công chức, viên chức")
    WORKER = "cong_nhan", _("Công nhân trực tiếp sản xuất")
    FARMER = "nong_dan", _("Nông dân trực tiếp sản xuất")
    BUSINESS = "doanh_nghiep", _("Doanh nghiệp, doanh nhân")
    ARMED = "luc_luong_vu_trang", _("Lực lượng vũ trang")
    OTHER = "khac", _("Khác")


# ---------------------------------------------------------------------------------------------------------------
# Catalogue


class CatalogueRegime(models.Model):
    """A legal regime of the catalogue: the texts in force from a date, and how rewards are rounded under it."""

    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=300)
    start = models.DateField(_("hiệu lực từ"))
    fallback = models.CharField(_("dùng quy định của chế độ"), max_length=20, blank=True)
    rounding_step = models.DecimalField(_("làm tròn tới (đồng)"), max_digits=12, decimal_places=0)
    rounding_mode = models.CharField(_("cách làm tròn"), max_length=10)

    class Meta:
        verbose_name = _("chế độ pháp lý")
        verbose_name_plural = _("chế độ pháp lý")
        ordering = ["start"]

    def __str__(self) -> str:
        return self.name


class CatalogueAward(models.Model):
    """An award of the catalogue with its rules per regime, editable by the board."""

    code = models.CharField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    recipient = models.CharField(_("đối tượng"), max_length=20)
    level = models.CharField(_("cấp"), max_length=20, choices=Level.choices)
    decided_by = models.CharField(_("thẩm quyền quyết định"), max_length=200, blank=True)
    coefficient = models.DecimalField(
        _("hệ số tiền thưởng"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    # The catalogue file's `regimes` block of this award as JSON text with exact decimals, so the eligibility
    # engine reads it with the same parser as the file.
    rules = models.TextField(_("điều kiện theo chế độ (JSON)"), default="{}")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("danh hiệu, hình thức khen thưởng")
        verbose_name_plural = _("danh mục khen thưởng")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class BaseSalary(models.Model):
    """The base salary (mức lương cơ sở) from a date, which reward money is computed on."""

    start = models.DateField(_("áp dụng từ"), unique=True)
    amount = models.DecimalField(_("mức lương cơ sở (đồng)"), max_digits=12, decimal_places=0)
    basis = models.CharField(_("căn cứ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("mức lương cơ sở")
        verbose_name_plural = _("mức lương cơ sở")
        ordering = ["start"]

    def __str__(self) -> str:
        return f"{self.start:%d/%m/%Y}: {self.amount}"


# ---------------------------------------------------------------------------------------------------------------
# Register


class DecisionStatus(models.TextChoices):
    IN_FORCE = "in_force", _("Có hiệu lực")
    REVOKED = "revoked", _("Đã bị thu hồi, hủy bỏ")


class Decision(models.Model):
    """A signed decision (quyết định) granting awards, as recorded in the province's register."""

    province = models.ForeignKey(Unit, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("số quyết định"), max_length=60)
    date = models.DateField(_("ngày ký"))
    level = models.CharField(_("cấp khen thưởng"), max_length=20, choices=Level.choices)
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True)
    title = models.CharField(_("trích yếu"), max_length=400, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.IN_FORCE
    )
    created_at = models.DateTimeField(_("ngày nhập"), auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-date", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "number", "date"], name="awards_decision_unique_number"
            )
        ]
        # The register lists awards newest decision first (selectors.REGISTER_ORDER): walking this index and each
        # decision's awards (the decision_id index) gives the first page of the whole register without sorting it.
        indexes = [models.Index(fields=["-date", "id"], name="awards_decision_date_id")]

    def __str__(self) -> str:
        return f"{self.number} ngày {self.date:%d/%m/%Y}"


class AwardStatus(models.TextChoices):
    ACTIVE = "active", _("Còn hiệu lực")
    REVOKED = "revoked", _("Đã thu hồi")


class Subject(models.Model):
    """A person or collective whose yearly record is kept to check eligibility for awards."""

    province = models.ForeignKey(Unit, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại đối tượng"), max_length=20, choices=RecipientKind.choices)
    name = models.CharField(_("họ tên / tên tập thể"), max_length=200)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="award_subjects"
    )
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    recruited = models.DateField(_("ngày tuyển dụng"), null=True, blank=True)
    category = models.CharField(
        _("thành phần"), max_length=30, choices=Category.choices, default=Category.OFFICIAL
    )
    search_text = models.CharField(max_length=300, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("đối tượng khen thưởng")
        verbose_name_plural = _("đối tượng khen thưởng")
        ordering = ["unit_id", "name"]

    def __str__(self) -> str:
        return self.name


class SubjectYear(models.Model):
    """What is on record for a subject in one year: rating, titles, initiatives, discipline, member counts."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("năm"))
    rating = models.CharField(_("xếp loại"), max_length=10, blank=True)
    titles = models.JSONField(_("danh hiệu"), default=list, blank=True)
    # [{"scope": "co_so|tinh|toan_quoc", "title": "…"}]
    initiatives = models.JSONField(_("sáng kiến"), default=list, blank=True)
    discipline = models.CharField(_("kỷ luật"), max_length=200, blank=True)
    members = models.PositiveIntegerField(_("số thành viên"), null=True, blank=True)
    members_completed = models.PositiveIntegerField(_("số hoàn thành nhiệm vụ"), null=True, blank=True)
    members_ldtt = models.PositiveIntegerField(_("số đạt Lao động tiên tiến"), null=True, blank=True)
    members_cstdcs = models.PositiveIntegerField(_("số đạt Chiến sĩ thi đua cơ sở"), null=True, blank=True)
    disciplined = models.PositiveIntegerField(_("số bị kỷ luật"), null=True, blank=True)

    class Meta:
        verbose_name = _("kết quả năm")
        verbose_name_plural = _("kết quả năm")
        ordering = ["subject_id", "year"]
        constraints = [models.UniqueConstraint(fields=["subject", "year"], name="awards_subject_year_once")]

    def __str__(self) -> str:
        return f"{self.subject} – {self.year}"


class AwardRecord(models.Model):
    """One award granted by a decision to one person, collective or household: a line of the register."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("quyết định"), on_delete=models.PROTECT, related_name="records"
    )
    award = models.ForeignKey(
        CatalogueAward, verbose_name=_("hình thức khen thưởng"), on_delete=models.PROTECT, related_name="+"
    )
    recipient_kind = models.CharField(_("loại đối tượng"), max_length=20, choices=RecipientKind.choices)
    recipient_name = models.CharField(_("tên người, tập thể được khen"), max_length=200)
    # Null for historical units that no longer exist in the organisation tree; the name is kept in unit_name.
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit_name = models.CharField(_("tên đơn vị"), max_length=200, blank=True)
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    category = models.CharField(
        _("thành phần"), max_length=30, choices=Category.choices, default=Category.OFFICIAL
    )
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    amount = models.DecimalField(
        _("tiền thưởng (đồng)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=AwardStatus.choices, default=AwardStatus.ACTIVE
    )
    revoked_by = models.ForeignKey(
        Decision,
        verbose_name=_("quyết định thu hồi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revoked_records",
    )
    revoked_reason = models.CharField(_("lý do thu hồi"), max_length=400, blank=True)
    subject = models.ForeignKey(
        Subject,
        verbose_name=_("đối tượng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="awards",
    )
    search_text = models.CharField(max_length=300, db_index=True, editable=False, default="")
    # The public certificate check: unguessable, so the register cannot be walked from the verification page.
    verify_token = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("sổ khen thưởng")
        ordering = ["-decision__date", "decision_id", "id"]
        indexes = [
            models.Index(fields=["award", "year"], name="awards_record_award_year"),
            models.Index(fields=["year"], name="awards_record_year"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name} – {self.award_id} ({self.year})"

    @property
    def is_revoked(self) -> bool:
        return self.status == AwardStatus.REVOKED


class EligibilityConfirmation(models.Model):
    """A qualitative condition of an award a person has checked and confirmed for a subject and year."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="confirmations")
    award_code = models.CharField(_("mã khen thưởng"), max_length=30)
    year = models.PositiveSmallIntegerField(_("năm"))
    item = models.CharField(_("điều kiện"), max_length=400)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("thời điểm xác nhận"), auto_now_add=True)

    class Meta:
        verbose_name = _("xác nhận điều kiện")
        verbose_name_plural = _("xác nhận điều kiện")
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "award_code", "year", "item"], name="awards_confirmation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} – {self.award_code} {self.year}: {self.item}"


# ---------------------------------------------------------------------------------------------------------------
# Dossiers


class DossierStatus(models.TextChoices):
    DRAFT = "draft", _("Đơn vị đang soạn")
    AT_PARENT = "at_parent", _("Cấp xã, sở, ngành thẩm định")
    AT_BOARD = "at_board", _("Ban Thi đua – Khen thưởng thẩm định")
    AT_COUNCIL = "at_council", _("Hội đồng Thi đua – Khen thưởng xét")
    AT_CHAIRMAN = "at_chairman", _("Trình Chủ tịch UBND tỉnh")
    APPROVED = "approved", _("Đã có quyết định khen thưởng")


class Dossier(models.Model):
    """A proposal (hồ sơ đề nghị) for awards, passed up the levels until a decision puts them in the register."""

    province = models.ForeignKey(Unit, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị đề nghị"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tên hồ sơ"), max_length=300)
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    award = models.ForeignKey(
        CatalogueAward, verbose_name=_("hình thức đề nghị"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=DossierStatus.choices, default=DossierStatus.DRAFT
    )
    # Who sent it to where it is now, and from which status, so that person alone may recall it.
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_from = models.CharField(max_length=20, choices=DossierStatus.choices, blank=True)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("quyết định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(_("nguồn"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("hồ sơ đề nghị khen thưởng")
        verbose_name_plural = _("hồ sơ đề nghị khen thưởng")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class DossierRecipient(models.Model):
    """A person or collective proposed in a dossier, with the eligibility answer at the time it was added."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="recipients")
    subject = models.ForeignKey(Subject, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recipient_kind = models.CharField(_("loại đối tượng"), max_length=20, choices=RecipientKind.choices)
    name = models.CharField(_("tên"), max_length=200)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    category = models.CharField(
        _("thành phần"), max_length=30, choices=Category.choices, default=Category.OFFICIAL
    )
    eligibility = models.CharField(_("kết quả xét điều kiện"), max_length=20, blank=True)
    reasons = models.JSONField(_("lý do"), default=list, blank=True)

    class Meta:
        verbose_name = _("người, tập thể được đề nghị")
        verbose_name_plural = _("người, tập thể được đề nghị")
        ordering = ["dossier_id", "id"]

    def __str__(self) -> str:
        return self.name


class AttachmentKind(models.TextChoices):
    PROPOSAL = "to_trinh", _("Tờ trình")
    ACHIEVEMENTS = "bao_cao_thanh_tich", _("Báo cáo thành tích")
    MINUTES = "bien_ban", _("Biên bản")
    OTHER = "khac", _("Tài liệu khác")


def private_storage() -> FileSystemStorage:
    """Outside the static files and outside any URL the web server serves: only a view that checks access reads
    it. A callable, so migrations name the function and not this machine's MEDIA_ROOT."""
    return FileSystemStorage(location=str(settings.MEDIA_ROOT) + "/awards-private")


class DossierAttachment(models.Model):
    """A document of a dossier (tờ trình, báo cáo thành tích, biên bản), stored privately."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("loại tài liệu"), max_length=30, choices=AttachmentKind.choices)
    file = models.FileField(_("tệp"), storage=private_storage, upload_to="dossiers/%Y/")
    original_name = models.CharField(_("tên tệp"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu hồ sơ")
        verbose_name_plural = _("tài liệu hồ sơ")
        ordering = ["dossier_id", "id"]

    def __str__(self) -> str:
        return self.original_name


class DossierStep(models.Model):
    """One move of a dossier between levels, with who moved it and why (a return always has a reason)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("thao tác"), max_length=20)
    from_status = models.CharField(max_length=20, choices=DossierStatus.choices)
    to_status = models.CharField(max_length=20, choices=DossierStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    reason = models.TextField(_("lý do"), blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bước chuyển hồ sơ")
        verbose_name_plural = _("bước chuyển hồ sơ")
        ordering = ["dossier_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="return") | ~Q(reason=""), name="awards_step_return_has_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.from_status} → {self.to_status}"


# ---------------------------------------------------------------------------------------------------------------
# Imports in the background


class ImportKind(models.TextChoices):
    REGISTER = "register", _("Sổ khen thưởng")
    SUBJECTS = "subjects", _("Đối tượng và kết quả thi đua")


class RegisterImport(models.Model):
    """An uploaded .xlsx waiting for, or read by, the worker: the register's decisions or subjects and their years.

    The file is kept in private storage until the worker has read it; the row keeps how far it got, the errors by
    row and column when the file was refused (nothing written), or what was written.
    """

    kind = models.CharField(_("loại"), max_length=20, choices=ImportKind.choices)
    province = models.ForeignKey(Unit, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+")
    file = models.FileField(_("tệp"), storage=private_storage, upload_to="imports/%Y/", blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=200)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    step = models.CharField(_("đang làm"), max_length=200, blank=True)
    rows_total = models.PositiveIntegerField(_("số dòng của trang tính"), default=0)
    rows_read = models.PositiveIntegerField(_("số dòng đã đọc"), default=0)
    rows_checked = models.PositiveIntegerField(_("số dòng hợp lệ"), default=0)
    sheet = models.CharField(_("trang tính"), max_length=100, blank=True)
    errors = models.JSONField(_("lỗi"), default=list, blank=True)
    # What was written: {"decisions": n, "records": n, "warnings": [...]} or {"created": n, "years": n}.
    summary = models.JSONField(_("kết quả"), default=dict, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập từ Excel")
        verbose_name_plural = _("lần nhập từ Excel")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="awards_import_progress_percent")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.file_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED
