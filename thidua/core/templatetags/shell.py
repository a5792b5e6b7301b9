"""The parts of the page frame that depend on who is looking: the navigation and the list of roles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.accounts import access

register = template.Library()


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


@dataclass(frozen=True)
class NavGroup:
    """A dropdown of the menu; a group the user sees a single entry of is shown as that entry alone."""

    label: str
    items: list[NavItem]

    @property
    def current(self) -> bool:
        return any(item.current for item in self.items)


# URL names grouped under each menu entry, so a cluster page lights up "Cụm, khối thi đua".
_SECTIONS = {
    "home": ("home",),
    "tree": ("org:unit_tree", "org:unit_detail"),
    "clusters": ("org:cluster_years", "org:cluster_detail", "org:cluster_year_detail"),
    "units": ("org:unit_list", "org:unit_create", "org:unit_edit", "org:unit_dissolve", "org:unit_merge"),
    "cluster_setup": (
        "org:cluster_list",
        "org:cluster_create",
        "org:cluster_edit",
        "org:cluster_year_open",
        "org:members",
    ),
    "year_open": ("org:province_year_open",),
    "audit": ("audit_log", "object_history"),
    "movements": ("movements:list", "movements:detail", "movements:unit_movements"),
    "reports": ("reporting:index", "reporting:cluster", "reporting:province"),
    "users": ("user_list", "user_create", "user_detail"),
    "cycle": (
        "cycle:list",
        "cycle:open",
        "cycle:detail",
        "cycle:deadlines",
        "cycle:report",
        "cycle:report_upload",
        "cycle:report_upload_apply",
        "cycle:verify_queue",
        "cycle:results",
        "cycle:unit_results",
        "cycle:appeals",
        "cycle:notifications",
    ),
    "conference": ("conference:index", "conference:cluster_year", "conference:ballot"),
    "awards": (
        "awards:register",
        "awards:record_detail",
        "awards:statistics",
        "awards:catalogue",
        "awards:subjects",
    ),
    "dossiers": ("awards:dossiers", "awards:dossier_detail", "awards:dossier_create"),
    "frameworks": (
        "agreements:framework_list",
        "agreements:framework_detail",
        "agreements:framework_editor",
        "agreements:framework_settings",
        "agreements:framework_node_add",
        "agreements:framework_node_edit",
    ),
    "agreements": (
        "agreements:agreement_list",
        "agreements:agreement_detail",
        "agreements:target_edit",
        "agreements:import_upload",
        "agreements:import_preview",
        "agreements:snapshot_list",
        "agreements:snapshot_detail",
        "agreements:snapshot_compare",
    ),
}


@register.inclusion_tag("partials/nav.html", takes_context=True)
def main_nav(context: dict[str, Any]) -> dict[str, Any]:
    """Only the entries the user's roles open, in groups; a user without a role gets the home page alone.
    A group shows only with at least one entry, and as a plain link when it has just one."""
    request: HttpRequest = context["request"]
    user = request.user
    current = request.resolver_match.view_name if request.resolver_match else ""
    organisation: list[tuple[str, str, str]] = []
    emulation: list[tuple[str, str, str]] = []
    commendation: list[tuple[str, str, str]] = []
    reports: list[tuple[str, str, str]] = []
    administration: list[tuple[str, str, str]] = []
    if access.has_any_role(user):
        if access.provinces_with_role(user, access.PROVINCE_READERS):
            organisation.append(("tree", _("Cây đơn vị"), "org:unit_tree"))
        organisation.append(("clusters", _("Cụm, khối thi đua"), "org:cluster_years"))
        if access.board_province_ids(user):
            # The board's set-up pages (thidua.org.setup_views); each checks the province of what it changes.
            organisation.append(("units", _("Quản lý đơn vị"), "org:unit_list"))
            organisation.append(("cluster_setup", _("Quản lý cụm, khối"), "org:cluster_list"))
            organisation.append(("year_open", _("Mở năm thi đua"), "org:province_year_open"))
        # Both pages are open to every role: each lists only what selectors let the user see.
        emulation.append(("frameworks", _("Thang điểm"), "agreements:framework_list"))
        emulation.append(("agreements", _("Giao ước thi đua"), "agreements:agreement_list"))
        # The cycle list asks for a role and lists only the cycles of the clusters the user sees (role_required).
        emulation.append(("cycle", _("Năm thi đua"), "cycle:list"))
        # The conference pages ask for a role and list only the cluster-years the user may see (role_required).
        emulation.append(("conference", _("Hội nghị"), "conference:index"))
        emulation.append(("movements", _("Phong trào thi đua"), "movements:list"))
        # Open to every role: the register and dossiers list only what the awards selectors let the user see.
        commendation.append(("awards", _("Sổ khen thưởng"), "awards:register"))
        commendation.append(("dossiers", _("Hồ sơ khen thưởng"), "awards:dossiers"))
        reports.append(("reports", _("Báo cáo"), "reporting:index"))
    if access.is_board_admin_anywhere(user):
        administration.append(("users", _("Người dùng"), "user_list"))
        administration.append(("audit", _("Nhật ký thay đổi"), "audit_log"))

    def items(wanted: list[tuple[str, str, str]]) -> list[NavItem]:
        return [NavItem(label, reverse(name), current in _SECTIONS[key]) for key, label, name in wanted]

    entries: list[NavItem | NavGroup] = [*items([("home", _("Trang chủ"), "home")])]
    for label, wanted in [
        (_("Tổ chức"), organisation),
        (_("Thi đua"), emulation),
        (_("Khen thưởng"), commendation),
        (_("Báo cáo"), reports),
        (_("Quản trị"), administration),
    ]:
        if len(wanted) == 1:
            entries.extend(items(wanted))
        elif wanted:
            entries.append(NavGroup(label, items(wanted)))
    return {"entries": entries}


@register.simple_tag(takes_context=True)
def role_labels(context: dict[str, Any]) -> list[str]:
    """ "Cụm trưởng, khối trưởng – Cụm thi đua số 1", one line per active role."""
    user = context["request"].user
    return [f"{a.get_role_display()} – {a.scope_name}" for a in access.roles_of(user)]
