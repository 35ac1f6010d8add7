from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The staff site: filtered lists, detail pages, dashboard, charts and exports."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "查询与报表"
