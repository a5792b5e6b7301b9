"""Units, their succession across the 2025 reform, clusters and blocks, and who is in them each year."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Tỉnh, thành phố")
    COMMUNE = "commune", _("Xã")
    WARD = "ward", _("Phường")
    SPECIAL_ZONE = "special_zone", _("Đặc khu")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    AGENCY = "agency", _("Cơ quan, đoàn thể")
    DISTRICT = "district", _("Huyện, thị xã, thành phố thuộc tỉnh (trước 1/7/2025)")


# Levels that compete in a territorial cluster (cụm) and those that compete in a block of agencies (khối).
TERRITORIAL_LEVELS = frozenset(
    {UnitLevel.PROVINCE, UnitLevel.COMMUNE, UnitLevel.WARD, UnitLevel.SPECIAL_ZONE, UnitLevel.DISTRICT}
)
AGENCY_LEVELS = frozenset({UnitLevel.DEPARTMENT, UnitLevel.AGENCY})


class Unit(models.Model):
    """An organisation that takes part in emulation: a province, a commune, a former district, an agency."""

    province = models.ForeignKey(
        "self",
        verbose_name=_("tỉnh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="province_units",
        help_text=_("Để trống với chính đơn vị cấp tỉnh."),
    )
    level = models.CharField(_("cấp"), max_length=20, choices=UnitLevel.choices)
    code = models.CharField(_("mã"), max_length=40)
    name = models.CharField(_("tên"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # A unit that is the authoritative source of figures (Sở Tài chính, Ban An toàn giao thông tỉnh…).
    is_data_source = models.BooleanField(_("là nguồn số liệu"), default=False)
    valid_from = models.DateField(_("hiệu lực từ"), default=dt.date(2000, 1, 1))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["province_id", "level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["province", "code"], name="org_unit_code_unique_in_province"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(province__isnull=True), name="org_province_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(level="province", province__isnull=True)
                | (~Q(level="province") & Q(province__isnull=False)),
                name="org_unit_province_iff_not_province_level",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="org_unit_valid_to_after_from",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def province_or_self_id(self) -> int:
        """The id of the province this unit belongs to; a province belongs to itself."""
        return self.province_id if self.province_id is not None else self.pk

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class SuccessionKind(models.TextChoices):
    MERGER = "merger", _("Sáp nhập")
    DISSOLUTION = "dissolution", _("Giải thể")
    RENAME = "rename", _("Đổi tên")


class UnitSuccession(models.Model):
    """A unit ending on a date by a decision, and the unit that carries on its history (if any)."""

    predecessor = models.ForeignKey(
        Unit, verbose_name=_("đơn vị trước"), on_delete=models.PROTECT, related_name="successions_out"
    )
    successor = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị kế thừa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successions_in",
    )
    kind = models.CharField(_("hình thức"), max_length=20, choices=SuccessionKind.choices)
    date = models.DateField(_("ngày hiệu lực"))
    decision_number = models.CharField(_("số quyết định / nghị quyết"), max_length=120, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("sáp nhập, giải thể, đổi tên")
        verbose_name_plural = _("sáp nhập, giải thể, đổi tên")
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="org_succession_unique_pair"),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")), name="org_succession_not_self"
            ),
        ]

    def __str__(self) -> str:
        target = self.successor.name if self.successor is not None else "—"
        return f"{self.predecessor.name} → {target} ({self.get_kind_display()}, {self.date:%d/%m/%Y})"


class ClusterKind(models.TextChoices):
    CUM = "cum", _("Cụm thi đua")
    KHOI = "khoi", _("Khối thi đua")


class Cluster(models.Model):
    """A cluster (cụm, territorial units) or block (khối, agencies) of a province, set up by a decision."""

    province = models.ForeignKey(
        Unit,
        verbose_name=_("tỉnh"),
        on_delete=models.PROTECT,
        related_name="clusters",
        limit_choices_to={"level": UnitLevel.PROVINCE},
    )
    kind = models.CharField(_("loại"), max_length=10, choices=ClusterKind.choices)
    code = models.CharField(_("mã"), max_length=40)
    name = models.CharField(_("tên"), max_length=200)
    decision_number = models.CharField(_("số quyết định thành lập"), max_length=120, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)

    class Meta:
        verbose_name = _("cụm, khối thi đua")
        verbose_name_plural = _("cụm, khối thi đua")
        ordering = ["province_id", "kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["province", "code"], name="org_cluster_code_unique_in_province")
        ]

    def __str__(self) -> str:
        return self.name

    def accepts_level(self, level: str) -> bool:
        """A cụm holds territorial units, a khối holds agencies."""
        allowed = TERRITORIAL_LEVELS if self.kind == ClusterKind.CUM else AGENCY_LEVELS
        return level in allowed


class ClusterYear(models.Model):
    """One cluster in one year: the frame the agreement, scores and ballots of that year hang on."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cụm, khối"), on_delete=models.PROTECT, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("năm"))

    class Meta:
        verbose_name = _("năm thi đua của cụm, khối")
        verbose_name_plural = _("năm thi đua của cụm, khối")
        ordering = ["cluster_id", "-year"]
        constraints = [models.UniqueConstraint(fields=["cluster", "year"], name="org_cluster_year_unique")]

    def __str__(self) -> str:
        return f"{self.cluster.name} năm {self.year}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, 12, 31)


class MemberRole(models.TextChoices):
    LEADER = "leader", _("Cụm trưởng / Khối trưởng")
    DEPUTY = "deputy", _("Cụm phó / Khối phó")
    MEMBER = "member", _("Thành viên")


class Membership(models.Model):
    """A unit in a cluster for one year, with its role that year and its place in the rotation order."""

    cluster_year = models.ForeignKey(
        ClusterYear, verbose_name=_("năm thi đua"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(
        _("vai trò"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    order = models.PositiveSmallIntegerField(_("thứ tự luân phiên"), default=0)

    class Meta:
        verbose_name = _("thành viên cụm, khối")
        verbose_name_plural = _("thành viên cụm, khối")
        ordering = ["cluster_year_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cluster_year", "unit"], name="org_membership_unit_once_a_year"),
            models.UniqueConstraint(
                fields=["cluster_year"], condition=Q(role="leader"), name="org_membership_one_leader"
            ),
            models.UniqueConstraint(
                fields=["cluster_year"], condition=Q(role="deputy"), name="org_membership_one_deputy"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} – {self.get_role_display()} ({self.cluster_year})"
