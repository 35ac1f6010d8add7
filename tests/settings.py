"""The test suite's settings: the project's, with DEBUG explicitly on (it is off unless
turned on), as scripts/run turns it on for development. pytest-django still runs each
test with DEBUG False, as Django's test runner does; subprocesses the tests start
inherit the variable."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_DEBUG", "true")

from wenming.settings import *  # noqa: E402,F403

# Files the tests make (export files written by jobs) go to a folder of their own.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="wenming-test-media-"))
