"""Pages of the organisation: the unit tree on a date, clusters and blocks of a year, a unit's history."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from thidua.accounts import access
from thidua.core.htmx import render_page
from thidua.core.views import role_required
from thidua.org import selectors
from thidua.org.forms import ClusterYearFilterForm, UnitTreeForm
from thidua.org.models import ClusterYear


@role_required
@require_GET
def unit_tree(request: HttpRequest) -> HttpResponse:
    provinces = selectors.province_list(user=request.user)
    first = provinces.first()
    if first is None:
        # Officers of one unit or one cluster see their own units, not the province's whole tree.
        raise PermissionDenied(_("Bạn không có quyền xem cây đơn vị của tỉnh."))
    data = {
        "province": request.GET.get("province") or str(first.pk),
        "as_of": request.GET.get("as_of") or timezone.localdate().isoformat(),
    }
    form = UnitTreeForm(data, provinces=provinces)
    tree = None
    if form.is_valid():
        tree = selectors.unit_tree(
            user=request.user, province=form.cleaned_data["province"], as_of=form.cleaned_data["as_of"]
        )
    context = {"form": form, "tree": tree, "as_of": form.cleaned_data.get("as_of") if tree else None}
    status = 200 if tree is not None else 400
    return render_page(request, "org/unit_tree.html", "org/partials/unit_tree.html", context, status=status)


@role_required
@require_GET
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_get_for_user(request.user, pk)
    history = selectors.unit_history(user=request.user, unit=unit)
    memberships = selectors.memberships_of_unit(user=request.user, unit=unit)
    context = {
        "unit": unit,
        "history": history,
        "memberships": memberships,
        "can_manage": access.can_manage_unit(request.user, unit),
    }
    return render(request, "org/unit_detail.html", context)


def _years_visible_to(user: object) -> list[int]:
    """Years that have at least one cluster the user may see, newest first, for the year picker."""
    visible = access.clusters_visible_to(user).values("pk")
    years = ClusterYear.objects.filter(cluster__in=visible).values_list("year", flat=True).distinct()
    return sorted(set(years), reverse=True)


@role_required
@require_GET
def cluster_years(request: HttpRequest) -> HttpResponse:
    years = _years_visible_to(request.user)
    this_year = timezone.localdate().year
    default_year = this_year if this_year in years or not years else years[0]
    data = {"year": request.GET.get("year") or str(default_year), "kind": request.GET.get("kind", "")}
    form = ClusterYearFilterForm(data, years=years or [this_year])
    items: list[ClusterYear] = []
    if form.is_valid():
        found = selectors.cluster_years_of_year(user=request.user, year=form.cleaned_data["year"])
        if form.cleaned_data["kind"]:
            found = found.filter(cluster__kind=form.cleaned_data["kind"])
        items = list(found)
    context = {
        "form": form,
        "cluster_years": items,
        "year": form.cleaned_data.get("year"),
        "can_manage": access.is_board_admin_anywhere(request.user),
    }
    return render_page(request, "org/cluster_years.html", "org/partials/cluster_years.html", context)


@role_required
@require_GET
def cluster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = selectors.cluster_get_for_user(request.user, pk)
    context = {
        "cluster": cluster,
        "years": list(selectors.cluster_year_list(user=request.user, cluster=cluster)),
        "leaders": selectors.leadership_history(user=request.user, cluster=cluster),
        "can_manage": access.can_manage_cluster(request.user, cluster),
    }
    return render(request, "org/cluster_detail.html", context)


@role_required
@require_GET
def cluster_year_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = selectors.cluster_year_get_for_user(request.user, pk)
    context = {
        "cluster_year": cluster_year,
        "can_manage": access.can_manage_cluster(request.user, cluster_year.cluster),
    }
    return render(request, "org/cluster_year_detail.html", context)
