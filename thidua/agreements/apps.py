from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "thidua.agreements"
    label = "agreements"
    verbose_name = _("Thang điểm và giao ước thi đua")
