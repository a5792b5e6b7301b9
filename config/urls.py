from django.contrib import admin
from django.urls import include, path

from thidua.api.api import api

urlpatterns = [
    path("", include("thidua.home.urls")),
    path("", include("thidua.core.urls")),
    path("tai-khoan/", include("thidua.accounts.urls")),
    path("to-chuc/", include("thidua.org.urls")),
    path("hoi-nghi/", include("thidua.conference.urls")),
    path("giao-uoc/", include("thidua.agreements.urls")),
    path("khen-thuong/", include("thidua.awards.urls")),
    path("phong-trao/", include("thidua.movements.urls")),
    path("bao-cao/", include("thidua.reporting.urls")),
    path("nam-thi-dua/", include("thidua.cycle.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
