"""The audit pages and the guards every page of the site uses. The home page lives in thidua.home, above the areas."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from thidua.accounts import access
from thidua.core import audit_display
from thidua.core import selectors as audit_selectors
from thidua.core.errors import AccessDenied, NotFound
from thidua.core.forms import AuditFilterForm
from thidua.core.htmx import render_page
from thidua.org.models import ClusterYear

View = Callable[..., HttpResponse]


def refusals_as_http(view: View) -> View:
    """Turn the services' and selectors' refusals into 404 / 403, so views need no try/except of their own."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except AccessDenied as exc:
            raise PermissionDenied(exc.message) from exc

    return wrapper


def role_required(view: View) -> View:
    """Logged in (else the login page) and holding at least one active role (else 403): deny by default."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access.has_any_role(request.user):
            raise PermissionDenied(_("Bạn chưa được phân công vai trò nào."))
        return view(request, *args, **kwargs)

    return login_required(refusals_as_http(wrapper))


def board_required(view: View) -> View:
    """Only the provincial board (Ban Thi đua – Khen thưởng) of some province."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access.is_board_admin_anywhere(request.user):
            raise PermissionDenied(_("Chỉ Ban Thi đua – Khen thưởng được xem trang này."))
        return view(request, *args, **kwargs)

    return login_required(refusals_as_http(wrapper))


# ---------------------------------------------------------------------------------------------------------------
# Audit


def _object_visible(user: Any, object_type: str, object_id: str) -> bool:
    """Units, clusters and cluster-years have their own visibility, wider than the board's: their whole history
    is as visible as they are. Any other object's history is read through the board's province (see selectors)."""
    if not object_id.isdigit():
        return False
    pk = int(object_id)
    if object_type == "org.unit":
        return access.units_visible_to(user).filter(pk=pk).exists()
    if object_type == "org.cluster":
        return access.clusters_visible_to(user).filter(pk=pk).exists()
    if object_type == "org.clusteryear":
        return ClusterYear.objects.filter(pk=pk, cluster__in=access.clusters_visible_to(user)).exists()
    return False


@role_required
@require_GET
def object_history(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    visible = _object_visible(request.user, object_type, object_id)
    events = audit_display.present(
        audit_selectors.object_events_for_user(
            request.user, object_type=object_type, object_id=object_id, object_visible=visible
        ).select_related("actor")[:500]
    )
    if not (visible or events):
        # Another province's object and an unknown one answer alike, so the page tells nothing of what exists.
        raise Http404(_("Không tìm thấy đối tượng hoặc bạn không có quyền xem."))
    title = events[0].object_repr if events else f"{object_type} #{object_id}"
    context = {
        "events": events,
        "title": title,
        "object_type": object_type,
        "object_id": object_id,
        "page_url": audit_display.object_page_url(object_type, object_id),
    }
    return render(request, "core/object_history.html", context)


AUDIT_PAGE_SIZE = 50


@board_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events = audit_selectors.audit_events_visible_to(request.user).select_related("actor")
    if form.is_valid():
        events = form.apply(events)
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "events": audit_display.present(page.object_list),
        "query_without_page": query.urlencode(),
    }
    return render_page(request, "core/audit_log.html", "core/partials/audit_table.html", context)
