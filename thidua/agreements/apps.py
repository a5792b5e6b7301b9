from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "thidua.agreements"
    label = "agreements"
    verbose_name = "Thang điểm và giao ước thi đua"
