from django.urls import path

from thidua.core import health, views

urlpatterns = [
    path("suc-khoe/", health.health, name="health"),
    path("nhat-ky/", views.audit_log, name="audit_log"),
    path("nhat-ky/<str:object_type>/<str:object_id>/", views.object_history, name="object_history"),
]
