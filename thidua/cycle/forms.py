"""Forms of the cycle's pages. They only shape what people type; the services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.agreements.forms import NumberField


class DateInput(forms.DateInput):
    input_type = "date"


class DeadlinesForm(forms.Form):
    signing_deadline = forms.DateField(label=_("Hạn ký kết"), required=False, widget=DateInput)
    reporting_deadline = forms.DateField(label=_("Hạn báo cáo"), required=False, widget=DateInput)
    appeal_deadline = forms.DateField(label=_("Hạn kiến nghị"), required=False, widget=DateInput)
    reason = forms.CharField(label=_("Lý do thay đổi"), required=False)
    confirm_lateness = forms.BooleanField(
        label=_("Xác nhận: tôi đã xem danh sách đơn vị bị thay đổi điểm trừ nộp trễ"),
        required=False,
    )


class TransitionForm(forms.Form):
    from_state = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    override = forms.BooleanField(label=_("Chuyển dù chưa đủ điều kiện (ghi lý do)"), required=False)


class SignForm(forms.Form):
    unit = forms.IntegerField(widget=forms.HiddenInput)
    signer_name = forms.CharField(label=_("Người ký (họ tên, chức vụ)"), max_length=200)
    document = forms.FileField(label=_("Văn bản giao ước đã ký (PDF, ảnh)"))


class AmendmentForm(forms.Form):
    unit = forms.IntegerField(widget=forms.HiddenInput)
    criterion = forms.CharField(label=_("Mã tiêu chí"), max_length=40)
    new_target = NumberField(label=_("Chỉ tiêu mới"))
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Quyết định"),
        choices=[("1", _("Chấp nhận")), ("0", _("Không chấp nhận"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LineForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.CharField(label=_("Thực hiện"), required=False, max_length=200)
    comment = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 1}))


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Tệp minh chứng"))


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel báo cáo (.xlsx)"))


class VerifyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    verdict = forms.ChoiceField(
        label=_("Kết quả"),
        choices=[("accept", _("Xác nhận")), ("correct", _("Điều chỉnh")), ("return", _("Trả lại đơn vị"))],
    )
    value = forms.CharField(label=_("Giá trị điều chỉnh"), required=False, max_length=200)
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=1000)


class AppealForm(forms.Form):
    argument = forms.CharField(label=_("Nội dung kiến nghị"), widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Trả lời"),
        choices=[("1", _("Chấp nhận, điều chỉnh giá trị")), ("0", _("Không chấp nhận"))],
        coerce=lambda v: v == "1",
    )
    value = forms.CharField(label=_("Giá trị điều chỉnh"), required=False, max_length=200)
    answer = forms.CharField(label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 2}))


class CorrectionForm(forms.Form):
    line = forms.IntegerField(label=_("Dòng"), widget=forms.HiddenInput)
    value = forms.CharField(label=_("Giá trị mới"), max_length=200)
    reason = forms.CharField(label=_("Lý do điều chỉnh"), widget=forms.Textarea(attrs={"rows": 2}))


class BonusClaimForm(forms.Form):
    item = forms.CharField(label=_("Mục điểm thưởng"), max_length=40)
    note = forms.CharField(
        label=_("Ghi chú (số, ngày quyết định khen thưởng)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    file = forms.FileField(label=_("Tệp minh chứng (quyết định khen thưởng)"), required=False)


class BonusDecisionForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Kết quả"),
        choices=[("1", _("Chấp nhận")), ("0", _("Không chấp nhận"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=1000)


class DeductionForm(forms.Form):
    unit = forms.IntegerField(label=_("Đơn vị"))
    points = NumberField(label=_("Số điểm trừ"))
    reason = forms.CharField(label=_("Lý do trừ điểm"), widget=forms.Textarea(attrs={"rows": 2}))
    criterion = forms.CharField(label=_("Mã tiêu chí (nếu có)"), required=False, max_length=40)
    file = forms.FileField(label=_("Tệp minh chứng (nếu có)"), required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Lý do rút điểm trừ"), widget=forms.Textarea(attrs={"rows": 2}))
