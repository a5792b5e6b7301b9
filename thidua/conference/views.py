"""Pages of the year-end conference: the conference of a cluster-year, a ballot (vote, chair's controls, result),
and the documents. Thin: forms read input, services decide and write, refusals become messages or 403/404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.accounts import access
from thidua.conference import documents, forms, permissions, selectors
from thidua.conference.models import Ballot, BallotPurpose, BallotStatus, Candidate, QuestionKind, VetoStatus
from thidua.conference.proposals import RotationMember, rotation_suggestion
from thidua.conference.results import final_results
from thidua.conference.services import ballots as ballot_services
from thidua.conference.services import dossiers as dossier_services
from thidua.conference.services import meeting
from thidua.conference.tally import Share, Threshold
from thidua.core.errors import AccessDenied, ThiduaError
from thidua.core.views import role_required
from thidua.org.models import ClusterYear, Unit


def _actor(request: HttpRequest) -> User:
    # role_required has already turned away anonymous visitors; this only tells the type checker.
    return cast(User, request.user)


def _cluster_year_url(cluster_year: ClusterYear) -> str:
    return reverse("conference:cluster_year", args=[cluster_year.pk])


def _ballot_url(ballot: Ballot) -> str:
    return reverse("conference:ballot", args=[ballot.pk])


def _run(request: HttpRequest, action: Callable[[], Any], success: str, back: str) -> HttpResponseRedirect:
    """Run a service; refusals other than access become a message on the page the user came from."""
    try:
        action()
    except AccessDenied:
        raise
    except ThiduaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(back)


def _form_errors(request: HttpRequest, form: Any, back: str) -> HttpResponseRedirect:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
    return redirect(back)


def _member_units(cluster_year: ClusterYear) -> Any:
    return Unit.objects.filter(memberships__cluster_year=cluster_year).order_by("memberships__order")


def _rule(form: Any) -> Threshold:
    comparison, numerator, denominator = forms.THRESHOLDS[form.cleaned_data["threshold"]]
    return Threshold(
        Share(numerator, denominator), comparison, "cast" if form.cleaned_data["base"] == "cast" else "voters"
    )


@role_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    years = list(selectors.cluster_years_for_user(request.user))
    return render(request, "conference/index.html", {"cluster_years": years})


@role_required
@require_GET
def cluster_year_page(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = selectors.cluster_year_get_for_user(request.user, pk)
    chair = permissions.can_chair_cluster_year(request.user, cluster_year)
    conference = selectors.conference_of(cluster_year)
    members = list(cluster_year.memberships.select_related("unit").order_by("order", "id"))
    results = final_results(cluster_year)
    units = _member_units(cluster_year)
    leading = next((u for u in results.units if u.rank == 1), None) if results else None
    leading_unit = next((m.unit for m in members if leading and m.unit.code == leading.code), None)
    suggestion = rotation_suggestion(
        [RotationMember(m.unit.code, m.unit.name, m.order, m.role) for m in members],
        leading_unit=leading.code if leading else None,
    )
    suggested = [m.unit for m in members if m.unit.code in (suggestion.leader, suggestion.deputy)]
    context: dict[str, Any] = {
        "cluster_year": cluster_year,
        "conference": conference,
        "members": members,
        "results": results,
        "vetoes": list(selectors.vetoes_of(user=request.user, cluster_year=cluster_year)),
        "ballots": list(selectors.ballots_of(user=request.user, cluster_year=cluster_year)),
        "proposals": list(selectors.proposals_of(user=request.user, cluster_year=cluster_year)),
        "suggestion": suggestion,
        "chair": chair,
        "board": access.is_board_admin(request.user, cluster_year.cluster.province_id),
        "veto_active": VetoStatus.ACTIVE,
    }
    if chair:
        year = cluster_year.year
        context["conference_form"] = forms.ConferenceForm(
            initial={
                "held_on": conference.held_on if conference else None,
                "place": conference.place if conference else "",
                "chair_name": conference.chair_name if conference else "",
                "secretary_name": conference.secretary_name if conference else "",
                "minutes_number": conference.minutes_number if conference else "",
                "guests": conference.guests if conference else "",
            }
        )
        context["veto_form"] = forms.VetoForm(units=units)
        context["honour_form"] = forms.HonourBallotForm(
            units=units,
            initial={
                "subject": leading_unit.pk if leading_unit else None,
                "title": _("Suy tôn %(unit)s là đơn vị dẫn đầu năm %(year)s")
                % {"unit": leading_unit.name if leading_unit else "…", "year": year},
            },
        )
        context["election_form"] = forms.ElectionForm(
            units=units,
            initial={
                "candidates": [u.pk for u in suggested],
                "title": _("Bầu cụm trưởng, cụm phó năm %(year)s") % {"year": year + 1},
            },
        )
    return render(request, "conference/cluster_year.html", context)


@role_required
@require_POST
def conference_save(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = selectors.cluster_year_get_for_user(request.user, pk)
    back = _cluster_year_url(cluster_year)
    form = forms.ConferenceForm(request.POST)
    if not form.is_valid():
        return _form_errors(request, form, back)
    return _run(
        request,
        lambda: meeting.conference_save(
            actor=_actor(request), cluster_year=cluster_year, **form.cleaned_data
        ),
        _("Đã lưu thông tin hội nghị."),
        back,
    )


@role_required
@require_POST
def veto_add(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = selectors.cluster_year_get_for_user(request.user, pk)
    back = _cluster_year_url(cluster_year)
    form = forms.VetoForm(request.POST, request.FILES, units=_member_units(cluster_year))
    if not form.is_valid():
        return _form_errors(request, form, back)
    return _run(
        request,
        lambda: meeting.veto_record(
            actor=_actor(request),
            cluster_year=cluster_year,
            unit=form.cleaned_data["unit"],
            reason=form.cleaned_data["reason"],
            evidence=form.cleaned_data["evidence"],
        ),
        _("Đã ghi trường hợp không xét thi đua."),
        back,
    )


@role_required
@require_POST
def veto_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    veto = selectors.veto_get_for_user(request.user, pk)
    back = _cluster_year_url(veto.cluster_year)
    form = forms.ReasonForm(request.POST)
    if not form.is_valid():
        return _form_errors(request, form, back)
    return _run(
        request,
        lambda: meeting.veto_withdraw(actor=_actor(request), veto=veto, reason=form.cleaned_data["reason"]),
        _("Đã rút trường hợp không xét thi đua."),
        back,
    )


@role_required
@require_GET
def veto_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    veto = selectors.veto_get_for_user(request.user, pk)
    if not veto.evidence:
        raise Http404(_("Không có minh chứng."))
    with veto.evidence.open("rb") as handle:
        content = handle.read()
    return _download(content, veto.evidence.name.rsplit("/", 1)[-1], "application/octet-stream")


@role_required
@require_POST
def honour_create(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = selectors.cluster_year_get_for_user(request.user, pk)
    back = _cluster_year_url(cluster_year)
    form = forms.HonourBallotForm(request.POST, units=_member_units(cluster_year))
    if not form.is_valid():
        return _form_errors(request, form, back)
    created: list[Ballot] = []
    response = _run(
        request,
        lambda: created.append(
            ballot_services.ballot_create(
                actor=_actor(request),
                cluster_year=cluster_year,
                purpose=BallotPurpose.HONOUR,
                title=form.cleaned_data["title"],
                subject=form.cleaned_data["subject"],
                threshold=_rule(form),
            )
        ),
        _("Đã tạo cuộc bỏ phiếu."),
        back,
    )
    return redirect(_ballot_url(created[0])) if created else response


@role_required
@require_POST
def election_create(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = selectors.cluster_year_get_for_user(request.user, pk)
    back = _cluster_year_url(cluster_year)
    form = forms.ElectionForm(request.POST, units=_member_units(cluster_year))
    if not form.is_valid():
        return _form_errors(request, form, back)
    created: list[Ballot] = []
    response = _run(
        request,
        lambda: created.append(
            ballot_services.ballot_create(
                actor=_actor(request),
                cluster_year=cluster_year,
                purpose=form.cleaned_data["purpose"],
                title=form.cleaned_data["title"],
                candidates=list(form.cleaned_data["candidates"]),
                threshold=_rule(form),
            )
        ),
        _("Đã tạo cuộc bầu."),
        back,
    )
    return redirect(_ballot_url(created[0])) if created else response


@role_required
@require_POST
def proposals_compute(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = selectors.cluster_year_get_for_user(request.user, pk)
    back = _cluster_year_url(cluster_year)
    results = final_results(cluster_year)
    if results is None:
        messages.error(request, _("Chưa có kết quả chấm điểm cuối cùng để lập đề nghị."))
        return redirect(back)
    return _run(
        request,
        lambda: meeting.proposals_compute(actor=_actor(request), cluster_year=cluster_year, results=results),
        _("Đã lập đề nghị khen thưởng."),
        back,
    )


@role_required
@require_POST
def proposals_dossiers_create(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = selectors.cluster_year_get_for_user(request.user, pk)
    return _run(
        request,
        lambda: dossier_services.proposals_dossiers_create(actor=_actor(request), cluster_year=cluster_year),
        _("Đã lập hồ sơ đề nghị khen thưởng."),
        _cluster_year_url(cluster_year),
    )


@role_required
@require_POST
def leadership_apply(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = selectors.cluster_year_get_for_user(request.user, pk)
    return _run(
        request,
        lambda: meeting.leadership_apply(actor=_actor(request), cluster_year=cluster_year),
        _("Đã ghi nhận cụm trưởng, cụm phó năm %(year)s.") % {"year": cluster_year.year + 1},
        _cluster_year_url(cluster_year),
    )


@role_required
@require_GET
def ballot_page(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = selectors.ballot_get_for_user(request.user, pk)
    chair = permissions.can_chair(request.user, ballot)
    seats = list(permissions.voters_for(request.user, ballot).select_related("unit", "user"))
    voted = selectors.seats_voted(ballot)
    context: dict[str, Any] = {
        "ballot": ballot,
        "chair": chair,
        "seats": [(seat, seat.pk in voted) for seat in seats],
        "can_vote": ballot.status == BallotStatus.OPEN and any(seat.pk not in voted for seat in seats),
        "cast_form": forms.CastForm(ballot=ballot),
        "candidates": list(ballot.candidates.select_related("unit")),
        "voted_count": len(voted),
        "seat_count": ballot.voters.count(),
    }
    if chair:
        context["all_seats"] = [
            (seat, seat.pk in voted) for seat in ballot.voters.select_related("unit", "user")
        ]
        context["open_form"] = forms.OpenForm(initial={"present": ballot.present or context["seat_count"]})
        context["paper_form"] = forms.PaperForm(ballot=ballot)
        context["override_form"] = forms.OverrideForm(ballot=ballot)
    return render(request, "conference/ballot.html", context)


@role_required
@require_POST
def ballot_open(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = selectors.ballot_get_for_user(request.user, pk)
    form = forms.OpenForm(request.POST)
    if not form.is_valid():
        return _form_errors(request, form, _ballot_url(ballot))
    present = form.cleaned_data["present"]
    if ballot.status == BallotStatus.OPEN:
        action: Callable[[], Any] = lambda: ballot_services.ballot_attendance_set(  # noqa: E731
            actor=_actor(request), ballot=ballot, present=present
        )
    else:
        action = lambda: ballot_services.ballot_open(actor=_actor(request), ballot=ballot, present=present)  # noqa: E731
    return _run(request, action, _("Đã cập nhật cuộc bỏ phiếu."), _ballot_url(ballot))


@role_required
@require_POST
def ballot_cast(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = selectors.ballot_get_for_user(request.user, pk)
    back = _ballot_url(ballot)
    form = forms.CastForm(request.POST, ballot=ballot)
    if not form.is_valid():
        return _form_errors(request, form, back)
    raw = form.cleaned_data["choice"]
    candidate = None
    choice = raw
    if ballot.question == QuestionKind.CHOICE and raw.startswith("c"):
        candidate = Candidate.objects.filter(ballot=ballot, pk=int(raw[1:])).first()
        choice = "candidate"
    voter = None
    if form.cleaned_data.get("voter"):
        voter = permissions.voters_for(request.user, ballot).filter(pk=form.cleaned_data["voter"]).first()
        if voter is None:
            raise AccessDenied(_("Bạn không được bỏ phiếu thay cho đại biểu này."))
    return _run(
        request,
        lambda: ballot_services.ballot_cast(
            actor=_actor(request), ballot=ballot, choice=choice, candidate=candidate, voter=voter
        ),
        _("Đã ghi nhận phiếu của đơn vị. Phiếu được giữ bí mật."),
        back,
    )


@role_required
@require_POST
def ballot_paper(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = selectors.ballot_get_for_user(request.user, pk)
    back = _ballot_url(ballot)
    form = forms.PaperForm(request.POST, ballot=ballot)
    if not form.is_valid():
        return _form_errors(request, form, back)
    data = form.cleaned_data
    counts = {c.pk: data.get(f"c{c.pk}") or 0 for c in ballot.candidates.all()}
    return _run(
        request,
        lambda: ballot_services.ballot_paper_set(
            actor=_actor(request),
            ballot=ballot,
            paper_voters=list(data["paper_voters"]),
            approve=data.get("approve") or 0,
            reject=data.get("reject") or 0,
            abstain=data.get("abstain") or 0,
            candidate_counts=counts,
        ),
        _("Đã nhập kết quả phiếu giấy."),
        back,
    )


@role_required
@require_POST
def ballot_close(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = selectors.ballot_get_for_user(request.user, pk)
    return _run(
        request,
        lambda: ballot_services.ballot_close(actor=_actor(request), ballot=ballot),
        _("Đã kết thúc bỏ phiếu và kiểm phiếu."),
        _ballot_url(ballot),
    )


@role_required
@require_POST
def ballot_override(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = selectors.ballot_get_for_user(request.user, pk)
    back = _ballot_url(ballot)
    form = forms.OverrideForm(request.POST, ballot=ballot)
    if not form.is_valid():
        return _form_errors(request, form, back)
    return _run(
        request,
        lambda: ballot_services.ballot_override(
            actor=_actor(request),
            ballot=ballot,
            passed=form.cleaned_data["passed"],
            winner=form.cleaned_data.get("winner"),
            reason=form.cleaned_data["reason"],
        ),
        _("Đã ghi quyết định của chủ tọa."),
        back,
    )


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@role_required
@require_GET
def minutes_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    cluster_year = selectors.cluster_year_get_for_user(request.user, pk)
    record = selectors.conference_record(user=request.user, cluster_year=cluster_year)
    name = f"bien-ban-hoi-nghi-{cluster_year.cluster.code.lower()}-{cluster_year.year}"
    if fmt == "pdf":
        return _download(documents.minutes_pdf(record), f"{name}.pdf", "application/pdf")
    return _download(documents.minutes_docx(record), f"{name}.docx", DOCX)


@role_required
@require_GET
def dossier_download(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = selectors.cluster_year_get_for_user(request.user, pk)
    if not permissions.can_chair_cluster_year(request.user, cluster_year):
        raise AccessDenied(_("Chỉ chủ tọa hội nghị hoặc Ban Thi đua – Khen thưởng tải hồ sơ đề nghị."))
    record = selectors.conference_record(user=request.user, cluster_year=cluster_year)
    name = f"ho-so-de-nghi-{cluster_year.cluster.code.lower()}-{cluster_year.year}.zip"
    return _download(documents.dossier_zip(record), name, "application/zip")
