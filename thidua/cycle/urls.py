from django.urls import path

from thidua.cycle.views import cycle, report, results

app_name = "cycle"

urlpatterns = [
    path("", cycle.cycle_list, name="list"),
    path("mo/<int:cluster_year>/", cycle.cycle_open, name="open"),
    path("<int:pk>/", cycle.cycle_detail, name="detail"),
    path("<int:pk>/han/", cycle.cycle_deadlines, name="deadlines"),
    path("<int:pk>/chuyen/<str:direction>/", cycle.cycle_transition, name="transition"),
    path("<int:pk>/ky/", cycle.cycle_sign, name="sign"),
    path("chu-ky/<int:pk>/", cycle.signature_document, name="signature_document"),
    path("<int:pk>/sua-chi-tieu/", cycle.amendment_request, name="amendment_request"),
    path("<int:pk>/sua-chi-tieu/<int:amendment>/", cycle.amendment_decide, name="amendment_decide"),
    path("<int:pk>/bao-cao/<int:unit>/", report.report_page, name="report"),
    path("<int:pk>/bao-cao/<int:unit>/excel/", report.report_download, name="report_download"),
    path("<int:pk>/bao-cao/<int:unit>/nhap/", report.report_upload, name="report_upload"),
    path("<int:pk>/bao-cao/<int:unit>/nhap/ap-dung/", report.report_upload_apply, name="report_upload_apply"),
    path("<int:pk>/bao-cao/<int:unit>/nop/", report.report_submit, name="report_submit"),
    path("dong/<int:pk>/", report.line_save, name="line_save"),
    path("dong/<int:pk>/minh-chung/", report.evidence_add, name="evidence_add"),
    path("minh-chung/<int:pk>/", report.evidence_download, name="evidence"),
    path("minh-chung/<int:pk>/xoa/", report.evidence_remove, name="evidence_remove"),
    path("tham-dinh/", results.verify_queue, name="verify_queue"),
    path("dong/<int:pk>/tham-dinh/", results.line_verify, name="line_verify"),
    path("<int:pk>/ket-qua/", results.results, name="results"),
    path("<int:pk>/ket-qua/excel/", results.results_download, name="results_download"),
    path("<int:pk>/ket-qua/<int:unit>/", results.unit_results, name="unit_results"),
    path("<int:pk>/cong-khai/", results.public_results, name="public"),
    path("dong/<int:pk>/kien-nghi/", results.appeal_file, name="appeal_file"),
    path("<int:pk>/kien-nghi/", results.appeals, name="appeals"),
    path("kien-nghi/<int:pk>/tra-loi/", results.appeal_answer, name="appeal_answer"),
    path("<int:pk>/dieu-chinh/", results.final_correct, name="final_correct"),
    path("thong-bao/", results.notifications, name="notifications"),
    path("thong-bao/da-doc/", results.notifications_read, name="notifications_read"),
]
