from django.urls import path

from thidua.org import member_views, setup_views, views

app_name = "org"

urlpatterns = [
    path("cay-don-vi/", views.unit_tree, name="unit_tree"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("cum-khoi/", views.cluster_years, name="cluster_years"),
    path("cum-khoi/<int:pk>/", views.cluster_detail, name="cluster_detail"),
    path("cum-khoi/nam/<int:pk>/", views.cluster_year_detail, name="cluster_year_detail"),
    # The board's set-up pages.
    path("don-vi/", setup_views.unit_list, name="unit_list"),
    path("don-vi/them/", setup_views.unit_create, name="unit_create"),
    path("don-vi/sap-nhap/", setup_views.unit_merge, name="unit_merge"),
    path("don-vi/<int:pk>/sua/", setup_views.unit_edit, name="unit_edit"),
    path("don-vi/<int:pk>/giai-the/", setup_views.unit_dissolve, name="unit_dissolve"),
    path("quan-ly-cum-khoi/", setup_views.cluster_list, name="cluster_list"),
    path("quan-ly-cum-khoi/them/", setup_views.cluster_create, name="cluster_create"),
    path("cum-khoi/<int:pk>/sua/", setup_views.cluster_edit, name="cluster_edit"),
    path("cum-khoi/<int:pk>/mo-nam/", setup_views.cluster_year_open, name="cluster_year_open"),
    path("mo-nam-thi-dua/", setup_views.province_year_open, name="province_year_open"),
    path("cum-khoi/nam/<int:pk>/thanh-vien/", member_views.members, name="members"),
    path("cum-khoi/nam/<int:pk>/thanh-vien/them/", member_views.member_add, name="member_add"),
    path(
        "cum-khoi/nam/<int:pk>/thanh-vien/<int:membership_pk>/sua/",
        member_views.member_change,
        name="member_change",
    ),
    path(
        "cum-khoi/nam/<int:pk>/thanh-vien/<int:membership_pk>/bo/",
        member_views.member_remove,
        name="member_remove",
    ),
]
