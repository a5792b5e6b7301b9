from django.urls import path

from thidua.org import views

app_name = "org"

urlpatterns = [
    path("cay-don-vi/", views.unit_tree, name="unit_tree"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("cum-khoi/", views.cluster_years, name="cluster_years"),
    path("cum-khoi/<int:pk>/", views.cluster_detail, name="cluster_detail"),
    path("cum-khoi/nam/<int:pk>/", views.cluster_year_detail, name="cluster_year_detail"),
]
