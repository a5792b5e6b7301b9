"""Imports from .xlsx: the form sends the file to the worker, and a page follows the import until it is done
(a summary and a link to the register) or refused (the errors by row and column; nothing written)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thidua.awards import selectors
from thidua.awards.forms import ImportForm
from thidua.awards.importing import IMPORT_COLUMNS, SUBJECT_COLUMNS
from thidua.awards.models import ImportKind, RegisterImport
from thidua.awards.services import imports as import_services
from thidua.awards.views.common import form_refusal
from thidua.core.errors import NotFound, ThiduaError
from thidua.core.htmx import render_page
from thidua.core.views import role_required
from thidua.org.models import Unit

PAGES = {
    ImportKind.REGISTER: ("awards/import.html", IMPORT_COLUMNS),
    ImportKind.SUBJECTS: ("awards/subject_import.html", SUBJECT_COLUMNS),
}
RECENT = 5


def _refusal(kind: str) -> str:
    if kind == ImportKind.REGISTER:
        return _("Chỉ Ban Thi đua – Khen thưởng được thực hiện thao tác này.")
    return _("Bạn không có quyền nhập đối tượng khen thưởng.")


def _import_page(request: HttpRequest, kind: ImportKind) -> HttpResponse:
    provinces = import_services.import_provinces(request.user, kind)
    if not provinces:
        raise PermissionDenied(_refusal(kind))
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        provinces=Unit.objects.filter(pk__in=provinces, province__isnull=True),
        register=kind == ImportKind.REGISTER,
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = import_services.import_request(
                actor=request.user,
                kind=kind,
                province=form.cleaned_data["province"],
                upload=form.cleaned_data["file"],
                **({"on_existing": form.cleaned_data["on_existing"]} if kind == ImportKind.REGISTER else {}),
            )
        except ThiduaError as exc:
            if exc.code == "access_denied":
                raise PermissionDenied(exc.message) from exc
            form_refusal(form, exc)
        else:
            return redirect("awards:import_status", pk=job.pk)
    template, columns = PAGES[kind]
    context = {
        "form": form,
        "columns": [title for _field, title in columns],
        "recent": selectors.imports_of_user(request.user, kind)[:RECENT],
    }
    return render(request, template, context, status=400 if form.errors else 200)


@role_required
@require_http_methods(["GET", "POST"])
def register_import(request: HttpRequest) -> HttpResponse:
    return _import_page(request, ImportKind.REGISTER)


@role_required
@require_http_methods(["GET", "POST"])
def subject_import(request: HttpRequest) -> HttpResponse:
    return _import_page(request, ImportKind.SUBJECTS)


def _summary_text(job: RegisterImport) -> str:
    if job.kind == ImportKind.REGISTER:
        text = _("Đã nhập %(records)s khen thưởng của %(decisions)s quyết định mới.") % {
            "records": job.summary.get("records", 0),
            "decisions": job.summary.get("decisions", 0),
        }
        if job.summary.get("skipped"):
            text += " " + _("Bỏ qua %(skipped)s dòng đã có trong sổ.") % {"skipped": job.summary["skipped"]}
        return text
    return _("Đã nhập %(years)s dòng kết quả năm, thêm %(created)s đối tượng mới.") % {
        "years": job.summary.get("years", 0),
        "created": job.summary.get("created", 0),
    }


@role_required
@require_GET
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The import's progress; while the worker is at it, the panel asks for itself again (HTMX polling)."""
    try:
        job = selectors.import_get_for_user(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    context: dict[str, Any] = {
        "job": job,
        "summary_text": _summary_text(job) if job.status == "done" else "",
        "title": ImportKind(job.kind).label,
    }
    return render_page(request, "awards/import_status.html", "awards/partials/import_progress.html", context)
