from django.urls import path

from thidua.conference import views

app_name = "conference"

urlpatterns = [
    path("", views.index, name="index"),
    path("nam/<int:pk>/", views.cluster_year_page, name="cluster_year"),
    path("nam/<int:pk>/thong-tin/", views.conference_save, name="conference_save"),
    path("nam/<int:pk>/khong-xet/", views.veto_add, name="veto_add"),
    path("nam/<int:pk>/suy-ton/", views.honour_create, name="honour_create"),
    path("nam/<int:pk>/bau/", views.election_create, name="election_create"),
    path("nam/<int:pk>/de-nghi/", views.proposals_compute, name="proposals_compute"),
    path("nam/<int:pk>/lap-ho-so/", views.proposals_dossiers_create, name="proposals_dossiers_create"),
    path("nam/<int:pk>/cum-truong-nam-sau/", views.leadership_apply, name="leadership_apply"),
    path("nam/<int:pk>/bien-ban.<str:fmt>", views.minutes_download, name="minutes"),
    path("nam/<int:pk>/ho-so-de-nghi.zip", views.dossier_download, name="dossier"),
    path("khong-xet/<int:pk>/rut/", views.veto_withdraw, name="veto_withdraw"),
    path("khong-xet/<int:pk>/minh-chung/", views.veto_evidence, name="veto_evidence"),
    path("hoi-dong/", views.council_index, name="council"),
    path("hoi-dong/tao/", views.council_create, name="council_create"),
    path("phieu/<int:pk>/", views.ballot_page, name="ballot"),
    path("phieu/<int:pk>/mo/", views.ballot_open, name="ballot_open"),
    path("phieu/<int:pk>/bo-phieu/", views.ballot_cast, name="ballot_cast"),
    path("phieu/<int:pk>/phieu-giay/", views.ballot_paper, name="ballot_paper"),
    path("phieu/<int:pk>/ket-thuc/", views.ballot_close, name="ballot_close"),
    path("phieu/<int:pk>/quyet-dinh/", views.ballot_override, name="ballot_override"),
    path("phieu/<int:pk>/bo-phieu-lai/", views.ballot_rerun, name="ballot_rerun"),
]
