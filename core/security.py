"""Small hooks the security settings point at."""

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
