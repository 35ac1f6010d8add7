"""The production stack over real HTTP: gunicorn with DEBUG off, static files collected
and served by WhiteNoise, the security headers, the Chinese error pages and the health
endpoint (scripts/serve runs the same stack)."""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("production")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wenming.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_HTTPS": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{base / 'db.sqlite3'}",
        "WENMING_STATIC_ROOT": str(base / "static"),
    }
    for command in (["migrate", "--noinput", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    port = _free_port()
    process = subprocess.Popen(
        [str(GUNICORN), "wenming.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        yield url, base / "static"
    finally:
        process.terminate()
        process.wait(timeout=10)


def fetch(url: str, *, data: bytes | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_the_health_endpoint_reports_the_database(server):
    url, _ = server
    status, _, body = fetch(f"{url}/healthz")
    assert (status, json.loads(body)["status"]) == (200, "ok")


def test_static_files_are_served_hashed_compressed_and_cached_for_long(server):
    url, static_root = server
    manifest = json.loads((static_root / "staticfiles.json").read_text(encoding="utf-8"))
    hashed = manifest["paths"]["css/site.css"]

    status, headers, _ = fetch(f"{url}/static/{hashed}", headers={"Accept-Encoding": "gzip"})

    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]


def test_pages_carry_the_security_headers(server):
    url, _ = server
    status, headers, _ = fetch(f"{url}/accounts/login/")
    assert status == 200
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in headers["Content-Security-Policy"]


def test_a_missing_page_gets_the_chinese_404_page(server):
    url, _ = server
    status, _, body = fetch(f"{url}/no-such-page/")
    assert status == 404
    assert "页面不存在" in body.decode()


def test_a_form_without_its_token_gets_the_chinese_403_page(server):
    url, _ = server
    status, _, body = fetch(f"{url}/accounts/login/", data=b"username=a&password=b")
    assert status == 403
    assert "请求已过期" in body.decode()


@pytest.mark.urls("tests.core.boom_urls")
def test_a_server_error_gets_the_chinese_500_page(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "服务器出错" in response.content.decode()
