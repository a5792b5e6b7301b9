from django.urls import path

from thidua.awards.views import catalogue, dossiers, imports, register, subjects

app_name = "awards"

urlpatterns = [
    path("so/", register.register_list, name="register"),
    path("so/xuat-excel/", register.register_export, name="register_export"),
    path("so/them/", register.record_create, name="record_create"),
    path("so/nhap-excel/", imports.register_import, name="register_import"),
    path("nhap-excel/<int:pk>/", imports.import_status, name="import_status"),
    path("so/<int:pk>/", register.record_detail, name="record_detail"),
    path("so/<int:pk>/thu-hoi/", register.record_revoke, name="record_revoke"),
    path("so/<int:pk>/giay-chung-nhan.pdf", register.certificate, name="certificate"),
    path("thong-ke/", register.statistics, name="statistics"),
    path("quyet-dinh/<int:pk>.docx", register.decision_docx, name="decision_docx"),
    path("xac-minh/<str:token>/", register.verify, name="verify"),
    path("danh-muc/", catalogue.catalogue, name="catalogue"),
    path("danh-muc/nap/", catalogue.catalogue_load, name="catalogue_load"),
    path("danh-muc/cap-nhat/", catalogue.catalogue_refresh, name="catalogue_refresh"),
    path("danh-muc/<str:code>/sua/", catalogue.catalogue_award_edit, name="catalogue_award_edit"),
    path("doi-tuong/", subjects.subject_list, name="subjects"),
    path("doi-tuong/them/", subjects.subject_create, name="subject_create"),
    path("doi-tuong/nhap-excel/", imports.subject_import, name="subject_import"),
    path("doi-tuong/<int:pk>/", subjects.subject_detail, name="subject_detail"),
    path("doi-tuong/<int:pk>/xac-nhan/", subjects.subject_confirm, name="subject_confirm"),
    path("ho-so/", dossiers.dossier_list, name="dossiers"),
    path("ho-so/tao/", dossiers.dossier_create, name="dossier_create"),
    path("ho-so/<int:pk>/", dossiers.dossier_detail, name="dossier_detail"),
    path("ho-so/<int:pk>/de-nghi/", dossiers.recipient_add, name="recipient_add"),
    path("ho-so/<int:pk>/tai-lieu/", dossiers.attachment_add, name="attachment_add"),
    path(
        "ho-so/<int:pk>/tai-lieu/<int:attachment_pk>/",
        dossiers.attachment_download,
        name="attachment_download",
    ),
    path("ho-so/<int:pk>/quyet-dinh/", dossiers.dossier_approve, name="dossier_approve"),
    path("ho-so/<int:pk>/du-thao-quyet-dinh.docx", dossiers.decision_draft, name="decision_draft"),
    path("ho-so/<int:pk>/du-thao-to-trinh.docx", dossiers.proposal_draft, name="proposal_draft"),
    path("ho-so/<int:pk>/<slug:action>/", dossiers.dossier_move, name="dossier_move"),
]
