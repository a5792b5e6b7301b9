"""Pages of reports: a cluster-year's report with the leader's sections, the province's year, a document's
progress (polled by HTMX) and its download, which checks access on every request."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.core.errors import ThiduaError
from thidua.core.jobs import JobStatus
from thidua.core.views import role_required
from thidua.reporting import permissions, selectors, services
from thidua.reporting.forms import RequestForm, SectionForm
from thidua.reporting.models import GeneratedDocument, SectionKind

CONTENT_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@role_required
@require_GET
def report_index(request: HttpRequest) -> HttpResponse:
    return render(request, "reporting/index.html", {"index": selectors.report_index(user=request.user)})


def _cluster_context(request: HttpRequest, pk: int, **forms: Any) -> dict[str, Any]:
    cluster_year = selectors.cluster_year_for_reports(request.user, pk)
    sections = selectors.leader_sections(cluster_year=cluster_year)
    section_forms = forms.get("section_forms", {})
    return {
        "cluster_year": cluster_year,
        "sections": [
            (
                view,
                section_forms.get(view.kind)
                or SectionForm(initial={"text": view.text, "version": view.version}),
            )
            for view in sections
        ],
        "can_write": permissions.can_write_sections(request.user, cluster_year),
        "can_request": permissions.can_request_cluster_report(request.user, cluster_year),
        "can_read": permissions.can_read_cluster_report(request.user, cluster_year),
        "request_form": forms.get("request_form") or RequestForm(),
        "documents": list(selectors.documents_of_cluster_year(user=request.user, cluster_year=cluster_year)),
    }


@role_required
@require_GET
def cluster_report(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "reporting/cluster_report.html", _cluster_context(request, pk))


@role_required
@require_POST
def section_save(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    cluster_year = selectors.cluster_year_for_reports(request.user, pk)
    if kind not in SectionKind.values:
        raise Http404(_("Không có phần báo cáo này."))
    if not permissions.can_write_sections(request.user, cluster_year):
        raise PermissionDenied(
            _("Chỉ cụm trưởng, khối trưởng của năm này được viết phần hạn chế và phương hướng.")
        )
    form = SectionForm(request.POST)
    if form.is_valid():
        try:
            services.leader_section_save(
                actor=request.user,  # type: ignore[arg-type]
                cluster_year=cluster_year,
                kind=kind,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except ThiduaError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Đã lưu phần “%(label)s”.") % {"label": SectionKind(kind).label})
            return redirect("reporting:cluster", pk=pk)
    context = _cluster_context(request, pk, section_forms={kind: form})
    return render(request, "reporting/cluster_report.html", context, status=400)


@role_required
@require_POST
def cluster_request(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = selectors.cluster_year_for_reports(request.user, pk)
    if not permissions.can_request_cluster_report(request.user, cluster_year):
        raise PermissionDenied(
            _("Chỉ Ban Thi đua – Khen thưởng hoặc cụm trưởng, khối trưởng được tạo báo cáo.")
        )
    form = RequestForm(request.POST)
    if form.is_valid():
        try:
            services.cluster_report_request(
                actor=request.user,  # type: ignore[arg-type]
                cluster_year=cluster_year,
                fmt=form.cleaned_data["format"],
            )
        except ThiduaError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Đã gửi yêu cầu tạo báo cáo; trang sẽ tự cập nhật tiến độ."))
            return redirect("reporting:cluster", pk=pk)
    context = _cluster_context(request, pk, request_form=form)
    return render(request, "reporting/cluster_report.html", context, status=400)


def _province_context(request: HttpRequest, pk: int, year: int, **forms: Any) -> dict[str, Any]:
    province = selectors.province_for_reports(request.user, pk)
    return {
        "province": province,
        "year": year,
        "years": selectors.years_with_results(province),
        "can_request": permissions.can_request_province_report(request.user, province.pk),
        "request_form": forms.get("request_form") or RequestForm(),
        "documents": list(
            selectors.documents_of_province_year(user=request.user, province=province, year=year)
        ),
    }


@role_required
@require_GET
def province_report(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    return render(request, "reporting/province_report.html", _province_context(request, pk, year))


@role_required
@require_POST
def province_request(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    province = selectors.province_for_reports(request.user, pk)
    if not permissions.can_request_province_report(request.user, province.pk):
        raise PermissionDenied(_("Chỉ Ban Thi đua – Khen thưởng của tỉnh được tạo báo cáo toàn tỉnh."))
    form = RequestForm(request.POST)
    if form.is_valid():
        try:
            services.province_report_request(
                actor=request.user,  # type: ignore[arg-type]
                province=province,
                year=year,
                fmt=form.cleaned_data["format"],
            )
        except ThiduaError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Đã gửi yêu cầu tạo báo cáo; trang sẽ tự cập nhật tiến độ."))
            return redirect("reporting:province", pk=pk, year=year)
    context = _province_context(request, pk, year, request_form=form)
    return render(request, "reporting/province_report.html", context, status=400)


@role_required
@require_GET
def document_status(request: HttpRequest, pk: int) -> HttpResponse:
    """One row of the document table; while the work goes on, the row asks for itself again (HTMX polling)."""
    document = selectors.document_get_for_user(request.user, pk)
    return render(request, "reporting/partials/document_row.html", {"document": document})


@role_required
@require_GET
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    document: GeneratedDocument = selectors.document_get_for_user(request.user, pk)
    if document.status != JobStatus.DONE or not document.file.name:
        raise Http404(_("Tài liệu chưa tạo xong."))
    handle = default_storage.open(document.file.name, "rb")
    response = FileResponse(
        handle, as_attachment=True, filename=document.file_name, content_type=CONTENT_TYPES[document.format]
    )
    # A score report must not stay in a shared cache or a proxy.
    response["Cache-Control"] = "private, no-store"
    # FileResponse streams the file; the site's view type names HttpResponse, which it is in every way used here.
    return cast(HttpResponse, response)
