"""The board's page of a cluster-year's members: add, remove, change role and rotation order, each with a reason
(thidua.org.services.members holds the rules). One page, with HTMX swapping the panel after each change."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.core.errors import ThiduaError
from thidua.core.htmx import is_fragment_request, render_page
from thidua.core.views import board_required
from thidua.org import selectors, services
from thidua.org.forms import MemberAddForm, MemberChangeForm, MemberRemoveForm
from thidua.org.models import ClusterYear, MemberRole, Membership, UnitLevel
from thidua.org.setup_views import managed_year, request_actor

# ---- members of a year -----------------------------------------------------------------------------------------


def _change_form(membership: Membership, data: Any = None) -> MemberChangeForm:
    form = MemberChangeForm(
        data,
        prefix=f"m{membership.pk}",
        initial={"role": membership.role, "order": membership.order},
    )
    name = membership.unit.name
    form.fields["role"].label = _("Vai trò của %(name)s") % {"name": name}
    form.fields["order"].label = _("Thứ tự của %(name)s") % {"name": name}
    form.fields["reason"].label = _("Lý do thay đổi (%(name)s)") % {"name": name}
    return form


def _remove_form(membership: Membership, data: Any = None) -> MemberRemoveForm:
    form = MemberRemoveForm(data, prefix=f"r{membership.pk}")
    form.fields["reason"].label = _("Lý do bỏ %(name)s khỏi danh sách") % {"name": membership.unit.name}
    return form


def _candidates(request: HttpRequest, cluster_year: ClusterYear) -> Any:
    """Units the year may take: in force during the year, of the kind the cluster holds, not yet members."""
    cluster = cluster_year.cluster
    units = selectors.unit_list(user=request.user, province=cluster.province).exclude(pk=cluster.province_id)
    units = units.filter(valid_from__lte=cluster_year.last_day).exclude(valid_to__lt=cluster_year.first_day)
    allowed = [level for level in UnitLevel.values if cluster.accepts_level(level)]
    return units.filter(level__in=allowed).exclude(memberships__cluster_year=cluster_year).order_by("name")


def _members_context(
    request: HttpRequest,
    cluster_year: ClusterYear,
    *,
    add_form: MemberAddForm | None = None,
    bound: dict[int, Any] | None = None,
    error: str = "",
) -> dict[str, Any]:
    memberships = list(
        Membership.objects.filter(cluster_year=cluster_year).select_related("unit").order_by("order", "id")
    )
    bound = bound or {}
    rows = [
        {
            "membership": m,
            "change_form": bound.get(m.pk)
            if isinstance(bound.get(m.pk), MemberChangeForm)
            else _change_form(m),
            "remove_form": bound.get(m.pk)
            if isinstance(bound.get(m.pk), MemberRemoveForm)
            else _remove_form(m),
            "records": services.member_has_records(cluster_year, m.unit),
        }
        for m in memberships
    ]
    return {
        "cluster_year": cluster_year,
        "rows": rows,
        "has_leader": any(m.role == MemberRole.LEADER for m in memberships),
        "add_form": add_form or MemberAddForm(units=_candidates(request, cluster_year)),
        "error": error,
    }


def _members_answer(
    request: HttpRequest, cluster_year: ClusterYear, *, failed: bool, **extra: Any
) -> HttpResponse:
    if not failed and not is_fragment_request(request):
        return redirect("org:members", pk=cluster_year.pk)
    context = _members_context(request, cluster_year, **extra)
    return render_page(
        request, "org/members.html", "org/partials/members_panel.html", context, status=400 if failed else 200
    )


@board_required
@require_GET
def members(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = managed_year(request, pk)
    return render(request, "org/members.html", _members_context(request, cluster_year))


@board_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = managed_year(request, pk)
    form = MemberAddForm(request.POST, units=_candidates(request, cluster_year))
    if form.is_valid():
        data = form.cleaned_data
        previous = _previous_holder(cluster_year, data["role"], data["unit"].pk)
        try:
            added = services.membership_add(
                actor=request_actor(request),
                cluster_year=cluster_year,
                unit=data["unit"],
                role=data["role"],
                order=data["order"],
                reason=data["reason"],
            )
        except ThiduaError as exc:
            form.add_service_error(exc)
        else:
            added_message = _("Đã thêm %(name)s vào danh sách thành viên.") % {"name": added.unit.name}
            if added.role != MemberRole.MEMBER:
                added_message += " " + _role_message(added.unit.name, added.role, previous)
            messages.success(request, added_message)
            return _members_answer(request, cluster_year, failed=False)
    return _members_answer(request, cluster_year, failed=True, add_form=form)


def _membership(cluster_year: ClusterYear, membership_pk: int) -> Membership:
    membership = (
        Membership.objects.filter(cluster_year=cluster_year, pk=membership_pk)
        .select_related("unit", "cluster_year", "cluster_year__cluster")
        .first()
    )
    if membership is None:
        raise PermissionDenied(_("Không tìm thấy thành viên này trong năm thi đua."))
    return membership


@board_required
@require_POST
def member_change(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    cluster_year = managed_year(request, pk)
    membership = _membership(cluster_year, membership_pk)
    form = _change_form(membership, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        previous = _previous_holder(cluster_year, data["role"], membership.unit_id)
        try:
            services.membership_change(
                actor=request_actor(request),
                membership=membership,
                role=data["role"],
                order=data["order"],
                reason=data["reason"],
            )
        except ThiduaError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _role_message(membership.unit.name, data["role"], previous))
            return _members_answer(request, cluster_year, failed=False)
    return _members_answer(request, cluster_year, failed=True, bound={membership.pk: form})


def _previous_holder(cluster_year: ClusterYear, role: str, unit_id: int) -> Membership | None:
    """Who holds the leader's or deputy's role that a change gives to another unit (and so loses it)."""
    if role == MemberRole.MEMBER:
        return None
    return (
        Membership.objects.filter(cluster_year=cluster_year, role=role)
        .exclude(unit_id=unit_id)
        .select_related("unit")
        .first()
    )


def _role_message(name: str, role: str, previous: Membership | None) -> str:
    if role == MemberRole.MEMBER:
        return _("Đã lưu vai trò, thứ tự của %(name)s.") % {"name": name}
    label = str(MemberRole(role).label).lower()
    if previous is None:
        return _("%(name)s là %(role)s.") % {"name": name, "role": label}
    return _("%(name)s là %(role)s; %(previous)s thôi vai trò này và là thành viên.") % {
        "name": name,
        "role": label,
        "previous": previous.unit.name,
    }


@board_required
@require_POST
def member_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    cluster_year = managed_year(request, pk)
    membership = _membership(cluster_year, membership_pk)
    form = _remove_form(membership, request.POST)
    if form.is_valid():
        try:
            services.membership_remove(
                actor=request_actor(request), membership=membership, reason=form.cleaned_data["reason"]
            )
        except ThiduaError as exc:
            form.add_service_error(exc)
        else:
            messages.success(
                request, _("Đã bỏ %(name)s khỏi danh sách thành viên.") % {"name": membership.unit.name}
            )
            return _members_answer(request, cluster_year, failed=False)
    return _members_answer(request, cluster_year, failed=True, bound={membership.pk: form})
