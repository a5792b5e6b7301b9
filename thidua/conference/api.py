"""Conference resources of the API: a ballot and its result, and casting a vote; thin over selectors and services."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema, Status

from thidua.conference import selectors
from thidua.conference.models import Ballot, Candidate
from thidua.conference.services import ballots as ballot_services
from thidua.org.api import ERRORS

router = Router(tags=["Hội nghị tổng kết"])


class BallotOut(Schema):
    id: int
    title: str
    purpose: str
    question: str
    status: str
    present: int | None
    passed: bool | None
    winner_id: int | None
    result_reason: str
    override_passed: bool | None
    override_winner_id: int | None
    override_reason: str
    candidates: dict[int, str]


class CastIn(Schema):
    choice: str
    candidate_id: int | None = None


class CastOut(Schema):
    recorded: bool


def ballot_out(ballot: Ballot) -> BallotOut:
    return BallotOut(
        id=ballot.pk,
        title=ballot.title,
        purpose=ballot.purpose,
        question=ballot.question,
        status=ballot.status,
        present=ballot.present,
        passed=ballot.passed,
        winner_id=ballot.winner_id,
        result_reason=ballot.result_reason,
        override_passed=ballot.override_passed,
        override_winner_id=ballot.override_winner_id,
        override_reason=ballot.override_reason,
        candidates={c.pk: c.unit.name for c in ballot.candidates.select_related("unit")},
    )


@router.get(
    "/conference/ballots/{ballot_id}",
    response={200: BallotOut, **ERRORS},
    summary="Một cuộc bỏ phiếu và kết quả",
)
def ballot_get(request: HttpRequest, ballot_id: int) -> BallotOut:
    return ballot_out(selectors.ballot_get_for_user(request.user, ballot_id))


@router.post(
    "/conference/ballots/{ballot_id}/votes", response={201: CastOut, **ERRORS}, summary="Bỏ phiếu kín"
)
def ballot_cast(request: HttpRequest, ballot_id: int, payload: CastIn) -> Status[CastOut]:
    ballot = selectors.ballot_get_for_user(request.user, ballot_id)
    candidate = (
        Candidate.objects.filter(ballot=ballot, pk=payload.candidate_id).first()
        if payload.candidate_id
        else None
    )
    ballot_services.ballot_cast(actor=request.user, ballot=ballot, choice=payload.choice, candidate=candidate)  # type: ignore[arg-type]
    return Status(201, CastOut(recorded=True))
