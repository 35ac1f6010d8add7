"""The test suite's settings: the project's, with DEBUG explicitly on (it is off unless
turned on), as scripts/run turns it on for development. pytest-django still runs each
test with DEBUG False, as Django's test runner does; subprocesses the tests start
inherit the variable."""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")

from wenming.settings import *  # noqa: E402,F403
