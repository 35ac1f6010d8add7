from django.apps import AppConfig


class SyntheticConfig(AppConfig):
    """A generator of synthetic ledgers for benchmarks and scale tests (generate_synthetic)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "synthetic"
    verbose_name = "合成数据"
