"""The conference's award proposals made into dossiers (hồ sơ đề nghị khen thưởng) of the leading unit, one per
award, through the awards app's own service so every recipient gets its eligibility answer."""

from __future__ import annotations

from django.db import transaction

from thidua.accounts import access
from thidua.accounts.access import Actor
from thidua.awards.models import CatalogueAward, Dossier, RecipientKind, Subject
from thidua.awards.services.dossiers import Proposal as DossierProposal
from thidua.awards.services.dossiers import dossier_create_from_proposals
from thidua.conference import permissions
from thidua.conference.models import Proposal
from thidua.core import audit
from thidua.core.errors import AccessDenied, Conflict, InvalidInput
from thidua.eligibility.naming import AwardMatcher, AwardNameError
from thidua.org.models import ClusterYear, MemberRole, Membership


def catalogue_award_named(name: str) -> CatalogueAward | None:
    """The catalogue's award for a proposal's name, matched as every form matches award names (abbreviations such as
    "UBND", diacritics and case do not matter; thidua.eligibility.naming); None when no one award answers to it."""
    awards = {award.code: award for award in CatalogueAward.objects.all()}
    try:
        return awards[AwardMatcher({code: a.name for code, a in awards.items()}).match(name)]
    except AwardNameError:
        return None


def dossier_source(cluster_year: ClusterYear) -> str:
    return f"Hội nghị tổng kết {cluster_year.cluster.name} năm {cluster_year.year}"


def proposals_dossiers_create(*, actor: Actor, cluster_year: ClusterYear) -> list[Dossier]:
    """One draft dossier of the leading unit per award proposed by the conference, with its units as
    recipients; refused when the conference's dossiers were already made."""
    if not permissions.can_chair_cluster_year(actor, cluster_year):
        raise AccessDenied(
            "Chỉ chủ tọa hội nghị (cụm trưởng hoặc Ban Thi đua – Khen thưởng) được làm việc này."
        )
    proposals = list(
        Proposal.objects.filter(cluster_year=cluster_year)
        .exclude(award="")
        .select_related("unit")
        .order_by("order")
    )
    if not proposals:
        raise InvalidInput("Hội nghị chưa có đơn vị nào được đề nghị khen thưởng.")
    leader = (
        Membership.objects.filter(cluster_year=cluster_year, role=MemberRole.LEADER)
        .select_related("unit")
        .first()
    )
    if leader is None:
        raise InvalidInput(f"{cluster_year} chưa có cụm trưởng, khối trưởng để đứng tên hồ sơ.")
    groups: dict[str, tuple[CatalogueAward, list[Proposal]]] = {}
    for proposal in proposals:
        award = catalogue_award_named(proposal.award)
        if award is None:
            raise InvalidInput(f"“{proposal.award}” không có trong danh mục khen thưởng.")
        groups.setdefault(award.code, (award, []))[1].append(proposal)
    source = dossier_source(cluster_year)
    with transaction.atomic():
        ClusterYear.objects.select_for_update().get(pk=cluster_year.pk)
        if Dossier.objects.filter(source=source, year=cluster_year.year, unit=leader.unit).exists():
            raise Conflict("Đã lập hồ sơ đề nghị khen thưởng từ hội nghị này.")
        dossiers = [
            dossier_create_from_proposals(
                actor=actor,
                unit=leader.unit,
                award_code=award.code,
                year=cluster_year.year,
                title=f"Đề nghị tặng {award.name} – {source}",
                proposals=[
                    DossierProposal(
                        kind=RecipientKind.COLLECTIVE,
                        name=p.unit.name,
                        unit=p.unit,
                        subject=Subject.objects.filter(
                            kind=RecipientKind.COLLECTIVE, unit=p.unit, name=p.unit.name
                        ).first(),
                    )
                    for p in items
                ],
                source=source,
            )
            for award, items in groups.values()
        ]
        audit.record(
            actor=access.audit_actor(actor),
            action="conference.dossiers_create",
            obj=cluster_year,
            after={
                "dossiers": [
                    {"id": d.pk, "award": d.award.code, "units": [r.name for r in d.recipients.all()]}
                    for d in dossiers
                ]
            },
        )
    return dossiers
