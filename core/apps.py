"""App configurations of the project's own for third-party apps."""

from axes.apps import AppConfig as AxesAppConfig


class AxesConfig(AxesAppConfig):
    """django-axes under a Chinese name in the admin (its models' names come from locale/)."""

    verbose_name = "登录安全"
