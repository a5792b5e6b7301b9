"""Logging in (throttled), logging out, changing one's password, and the board's user management."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts import access, selectors, services
from thidua.accounts.forms import (
    DeactivateForm,
    LoginForm,
    ReasonForm,
    RoleAssignForm,
    TokenIssueForm,
    UserCreateForm,
)
from thidua.accounts.models import Role, RoleAssignment
from thidua.core.errors import NotFound, ThiduaError
from thidua.core.views import board_required, role_required
from thidua.org.models import Cluster, Unit


class ThrottledLoginView(auth_views.LoginView):
    """Django's login with the throttled form; a refusal by the throttle answers 429 Too Many Requests."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    authentication_form = LoginForm

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, code="throttled"):
            response.status_code = 429
        return response


class LogoutView(auth_views.LogoutView):
    template_name = "accounts/logged_out.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's form checks the old password and the new one; the service sets it and audits the change."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        user = self.request.user
        try:
            services.user_password_change(
                actor=user,  # type: ignore[arg-type]
                user=user,  # type: ignore[arg-type]
                new_password=form.cleaned_data["new_password1"],
            )
        except ThiduaError as exc:
            form.add_error("new_password1", exc.message)
            return self.form_invalid(form)
        update_session_auth_hash(self.request, user)  # type: ignore[arg-type]
        return redirect(self.get_success_url())


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


# ---------------------------------------------------------------------------------------------------------------
# User management: the board of a province. Writes go through thidua.accounts.services, which check and audit.


def _scope_choices(actor: Any) -> tuple[QuerySet[Unit], QuerySet[Cluster]]:
    """Provinces, units and clusters where the actor is the board: the only scopes it may hand out."""
    provinces = access.provinces_with_role(actor, {Role.BOARD_ADMIN})
    # Units that have ended (merged, dissolved) take no new roles; their history stays with their successors.
    units = (
        Unit.objects.filter(Q(pk__in=provinces) | Q(province_id__in=provinces))
        .filter(valid_to__isnull=True)
        .order_by("province_id", "level", "name")
    )
    clusters = access.clusters_visible_to(actor).filter(province_id__in=provinces).order_by("kind", "code")
    return units, clusters


def _user_or_404(request: HttpRequest, pk: int) -> User:
    try:
        return selectors.user_get_for_board(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@board_required
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/user_list.html", {"users": list(selectors.user_list(request.user))})


@board_required
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    provinces = Unit.objects.filter(pk__in=access.board_province_ids(request.user)).order_by("name")
    form = UserCreateForm(request.POST or None, provinces=provinces)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=request.user,  # type: ignore[arg-type]
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                password=data["password"] or None,
                province=data.get("province"),
            )
        except ThiduaError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Đã tạo tài khoản %(username)s.") % {"username": user.username})
            return redirect("user_detail", pk=user.pk)
    return render(request, "accounts/user_create.html", {"form": form}, status=400 if form.errors else 200)


def _detail_context(request: HttpRequest, user: User, **forms: Any) -> dict[str, Any]:
    units, clusters = _scope_choices(request.user)
    return {
        "person": user,
        "assign_form": forms.get("assign_form") or RoleAssignForm(units=units, clusters=clusters),
        "deactivate_form": forms.get("deactivate_form") or DeactivateForm(),
        "revoke_form": ReasonForm(),
    }


@board_required
@require_GET
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "accounts/user_detail.html", _detail_context(request, _user_or_404(request, pk)))


@board_required
@require_POST
def user_role_assign(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user_or_404(request, pk)
    units, clusters = _scope_choices(request.user)
    form = RoleAssignForm(request.POST, units=units, clusters=clusters)
    if form.is_valid():
        data = form.cleaned_data
        try:
            assignment = services.role_assign(
                actor=request.user,  # type: ignore[arg-type]
                user=user,
                role=data["role"],
                unit=data["unit"],
                cluster=data["cluster"],
                reason=data["reason"],
            )
        except ThiduaError as exc:
            form.add_service_error(exc)
        else:
            messages.success(
                request,
                _("Đã giao vai trò %(role)s – %(scope)s.")
                % {"role": assignment.get_role_display(), "scope": assignment.scope_name},
            )
            return redirect("user_detail", pk=user.pk)
    context = _detail_context(request, user, assign_form=form)
    return render(request, "accounts/user_detail.html", context, status=400)


@board_required
@require_POST
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user_or_404(request, pk)
    form = DeactivateForm(request.POST)
    if form.is_valid():
        try:
            services.user_deactivate(
                actor=request.user,  # type: ignore[arg-type]
                user=user,
                reason=form.cleaned_data["reason"],
            )
        except ThiduaError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã khóa tài khoản %(username)s.") % {"username": user.username})
            return redirect("user_detail", pk=user.pk)
    context = _detail_context(request, user, deactivate_form=form)
    return render(request, "accounts/user_detail.html", context, status=400)


@board_required
@require_POST
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = (
        RoleAssignment.objects.filter(pk=pk, revoked_at__isnull=True)
        .select_related("user", "unit", "cluster")
        .first()
    )
    if assignment is None:
        raise Http404(_("Không tìm thấy vai trò đang hiệu lực."))
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.role_revoke(
            actor=request.user,  # type: ignore[arg-type]
            assignment=assignment,
            reason=form.cleaned_data.get("reason", ""),
        )
    except ThiduaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Đã thu hồi vai trò %(role)s – %(scope)s.")
            % {"role": assignment.get_role_display(), "scope": assignment.scope_name},
        )
    return redirect("user_detail", pk=assignment.user_id)


# The user's own API tokens (Khóa truy cập API). The secret is shown in the answer to the POST that issued it and
# never stored: the page is not cached and a reload shows the list without it.


def _tokens_page(
    request: HttpRequest, form: TokenIssueForm, issued: str = "", status: int = 200
) -> HttpResponse:
    context = {"tokens": list(selectors.token_list_for_user(request.user)), "form": form, "issued": issued}
    response = render(request, "accounts/api_tokens.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@role_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _tokens_page(request, TokenIssueForm())
    form = TokenIssueForm(request.POST)
    if form.is_valid():
        user = request.user
        try:
            issued = services.token_issue(actor=user, user=user, name=form.cleaned_data["name"])  # type: ignore[arg-type]
        except ThiduaError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Đã tạo khóa truy cập “%(name)s”.") % {"name": issued.token.name})
            return _tokens_page(request, TokenIssueForm(), issued=issued.plaintext)
    return _tokens_page(request, form, status=400)


@role_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.token_get_for_user(request.user, pk)
    try:
        services.token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
    except ThiduaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã thu hồi khóa truy cập “%(name)s”.") % {"name": token.name})
    return redirect("api_tokens")
