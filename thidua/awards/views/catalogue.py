"""The award catalogue and base salaries as stored in the database; the board edits an award."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts import access
from thidua.awards.forms import CatalogueAwardForm
from thidua.awards.models import BaseSalary, CatalogueAward
from thidua.awards.services import catalogue as catalogue_services
from thidua.awards.views.common import form_refusal
from thidua.core.errors import ThiduaError
from thidua.core.views import role_required


@role_required
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    """The catalogue by legal regime, newest first: each form with its legal basis and the decree's reward."""
    awards = list(CatalogueAward.objects.all())
    context = {
        "regimes": catalogue_services.catalogue_by_regime() if awards else [],
        "awards": awards,
        "salaries": BaseSalary.objects.all(),
        "can_edit": access.is_board_admin_anywhere(request.user),
    }
    return render(request, "awards/catalogue.html", context)


@role_required
@require_POST
def catalogue_refresh(request: HttpRequest) -> HttpResponse:
    try:
        changed = catalogue_services.catalogue_refresh(actor=request.user)
    except ThiduaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Đã cập nhật %(count)s hình thức khen thưởng theo văn bản mới.") % {"count": changed}
        )
    return redirect("awards:catalogue")


@role_required
@require_POST
def catalogue_load(request: HttpRequest) -> HttpResponse:
    try:
        count = catalogue_services.catalogue_load(actor=request.user)
    except ThiduaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã nạp %(count)s hình thức khen thưởng.") % {"count": count})
    return redirect("awards:catalogue")


@role_required
@require_http_methods(["GET", "POST"])
def catalogue_award_edit(request: HttpRequest, code: str) -> HttpResponse:
    if not access.is_board_admin_anywhere(request.user):
        raise PermissionDenied(_("Chỉ Ban Thi đua – Khen thưởng được sửa danh mục khen thưởng."))
    award = CatalogueAward.objects.filter(code=code).first()
    if award is None:
        raise Http404(_("Không có hình thức khen thưởng này."))
    initial = {
        "name": award.name,
        "decided_by": award.decided_by,
        "coefficient": award.coefficient,
        "rules": award.rules,
    }
    form = CatalogueAwardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            catalogue_services.catalogue_award_update(actor=request.user, code=code, **form.cleaned_data)
        except ThiduaError as exc:
            form_refusal(form, exc)
        else:
            messages.success(request, _("Đã lưu hình thức khen thưởng."))
            return redirect("awards:catalogue")
    status = 400 if form.errors else 200
    return render(request, "awards/catalogue_edit.html", {"form": form, "award": award}, status=status)
