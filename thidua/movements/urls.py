from django.urls import path

from thidua.movements import views

app_name = "movements"

urlpatterns = [
    path("", views.movement_list, name="list"),
    path("xuat-excel/", views.movement_export, name="export"),
    path("phat-dong/", views.movement_create, name="create"),
    path("<int:pk>/", views.movement_detail, name="detail"),
    path("<int:pk>/sua/", views.movement_edit, name="edit"),
    path("<int:pk>/so-ket-tong-ket/", views.review_add, name="review_add"),
    path("so-ket-tong-ket/<int:pk>/xoa/", views.review_delete, name="review_delete"),
    path("don-vi/<int:pk>/", views.unit_movements, name="unit_movements"),
]
