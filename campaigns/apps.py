from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "campaigns"
    verbose_name = "创建活动"

    def ready(self):
        # Recount each unit's tally when its awards, activities or volunteer records change.
        from campaigns import tallies

        tallies.connect()
