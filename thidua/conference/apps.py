from django.apps import AppConfig


class ConferenceConfig(AppConfig):
    name = "thidua.conference"
    label = "conference"
    verbose_name = "Hội nghị tổng kết"
