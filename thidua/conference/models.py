"""The year-end conference: the meeting, vetoes, secret ballots, award proposals.

Secrecy is a property of the schema, not of the code that reads it: `Vote` holds a ballot and a choice and
nothing that can lead back to a voter (a random UUID key, no timestamp, no row order); `VoterReceipt` holds who
has voted and nothing about the choice. Both are written in one transaction, and the database's unique
constraint on (ballot, voter) is what makes "one vote per voter" hold under concurrent submissions.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.awards.models import Dossier
from thidua.org.models import ClusterYear, Unit


class Conference(models.Model):
    """The year-end meeting of a cluster-year: when, where, who chaired and who took the minutes."""

    cluster_year = models.OneToOneField(
        ClusterYear, verbose_name=_("năm thi đua"), on_delete=models.PROTECT, related_name="conference"
    )
    held_on = models.DateField(_("ngày họp"))
    place = models.CharField(_("địa điểm"), max_length=200)
    chair_name = models.CharField(_("chủ trì"), max_length=200)
    secretary_name = models.CharField(_("thư ký"), max_length=200, blank=True)
    guests = models.TextField(_("thành phần dự"), blank=True)
    minutes_number = models.CharField(_("số biên bản"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("hội nghị tổng kết")
        verbose_name_plural = _("hội nghị tổng kết")

    def __str__(self) -> str:
        return f"Hội nghị tổng kết {self.cluster_year}"


class VetoStatus(models.TextChoices):
    ACTIVE = "active", _("Đang áp dụng")
    WITHDRAWN = "withdrawn", _("Đã rút")


class Veto(models.Model):
    """A member unit taken out of the ranking and the honours of its cluster-year, with the reason and evidence."""

    cluster_year = models.ForeignKey(
        ClusterYear, verbose_name=_("năm thi đua"), on_delete=models.PROTECT, related_name="vetoes"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("lý do"))
    evidence = models.FileField(_("minh chứng"), upload_to="conference/vetoes/%Y/", blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=VetoStatus.choices, default=VetoStatus.ACTIVE
    )
    withdrawn_reason = models.TextField(_("lý do rút"), blank=True)

    class Meta:
        verbose_name = _("trường hợp không xét thi đua")
        verbose_name_plural = _("trường hợp không xét thi đua")
        ordering = ["cluster_year_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster_year", "unit"], condition=Q(status="active"), name="conference_veto_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit.name}: {self.reason[:60]}"


class BallotPurpose(models.TextChoices):
    HONOUR = "honour", _("Suy tôn đơn vị dẫn đầu")
    LEADER = "leader", _("Bầu cụm trưởng (khối trưởng) năm sau")
    DEPUTY = "deputy", _("Bầu cụm phó (khối phó) năm sau")
    COUNCIL = "council", _("Biểu quyết của Hội đồng Thi đua – Khen thưởng")


class QuestionKind(models.TextChoices):
    APPROVAL = "approval", _("Đồng ý / không đồng ý / không biểu quyết")
    CHOICE = "choice", _("Chọn một trong các ứng viên")


class VoterKind(models.TextChoices):
    UNITS = "units", _("Mỗi đơn vị thành viên một đại biểu")
    PERSONS = "persons", _("Danh sách người bỏ phiếu")


class Comparison(models.TextChoices):
    MORE_THAN = "more_than", _("trên")
    AT_LEAST = "at_least", _("từ … trở lên")


class ThresholdBase(models.TextChoices):
    VOTERS = "voters", _("tổng số đại biểu")
    CAST = "cast", _("số phiếu đã bỏ")


class BallotStatus(models.TextChoices):
    DRAFT = "draft", _("Chuẩn bị")
    OPEN = "open", _("Đang bỏ phiếu")
    CLOSED = "closed", _("Đã kết thúc")


class Ballot(models.Model):
    """One secret vote of a conference (or of the council): the question, who may vote, the rule and the result."""

    province = models.ForeignKey(Unit, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+")
    # Empty for a council ballot, which belongs to the province rather than to one cluster.
    cluster_year = models.ForeignKey(
        ClusterYear,
        verbose_name=_("năm thi đua"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ballots",
    )
    purpose = models.CharField(_("mục đích"), max_length=10, choices=BallotPurpose.choices)
    question = models.CharField(_("hình thức"), max_length=10, choices=QuestionKind.choices)
    title = models.CharField(_("nội dung biểu quyết"), max_length=300)
    subject = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị được đề nghị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A council ballot may judge an awards dossier; the dossier's own workflow stays in thidua.awards.
    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("hồ sơ đề nghị khen thưởng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    voter_kind = models.CharField(_("người bỏ phiếu"), max_length=10, choices=VoterKind.choices)
    quorum_numerator = models.PositiveSmallIntegerField(_("tỷ lệ dự họp tối thiểu (tử số)"), default=2)
    quorum_denominator = models.PositiveSmallIntegerField(_("tỷ lệ dự họp tối thiểu (mẫu số)"), default=3)
    threshold_comparison = models.CharField(
        _("so sánh"), max_length=10, choices=Comparison.choices, default=Comparison.MORE_THAN
    )
    threshold_numerator = models.PositiveSmallIntegerField(_("tỷ lệ đạt (tử số)"), default=1)
    threshold_denominator = models.PositiveSmallIntegerField(_("tỷ lệ đạt (mẫu số)"), default=2)
    threshold_base = models.CharField(
        _("tính trên"), max_length=10, choices=ThresholdBase.choices, default=ThresholdBase.VOTERS
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=BallotStatus.choices, default=BallotStatus.DRAFT
    )
    present = models.PositiveIntegerField(_("số đại biểu có mặt"), null=True, blank=True)
    opened_at = models.DateTimeField(_("mở lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    # The computed result, stored at closing so it never changes when settings or code change later.
    passed = models.BooleanField(_("đạt"), null=True, blank=True)
    winner = models.ForeignKey(
        Unit, verbose_name=_("trúng cử"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    result_reason = models.TextField(_("kết quả kiểm phiếu"), blank=True)
    totals = models.JSONField(_("số phiếu"), default=dict, blank=True)
    override_passed = models.BooleanField(_("chủ tọa quyết định đạt"), null=True, blank=True)
    override_winner = models.ForeignKey(
        Unit,
        verbose_name=_("chủ tọa chọn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    override_reason = models.TextField(_("lý do chủ tọa quyết định"), blank=True)
    # A vote held again because this earlier one failed its quorum: the failed one stays on record.
    rerun_of = models.OneToOneField(
        "self",
        verbose_name=_("bỏ phiếu lại cuộc bỏ phiếu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rerun",
    )

    class Meta:
        verbose_name = _("cuộc bỏ phiếu")
        verbose_name_plural = _("cuộc bỏ phiếu")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_numerator__lte=models.F("quorum_denominator"), quorum_denominator__gt=0),
                name="conference_ballot_quorum_share",
            ),
            models.CheckConstraint(
                condition=Q(
                    threshold_numerator__lte=models.F("threshold_denominator"), threshold_denominator__gt=0
                ),
                name="conference_ballot_threshold_share",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def quorum_failed(self) -> bool:
        """Closed without the quorum: it decided nothing, and only a re-run can."""
        return self.status == BallotStatus.CLOSED and (self.totals or {}).get("quorum_met") is False

    @property
    def is_overridden(self) -> bool:
        # A chair's decision on a ballot without its quorum was never valid (ballot_override refuses it now).
        return self.override_passed is not None and not self.quorum_failed

    @property
    def final_passed(self) -> bool | None:
        return self.override_passed if self.is_overridden else self.passed

    @property
    def final_winner_id(self) -> int | None:
        return self.override_winner_id if self.is_overridden else self.winner_id


class Candidate(models.Model):
    """A unit standing in a choose-one ballot (the next leader or deputy)."""

    ballot = models.ForeignKey(
        Ballot, verbose_name=_("cuộc bỏ phiếu"), on_delete=models.CASCADE, related_name="candidates"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    suggested = models.BooleanField(_("theo đề xuất luân phiên"), default=False)

    class Meta:
        verbose_name = _("ứng viên")
        verbose_name_plural = _("ứng viên")
        ordering = ["ballot_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["ballot", "unit"], name="conference_candidate_once")]

    def __str__(self) -> str:
        return self.unit.name


class Voter(models.Model):
    """Someone entitled to vote in a ballot: a member unit (through any of its officers) or a named person."""

    ballot = models.ForeignKey(
        Ballot, verbose_name=_("cuộc bỏ phiếu"), on_delete=models.CASCADE, related_name="voters"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người bỏ phiếu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("đại biểu bỏ phiếu")
        verbose_name_plural = _("đại biểu bỏ phiếu")
        ordering = ["ballot_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False, user__isnull=True) | Q(unit__isnull=True, user__isnull=False),
                name="conference_voter_unit_xor_user",
            ),
            models.UniqueConstraint(fields=["ballot", "unit"], name="conference_voter_unit_once"),
            models.UniqueConstraint(fields=["ballot", "user"], name="conference_voter_user_once"),
        ]

    def __str__(self) -> str:
        if self.unit is not None:
            return self.unit.name
        assert self.user is not None
        return self.user.get_full_name() or self.user.get_username()


class VoterReceipt(models.Model):
    """That a voter has voted (online, or on paper as the chair entered), never what they chose."""

    ballot = models.ForeignKey(
        Ballot, verbose_name=_("cuộc bỏ phiếu"), on_delete=models.CASCADE, related_name="receipts"
    )
    voter = models.ForeignKey(
        Voter, verbose_name=_("đại biểu"), on_delete=models.CASCADE, related_name="receipts"
    )
    on_paper = models.BooleanField(_("bỏ phiếu giấy"), default=False)

    class Meta:
        verbose_name = _("xác nhận đã bỏ phiếu")
        verbose_name_plural = _("xác nhận đã bỏ phiếu")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "voter"], name="conference_one_receipt_per_voter")
        ]

    def __str__(self) -> str:
        return f"{self.voter} đã bỏ phiếu"


class VoteChoice(models.TextChoices):
    APPROVE = "approve", _("Đồng ý")
    REJECT = "reject", _("Không đồng ý")
    ABSTAIN = "abstain", _("Không biểu quyết")
    CANDIDATE = "candidate", _("Bầu ứng viên")


class Vote(models.Model):
    """One secret electronic ballot: the ballot and the choice only. No voter, no time, no sequence."""

    # A random key, so the order of keys says nothing about the order in which people voted.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="votes")
    choice = models.CharField(max_length=10, choices=VoteChoice.choices)
    candidate = models.ForeignKey(
        Candidate, null=True, blank=True, on_delete=models.PROTECT, related_name="votes"
    )

    class Meta:
        verbose_name = _("phiếu bầu")
        verbose_name_plural = _("phiếu bầu")
        constraints = [
            models.CheckConstraint(
                condition=Q(choice="candidate", candidate__isnull=False)
                | (~Q(choice="candidate") & Q(candidate__isnull=True)),
                name="conference_vote_candidate_iff_choice",
            )
        ]

    def __str__(self) -> str:
        return self.get_choice_display()


class PaperTally(models.Model):
    """The chair's count of the paper ballots of a ballot, added to the electronic ones at closing."""

    ballot = models.OneToOneField(
        Ballot, verbose_name=_("cuộc bỏ phiếu"), on_delete=models.CASCADE, related_name="paper"
    )
    approve = models.PositiveIntegerField(_("đồng ý"), default=0)
    reject = models.PositiveIntegerField(_("không đồng ý"), default=0)
    abstain = models.PositiveIntegerField(_("không biểu quyết"), default=0)
    # {candidate id: count}; kept as JSON because a ballot has a handful of candidates.
    candidate_counts = models.JSONField(_("phiếu theo ứng viên"), default=dict, blank=True)

    class Meta:
        verbose_name = _("kết quả phiếu giấy")
        verbose_name_plural = _("kết quả phiếu giấy")

    def __str__(self) -> str:
        return f"Phiếu giấy: {self.ballot}"


class Proposal(models.Model):
    """A member unit's line in the conference's award proposals: the award proposed or none, and why."""

    cluster_year = models.ForeignKey(
        ClusterYear, verbose_name=_("năm thi đua"), on_delete=models.PROTECT, related_name="award_proposals"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(_("hạng"), null=True, blank=True)
    total = models.DecimalField(_("tổng điểm"), max_digits=9, decimal_places=2, null=True, blank=True)
    award = models.CharField(_("hình thức đề nghị"), max_length=200, blank=True)
    reason = models.TextField(_("lý do"))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["cluster_year_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["cluster_year", "unit", "award"], name="conference_proposal_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit.name}: {self.award or 'không đề nghị'}"
