from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate

from units.unit_name_copies import HONOUR_AWARDS


class UnitsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "units"
    verbose_name = "单位与荣誉"

    def ready(self):
        # Migrations run without the awards' name triggers (units.unit_name_copies).
        pre_migrate.connect(HONOUR_AWARDS.drop, sender=self)
        post_migrate.connect(HONOUR_AWARDS.create, sender=self)
