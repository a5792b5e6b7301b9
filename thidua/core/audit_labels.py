"""Vietnamese names for the audit actions, so the change log reads as sentences and not as codes.

Every `action=` a service passes to `thidua.core.audit.record` has a label here; the test in
thidua/core/tests/test_audit_labels.py reads the services and fails when a new code is left without one.
An unknown code (an old row, a code removed since) is shown as itself.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

LABELS = {
    # Accounts
    "user.create": _("Tạo tài khoản"),
    "user.deactivate": _("Khóa tài khoản"),
    "user.admin_site_grant": _("Cấp quyền trang quản trị"),
    "role.assign": _("Giao vai trò"),
    "role.revoke": _("Thu hồi vai trò"),
    "api_token.issue": _("Cấp khóa truy cập API"),
    "api_token.revoke": _("Thu hồi khóa truy cập API"),
    # Organisation
    "unit.create": _("Thêm đơn vị"),
    "unit.update": _("Sửa đơn vị"),
    "unit.merger": _("Sáp nhập đơn vị"),
    "unit.dissolution": _("Giải thể đơn vị"),
    "unit.rename": _("Đổi tên đơn vị"),
    "cluster.create": _("Thêm cụm, khối thi đua"),
    "cluster.update": _("Sửa cụm, khối thi đua"),
    "cluster_year.create": _("Mở năm thi đua của cụm, khối"),
    "cluster_year.open": _("Chép thành viên, vai trò từ năm trước"),
    "membership.set": _("Cập nhật thành viên cụm, khối"),
    "membership.add": _("Thêm thành viên cụm, khối"),
    "membership.remove": _("Bỏ thành viên khỏi cụm, khối"),
    "membership.role_change": _("Đổi vai trò, thứ tự thành viên (trưởng, phó cụm)"),
    # Frameworks and agreements
    "framework.create": _("Tạo thang điểm"),
    "framework.copy": _("Sao chép thang điểm"),
    "frameworkversion.create": _("Tạo phiên bản thang điểm"),
    "frameworkversion.settings": _("Sửa thiết lập thang điểm"),
    "frameworkversion.node_add": _("Thêm tiêu chí"),
    "frameworkversion.node_update": _("Sửa tiêu chí"),
    "frameworkversion.node_delete": _("Xóa tiêu chí"),
    "frameworkversion.node_move": _("Chuyển vị trí tiêu chí"),
    "frameworkversion.publish": _("Ban hành thang điểm"),
    "packageimport.upload": _("Tải lên gói giao ước"),
    "packageimport.discard": _("Hủy gói giao ước đã tải lên"),
    "agreement.import": _("Nhập giao ước từ gói"),
    "agreement.create": _("Tạo giao ước thi đua"),
    "agreement.framework_set": _("Chọn thang điểm cho giao ước"),
    "agreement.target_set": _("Đặt chỉ tiêu"),
    "agreement.veto_add": _("Ghi nhận đơn vị không xét thi đua"),
    "agreement.veto_withdraw": _("Bỏ ghi nhận không xét thi đua"),
    "scoresnapshot.create": _("Chốt bảng điểm"),
    # Cycle
    "rule.refused": _("Thao tác bị từ chối theo quy định"),
    "cycle.create": _("Mở kỳ thi đua"),
    "cycle.deadlines": _("Đặt thời hạn kỳ thi đua"),
    "cycle.advance": _("Chuyển kỳ thi đua sang bước sau"),
    "cycle.move_back": _("Đưa kỳ thi đua về bước trước"),
    "cycle.final_correct": _("Điều chỉnh kết quả chính thức"),
    "cycle.sign": _("Ký giao ước"),
    "cycle.amendment_request": _("Đề nghị điều chỉnh giao ước"),
    "cycle.amendment_decide": _("Quyết định đề nghị điều chỉnh giao ước"),
    "cycle.line_save": _("Lưu số liệu báo cáo"),
    "cycle.line_resubmit": _("Gửi lại số liệu đã bị trả"),
    "cycle.report_import": _("Nhập báo cáo từ tệp"),
    "cycle.report_submit": _("Gửi báo cáo"),
    "cycle.evidence_add": _("Thêm minh chứng"),
    "cycle.evidence_remove": _("Gỡ minh chứng"),
    "cycle.line_accept": _("Xác nhận số liệu"),
    "cycle.facts_save": _("Lưu số liệu thành phần của tiêu chí"),
    "cycle.facts_resubmit": _("Gửi lại số liệu thành phần đã bị trả lại"),
    "cycle.fact_accept": _("Xác nhận một số liệu thành phần"),
    "cycle.fact_correct": _("Điều chỉnh một số liệu thành phần"),
    "cycle.fact_return": _("Trả lại một số liệu thành phần"),
    "cycle.agreed_points_record": _("Ghi điểm thống nhất"),
    "cycle.agreed_points_withdraw": _("Bỏ điểm thống nhất"),
    "cycle.line_correct": _("Điều chỉnh số liệu"),
    "cycle.line_return": _("Trả lại số liệu"),
    "cycle.appeal_file": _("Gửi kiến nghị"),
    "cycle.appeal_answer": _("Trả lời kiến nghị"),
    "cycle.bonus_claim": _("Đề nghị điểm thưởng"),
    "cycle.bonus_accept": _("Chấp nhận đề nghị điểm thưởng"),
    "cycle.bonus_refuse": _("Không chấp nhận đề nghị điểm thưởng"),
    "cycle.deduction_record": _("Ghi điểm trừ"),
    "cycle.deduction_withdraw": _("Rút điểm trừ"),
    # Conference
    "conference.save": _("Cập nhật thông tin hội nghị"),
    "conference.leadership_apply": _("Áp dụng kết quả bầu trưởng, phó cụm"),
    "conference.dossiers_create": _("Lập hồ sơ đề nghị khen thưởng"),
    "veto.record": _("Ghi nhận trường hợp không xét"),
    "veto.withdraw": _("Rút trường hợp không xét"),
    "proposals.compute": _("Tính danh sách đề nghị"),
    "ballot.create": _("Tạo cuộc bỏ phiếu"),
    "ballot.open": _("Mở bỏ phiếu"),
    "ballot.attendance": _("Ghi nhận đại biểu có mặt"),
    "ballot.cast": _("Bỏ phiếu"),
    "ballot.paper": _("Nhập phiếu giấy"),
    "ballot.close": _("Kết thúc bỏ phiếu"),
    "ballot.override": _("Điều chỉnh kết quả bỏ phiếu"),
    "ballot.rerun": _("Bỏ phiếu lại"),
    # Awards
    "awards.catalogue_load": _("Nạp danh mục hình thức khen thưởng"),
    "awards.catalogue_award_update": _("Sửa hình thức khen thưởng"),
    "awards.record_create": _("Ghi sổ khen thưởng"),
    "awards.record_revoke": _("Hủy quyết định khen thưởng"),
    "awards.register_import": _("Nhập sổ khen thưởng từ tệp"),
    "awards.subject_create": _("Thêm đối tượng khen thưởng"),
    "awards.subject_year_set": _("Cập nhật kết quả năm của đối tượng"),
    "awards.subjects_import": _("Nhập đối tượng từ tệp"),
    "awards.eligibility_confirm": _("Xác nhận điều kiện khen thưởng"),
    "awards.dossier_create": _("Lập hồ sơ khen thưởng"),
    "awards.dossier_recipient_add": _("Thêm người, tập thể vào hồ sơ"),
    "awards.dossier_attachment_add": _("Đính kèm tài liệu vào hồ sơ"),
    "awards.dossier_forward": _("Chuyển hồ sơ lên cấp trên"),
    "awards.dossier_return": _("Trả lại hồ sơ"),
    "awards.dossier_recall": _("Rút lại hồ sơ"),
    "awards.dossier_approve": _("Phê duyệt hồ sơ"),
    # Movements
    "movement.create": _("Phát động phong trào"),
    "movement.update": _("Sửa phong trào"),
    "movement.review_add": _("Thêm sơ kết, tổng kết phong trào"),
    "movement.review_delete": _("Xóa sơ kết, tổng kết phong trào"),
    # Reports
    "report.request": _("Yêu cầu lập báo cáo"),
    "report.generate": _("Lập báo cáo"),
    "report.fail": _("Lập báo cáo không thành công"),
    "leader_section.save": _("Lưu phần viết của trưởng cụm"),
}


def action_label(code: str) -> str:
    """The Vietnamese name of an audit action, or the code itself when it has none."""
    label = LABELS.get(code)
    return str(label) if label is not None else code
