from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate

from units.unit_name_copies import UnitNameCopy

VOLUNTEER_RECORDS = UnitNameCopy("campaigns_volunteerrecord", "volunteer_record", "volunteer_records")


class CampaignsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "campaigns"
    verbose_name = "创建活动"

    def ready(self):
        # Recount each unit's tally when its awards, activities or volunteer records change.
        from campaigns import tallies

        tallies.connect()
        # Migrations run without the volunteer records' name triggers (units.unit_name_copies).
        pre_migrate.connect(VOLUNTEER_RECORDS.drop, sender=self)
        post_migrate.connect(VOLUNTEER_RECORDS.create, sender=self)
