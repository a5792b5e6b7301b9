"""Subjects of commendation: list, yearly record, and the eligibility answer with the points a person confirms."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts import access
from thidua.awards import selectors
from thidua.awards.forms import SubjectForm, SubjectYearForm, award_choices
from thidua.awards.models import EligibilityConfirmation
from thidua.awards.services import subjects as subject_services
from thidua.awards.views.common import form_refusal, query_without_page
from thidua.core.errors import ThiduaError
from thidua.core.views import role_required
from thidua.eligibility import UnknownAward


def _editable_units(user: object) -> object:
    units = access.units_visible_to(user)
    return (
        units.filter(pk__in=access.officer_units(user)) if not access.is_board_admin_anywhere(user) else units
    )


@role_required
@require_GET
def subject_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    page = Paginator(selectors.subject_list(user=request.user, q=q), 50).get_page(request.GET.get("page"))
    context = {"page_obj": page, "q": q, "query_without_page": query_without_page(request)}
    return render(request, "awards/subjects.html", context)


@role_required
@require_http_methods(["GET", "POST"])
def subject_create(request: HttpRequest) -> HttpResponse:
    units = _editable_units(request.user)
    form = SubjectForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            subject = subject_services.subject_create(actor=request.user, **form.cleaned_data)
        except ThiduaError as exc:
            form_refusal(form, exc)
        else:
            return redirect("awards:subject_detail", pk=subject.pk)
    return render(request, "awards/subject_form.html", {"form": form}, status=400 if form.errors else 200)


@role_required
@require_http_methods(["GET", "POST"])
def subject_detail(request: HttpRequest, pk: int) -> HttpResponse:
    subject = selectors.subject_get_for_user(request.user, pk)
    can_edit = subject_services.can_edit_subjects(request.user, subject.unit)
    year_form = SubjectYearForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("Bạn không có quyền sửa kết quả thi đua của đối tượng này."))
        if year_form.is_valid():
            entry = subject_services.YearEntry(
                year=year_form.cleaned_data["year"],
                rating=year_form.cleaned_data["rating"],
                titles=year_form.titles_list(),
                initiatives=year_form.initiatives_list(),
                discipline=year_form.cleaned_data["discipline"],
            )
            try:
                subject_services.subject_year_set(actor=request.user, subject=subject, entry=entry)
            except ThiduaError as exc:
                form_refusal(year_form, exc)
            else:
                messages.success(request, _("Đã lưu kết quả năm %(year)s.") % {"year": entry.year})
                return redirect("awards:subject_detail", pk=subject.pk)
    award = request.GET.get("award", "")
    year_text = request.GET.get("year", "")
    verdict = None
    problem = ""
    confirmed: dict[str, EligibilityConfirmation] = {}
    if award and year_text.isdigit():
        try:
            verdict = subject_services.subject_check(subject=subject, award_code=award, year=int(year_text))
        except (UnknownAward, ThiduaError) as exc:
            problem = str(getattr(exc, "message", exc))
        confirmed = {
            c.item: c
            for c in subject.confirmations.filter(award_code=award, year=int(year_text)).select_related(
                "confirmed_by"
            )
        }
    names = dict(award_choices())
    context = {
        "subject": subject,
        "years": [
            (row, [names.get(code, code) for code in row.titles]) for row in subject.years.order_by("-year")
        ],
        "awards_held": subject.awards.select_related("award", "decision"),
        "year_form": year_form,
        "can_edit": can_edit,
        "award_choices": award_choices(),
        "award": award,
        "year": year_text or str(timezone.localdate().year - 1),
        "verdict": verdict,
        "problem": problem,
        "confirmed": confirmed,
    }
    return render(request, "awards/subject_detail.html", context, status=400 if year_form.errors else 200)


@role_required
@require_POST
def subject_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    subject = selectors.subject_get_for_user(request.user, pk)
    award = request.POST.get("award", "")
    year = request.POST.get("year", "")
    if not year.isdigit():
        messages.error(request, _("Năm không hợp lệ."))
        return redirect("awards:subject_detail", pk=subject.pk)
    try:
        subject_services.eligibility_confirm(
            actor=request.user,
            subject=subject,
            award_code=award,
            year=int(year),
            items=request.POST.getlist("items"),
        )
    except ThiduaError as exc:
        if exc.code == "access_denied":
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã ghi nhận các điều kiện được xác nhận."))
    query = urlencode({"award": award, "year": year})
    return redirect(f"{reverse('awards:subject_detail', args=[subject.pk])}?{query}")
