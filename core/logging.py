"""Request logging: every server error with its traceback, and every slow request, to stdout.

Django's own `django.request` logger reports errors (with the traceback) once LOGGING sends
it somewhere; `SlowRequestLogMiddleware` adds one line per request slower than
WENMING_SLOW_REQUEST_MS and per server error, with the path, the user and the duration.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings

logger = logging.getLogger("wenming.requests")


class SlowRequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        failed = response.status_code >= 500
        if failed or elapsed_ms >= settings.WENMING_SLOW_REQUEST_MS:
            user = getattr(request, "user", None)
            who = user.get_username() if user is not None and user.is_authenticated else "-"
            (logger.error if failed else logger.warning)(
                "%s %s %s %d %.0f ms user=%s",
                "failed request" if failed else "slow request",
                request.method,
                request.get_full_path(),
                response.status_code,
                elapsed_ms,
                who,
            )
        return response
