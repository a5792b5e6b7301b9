"""Who may do what where: role assignments by scope, login attempts for throttling, and API tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.org.models import Cluster, Unit


class Role(models.TextChoices):
    # CLUSTER_LEADER stays only so assignments made before 2026-12 read back in the history: the leader's and the
    # deputy's powers now come from the cluster-year's membership roles (thidua.accounts.access.leadership_of),
    # and the role is no longer given (see ROLE_SCOPES).
    BOARD_ADMIN = "board_admin", _("Ban Thi đua – Khen thưởng")
    COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng Thi đua – Khen thưởng")
    CLUSTER_LEADER = "cluster_leader", _("Cụm trưởng, khối trưởng")
    UNIT_OFFICER = "unit_officer", _("Cán bộ thi đua của đơn vị")
    DATA_SOURCE_REVIEWER = "data_source_reviewer", _("Cơ quan nguồn số liệu")
    OBSERVER = "observer", _("Người theo dõi")


class ScopeKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    CLUSTER = "cluster", _("Cụm, khối")
    UNIT = "unit", _("Đơn vị")
    AGENCY = "agency", _("Cơ quan nguồn số liệu")


# Which scopes each role can be given in; a role not listed (the retired cluster_leader) is refused by role_assign.
ROLE_SCOPES: dict[str, frozenset[str]] = {
    Role.BOARD_ADMIN: frozenset({ScopeKind.PROVINCE}),
    Role.COUNCIL_MEMBER: frozenset({ScopeKind.PROVINCE}),
    Role.UNIT_OFFICER: frozenset({ScopeKind.UNIT}),
    Role.DATA_SOURCE_REVIEWER: frozenset({ScopeKind.AGENCY}),
    Role.OBSERVER: frozenset({ScopeKind.PROVINCE, ScopeKind.CLUSTER, ScopeKind.UNIT}),
}


ASSIGNABLE_ROLES = [(value, label) for value, label in Role.choices if value in ROLE_SCOPES]


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def active(self) -> RoleAssignmentQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class RoleAssignment(models.Model):
    """One role of one user in one scope: the province, a cluster, a unit or a data-source agency."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    scope_kind = models.CharField(_("phạm vi"), max_length=10, choices=ScopeKind.choices)
    # The province, the unit or the agency: all three are units. A cluster scope uses `cluster` instead.
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị / tỉnh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("cụm, khối"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    granted_at = models.DateTimeField(_("ngày giao"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("ngày thu hồi"), null=True, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        ordering = ["user_id", "role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(scope_kind="cluster", cluster__isnull=False, unit__isnull=True))
                | (~Q(scope_kind="cluster") & Q(cluster__isnull=True, unit__isnull=False)),
                name="accounts_role_scope_matches_kind",
            ),
            # Two constraints, not one over (unit, cluster): NULLs never collide in a unique index.
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=Q(revoked_at__isnull=True, cluster__isnull=True),
                name="accounts_role_active_once_per_unit",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "cluster"],
                condition=Q(revoked_at__isnull=True, unit__isnull=True),
                name="accounts_role_active_once_per_cluster",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.scope_name}"

    @property
    def scope_name(self) -> str:
        target = self.cluster if self.cluster_id else self.unit
        return str(target)


class LoginAttempt(models.Model):
    """One login attempt kept for throttling: failures for the back-off window, successes to know an address.

    The user name is stored normalised (NFKC, case-folded), so "ＢａｎＴＤＫＴ" and "bantdkt" count as one.
    """

    username = models.CharField(_("tên đăng nhập"), max_length=150)
    address = models.CharField(_("địa chỉ"), max_length=64, blank=True)
    succeeded = models.BooleanField(_("thành công"), default=False)
    account_exists = models.BooleanField(_("tài khoản có thật"), default=False)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("lần đăng nhập")
        verbose_name_plural = _("lần đăng nhập")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["username", "address", "created_at"], name="accounts_login_pair"),
            models.Index(fields=["address", "created_at"], name="accounts_login_address"),
        ]

    def __str__(self) -> str:
        return f"{self.username} @ {self.address}"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 hash is stored; the token is shown once when issued."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("tên gợi nhớ"), max_length=100)
    # The visible start of the token, so a user can tell their tokens apart without the secret.
    prefix = models.CharField(_("tiền tố"), max_length=16, db_index=True)
    token_hash = models.CharField(_("mã băm"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("lần dùng cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ngày thu hồi"), null=True, blank=True)

    class Meta:
        verbose_name = _("khóa truy cập API")
        verbose_name_plural = _("khóa truy cập API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
