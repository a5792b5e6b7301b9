from django.urls import path

from thidua.home import views

urlpatterns = [
    path("", views.home, name="home"),
]
