"""Pages of the year-end conference: the conference of a cluster-year, a ballot (vote, chair's controls, result),
and the documents. Thin: forms read input, services decide and write, refusals become messages or 403/404."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from thidua.accounts import access
from thidua.conference import documents, forms, permissions, selectors
from thidua.conference.models import (
    Ballot,
    BallotPurpose,
    BallotStatus,
    Candidate,
    QuestionKind,
    VetoStatus,
    VoterKind,
)
from thidua.conference.proposals import RotationMember, RotationSuggestion, rotation_suggestion
from thidua.conference.results import (
    FinalResults,
    conference_vetoes,
    final_results,
    results_visible_to,
    without_vetoed,
)
from thidua.conference.services import ballots as ballot_services
from thidua.conference.services import dossiers as dossier_services
from thidua.conference.services import meeting
from thidua.conference.tally import Share, Threshold
from thidua.core.errors import AccessDenied, ThiduaError
from thidua.core.views import role_required
from thidua.org.models import ClusterYear, Membership, Unit


def _actor(request: HttpRequest) -> User:
    # role_required has already turned away anonymous visitors; this only tells the type checker.
    return cast(User, request.user)


def _cluster_year_url(cluster_year: ClusterYear) -> str:
    return reverse("conference:cluster_year", args=[cluster_year.pk])


def _ballot_url(ballot: Ballot) -> str:
    return reverse("conference:ballot", args=[ballot.pk])


def _submit(
    request: HttpRequest,
    *,
    back: str,
    success: str,
    action: Callable[[dict[str, Any]], Any],
    form: Any = None,
    created_url: Callable[[Any], str] | None = None,
) -> HttpResponseRedirect:
    """The one path of every POST of these pages: read the form (when there is one), run the service on its
    cleaned data, say how it went, and go back. A refusal of access stays a 403; any other refusal becomes a
    message on the page the user came from. With `created_url`, success goes to the page of what was made."""
    if form is not None and not form.is_valid():
        return _form_errors(request, form, back)
    try:
        result = action(form.cleaned_data if form is not None else {})
    except AccessDenied:
        raise
    except ThiduaError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, success)
    return redirect(created_url(result) if created_url is not None else back)


def _form_errors(request: HttpRequest, form: Any, back: str) -> HttpResponseRedirect:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
    return redirect(back)


def _member_units(cluster_year: ClusterYear) -> Any:
    return Unit.objects.filter(memberships__cluster_year=cluster_year).order_by("memberships__order")


def _rule(data: dict[str, Any]) -> Threshold:
    comparison, numerator, denominator = forms.THRESHOLDS[data["threshold"]]
    return Threshold(
        Share(numerator, denominator), comparison, "cast" if data["base"] == "cast" else "voters"
    )


@role_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    years = list(selectors.cluster_years_for_user(request.user))
    return render(request, "conference/index.html", {"cluster_years": years})


ROTATION_LABELS = {
    forms.ROTATION_DEPUTY: gettext_lazy("Cụm phó năm nay làm cụm trưởng"),
    forms.ROTATION_LEADING: gettext_lazy("Đơn vị dẫn đầu năm nay làm cụm trưởng"),
}


@dataclass(frozen=True)
class Rotation:
    """Next year's suggested leader and deputy under the chosen rule, and both rules as the page offers them."""

    rule: str
    suggestion: RotationSuggestion
    # (rule, label, what it suggests, whether it can be used now)
    choices: list[tuple[str, str, str, bool]]
    members: list[Membership]
    results: FinalResults | None
    leading_unit: Unit | None


def _rotation(cluster_year: ClusterYear, rule: str, *, user: Any) -> Rotation:
    members = list(cluster_year.memberships.select_related("unit").order_by("order", "id"))
    vetoed = conference_vetoes(cluster_year)
    results = results_visible_to(user, cluster_year)
    results = without_vetoed(results, vetoed) if results else None
    leading = next((u for u in results.units if u.rank == 1), None) if results else None
    leading_unit = next((m.unit for m in members if leading and m.unit.code == leading.code), None)
    rows = [RotationMember(m.unit.code, m.unit.name, m.order, m.role) for m in members]
    suggestions = {
        key: rotation_suggestion(
            rows,
            leading_unit=leading_unit.code if leading_unit else None,
            leading_unit_leads=key == forms.ROTATION_LEADING,
            vetoed=vetoed,
        )
        for key in ROTATION_LABELS
    }
    choices = [
        (
            forms.ROTATION_DEPUTY,
            str(ROTATION_LABELS[forms.ROTATION_DEPUTY]),
            suggestions["deputy"].reason,
            True,
        ),
        (
            forms.ROTATION_LEADING,
            str(ROTATION_LABELS[forms.ROTATION_LEADING]),
            suggestions["leading"].reason
            if leading_unit
            else _("chưa có kết quả xếp hạng cuối cùng nên chưa biết đơn vị dẫn đầu."),
            leading_unit is not None,
        ),
    ]
    if rule not in suggestions or (rule == forms.ROTATION_LEADING and leading_unit is None):
        rule = forms.ROTATION_DEPUTY
    return Rotation(rule, suggestions[rule], choices, members, results, leading_unit)


@role_required
@require_GET
def cluster_year_page(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = selectors.cluster_year_get_for_user(request.user, pk)
    chair = permissions.can_chair_cluster_year(request.user, cluster_year)
    conference = selectors.conference_of(cluster_year)
    rotation = _rotation(
        cluster_year, request.GET.get("luan_phien", forms.ROTATION_DEPUTY), user=request.user
    )
    suggestion, members, leading_unit = rotation.suggestion, rotation.members, rotation.leading_unit
    units = _member_units(cluster_year)
    suggested = [m.unit for m in members if m.unit.code in (suggestion.leader, suggestion.deputy)]
    context: dict[str, Any] = {
        "cluster_year": cluster_year,
        "conference": conference,
        "members": members,
        "results": rotation.results,
        "vetoes": list(selectors.vetoes_of(user=request.user, cluster_year=cluster_year)),
        "ballots": list(selectors.ballots_of(user=request.user, cluster_year=cluster_year)),
        "proposals": list(selectors.proposals_of(user=request.user, cluster_year=cluster_year)),
        "suggestion": suggestion,
        "rotation": rotation,
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
        context["election_form"] = forms.ElectionForm(
            units=units,
            initial={
                "rotation": rotation.rule,
                "candidates": [u.pk for u in suggested],
                "title": _("Bầu cụm trưởng, cụm phó năm %(year)s") % {"year": year + 1},
            },
        )
    # The deputy chairs the suy tôn of the leader's own unit: the leader is told so, the deputy gets the form.
    context["honour_chair"] = chair or access.deputises_cluster_year(request.user, cluster_year)
    if context["honour_chair"]:
        context["honour_form"] = forms.HonourBallotForm(
            units=units,
            initial={
                "subject": leading_unit.pk if leading_unit else None,
                "title": _("Suy tôn %(unit)s là đơn vị dẫn đầu năm %(year)s")
                % {"unit": leading_unit.name if leading_unit else "…", "year": cluster_year.year},
            },
        )
        leader = access.leadership_of(cluster_year).leader
        if leader is not None:
            refusal = permissions.chair_refusal(request.user, cluster_year, {leader.pk})
            if refusal is not None and refusal != permissions.CHAIR_ONLY:
                context["honour_note"] = refusal.replace("Cuộc bỏ phiếu này", "Cuộc biểu quyết suy tôn")
    return render(request, "conference/cluster_year.html", context)


@role_required
@require_POST
def conference_save(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = selectors.cluster_year_get_for_user(request.user, pk)
    return _submit(
        request,
        back=_cluster_year_url(cluster_year),
        success=_("Đã lưu thông tin hội nghị."),
        form=forms.ConferenceForm(request.POST),
        action=lambda data: meeting.conference_save(actor=_actor(request), cluster_year=cluster_year, **data),
    )


@role_required
@require_POST
def veto_add(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = selectors.cluster_year_get_for_user(request.user, pk)
    return _submit(
        request,
        back=_cluster_year_url(cluster_year),
        success=_("Đã ghi trường hợp không xét thi đua."),
        form=forms.VetoForm(request.POST, request.FILES, units=_member_units(cluster_year)),
        action=lambda data: meeting.veto_record(
            actor=_actor(request),
            cluster_year=cluster_year,
            unit=data["unit"],
            reason=data["reason"],
            evidence=data["evidence"],
        ),
    )


@role_required
@require_POST
def veto_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    veto = selectors.veto_get_for_user(request.user, pk)
    return _submit(
        request,
        back=_cluster_year_url(veto.cluster_year),
        success=_("Đã rút trường hợp không xét thi đua."),
        form=forms.ReasonForm(request.POST),
        action=lambda data: meeting.veto_withdraw(actor=_actor(request), veto=veto, reason=data["reason"]),
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
    return _submit(
        request,
        back=_cluster_year_url(cluster_year),
        success=_("Đã tạo cuộc bỏ phiếu."),
        form=forms.HonourBallotForm(request.POST, units=_member_units(cluster_year)),
        action=lambda data: ballot_services.ballot_create(
            actor=_actor(request),
            cluster_year=cluster_year,
            purpose=BallotPurpose.HONOUR,
            title=data["title"],
            subject=data["subject"],
            threshold=_rule(data),
        ),
        created_url=_ballot_url,
    )


@role_required
@require_POST
def election_create(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = selectors.cluster_year_get_for_user(request.user, pk)

    def create(data: dict[str, Any]) -> Ballot:
        candidates = list(data["candidates"])
        suggestion = _rotation(cluster_year, data["rotation"], user=request.user).suggestion
        suggested = suggestion.leader if data["purpose"] == BallotPurpose.LEADER else suggestion.deputy
        return ballot_services.ballot_create(
            actor=_actor(request),
            cluster_year=cluster_year,
            purpose=data["purpose"],
            title=data["title"],
            candidates=candidates,
            suggested=[unit for unit in candidates if unit.code == suggested],
            threshold=_rule(data),
        )

    return _submit(
        request,
        back=_cluster_year_url(cluster_year),
        success=_("Đã tạo cuộc bầu."),
        form=forms.ElectionForm(request.POST, units=_member_units(cluster_year)),
        action=create,
        created_url=_ballot_url,
    )


@role_required
@require_POST
def proposals_compute(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = selectors.cluster_year_get_for_user(request.user, pk)
    back = _cluster_year_url(cluster_year)
    results = final_results(cluster_year)
    if results is None:
        messages.error(request, _("Chưa có kết quả chấm điểm cuối cùng để lập đề nghị."))
        return redirect(back)
    return _submit(
        request,
        back=back,
        success=_("Đã lập đề nghị khen thưởng."),
        action=lambda _data: meeting.proposals_compute(
            actor=_actor(request), cluster_year=cluster_year, results=results
        ),
    )


@role_required
@require_POST
def proposals_dossiers_create(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = selectors.cluster_year_get_for_user(request.user, pk)
    return _submit(
        request,
        back=_cluster_year_url(cluster_year),
        success=_("Đã lập hồ sơ đề nghị khen thưởng."),
        action=lambda _data: dossier_services.proposals_dossiers_create(
            actor=_actor(request), cluster_year=cluster_year
        ),
    )


@role_required
@require_POST
def leadership_apply(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = selectors.cluster_year_get_for_user(request.user, pk)
    return _submit(
        request,
        back=_cluster_year_url(cluster_year),
        success=_("Đã ghi nhận cụm trưởng, cụm phó năm %(year)s.") % {"year": cluster_year.year + 1},
        action=lambda _data: meeting.leadership_apply(actor=_actor(request), cluster_year=cluster_year),
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
    if ballot.cluster_year is not None and not chair:
        # The leader or deputy who may not chair this one is told who does (their own unit is concerned).
        refusal = permissions.chair_refusal(
            request.user, ballot.cluster_year, permissions.units_concerned(ballot)
        )
        if refusal is not None and refusal != permissions.CHAIR_ONLY:
            context["chair_note"] = refusal
    if ballot.quorum_failed:
        context["quorum_rule"] = ballot_services.quorum_rule_refusal(ballot)
        context["rerun"] = Ballot.objects.filter(rerun_of=ballot).first()
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
    # The same form opens a ballot and, once open, corrects the number present.
    service = (
        ballot_services.ballot_attendance_set
        if ballot.status == BallotStatus.OPEN
        else ballot_services.ballot_open
    )
    return _submit(
        request,
        back=_ballot_url(ballot),
        success=_("Đã cập nhật cuộc bỏ phiếu."),
        form=forms.OpenForm(request.POST),
        action=lambda data: service(actor=_actor(request), ballot=ballot, present=data["present"]),
    )


@role_required
@require_POST
def ballot_cast(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = selectors.ballot_get_for_user(request.user, pk)

    def cast_vote(data: dict[str, Any]) -> Any:
        raw = data["choice"]
        candidate = None
        choice = raw
        if ballot.question == QuestionKind.CHOICE and raw.startswith("c"):
            candidate = Candidate.objects.filter(ballot=ballot, pk=int(raw[1:])).first()
            choice = "candidate"
        voter = None
        if data.get("voter"):
            voter = permissions.voters_for(request.user, ballot).filter(pk=data["voter"]).first()
            if voter is None:
                raise AccessDenied(_("Bạn không được bỏ phiếu thay cho đại biểu này."))
        return ballot_services.ballot_cast(
            actor=_actor(request), ballot=ballot, choice=choice, candidate=candidate, voter=voter
        )

    return _submit(
        request,
        back=_ballot_url(ballot),
        success=_("Đã ghi nhận phiếu của bạn. Phiếu được giữ bí mật.")
        if ballot.voter_kind == VoterKind.PERSONS
        else _("Đã ghi nhận phiếu của đơn vị. Phiếu được giữ bí mật."),
        form=forms.CastForm(request.POST, ballot=ballot),
        action=cast_vote,
    )


@role_required
@require_POST
def ballot_paper(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = selectors.ballot_get_for_user(request.user, pk)
    return _submit(
        request,
        back=_ballot_url(ballot),
        success=_("Đã nhập kết quả phiếu giấy."),
        form=forms.PaperForm(request.POST, ballot=ballot),
        action=lambda data: ballot_services.ballot_paper_set(
            actor=_actor(request),
            ballot=ballot,
            paper_voters=list(data["paper_voters"]),
            approve=data.get("approve") or 0,
            reject=data.get("reject") or 0,
            abstain=data.get("abstain") or 0,
            candidate_counts={c.pk: data.get(f"c{c.pk}") or 0 for c in ballot.candidates.all()},
        ),
    )


@role_required
@require_POST
def ballot_close(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = selectors.ballot_get_for_user(request.user, pk)
    return _submit(
        request,
        back=_ballot_url(ballot),
        success=_("Đã kết thúc bỏ phiếu và kiểm phiếu."),
        action=lambda _data: ballot_services.ballot_close(actor=_actor(request), ballot=ballot),
    )


@role_required
@require_POST
def ballot_override(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = selectors.ballot_get_for_user(request.user, pk)
    return _submit(
        request,
        back=_ballot_url(ballot),
        success=_("Đã ghi quyết định của chủ tọa."),
        form=forms.OverrideForm(request.POST, ballot=ballot),
        action=lambda data: ballot_services.ballot_override(
            actor=_actor(request),
            ballot=ballot,
            passed=data["passed"],
            winner=data.get("winner"),
            reason=data["reason"],
        ),
    )


@role_required
@require_POST
def ballot_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = selectors.ballot_get_for_user(request.user, pk)
    return _submit(
        request,
        back=_ballot_url(ballot),
        success=_("Đã tạo cuộc bỏ phiếu lại; cuộc bỏ phiếu trước vẫn được lưu."),
        action=lambda _data: ballot_services.ballot_rerun(actor=_actor(request), ballot=ballot),
        created_url=_ballot_url,
    )


@role_required
@require_GET
def council_index(request: HttpRequest) -> HttpResponse:
    """The council's ballots the user may see, theirs to vote in first; the board's way to create one."""
    ballots = list(selectors.council_ballots_for_user(request.user))
    seats = selectors.council_seats_to_vote(request.user)
    return render(
        request,
        "conference/council.html",
        {
            "to_vote": [b for b in ballots if b.pk in seats],
            "ballots": ballots,
            "board": bool(access.board_province_ids(request.user)),
        },
    )


def _board_province(request: HttpRequest) -> Unit:
    """The province the board officer creates a council ballot for: the one asked for (?tinh=), else their first."""
    provinces = access.board_province_ids(request.user)
    asked = request.POST.get("tinh") or request.GET.get("tinh")
    chosen = next((pk for pk in provinces if str(pk) == asked), provinces[0] if provinces else None)
    if chosen is None:
        raise AccessDenied(_("Chỉ Ban Thi đua – Khen thưởng được tổ chức biểu quyết của Hội đồng."))
    return Unit.objects.get(pk=chosen)


def _council_form(request: HttpRequest, province: Unit) -> forms.CouncilBallotForm:
    return forms.CouncilBallotForm(
        request.POST if request.method == "POST" else None,
        members=ballot_services.council_members(province),
        dossiers=selectors.council_dossiers(user=request.user, province=province),
        units=Unit.objects.filter(province_id=province.pk).order_by("name"),
    )


@role_required
def council_create(request: HttpRequest) -> HttpResponse:
    province = _board_province(request)
    form = _council_form(request, province)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ballot = ballot_services.council_ballot_create(
                actor=_actor(request),
                province=province,
                title=data["title"],
                voters=list(data["voters"]),
                subject=data["subject"],
                dossier=data["dossier"],
                quorum=Share(*forms.QUORUMS[data["quorum"]]),
                threshold=_rule(data),
            )
        except AccessDenied:
            raise
        except ThiduaError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã tạo cuộc biểu quyết của Hội đồng."))
            return redirect(_ballot_url(ballot))
    return render(
        request,
        "conference/council_create.html",
        {"form": form, "province": province, "members_count": form.fields["voters"].queryset.count()},  # type: ignore[attr-defined]
        status=400 if request.method == "POST" else 200,
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
