"""Pages of frameworks, the framework editor (HTMX), agreements with their targets, imports, exports and scores.
Views stay thin: selectors read, services write, refusals become 403/404 through role_required."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts import access
from thidua.accounts.access import Actor
from thidua.agreements import documents, framework_files, packaging, permissions, selectors
from thidua.agreements.describe import policy_text, tie_break_text
from thidua.agreements.forms import (
    FrameworkCreateForm,
    FrameworkImportForm,
    ImportForm,
    NodeForm,
    PublishForm,
    ReasonForm,
    SettingsForm,
    TargetForm,
    node_initial,
    settings_initial,
)
from thidua.agreements.models import FrameworkVersion, VersionStatus
from thidua.agreements.services import agreements as agreement_services
from thidua.agreements.services import frameworks as framework_services
from thidua.agreements.services import imports as import_services
from thidua.agreements.services import snapshots as snapshot_services
from thidua.core.errors import Conflict, InvalidInput, ThiduaError
from thidua.core.htmx import is_fragment_request, render_page
from thidua.core.views import role_required
from thidua.org.models import Unit
from thidua.packages.writer import dump_json, dump_yaml


def _actor(request: HttpRequest) -> Actor:
    user = request.user
    # role_required let only logged-in users with a role through.
    assert user.is_authenticated
    return user


# --- frameworks -------------------------------------------------------------------------------------------


@role_required
@require_http_methods(["GET", "POST"])
def framework_list(request: HttpRequest) -> HttpResponse:
    frameworks = list(selectors.framework_list(user=request.user))
    provinces = Unit.objects.filter(
        pk__in=access.provinces_with_role(request.user, {"board_admin"}), province__isnull=True
    )
    form = FrameworkCreateForm(request.POST or None)
    if request.method == "POST":
        province = provinces.first()
        if province is None:
            raise PermissionDenied(_("Chỉ Ban Thi đua – Khen thưởng được tạo thang điểm."))
        if form.is_valid():
            try:
                version = framework_services.framework_create(
                    actor=_actor(request), province=province, name=form.cleaned_data["name"]
                )
            except ThiduaError as exc:
                form.add_error("name", exc.message)
            else:
                return redirect("agreements:framework_editor", version.pk)
    context = {
        "frameworks": frameworks,
        "form": form,
        "import_form": FrameworkImportForm(),
        "can_create": provinces.exists(),
    }
    return render(request, "agreements/framework_list.html", context, status=400 if form.errors else 200)


def _framework_context(version: FrameworkVersion, user: Any) -> dict[str, Any]:
    _, problems = documents.read_framework(version.document)
    found = documents.findings(version.document, problems)
    return {
        "version": version,
        "document": version.document,
        "rows": selectors.framework_rows(version.document, found),
        "findings": found,
        "policy": policy_text(str(version.document.get("not_applicable", "renormalize"))),
        "tie_break": tie_break_text(version.document.get("tie_break")),
        "frozen": framework_services.is_frozen(version),
        "can_edit": permissions.can_edit_frameworks(user, version.framework.province_id),
        "versions": version.framework.versions.all(),
    }


@role_required
@require_GET
def framework_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.framework_version_get_for_user(request.user, pk)
    return render(request, "agreements/framework_detail.html", _framework_context(version, request.user))


def _editor(
    request: HttpRequest,
    version: FrameworkVersion,
    *,
    panel: str = "",
    form: Any = None,
    path: str = "",
    status: int = 200,
) -> HttpResponse:
    context = _framework_context(version, request.user) | {
        "panel": panel,
        "form": form,
        "path": path,
        "publish_form": PublishForm(),
    }
    return render_page(
        request, "agreements/framework_editor.html", "agreements/partials/editor.html", context, status=status
    )


def _after_write(request: HttpRequest, old: FrameworkVersion, new: FrameworkVersion) -> HttpResponse:
    if new.pk != old.pk:
        # The edited version was frozen: the change went to a new draft, and the editor follows it there.
        url = reverse("agreements:framework_editor", args=[new.pk])
        if is_fragment_request(request):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
    if not is_fragment_request(request):
        return redirect("agreements:framework_editor", new.pk)
    return _editor(request, new)


@role_required
@require_GET
def framework_editor(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.framework_version_get_for_user(request.user, pk, write=True)
    return _editor(request, version)


@role_required
@require_http_methods(["GET", "POST"])
def framework_settings(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.framework_version_get_for_user(request.user, pk, write=True)
    if request.method == "GET":
        return _editor(
            request, version, panel="settings", form=SettingsForm(initial=settings_initial(version.document))
        )
    form = SettingsForm(request.POST)
    if not form.is_valid():
        return _editor(request, version, panel="settings", form=form, status=400)
    new = framework_services.framework_settings_update(
        actor=_actor(request), version=version, settings=form.built
    )
    return _after_write(request, version, new)


def _node_form(request: HttpRequest, version: FrameworkVersion, path: str, *, adding: bool) -> NodeForm:
    node = {} if adding else documents.node_at(version.document, documents.parse_path(path))
    group = bool(node.get("children"))
    if request.method == "POST":
        return NodeForm(request.POST, group=group)
    initial = node_initial(node) if node else {"rule_type": "ratio"}
    if "rule_type" in request.GET:
        initial["rule_type"] = request.GET["rule_type"]
        initial |= {k: v for k, v in request.GET.items() if k != "rule_type"}
    return NodeForm(initial=initial, group=group)


def _path(text: str) -> documents.NodePath:
    try:
        return documents.parse_path(text)
    except ValueError as exc:
        raise Http404(_("Không tìm thấy tiêu chí.")) from exc


@role_required
@require_http_methods(["GET", "POST"])
def framework_node_add(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.framework_version_get_for_user(request.user, pk, write=True)
    parent = request.GET.get("parent", "") or request.POST.get("parent", "")
    parent_path = _path(parent)
    try:
        if parent_path:
            documents.node_at(version.document, parent_path)
        form = _node_form(request, version, "", adding=True)
    except KeyError as exc:
        raise Http404(_("Không tìm thấy tiêu chí.")) from exc
    if request.method == "GET" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return _editor(request, version, panel="add", form=form, path=parent, status=status)
    new = framework_services.framework_node_add(
        actor=_actor(request), version=version, parent=parent_path, node=form.built
    )
    return _after_write(request, version, new)


@role_required
@require_http_methods(["GET", "POST"])
def framework_node_edit(request: HttpRequest, pk: int, path: str) -> HttpResponse:
    version = selectors.framework_version_get_for_user(request.user, pk, write=True)
    node_path = _path(path)
    try:
        form = _node_form(request, version, path, adding=False)
    except KeyError as exc:
        raise Http404(_("Không tìm thấy tiêu chí.")) from exc
    if request.method == "GET" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return _editor(request, version, panel="edit", form=form, path=path, status=status)
    new = framework_services.framework_node_update(
        actor=_actor(request), version=version, path=node_path, node=form.built
    )
    return _after_write(request, version, new)


@role_required
@require_POST
def framework_node_delete(request: HttpRequest, pk: int, path: str) -> HttpResponse:
    version = selectors.framework_version_get_for_user(request.user, pk, write=True)
    new = framework_services.framework_node_delete(actor=_actor(request), version=version, path=_path(path))
    return _after_write(request, version, new)


@role_required
@require_POST
def framework_node_move(request: HttpRequest, pk: int, path: str) -> HttpResponse:
    version = selectors.framework_version_get_for_user(request.user, pk, write=True)
    offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        new = framework_services.framework_node_move(
            actor=_actor(request), version=version, path=_path(path), offset=offset
        )
    except InvalidInput as exc:
        messages.warning(request, exc.message)
        return _editor(request, version)
    return _after_write(request, version, new)


@role_required
@require_POST
def framework_publish(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.framework_version_get_for_user(request.user, pk, write=True)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            framework_services.framework_version_publish(
                actor=_actor(request), version=version, **form.cleaned_data
            )
        except ThiduaError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã ban hành thang điểm."))
            return redirect("agreements:framework_detail", version.pk)
    context = _framework_context(version, request.user) | {"panel": "", "publish_form": form}
    return render_page(
        request, "agreements/framework_editor.html", "agreements/partials/editor.html", context, status=400
    )


@role_required
@require_POST
def framework_copy(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.framework_version_get_for_user(request.user, pk, write=True)
    name = request.POST.get("name") or framework_services.next_year_name(version.framework.name)
    try:
        copied = framework_services.framework_copy(actor=_actor(request), version=version, name=name)
    except ThiduaError as exc:
        messages.error(request, exc.message)
        return redirect("agreements:framework_detail", version.pk)
    return redirect("agreements:framework_editor", copied.pk)


@role_required
@require_GET
def framework_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The version as a framework file: the framework and its legal basis, nothing of any cluster."""
    version = selectors.framework_version_get_for_user(request.user, pk)
    if fmt == "yaml":
        response = HttpResponse(
            framework_files.framework_yaml(version), content_type="application/yaml; charset=utf-8"
        )
    elif fmt == "json":
        response = HttpResponse(
            framework_files.framework_json(version), content_type="application/json; charset=utf-8"
        )
    elif fmt == "xlsx":
        response = HttpResponse(
            framework_files.framework_workbook(version),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404(_("Không có định dạng này."))
    response["Content-Disposition"] = (
        f'attachment; filename="thang-diem-{version.framework_id}-phien-ban-{version.number}.{fmt}"'
    )
    return response


@role_required
@require_POST
def framework_import(request: HttpRequest) -> HttpResponse:
    province = Unit.objects.filter(
        pk__in=access.provinces_with_role(request.user, {"board_admin"}), province__isnull=True
    ).first()
    if province is None:
        raise PermissionDenied(_("Chỉ Ban Thi đua – Khen thưởng được nhập thang điểm."))
    form = FrameworkImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version, created = framework_services.framework_import(
                actor=_actor(request),
                province=province,
                file_name=upload.name or "",
                content=upload.read(),
                name=form.cleaned_data["name"],
            )
        except InvalidInput as exc:
            form.add_error("name" if exc.field == "name" else "file", exc.message)
            for problem in exc.details.get("problems", [])[:30]:
                form.add_error("file", problem)
        else:
            if created:
                messages.success(request, _("Đã nhập %(version)s.") % {"version": version})
            else:
                messages.info(
                    request,
                    _(
                        "Thang điểm trong tệp giống hệt %(version)s: dùng lại phiên bản này, không tạo phiên bản mới."
                    )
                    % {"version": version},
                )
            return redirect("agreements:framework_detail", version.pk)
    frameworks = list(selectors.framework_list(user=request.user))
    context = {
        "frameworks": frameworks,
        "form": FrameworkCreateForm(),
        "import_form": form,
        "can_create": True,
    }
    return render(request, "agreements/framework_list.html", context, status=400)


# --- agreements -------------------------------------------------------------------------------------------


@role_required
@require_GET
def agreement_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.agreement_index(user=request.user)
    return render(request, "agreements/agreement_list.html", {"rows": rows})


def _agreement_page(
    request: HttpRequest, cluster_year: Any, agreement: Any, *, status: int = 200, error: str = ""
) -> HttpResponse:
    members, rows = selectors.targets_table(agreement) if agreement else ([], [])
    can_import = permissions.can_import(request.user, cluster_year)
    progress = selectors.year_progress(cluster_year)
    context = {
        "cluster_year": cluster_year,
        "agreement": agreement,
        "members": members,
        "rows": rows,
        "can_edit": permissions.can_edit_targets(request.user, cluster_year),
        "can_import": can_import,
        "can_view_scores": permissions.can_view_scores(request.user, cluster_year),
        "progress": progress,
        "rule_before_signing": agreement_services.RULE_BEFORE_SIGNING,
        "can_choose_framework": can_import and not progress.signing_started,
        "versions": list(selectors.published_versions(cluster_year.cluster.province_id))
        if can_import
        else [],
        "previous_version": selectors.previous_year_version(cluster_year),
        "error": error,
        # Issue 11 item 8: a target-based criterion a member has no target for is named here, not silent.
        "target_warnings": (
            [warning.message for warning in packaging.agreement_package(agreement).warnings()]
            if agreement
            else []
        ),
    }
    return render(request, "agreements/agreement_detail.html", context, status=status)


@role_required
@require_GET
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year, agreement = selectors.cluster_year_for_agreement(request.user, pk)
    return _agreement_page(request, cluster_year, agreement)


@role_required
@require_POST
def agreement_framework(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach the chosen published version (or change to it), with a confirmation when that drops figures."""
    cluster_year, agreement = selectors.cluster_year_for_agreement(request.user, pk)
    if not permissions.can_import(request.user, cluster_year):
        raise PermissionDenied(
            _("Chỉ Ban Thi đua – Khen thưởng của tỉnh được chọn thang điểm cho giao ước của cụm, khối.")
        )
    try:
        version = selectors.framework_version_get_for_user(request.user, int(request.POST.get("version", "")))
    except ValueError as exc:
        raise Http404(_("Không tìm thấy thang điểm hoặc bạn không có quyền xem.")) from exc
    try:
        agreement_services.agreement_framework_set(
            actor=_actor(request),
            cluster_year=cluster_year,
            framework_version=version,
            confirm_losses=request.POST.get("confirm") == "1",
            reason=request.POST.get("reason", ""),
        )
    except InvalidInput as exc:
        if "losses" in exc.details:
            context = {
                "cluster_year": cluster_year,
                "agreement": agreement,
                "version": version,
                "losses": selectors.framework_change_losses(agreement, version) if agreement else [],
                "message": exc.message,
            }
            return render(request, "agreements/agreement_framework_confirm.html", context, status=400)
        return _agreement_page(request, cluster_year, agreement, status=400, error=exc.message)
    except Conflict as exc:
        return _agreement_page(request, cluster_year, agreement, status=409, error=exc.message)
    messages.success(
        request,
        _("Đã gắn thang điểm %(version)s vào giao ước %(year)s.")
        % {"version": version, "year": cluster_year},
    )
    return redirect("agreements:agreement_detail", cluster_year.pk)


@role_required
@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest, pk: int, unit: int, criterion: str) -> HttpResponse:
    cluster_year, agreement = selectors.cluster_year_for_agreement(request.user, pk)
    if agreement is None or not permissions.can_edit_targets(request.user, cluster_year):
        raise PermissionDenied(
            _("Chỉ Ban Thi đua – Khen thưởng hoặc cụm trưởng, khối trưởng được sửa chỉ tiêu.")
        )
    membership = cluster_year.memberships.select_related("unit").filter(unit_id=unit).first()
    if membership is None:
        raise Http404(_("Đơn vị không thuộc cụm năm này."))
    line = agreement.lines.filter(unit_id=unit, criterion=criterion).first()
    form = TargetForm(
        request.POST or None,
        initial={"target": line.target if line else "", "source": line.target_source if line else ""},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                agreement_services.target_set(
                    actor=_actor(request),
                    agreement=agreement,
                    unit=membership.unit,
                    criterion=criterion,
                    target=packaging.as_decimal(form.cleaned_data["target"]),
                    source=form.cleaned_data["source"],
                    reason=form.cleaned_data["reason"],
                )
            except InvalidInput as exc:
                form.add_error("target" if exc.field == "target" else None, exc.message)
            else:
                messages.success(request, _("Đã lưu chỉ tiêu."))
                return redirect("agreements:agreement_detail", cluster_year.pk)
        status = 400
    context = {"cluster_year": cluster_year, "unit": membership.unit, "criterion": criterion, "form": form}
    return render(request, "agreements/target_edit.html", context, status=status)


@role_required
@require_GET
def agreement_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    cluster_year, agreement = selectors.cluster_year_for_agreement(request.user, pk)
    if agreement is None or not permissions.can_export_package(request.user, cluster_year):
        raise Http404(_("Năm thi đua này chưa có giao ước."))
    package = packaging.agreement_package(agreement)
    name = f"{cluster_year.cluster.code}-{cluster_year.year}"
    if fmt == "yaml":
        response = HttpResponse(dump_yaml(package), content_type="application/yaml; charset=utf-8")
    elif fmt == "json":
        response = HttpResponse(dump_json(package), content_type="application/json; charset=utf-8")
    elif fmt == "xlsx" and packaging.workbook_writer() is not None:
        writer = packaging.workbook_writer()
        assert writer is not None
        response = HttpResponse(
            writer(package), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        raise Http404(_("Không có định dạng này."))
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


# --- imports ----------------------------------------------------------------------------------------------


@role_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year, _agreement = selectors.cluster_year_for_agreement(request.user, pk)
    if not permissions.can_import(request.user, cluster_year):
        raise PermissionDenied(_("Chỉ Ban Thi đua – Khen thưởng của tỉnh được nhập gói dữ liệu."))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = import_services.package_import_upload(
                actor=_actor(request),
                cluster_year=cluster_year,
                file_name=upload.name or "",
                content=upload.read(),
            )
        except (InvalidInput, Conflict) as exc:
            form.add_error("file", exc.message)
            status = 409 if isinstance(exc, Conflict) else 400
        else:
            return redirect("agreements:import_preview", created.pk)
    else:
        status = 400 if form.errors else 200
    progress = selectors.year_progress(cluster_year)
    context = {
        "cluster_year": cluster_year,
        "form": form,
        "progress": progress,
        "rule_before_signing": agreement_services.RULE_BEFORE_SIGNING,
    }
    return render(request, "agreements/import_upload.html", context, status=status)


@role_required
@require_GET
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    package_import = selectors.package_import_get_for_user(request.user, pk)
    preview = import_services.package_import_preview(package_import)
    context = {
        "package_import": package_import,
        "cluster_year": package_import.cluster_year,
        "preview": preview,
    }
    return render(request, "agreements/import_preview.html", context)


@role_required
@require_POST
def import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    package_import = selectors.package_import_get_for_user(request.user, pk)
    try:
        import_services.package_import_apply(actor=_actor(request), package_import=package_import)
    except ThiduaError as exc:
        messages.error(request, exc.message)
        return redirect("agreements:import_preview", package_import.pk)
    messages.success(request, _("Đã nhập gói dữ liệu %(name)s.") % {"name": package_import.file_name})
    return redirect("agreements:agreement_detail", package_import.cluster_year_id)


@role_required
@require_POST
def import_discard(request: HttpRequest, pk: int) -> HttpResponse:
    """Hủy: the uploaded file is set aside and nothing of the year changes."""
    package_import = selectors.package_import_get_for_user(request.user, pk)
    try:
        import_services.package_import_discard(actor=_actor(request), package_import=package_import)
    except ThiduaError as exc:
        messages.error(request, exc.message)
        return redirect("agreements:import_preview", package_import.pk)
    messages.info(
        request, _("Đã hủy tệp %(name)s; năm thi đua không thay đổi.") % {"name": package_import.file_name}
    )
    return redirect("agreements:agreement_detail", package_import.cluster_year_id)


# --- scores -----------------------------------------------------------------------------------------------


@role_required
@require_http_methods(["GET", "POST"])
def snapshot_list(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year, agreement = selectors.cluster_year_for_agreement(request.user, pk)
    if not permissions.can_view_scores(request.user, cluster_year):
        raise PermissionDenied(_("Bạn không có quyền xem kết quả chấm điểm chưa công bố của cụm này."))
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            snapshot = snapshot_services.snapshot_create(
                actor=_actor(request), cluster_year=cluster_year, reason=form.cleaned_data["reason"]
            )
        except ThiduaError as exc:
            form.add_error(None, exc.message)
            for problem in exc.details.get("problems", [])[:20]:
                form.add_error(None, problem)
        else:
            return redirect("agreements:snapshot_detail", snapshot.pk)
    context = {
        "cluster_year": cluster_year,
        "agreement": agreement,
        "snapshots": list(selectors.snapshot_list(user=request.user, cluster_year=cluster_year)),
        "form": form,
        "can_score": permissions.can_score(request.user, cluster_year),
    }
    return render(request, "agreements/snapshot_list.html", context, status=400 if form.errors else 200)


@role_required
@require_GET
def snapshot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = selectors.snapshot_get_for_user(request.user, pk)
    others = selectors.snapshot_list(user=request.user, cluster_year=snapshot.cluster_year).exclude(
        pk=snapshot.pk
    )
    titles = {
        node["code"]: node["title"] for _path, node in documents.walk(snapshot.framework_version.document)
    }
    units = [
        unit | {"node_rows": [(code, titles.get(code, ""), node) for code, node in unit["nodes"].items()]}
        for unit in snapshot.results["units"]
    ]
    context = {"snapshot": snapshot, "units": units, "others": others}
    return render(request, "agreements/snapshot_detail.html", context)


@role_required
@require_GET
def snapshot_compare(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    before = selectors.snapshot_get_for_user(request.user, other)
    after = selectors.snapshot_get_for_user(request.user, pk)
    if before.cluster_year_id != after.cluster_year_id:
        raise Http404(_("Hai kết quả không cùng một năm thi đua."))
    context = {"before": before, "after": after, "differences": selectors.snapshot_compare(before, after)}
    return render(request, "agreements/snapshot_compare.html", context)


__all__ = ["VersionStatus"]
