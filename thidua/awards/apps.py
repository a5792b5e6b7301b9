from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "thidua.awards"
    label = "awards"
    verbose_name = _("Khen thưởng")
    default_auto_field = "django.db.models.BigAutoField"
