"""App configurations: core's own (its management commands), and the project's
configuration of third-party apps."""

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared bases; installed for its management commands (it has no concrete models)."""

    default = True
    name = "core"
    verbose_name = "公共部分"

    def ready(self):
        # Lookups and checks register themselves on import: ``__id_in``
        # (core/lookups.py) and the secret-key check (core/security.py).
        from core import lookups, security  # noqa: F401


class AxesConfig(AxesAppConfig):
    """django-axes under a Chinese name in the admin (its models' names come from locale/)."""

    default = False
    verbose_name = "登录安全"
