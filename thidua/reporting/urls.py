from django.urls import path

from thidua.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("cum-khoi/<int:pk>/", views.cluster_report, name="cluster"),
    path("cum-khoi/<int:pk>/phan/<str:kind>/", views.section_save, name="section_save"),
    path("cum-khoi/<int:pk>/tao/", views.cluster_request, name="cluster_request"),
    path("tinh/<int:pk>/<int:year>/", views.province_report, name="province"),
    path("tinh/<int:pk>/<int:year>/tao/", views.province_request, name="province_request"),
    path("tai-lieu/<int:pk>/trang-thai/", views.document_status, name="document_status"),
    path("tai-lieu/<int:pk>/tai-ve/", views.document_download, name="document_download"),
]
