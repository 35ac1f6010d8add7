import logging

import pytest
from django.conf import settings
from django.test import Client


@pytest.mark.urls("tests.core.boom_urls")
def test_a_server_error_is_logged_with_its_traceback(db, caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        assert client.get("/boom/").status_code == 500
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is not None and record.exc_info[0] is ZeroDivisionError


def test_errors_and_requests_are_logged_to_stdout():
    handler = settings.LOGGING["handlers"]["stdout"]
    assert handler["stream"] == "ext://sys.stdout"
    assert "stdout" in settings.LOGGING["loggers"]["django.request"]["handlers"]
    assert "stdout" in settings.LOGGING["loggers"]["wenming"]["handlers"]


def test_a_slow_request_is_logged_with_path_user_and_duration(admin_client, settings, caplog):
    settings.WENMING_SLOW_REQUEST_MS = 0
    with caplog.at_level(logging.WARNING, logger="wenming.requests"):
        admin_client.get("/units/?q=文明")
    (line,) = [r.getMessage() for r in caplog.records if r.name == "wenming.requests"]
    assert line.startswith("slow request GET /units/?q=") and "user=admin" in line and " ms " in line
