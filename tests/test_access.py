"""Who reaches what: every URL of the staff site and the admin, for a visitor who
is not logged in, a user without rights and a staff member without rights; the
same permission for a list, its detail pages and its exports; and no view
exempt from CSRF.

The staff site's URLs are read from the URL configuration, so a page added
later is checked too (and a URL argument this file cannot fill fails loudly).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from articles.models import Article, ImportRun, PageFile
from campaigns.models import Activity
from core.exports import FORMATS
from reports.exports import EXPORTS
from units.models import Unit, UnitAlias

STAFF_SITE_NAMESPACES = ("articles", "campaigns", "units")
# What a page of the ledger shows of the shared ledger; a refused visitor must see none of it.
SECRETS = ("菏泽市委办公室", "勇担职责使命", "学雷锋志愿服务进社区")


@dataclass(frozen=True)
class Route:
    name: str  # namespace:name
    kwargs: tuple[str, ...]
    model: type | None


def _walk(patterns, namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name and namespace in STAFF_SITE_NAMESPACES:
            view_class = getattr(entry.callback, "view_class", None)
            yield Route(
                name=f"{namespace}:{entry.name}",
                kwargs=tuple(entry.pattern.converters),
                model=getattr(view_class, "model", None),
            )


STAFF_ROUTES = sorted(set(_walk(get_resolver().url_patterns)), key=lambda route: route.name)


def staff_urls(route: Route) -> list[str]:
    """Concrete URLs for a route: an existing object for <pk>, each format for <fmt>."""
    unknown = set(route.kwargs) - {"pk", "fmt"}
    assert not unknown, f"{route.name}: this test does not know how to fill {unknown}"
    if "pk" in route.kwargs:
        assert route.model is not None, f"{route.name} takes a pk but its view names no model"
        pk = route.model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        assert pk is not None, f"the ledger has no {route.model.__name__} for {route.name}"
        return [reverse(route.name, kwargs={"pk": pk})]
    if "fmt" in route.kwargs:
        return [reverse(route.name, kwargs={"fmt": fmt}) for fmt in FORMATS]
    return [reverse(route.name)]


def staff_route_params() -> list:
    return [pytest.param(route, id=route.name) for route in STAFF_ROUTES]


@pytest.fixture
def outsider(db):
    """Logged in, but not staff and without any permission."""
    return get_user_model().objects.create_user("outsider")


@pytest.fixture
def idle_staff(db):
    """Staff (may enter the admin) without any permission."""
    return get_user_model().objects.create_user("idle", is_staff=True)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_shows_nothing(response) -> None:
    body = b"" if getattr(response, "streaming", False) else response.content
    text = body.decode("utf-8", errors="replace")
    for secret in SECRETS:
        assert secret not in text, f"{secret} shown"


def test_the_staff_site_has_pages():
    # Guards the discovery above: a renamed namespace must not make the tests vacuous.
    names = {route.name for route in STAFF_ROUTES}
    assert {"units:unit_list", "units:unit_detail", "units:unit_export"} <= names


# --- the staff site --------------------------------------------------------------------


@pytest.mark.parametrize("route", staff_route_params())
def test_a_visitor_who_is_not_logged_in_is_sent_to_the_login_page(client, ledger, route):
    for url in staff_urls(route):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("route", staff_route_params())
def test_a_user_without_rights_is_refused(outsider, ledger, route):
    client = client_for(outsider)
    for url in staff_urls(route):
        response = client.get(url)
        assert response.status_code == 403, url
        assert_shows_nothing(response)


@pytest.mark.parametrize("route", [r for r in staff_route_params() if "pk" in r.values[0].kwargs])
def test_guessing_an_id_tells_a_user_without_rights_nothing(outsider, ledger, route):
    client = client_for(outsider)
    model = route.model
    existing = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    missing = (model._default_manager.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    seen = [client.get(reverse(route.name, kwargs={"pk": pk})).status_code for pk in (existing, missing)]
    assert seen == [403, 403]


def view_permissions_except(*excluded: str) -> list[Permission]:
    ledger = Permission.objects.filter(
        content_type__app_label__in=("units", "campaigns", "articles"), codename__startswith="view_"
    ).select_related("content_type")
    return [p for p in ledger if f"{p.content_type.app_label}.{p.codename}" not in excluded]


def user_with(name: str, permissions: list[Permission]):
    user = get_user_model().objects.create_user(name)
    user.user_permissions.set(permissions)
    return get_user_model().objects.get(pk=user.pk)


def detail_route_for(model) -> str | None:
    for route in STAFF_ROUTES:
        if route.model is model and "pk" in route.kwargs:
            return route.name
    return None


@pytest.mark.parametrize("key", sorted(EXPORTS))
def test_a_lists_detail_pages_and_exports_need_the_lists_permission(ledger, key):
    spec = EXPORTS[key]
    model = spec.resource._meta.model
    app_label, codename = spec.permission.split(".")
    only_this = user_with("only", list(Permission.objects.filter(content_type__app_label=app_label, codename=codename)))
    all_but_this = user_with("allbut", view_permissions_except(spec.permission))
    urls = [reverse(spec.list_url)] + [reverse(spec.export_url, kwargs={"fmt": fmt}) for fmt in FORMATS]
    detail = detail_route_for(model)
    if detail is not None:
        urls.append(reverse(detail, kwargs={"pk": model._default_manager.order_by("pk").first().pk}))

    allowed, refused = client_for(only_this), client_for(all_but_this)
    for url in urls:
        assert allowed.get(url).status_code == 200, url
        response = refused.get(url)
        assert response.status_code == 403, url


# --- the admin -------------------------------------------------------------------------


def admin_urls() -> list[str]:
    """Every admin page of every registered model, for an existing object where it takes one."""
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        obj = model._default_manager.order_by("pk").first()
        for name in ("changelist", "add", "export", "import"):
            try:
                urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}"))
            except Exception:  # noqa: BLE001 — not every admin has import/export pages
                continue
        if obj is not None:
            for name in ("change", "delete", "history"):
                urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=[obj.pk]))
    return urls


UPLOAD_URLS = ("articles_import:upload",)


def test_a_visitor_who_is_not_logged_in_gets_no_admin_page(client, ledger):
    for url in admin_urls() + [reverse(name) for name in UPLOAD_URLS]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert reverse("admin:login") in response["Location"], url


def test_a_user_who_is_not_staff_gets_no_admin_page(outsider, ledger):
    client = client_for(outsider)
    for url in admin_urls() + [reverse(name) for name in UPLOAD_URLS]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert reverse("admin:login") in response["Location"], url


def test_a_staff_member_without_rights_reads_nothing_in_the_admin(idle_staff, ledger):
    client = client_for(idle_staff)
    for url in admin_urls():
        response = client.get(url)
        if url == reverse("admin:index"):
            assert response.status_code == 200
            assert_shows_nothing(response)
            continue
        assert response.status_code == 403, url
        assert_shows_nothing(response)


def test_the_page_upload_needs_the_right_to_add_articles(idle_staff, ledger):
    client = client_for(idle_staff)
    run = ImportRun.objects.order_by("pk").first()
    assert client.get(reverse("articles_import:upload")).status_code == 403
    assert client.get(reverse("articles_import:run", kwargs={"key": run.key})).status_code == 403


# --- the admin's own pages outside ModelAdmin (upload, curation, audit log) ------------


@dataclass(frozen=True)
class AdminPage:
    name: str
    kwargs: tuple[str, ...]


def _walk_admin_pages(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk_admin_pages(entry.url_patterns, prefix + str(entry.pattern), entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name and prefix.startswith("admin/") and namespace != "admin":
            yield AdminPage(
                name=f"{namespace}:{entry.name}" if namespace else entry.name,
                kwargs=tuple(entry.pattern.converters),
            )


ADMIN_PAGES = sorted(set(_walk_admin_pages(get_resolver().url_patterns)), key=lambda page: page.name)


def admin_page_url(page: AdminPage) -> str:
    """A concrete URL for a page: an extracted record for <model>/<pk>, a run for <key>."""
    kwargs = {}
    for name in page.kwargs:
        if name in ("fmt", "file_format"):
            kwargs[name] = "csv"
        elif name == "key":
            kwargs[name] = ImportRun.objects.order_by("pk").first().key
        elif name == "page_file":
            kwargs[name] = PageFile.objects.order_by("pk").first().pk
        elif name not in ("model", "pk"):
            raise AssertionError(f"{page.name}: this test does not know how to fill <{name}>")
    if "pk" in page.kwargs:
        assert "model" in page.kwargs, f"{page.name}: a <pk> without its <model>"
        alias = UnitAlias.objects.order_by("pk").first()
        kwargs.update(model=alias._meta.label_lower, pk=alias.pk)
    return reverse(page.name, kwargs=kwargs)


def admin_page_params() -> list:
    return [pytest.param(page, id=page.name) for page in ADMIN_PAGES]


def test_the_admin_has_pages_of_its_own():
    assert {"articles_import:upload", "curation:review_queue", "audit_log"} <= {page.name for page in ADMIN_PAGES}


@pytest.mark.parametrize("page", admin_page_params())
def test_a_visitor_who_is_not_logged_in_gets_none_of_the_admins_own_pages(client, ledger, page):
    response = client.get(admin_page_url(page))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.parametrize("page", admin_page_params())
def test_a_user_who_is_not_staff_gets_none_of_the_admins_own_pages(outsider, ledger, page):
    response = client_for(outsider).get(admin_page_url(page))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.parametrize("page", admin_page_params())
def test_a_staff_member_without_rights_reads_nothing_on_the_admins_own_pages(idle_staff, ledger, page):
    response = client_for(idle_staff).get(admin_page_url(page))
    # Refused, or sent back to the index (the merge pages without a selection).
    assert response.status_code in (302, 403), response.status_code
    assert_shows_nothing(response)


# --- CSRF --------------------------------------------------------------------------------


def _all_callbacks(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _all_callbacks(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry.callback


def test_no_view_is_exempt_from_csrf():
    exempt = [
        route
        for route, callback in _all_callbacks(get_resolver().url_patterns)
        if getattr(callback, "csrf_exempt", False)
    ]
    assert exempt == []


def state_changing_admin_posts() -> list[tuple[str, dict]]:
    """Every admin POST that writes, with the data a real form would send."""
    posts = []
    for model in admin.site._registry:
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        obj = model._default_manager.order_by("pk").first()
        posts.append((reverse(f"{prefix}_add"), {}))
        posts.append(
            (
                reverse(f"{prefix}_changelist"),
                {"action": "delete_selected", "_selected_action": [obj.pk] if obj else []},
            )
        )
        if obj is not None:
            posts.append((reverse(f"{prefix}_change", args=[obj.pk]), {}))
            posts.append((reverse(f"{prefix}_delete", args=[obj.pk]), {"post": "yes"}))
        for name in ("import", "process_import", "export"):
            try:
                posts.append((reverse(f"{prefix}_{name}"), {}))
            except Exception:  # noqa: BLE001
                continue
    posts += [(admin_page_url(page), {}) for page in ADMIN_PAGES]
    posts.append((reverse("admin:logout"), {}))
    posts.append((reverse("logout"), {}))
    posts.append((reverse("admin:password_change"), {}))
    return posts


def row_counts() -> dict[str, int]:
    from django.apps import apps

    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.app_label != "sessions"}


def test_every_state_changing_post_without_a_csrf_token_is_refused(admin_user, ledger):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    before = row_counts()
    for url, data in state_changing_admin_posts():
        response = client.post(url, data)
        assert response.status_code == 403, url
    assert row_counts() == before
    assert Unit.objects.filter(name="菏泽市委办公室").exists()
    assert Article.objects.exists() and Activity.objects.exists()
