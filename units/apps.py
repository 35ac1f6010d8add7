from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate

from units.award_unit_names import create_triggers, drop_triggers


class UnitsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "units"
    verbose_name = "单位与荣誉"

    def ready(self):
        # Migrations run without the awards' name triggers (units.award_unit_names).
        pre_migrate.connect(drop_triggers, sender=self)
        post_migrate.connect(create_triggers, sender=self)
