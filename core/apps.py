"""App configurations: core's own (its management commands), and the project's
configuration of third-party apps."""

import gc

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

        # What is loaded by now (modules, models, the admin) lives as long as the
        # process: frozen out of the collector's sight, a full collection during a
        # large export or import scans only what that work allocated. The export of
        # 100,000 activities spent a sixth of its time in such collections (issue 17).
        # The few unreachable objects of start-up (some 40) are not worth the 45 ms a
        # collection before freezing would cost every process.
        gc.freeze()


class AxesConfig(AxesAppConfig):
    """django-axes under a Chinese name in the admin (its models' names come from locale/)."""

    default = False
    verbose_name = "登录安全"
