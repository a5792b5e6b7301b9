"""Forms of the account pages. They validate input; the services in thidua.accounts.services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import ASSIGNABLE_ROLES
from thidua.accounts.throttle import ThrottledLoginMixin
from thidua.core.errors import ThiduaError
from thidua.org.models import Cluster, Unit


class ReasonField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Lý do"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        super().__init__(**kwargs)


class ServiceErrorsMixin:
    """Show a service's refusal next to the field it names, or above the form when it names none."""

    def add_service_error(self, exc: ThiduaError) -> None:
        field = exc.field if exc.field in self.fields else None  # type: ignore[attr-defined]
        self.add_error(field, exc.message)  # type: ignore[attr-defined]


class UserCreateForm(ServiceErrorsMixin, forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    password = forms.CharField(
        label=_("Mật khẩu ban đầu"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Ít nhất 10 ký tự. Để trống thì tài khoản chưa đăng nhập được cho tới khi đặt mật khẩu."),
    )
    password_again = forms.CharField(
        label=_("Nhập lại mật khẩu"), required=False, strip=False, widget=forms.PasswordInput()
    )
    province = forms.ModelChoiceField(
        label=_("Tỉnh quản lý tài khoản"), queryset=Unit.objects.none(), required=True
    )

    def __init__(self, *args: Any, provinces: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A board of one province creates accounts for it: the choice is asked only of a board of several.
        if provinces.count() > 1:
            field = self.fields["province"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = provinces
        else:
            del self.fields["province"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("Hai lần nhập mật khẩu không khớp nhau."))
        return data


class RoleAssignForm(ServiceErrorsMixin, forms.Form):
    role = forms.ChoiceField(label=_("Vai trò"), choices=ASSIGNABLE_ROLES)
    unit = forms.ModelChoiceField(
        label=_("Tỉnh, đơn vị hoặc cơ quan"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_(
            "Chọn tỉnh cho Ban, Hội đồng, người theo dõi; đơn vị cho cán bộ thi đua; cơ quan cho nguồn số liệu."
        ),
    )
    cluster = forms.ModelChoiceField(
        label=_("Cụm, khối"),
        queryset=Cluster.objects.none(),
        required=False,
        help_text=_("Chỉ chọn cho vai trò cụm trưởng, khối trưởng (hoặc người theo dõi một cụm)."),
    )
    reason = ReasonField()

    def __init__(self, *args: Any, units: QuerySet[Unit], clusters: QuerySet[Cluster], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field, cluster_field = self.fields["unit"], self.fields["cluster"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        assert isinstance(cluster_field, forms.ModelChoiceField)
        unit_field.queryset = units
        cluster_field.queryset = clusters

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("unit")) == bool(data.get("cluster")):
            raise forms.ValidationError(
                _("Chọn đúng một phạm vi: một tỉnh, đơn vị, cơ quan hoặc một cụm, khối.")
            )
        return data


class ReasonForm(forms.Form):
    reason = ReasonField()


class DeactivateForm(forms.Form):
    reason = ReasonField(required=True)


class TokenIssueForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(
        label=_("Tên gợi nhớ"),
        max_length=100,
        help_text=_("Để biết khóa dùng ở đâu, ví dụ “Bảng tổng hợp của Văn phòng”."),
    )


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    """The site's login: throttled (thidua.accounts.throttle)."""

    door = "site"


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The Django admin's login, throttled like the site's: one throttle for every door that takes a password."""

    door = "admin"
