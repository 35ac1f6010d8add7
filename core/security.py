"""Small hooks the security settings point at."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest


def client_ip_behind_proxy(request: HttpRequest) -> str | None:
    """The client address as our own reverse proxy saw it.

    Used by django-axes only when DJANGO_BEHIND_PROXY is on. The proxy appends the
    peer it talked to at the right end of X-Forwarded-For, so only the right-most
    entry is trustworthy: everything to its left came from the client and could be
    forged to dodge the login lockout.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if hops:
        return hops[-1]
    return request.META.get("REMOTE_ADDR")


MISSING_SECRET_KEY = (
    "DJANGO_SECRET_KEY must be set in production (DJANGO_DEBUG is off). "
    "For development on this machine, set DJANGO_DEBUG=true (scripts/run does)."
)


def secret_key_is_missing() -> bool:
    # Django raises on reading an empty SECRET_KEY; the settings leave it empty in
    # production when DJANGO_SECRET_KEY is not set.
    try:
        return not settings.SECRET_KEY
    except ImproperlyConfigured:
        return True


def require_secret_key() -> None:
    """Refuse to serve without a key: sessions, CSRF tokens and password resets sign with it."""
    if secret_key_is_missing():
        raise ImproperlyConfigured(MISSING_SECRET_KEY)


@checks.register(checks.Tags.security)
def check_secret_key(app_configs, **kwargs) -> list[checks.CheckMessage]:
    if secret_key_is_missing():
        return [checks.Error(MISSING_SECRET_KEY, id="core.E001")]
    return []
