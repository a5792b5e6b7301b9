"""Links from a cluster-year to its pages in the other areas. It lives above the areas (like the home page) so
that core, which every area imports, imports none of them."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.accounts import access
from thidua.agreements import permissions as agreements
from thidua.org.models import ClusterYear
from thidua.reporting import permissions as reporting

register = template.Library()


@register.inclusion_tag("partials/cluster_year_links.html", takes_context=True)
def cluster_year_links(context: dict[str, Any], cluster_year: ClusterYear) -> dict[str, Any]:
    """The pages of a cluster-year in the other areas, each shown only when the checks of its view let the user
    open it: the agreement, the scores and ranking, the conference, the report and the year's movements."""
    user = context["request"].user
    links: list[tuple[str, str]] = []
    if not access.has_any_role(user) or not access.can_view_cluster_year(user, cluster_year):
        return {"links": links}
    pk = cluster_year.pk
    if agreements.can_view_agreement(user, cluster_year):
        links.append((_("Giao ước thi đua"), reverse("agreements:agreement_detail", args=[pk])))
    if agreements.can_view_scores(user, cluster_year):
        links.append((_("Chấm điểm, xếp hạng"), reverse("agreements:snapshot_list", args=[pk])))
    links.append((_("Hội nghị tổng kết"), reverse("conference:cluster_year", args=[pk])))
    if reporting.can_read_cluster_report(user, cluster_year) or reporting.can_write_sections(
        user, cluster_year
    ):
        links.append((_("Báo cáo tổng kết"), reverse("reporting:cluster", args=[pk])))
    movements = f"{reverse('movements:list')}?year={cluster_year.year}"
    links.append((_("Phong trào thi đua năm %(year)s") % {"year": cluster_year.year}, movements))
    return {"links": links}
