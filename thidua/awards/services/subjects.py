"""Subjects of commendation and their yearly record, turned into the eligibility engine's History."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.accounts import access
from thidua.awards.models import EligibilityConfirmation, RecipientKind, RegisterImport, Subject, SubjectYear
from thidua.awards.services.catalogue import database_catalogue
from thidua.awards.text import normalise
from thidua.core.audit import record, snapshot
from thidua.core.errors import AccessDenied, InvalidInput
from thidua.eligibility import History, Verdict, check
from thidua.eligibility.history import ClusterResult, Initiative, ReceivedAward, YearRecord
from thidua.eligibility.history import Subject as EngineSubject
from thidua.eligibility.naming import AwardNameError, match_award
from thidua.eligibility.text import RATINGS, SCOPES
from thidua.org.models import Unit

SUBJECT_FIELDS = ("kind", "name", "unit", "position", "recruited", "category")
YEAR_FIELDS = (
    "rating",
    "titles",
    "initiatives",
    "discipline",
    "members",
    "members_completed",
    "members_ldtt",
    "members_cstdcs",
    "disciplined",
)


@dataclass(frozen=True)
class YearEntry:
    """One year of a subject's record as a form or an import row gives it."""

    year: int
    rating: str = ""
    titles: tuple[str, ...] = ()
    initiatives: tuple[tuple[str, str], ...] = ()
    discipline: str = ""
    members: int | None = None
    members_completed: int | None = None
    members_ldtt: int | None = None
    members_cstdcs: int | None = None
    disciplined: int | None = None


def can_edit_subjects(actor: Any, unit: Unit) -> bool:
    """The unit's own officers keep its people's records; the province's board may correct any of them."""
    return access.is_board_admin(actor, unit.province_or_self_id) or unit.pk in access.officer_units(actor)


@transaction.atomic
def subject_create(
    *,
    actor: Any,
    unit: Unit,
    kind: str,
    name: str,
    position: str = "",
    recruited: dt.date | None = None,
    category: str = "can_bo",
) -> Subject:
    """Add a person or collective of `unit` whose record will be kept."""
    if not can_edit_subjects(actor, unit):
        raise AccessDenied("Bạn không có quyền quản lý đối tượng khen thưởng của đơn vị này.")
    if kind == RecipientKind.HOUSEHOLD:
        raise InvalidInput("Hộ gia đình không có hồ sơ thi đua theo năm.", field="kind")
    if not name.strip():
        raise InvalidInput("Cần nhập tên.", field="name")
    subject = Subject.objects.create(
        province_id=unit.province_or_self_id,
        kind=kind,
        name=name.strip(),
        unit=unit,
        position=position,
        recruited=recruited,
        category=category,
        search_text=normalise(name),
    )
    record(
        actor=access.audit_actor(actor),
        action="awards.subject_create",
        obj=subject,
        after=snapshot(subject, SUBJECT_FIELDS),
    )
    return subject


def _validate_year(subject: Subject, entry: YearEntry) -> None:
    if entry.rating and entry.rating not in RATINGS:
        raise InvalidInput(f"Xếp loại {entry.rating} không hợp lệ ({', '.join(RATINGS)}).", field="rating")
    known = set(database_catalogue().awards)
    for title in entry.titles:
        if title not in known:
            raise InvalidInput(f"Danh hiệu {title} không có trong danh mục khen thưởng.", field="titles")
    for scope, _title in entry.initiatives:
        if scope not in SCOPES:
            raise InvalidInput(
                f"Phạm vi sáng kiến {scope} không hợp lệ ({', '.join(SCOPES)}).", field="initiatives"
            )
    if subject.kind == RecipientKind.INDIVIDUAL and entry.members is not None:
        raise InvalidInput("Số thành viên chỉ ghi cho tập thể.", field="members")


@transaction.atomic
def subject_year_set(*, actor: Any, subject: Subject, entry: YearEntry) -> SubjectYear:
    """Record (or correct) a subject's rating, titles, initiatives and discipline for one year."""
    if not can_edit_subjects(actor, subject.unit):
        raise AccessDenied("Bạn không có quyền sửa kết quả thi đua của đối tượng này.")
    _validate_year(subject, entry)
    row, _created = SubjectYear.objects.select_for_update().get_or_create(subject=subject, year=entry.year)
    before = snapshot(row, YEAR_FIELDS)
    row.rating = entry.rating
    row.titles = list(entry.titles)
    row.initiatives = [{"scope": scope, "title": title} for scope, title in entry.initiatives]
    row.discipline = entry.discipline
    row.members = entry.members
    row.members_completed = entry.members_completed
    row.members_ldtt = entry.members_ldtt
    row.members_cstdcs = entry.members_cstdcs
    row.disciplined = entry.disciplined
    row.save()
    record(
        actor=access.audit_actor(actor),
        action="awards.subject_year_set",
        obj=row,
        before=before,
        after=snapshot(row, YEAR_FIELDS),
    )
    return row


def cluster_results(subject: Subject) -> dict[int, ClusterResult]:
    """The results of the subject's emulation cluster, year by year, as history for Cờ thi đua and Bằng khen.

    Only a collective that is a member unit itself (its name is its unit's name) has cluster results: a cluster
    ranks units, so a department of a unit does not inherit its unit's rank. For each year the unit was a member:
    its rank in the results in force (thidua.cycle.results), leading when ranked first and not vetoed; honoured
    when the conference's honour ballot on it passed (the chair's decision included); proposed, the awards of the
    conference's proposals for it, matched by name to the catalogue.
    """
    if subject.kind != RecipientKind.COLLECTIVE or normalise(subject.name) != normalise(subject.unit.name):
        return {}
    # Imported here: the conference and the cycle import the awards models.
    from thidua.conference.models import Ballot, BallotPurpose, BallotStatus, Proposal
    from thidua.cycle.results import results_in_force
    from thidua.org.models import Membership

    names = database_catalogue().names
    found: dict[int, ClusterResult] = {}
    for membership in Membership.objects.filter(unit=subject.unit).select_related("cluster_year"):
        cluster_year = membership.cluster_year
        snapshot = results_in_force(cluster_year)
        line = (
            next(
                (
                    u
                    for u in ((snapshot.results or {}).get("units") or [])
                    if u.get("code") == subject.unit.code
                ),
                None,
            )
            if snapshot is not None
            else None
        )
        rank = line.get("rank") if line else None
        ballots = Ballot.objects.filter(
            cluster_year=cluster_year,
            purpose=BallotPurpose.HONOUR,
            subject=subject.unit,
            status=BallotStatus.CLOSED,
        )
        proposed: list[str] = []
        for award in Proposal.objects.filter(cluster_year=cluster_year, unit=subject.unit).exclude(award=""):
            try:
                proposed.append(match_award(award.award, names))
            except AwardNameError:
                continue  # a proposal the catalogue does not name (a province's wording) proves nothing here
        if line is None and not proposed and not ballots.exists():
            continue
        found[cluster_year.year] = ClusterResult(
            rank=rank if isinstance(rank, int) else None,
            leading=rank == 1 and not (line or {}).get("vetoed"),
            honoured=any(ballot.final_passed for ballot in ballots),
            proposed=tuple(dict.fromkeys(proposed)),
        )
    return found


def subject_history(subject: Subject) -> History:
    """The subject's record, its cluster's results and the awards the register holds for it (revoked ones marked,
    so chains skip them)."""
    clusters = cluster_results(subject)
    years = {
        row.year: YearRecord(
            rating=row.rating or None,
            titles=tuple(row.titles),
            initiatives=tuple(Initiative(i["scope"], i.get("title", "")) for i in row.initiatives),
            members=row.members,
            members_completed=row.members_completed,
            members_ldtt=row.members_ldtt,
            members_cstdcs=row.members_cstdcs,
            disciplined=row.disciplined,
            cluster=clusters.get(row.year),
        )
        for row in subject.years.all()
    }
    received = tuple(
        ReceivedAward(code=code, year=year, decision=number, revoked=status == "revoked")
        for code, year, number, status in subject.awards.values_list(
            "award__code", "year", "decision__number", "status"
        )
    )
    return History(
        subject=EngineSubject(
            kind=subject.kind,
            code=str(subject.pk),
            name=subject.name,
            unit=subject.unit.name,
            recruited=subject.recruited,
        ),
        years=years,
        awards=received,
    )


def subject_check(*, subject: Subject, award_code: str, year: int) -> Verdict:
    """The eligibility answer for one award and year, against the catalogue stored in the database.

    The qualitative conditions people confirmed (who and when) count as findings: until each one is confirmed the
    answer is "cần xem xét", never "đủ điều kiện" by default.
    """
    confirmed = {
        c.item: f"{c.confirmed_by.get_full_name() or c.confirmed_by.get_username()}, "
        f"{timezone.localtime(c.confirmed_at):%d/%m/%Y %H:%M}"
        for c in subject.confirmations.filter(award_code=award_code, year=year).select_related("confirmed_by")
    }
    return check(subject_history(subject), award_code, year, database_catalogue(), confirmed=confirmed)


@transaction.atomic
def eligibility_confirm(
    *, actor: Any, subject: Subject, award_code: str, year: int, items: Sequence[str]
) -> list[EligibilityConfirmation]:
    """Record that `actor` checked the qualitative conditions `items` (only those the catalogue asks for)."""
    if not can_edit_subjects(actor, subject.unit) and not access.is_board_admin(actor, subject.province_id):
        raise AccessDenied("Bạn không có quyền xác nhận điều kiện cho đối tượng này.")
    asked = set(subject_check(subject=subject, award_code=award_code, year=year).to_confirm)
    unknown = [item for item in items if item not in asked]
    if unknown:
        raise InvalidInput(f"Điều kiện không thuộc danh mục cần xác nhận: {unknown[0]}", field="items")
    made: list[EligibilityConfirmation] = []
    for item in items:
        try:
            with transaction.atomic():
                made.append(
                    EligibilityConfirmation.objects.create(
                        subject=subject, award_code=award_code, year=year, item=item, confirmed_by=actor
                    )
                )
        except IntegrityError:
            continue  # confirmed before; the first confirmation and its author stand
    if made:
        record(
            actor=access.audit_actor(actor),
            action="awards.eligibility_confirm",
            obj=subject,
            after={"award": award_code, "year": year, "items": [c.item for c in made]},
        )
    return made


@dataclass(frozen=True)
class SubjectRow:
    """One row of a subjects workbook: who, in which unit, and their record for one year."""

    kind: str
    name: str
    unit: Unit
    position: str
    recruited: dt.date | None
    category: str
    year: YearEntry


@transaction.atomic
def subjects_import(
    *, actor: Any, rows: Sequence[SubjectRow], file_name: str, job: RegisterImport
) -> tuple[int, int]:
    """Create the subjects not yet known (same name, kind and unit) and set their years; all rows or none.

    Rows come validated by SubjectRowForm (ratings, catalogue titles, initiative scopes), the page's own checks.

    Returns (subjects created, years written); one audit event for the file, on the import `job`.
    """
    if not rows:
        raise InvalidInput("Tệp không có dòng nào.")
    for unit in {row.unit for row in rows}:
        if not can_edit_subjects(actor, unit):
            raise AccessDenied(f"Bạn không có quyền quản lý đối tượng khen thưởng của {unit.name}.")
    known: dict[tuple[int, str, str], Subject] = {}
    created = 0
    for row in rows:
        key = (row.unit.pk, row.kind, normalise(row.name))
        subject = (
            known.get(key)
            or Subject.objects.filter(unit=row.unit, kind=row.kind, search_text=normalise(row.name)).first()
        )
        if subject is None:
            subject = Subject.objects.create(
                province_id=row.unit.province_or_self_id,
                kind=row.kind,
                name=row.name.strip(),
                unit=row.unit,
                position=row.position,
                recruited=row.recruited,
                category=row.category,
                search_text=normalise(row.name),
            )
            created += 1
        known[key] = subject
        SubjectYear.objects.update_or_create(
            subject=subject,
            year=row.year.year,
            defaults={
                "rating": row.year.rating,
                "titles": list(row.year.titles),
                "initiatives": [{"scope": scope, "title": title} for scope, title in row.year.initiatives],
                "discipline": row.year.discipline,
            },
        )
    record(
        actor=access.audit_actor(actor),
        action="awards.subjects_import",
        # A file's rows are the units of one province in practice: the trail goes to the first row's province.
        province=rows[0].unit.province_or_self_id,
        obj=job,
        object_repr=f"Nhập đối tượng khen thưởng từ {file_name}"[:255],
        after={"file": file_name, "subjects_created": created, "years": len(rows)},
    )
    return created, len(rows)
