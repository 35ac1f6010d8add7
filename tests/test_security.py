"""Production settings, Content Security Policy, login throttling and CSRF.

Settings that only exist in production (DJANGO_DEBUG=false) are checked in a
subprocess with that environment, as an operator would run them.
"""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.urls import NoReverseMatch, path, reverse

BASE_DIR = Path(__file__).resolve().parent.parent
PASSWORD = "correct-horse-battery-staple-7"


def production_env(**overrides: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="wenming.example.cn",
    )
    env.update(overrides)
    return env


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings(**overrides: str) -> dict:
    """The settings a production process ends up with, read in a fresh interpreter."""
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k, None) for k in ["
        "'DEBUG', 'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
        "'SECURE_HSTS_SECONDS', 'SECURE_PROXY_SSL_HEADER', 'AXES_ENABLED', 'AXES_CLIENT_IP_CALLABLE']}))"
    )
    env = production_env(DJANGO_SETTINGS_MODULE="wenming.settings", **overrides)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- production settings ---------------------------------------------------------------


def test_check_deploy_gives_no_warnings_in_production():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_check_deploy_warns_when_served_without_https():
    # The switch check --deploy is judged against: without HTTPS it must complain.
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(DJANGO_HTTPS="false"))
    assert result.returncode != 0
    assert "security.W004" in result.stderr  # no HSTS
    assert "security.W012" in result.stderr  # session cookie not secure


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_will_not_serve_without_a_secret_key():
    env = production_env(DJANGO_SETTINGS_MODULE="wenming.settings")
    del env["DJANGO_SECRET_KEY"]
    serve = [sys.executable, "-c", "import wenming.wsgi"]
    result = subprocess.run(serve, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_extract_runs_without_a_secret_key(tmp_path):
    # The scoring contract runs `manage.py extract FILE --json` bare: it signs nothing.
    page = tmp_path / "page.txt"
    page.write_text("测试报\n2024年3月13日\n文明实践在行动\n本报讯 3月12日，某某区文明办组织志愿服务活动。\n", "utf-8")
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = run_manage("extract", str(page), "--json", env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["files"][0]["file"] == "page.txt"


def test_production_uses_secure_cookies_hsts_and_https_redirect():
    values = production_settings()
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert values["AXES_ENABLED"] is True


def test_proxy_headers_are_trusted_only_behind_a_proxy():
    assert production_settings()["SECURE_PROXY_SSL_HEADER"] is None
    behind = production_settings(DJANGO_BEHIND_PROXY="true")
    assert behind["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert behind["AXES_CLIENT_IP_CALLABLE"] == "core.security.client_ip_behind_proxy"


def test_behind_a_proxy_the_client_address_is_the_one_the_proxy_appended(rf):
    from core.security import client_ip_behind_proxy

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.1.2.3", REMOTE_ADDR="127.0.0.1")
    assert client_ip_behind_proxy(request) == "10.1.2.3"


def test_https_responses_carry_hsts(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("admin:login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_plain_http_is_redirected_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(reverse("admin:login"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


# --- Content Security Policy -----------------------------------------------------------


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_pages_carry_a_content_security_policy(client):
    directives = csp_directives(client.get(reverse("admin:login")))
    assert directives["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


def nonce_view(request):
    template = engines["django"].from_string('<script nonce="{{ CSP_NONCE }}">var ok = 1;</script>')
    return HttpResponse(template.render({}, request))


urlpatterns = [path("nonce/", nonce_view)]


@pytest.mark.urls(__name__)
def test_an_inline_script_with_the_template_nonce_is_allowed(client):
    response = client.get("/nonce/")
    nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in csp_directives(response)["script-src"]


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.cn", PASSWORD)


def inline_scripts_without_nonce(html: str) -> list[str]:
    tags = re.findall(r"<script\b[^>]*>", html, flags=re.IGNORECASE)
    return [tag for tag in tags if "src=" not in tag and "nonce=" not in tag]


# The one inline handler the policy lets through by its hash (django-import-export's export form).
ALLOWED_HANDLERS = {'onchange="onSelectToggleChange(event)"'}


def inline_handlers(html: str) -> list[str]:
    handlers = []
    for tag in re.findall(r"<[a-zA-Z][^>]*>", html):
        handlers += re.findall(r"\son[a-z]+\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+)", tag)
    return [handler.strip() for handler in handlers if handler.strip() not in ALLOWED_HANDLERS]


def assert_nothing_the_policy_blocks(client, urls: list[str]) -> None:
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue  # e.g. an admin without an add page, or an export
        html = response.content.decode()
        assert inline_scripts_without_nonce(html) == [], url
        assert inline_handlers(html) == [], url
        assert "javascript:" not in html, url


def test_admin_pages_have_no_inline_script_the_policy_would_block(client, superuser, ledger):
    from django.contrib import admin

    client.force_login(superuser)
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        urls += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
        obj = model._default_manager.first()
        if obj is not None:
            urls += [reverse(f"{prefix}_change", args=[obj.pk]), reverse(f"{prefix}_history", args=[obj.pk])]
        for name in ("import", "export"):
            try:
                urls.append(reverse(f"{prefix}_{name}"))
            except NoReverseMatch:
                continue
    assert_nothing_the_policy_blocks(client, urls)


def test_staff_site_pages_have_no_inline_script_the_policy_would_block(client, superuser, ledger):
    from tests.test_access import STAFF_ROUTES, staff_urls

    client.force_login(superuser)
    urls = [url for route in STAFF_ROUTES for url in staff_urls(route)] + [reverse("login")]
    assert_nothing_the_policy_blocks(client, urls)


# --- failed-login throttling -----------------------------------------------------------


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    return settings


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_user("clerk", "clerk@example.cn", PASSWORD, is_staff=True)


def admin_login(client, password):
    return client.post(
        reverse("admin:login"), {"username": "clerk", "password": password, "next": reverse("admin:index")}
    )


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_admin_login_locks_out_after_five_wrong_passwords(client, axes_on, staff_user):
    for _ in range(4):
        assert admin_login(client, "wrong").status_code == 200
    response = admin_login(client, "wrong")
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()


def test_the_right_password_is_refused_during_a_lockout(client, axes_on, staff_user):
    for _ in range(5):
        admin_login(client, "wrong")
    response = admin_login(client, PASSWORD)
    assert response.status_code == 429
    assert not is_logged_in(client)


def test_a_lockout_holds_for_a_fresh_session_from_the_same_address(client, axes_on, staff_user):
    for _ in range(5):
        admin_login(client, "wrong")
    fresh = Client()
    response = admin_login(fresh, PASSWORD)
    assert response.status_code == 429
    assert not is_logged_in(fresh)


def test_fewer_failures_than_the_limit_still_let_the_user_in(client, axes_on, staff_user):
    for _ in range(4):
        admin_login(client, "wrong")
    response = admin_login(client, PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(client)


def test_a_lockout_of_one_user_does_not_lock_out_another(client, axes_on, staff_user):
    get_user_model().objects.create_user("keeper", "keeper@example.cn", PASSWORD, is_staff=True)
    for _ in range(5):
        admin_login(client, "wrong")
    response = client.post(reverse("admin:login"), {"username": "keeper", "password": PASSWORD})
    assert response.status_code == 302


def staff_login_url() -> str | None:
    """The staff site's own login page, if it has one apart from the admin's."""
    for name in ("login", "accounts:login", "site:login", "staff:login"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def test_the_staff_site_login_locks_out_too(client, axes_on, staff_user):
    url = staff_login_url()
    if url is None:
        pytest.skip("the staff site has no login page of its own")
    for _ in range(5):
        client.post(url, {"username": "clerk", "password": "wrong"})
    response = client.post(url, {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 429
    assert not is_logged_in(client)


# --- CSRF ------------------------------------------------------------------------------


def test_the_admin_login_refuses_a_post_without_csrf_token(db, staff_user):
    client = Client(enforce_csrf_checks=True)
    response = admin_login(client, PASSWORD)
    assert response.status_code == 403
    assert not is_logged_in(client)


def test_an_admin_change_without_csrf_token_is_refused(db, superuser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:auth_user_add"),
        {"username": "intruder", "password1": PASSWORD, "password2": PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 403
    assert not get_user_model().objects.filter(username="intruder").exists()


def test_logging_out_needs_a_csrf_token(db, superuser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    response = client.post(reverse("admin:logout"))
    assert response.status_code == 403
    assert is_logged_in(client)
