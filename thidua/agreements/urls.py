from django.urls import path

from thidua.agreements import views

app_name = "agreements"

urlpatterns = [
    path("", views.agreement_list, name="agreement_list"),
    path("thang-diem/", views.framework_list, name="framework_list"),
    path("thang-diem/<int:pk>/", views.framework_detail, name="framework_detail"),
    path("thang-diem/<int:pk>/soan/", views.framework_editor, name="framework_editor"),
    path("thang-diem/<int:pk>/thiet-lap/", views.framework_settings, name="framework_settings"),
    path("thang-diem/<int:pk>/them/", views.framework_node_add, name="framework_node_add"),
    path("thang-diem/<int:pk>/tieu-chi/<str:path>/", views.framework_node_edit, name="framework_node_edit"),
    path(
        "thang-diem/<int:pk>/tieu-chi/<str:path>/xoa/",
        views.framework_node_delete,
        name="framework_node_delete",
    ),
    path(
        "thang-diem/<int:pk>/tieu-chi/<str:path>/di-chuyen/",
        views.framework_node_move,
        name="framework_node_move",
    ),
    path("thang-diem/<int:pk>/ban-hanh/", views.framework_publish, name="framework_publish"),
    path("thang-diem/<int:pk>/sao-chep/", views.framework_copy, name="framework_copy"),
    path("thang-diem/<int:pk>/xuat.<str:fmt>", views.framework_export, name="framework_export"),
    path("thang-diem/nhap/", views.framework_import, name="framework_import"),
    path("nam/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("nam/<int:pk>/thang-diem/", views.agreement_framework, name="agreement_framework"),
    path("nam/<int:pk>/chi-tieu/<int:unit>/<str:criterion>/", views.target_edit, name="target_edit"),
    path("nam/<int:pk>/xuat.<str:fmt>", views.agreement_export, name="agreement_export"),
    path("nam/<int:pk>/nhap/", views.import_upload, name="import_upload"),
    path("nhap/<int:pk>/", views.import_preview, name="import_preview"),
    path("nhap/<int:pk>/ap-dung/", views.import_apply, name="import_apply"),
    path("nhap/<int:pk>/huy/", views.import_discard, name="import_discard"),
    path("nam/<int:pk>/cham-diem/", views.snapshot_list, name="snapshot_list"),
    path("ket-qua/<int:pk>/", views.snapshot_detail, name="snapshot_detail"),
    path("ket-qua/<int:pk>/so-sanh/<int:other>/", views.snapshot_compare, name="snapshot_compare"),
]
