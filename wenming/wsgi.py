"""
WSGI config for wenming project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

from core.security import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wenming.settings")

application = get_wsgi_application()

# Fail at start, not at the first signed cookie (see core/security.py).
require_secret_key()
