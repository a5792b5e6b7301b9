"""Forms of the conference pages; they only read input, the services decide what is allowed."""

from __future__ import annotations

from typing import Any, Literal

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from thidua.awards.models import Dossier
from thidua.conference import conf
from thidua.conference.models import Ballot, QuestionKind, VoteChoice, Voter
from thidua.core.forms import DateInput
from thidua.org.models import Unit

# Threshold presets offered on the form; each is (comparison, numerator, denominator).
THRESHOLDS: dict[str, tuple[Literal["more_than", "at_least"], int, int]] = {
    "more_than_half": ("more_than", 1, 2),
    "at_least_half": ("at_least", 1, 2),
    "two_thirds": ("at_least", 2, 3),
    "seventy": ("at_least", 70, 100),
    "ninety": ("at_least", 90, 100),
}
THRESHOLD_CHOICES = [
    ("more_than_half", _("Trên 50%")),
    ("at_least_half", _("Từ 50% trở lên")),
    ("two_thirds", _("Từ 2/3 trở lên")),
    ("seventy", _("Từ 70% trở lên")),
    ("ninety", _("Từ 90% trở lên")),
]
BASE_CHOICES = [("voters", _("tổng số đại biểu")), ("cast", _("số phiếu đã bỏ"))]
# Quorum presets: the share of all voters that must be present.
QUORUMS: dict[str, tuple[int, int]] = {"half": (1, 2), "two_thirds": (2, 3), "three_quarters": (3, 4)}
QUORUM_CHOICES = [
    ("half", _("Ít nhất 1/2 tổng số thành viên")),
    ("two_thirds", _("Ít nhất 2/3 tổng số thành viên")),
    ("three_quarters", _("Ít nhất 3/4 tổng số thành viên")),
]
# How next year's leader is suggested (domain/cycle.md, "Rotation"): the meeting may still elect anyone.
ROTATION_DEPUTY = "deputy"
ROTATION_LEADING = "leading"


class ConferenceForm(forms.Form):
    held_on = forms.DateField(label=_("Ngày họp"), widget=DateInput())
    place = forms.CharField(label=_("Địa điểm"), max_length=200)
    chair_name = forms.CharField(label=_("Chủ trì"), max_length=200)
    secretary_name = forms.CharField(label=_("Thư ký"), max_length=200, required=False)
    minutes_number = forms.CharField(label=_("Số biên bản"), max_length=60, required=False)
    guests = forms.CharField(
        label=_("Thành phần dự"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class VetoForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    reason = forms.CharField(label=_("Lý do không xét thi đua"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(
        label=_("Minh chứng"), required=False, help_text=_("PDF, ảnh, Word hoặc Excel, tối đa 20 MB.")
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


class BallotRuleFields(forms.Form):
    threshold = forms.ChoiceField(label=_("Tỷ lệ đạt"), choices=THRESHOLD_CHOICES, initial="more_than_half")
    base = forms.ChoiceField(label=_("Tính trên"), choices=BASE_CHOICES, initial="voters")


class HonourBallotForm(BallotRuleFields):
    subject = forms.ModelChoiceField(label=_("Đơn vị được đề nghị suy tôn"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Nội dung biểu quyết"), max_length=300)

    field_order = ["subject", "title", "threshold", "base"]

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = units  # type: ignore[attr-defined]


class ElectionForm(BallotRuleFields):
    rotation = forms.ChoiceField(
        choices=[(ROTATION_DEPUTY, ROTATION_DEPUTY), (ROTATION_LEADING, ROTATION_LEADING)],
        initial=ROTATION_DEPUTY,
        widget=forms.HiddenInput,
    )
    purpose = forms.ChoiceField(
        label=_("Bầu"), choices=[("leader", _("Cụm trưởng năm sau")), ("deputy", _("Cụm phó năm sau"))]
    )
    candidates = forms.ModelMultipleChoiceField(
        label=_("Ứng viên"), queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    title = forms.CharField(label=_("Nội dung bầu"), max_length=300)

    field_order = ["purpose", "candidates", "title", "threshold", "base"]

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = units  # type: ignore[attr-defined]


def _preset(presets: dict[str, Any], value: Any, fallback: str) -> str:
    return next((key for key, preset in presets.items() if preset == value), fallback)


class PersonChoice(forms.ModelMultipleChoiceField[User]):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class CouncilBallotForm(BallotRuleFields):
    """A council ballot: the question, the council members who vote, the rule, and what it judges."""

    title = forms.CharField(label=_("Nội dung biểu quyết"), max_length=300)
    voters = PersonChoice(
        label=_("Thành viên Hội đồng bỏ phiếu"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    quorum = forms.ChoiceField(label=_("Số thành viên có mặt tối thiểu"), choices=QUORUM_CHOICES)
    dossier = forms.ModelChoiceField(
        label=_("Hồ sơ đề nghị khen thưởng"),
        queryset=Dossier.objects.none(),
        required=False,
        help_text=_("Không bắt buộc: hồ sơ đang chờ Hội đồng xét mà cuộc biểu quyết này quyết định."),
    )
    subject = forms.ModelChoiceField(
        label=_("Đơn vị được đề nghị"), queryset=Unit.objects.none(), required=False
    )

    field_order = ["title", "voters", "dossier", "subject", "quorum", "threshold", "base"]

    def __init__(self, *args: Any, members: Any, dossiers: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["voters"].queryset = members  # type: ignore[attr-defined]
        self.fields["dossier"].queryset = dossiers  # type: ignore[attr-defined]
        self.fields["subject"].queryset = units  # type: ignore[attr-defined]
        rule = conf.current()
        threshold = rule.threshold
        self.fields["threshold"].initial = _preset(
            THRESHOLDS,
            (threshold.comparison, threshold.share.numerator, threshold.share.denominator),
            "more_than_half",
        )
        self.fields["base"].initial = threshold.base
        self.fields["quorum"].initial = _preset(
            QUORUMS, (rule.quorum.numerator, rule.quorum.denominator), "two_thirds"
        )
        self.fields["voters"].initial = [user.pk for user in members]


class OpenForm(forms.Form):
    present = forms.IntegerField(label=_("Số đại biểu có mặt"), min_value=0)


class CastForm(forms.Form):
    """The delegate's ballot paper: the options depend on the question of the ballot."""

    choice = forms.ChoiceField(label=_("Phiếu của đơn vị"), widget=forms.RadioSelect)
    voter = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, ballot: Ballot, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options: list[tuple[str, Any]]
        if ballot.question == QuestionKind.APPROVAL:
            options = [
                (VoteChoice.APPROVE, _("Đồng ý")),
                (VoteChoice.REJECT, _("Không đồng ý")),
                (VoteChoice.ABSTAIN, _("Không biểu quyết")),
            ]
        else:
            options = [(f"c{c.pk}", c.unit.name) for c in ballot.candidates.select_related("unit")]
            options.append((VoteChoice.ABSTAIN, _("Không bầu ai")))
        self.fields["choice"].choices = options  # type: ignore[attr-defined]


class PaperForm(forms.Form):
    """Counted paper ballots; candidate counts are added as fields c<id> for a choose-one ballot."""

    paper_voters = forms.ModelMultipleChoiceField(
        label=_("Đại biểu bỏ phiếu giấy"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, ballot: Ballot, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["paper_voters"].queryset = Voter.objects.filter(ballot=ballot)  # type: ignore[attr-defined]
        self.fields["paper_voters"].label_from_instance = str  # type: ignore[attr-defined]
        if ballot.question == QuestionKind.APPROVAL:
            self.fields["approve"] = forms.IntegerField(label=_("Đồng ý"), min_value=0, initial=0)
            self.fields["reject"] = forms.IntegerField(label=_("Không đồng ý"), min_value=0, initial=0)
        else:
            for candidate in ballot.candidates.select_related("unit"):
                self.fields[f"c{candidate.pk}"] = forms.IntegerField(
                    label=candidate.unit.name, min_value=0, initial=0
                )
        self.fields["abstain"] = forms.IntegerField(label=_("Không biểu quyết"), min_value=0, initial=0)


class OverrideForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Chủ tọa quyết định"),
        choices=[("1", _("Đạt")), ("0", _("Không đạt"))],
        coerce=lambda value: value == "1",
    )
    winner = forms.ModelChoiceField(label=_("Đơn vị trúng cử"), queryset=Unit.objects.none(), required=False)
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, ballot: Ballot, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if ballot.question == QuestionKind.CHOICE:
            self.fields["winner"].queryset = Unit.objects.filter(pk__in=ballot.candidates.values("unit_id"))  # type: ignore[attr-defined]
        else:
            del self.fields["winner"]
