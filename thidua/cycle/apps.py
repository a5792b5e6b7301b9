from django.apps import AppConfig


class CycleConfig(AppConfig):
    name = "thidua.cycle"
    label = "cycle"
    verbose_name = "Năm thi đua: ký kết, báo cáo, thẩm định, công bố"
