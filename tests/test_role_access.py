"""Every admin URL, every curation page and every staff-site export, driven with each
role (查看员, 编辑, 管理员) and by an anonymous visitor: allowed or forbidden as the
role says.

The admin URLs are read from the admin site's registry (changelist, add, change,
history, delete, and import/export where the admin has them), so a model registered
later is checked too. What a role may do is written out below, not read back from
the groups; what an admin class forbids everyone (adding merge records, adding
login attempts) is asked of the admin class itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from campaigns.models import Activity, VolunteerRecord
from core.exports import FORMATS
from core.models import ReviewStatus
from curation.merging import unit_merge
from tests.test_roles import run_roles_migration
from units.models import HonourAward, Unit, UnitMerge

LEDGER_APPS = {"units", "campaigns", "articles"}
# What each role may do: on the ledger's models, and on everything else (users, groups, login records).
ROLES = {
    "查看员": {"ledger": {"view", "export"}, "other": set()},
    "编辑": {"ledger": {"view", "export", "add", "change", "import", "delete:activityorganiser"}, "other": set()},
    "管理员": {
        "ledger": {"view", "export", "add", "change", "import", "delete"},
        "other": {"view", "add", "change", "delete"},
    },
}
# Curation pages: who may use a page that needs view, change, or the audit log.
CURATION_NEEDS = {"view": {"查看员", "编辑", "管理员"}, "change": {"编辑", "管理员"}, "audit": {"管理员"}}


@dataclass(frozen=True)
class Probe:
    url: str
    action: str  # view / add / change / delete / import / export
    model: type | None = None
    method: str = "get"
    data: dict | None = None

    def __str__(self):
        return f"{self.method.upper()} {self.url}"


def may(role: str, probe: Probe) -> bool:
    if probe.model is None:
        return role in CURATION_NEEDS[probe.action]
    rights = ROLES[role]["ledger" if probe.model._meta.app_label in LEDGER_APPS else "other"]
    return probe.action in rights or f"{probe.action}:{probe.model._meta.model_name}" in rights


def admin_allows(model_admin, action: str, obj) -> bool:
    """Whether the admin class lets anybody (a superuser) do `action` at all."""
    request = RequestFactory().get("/")
    request.user = get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    checks = {
        "view": lambda: model_admin.has_view_or_change_permission(request, obj),
        "add": lambda: model_admin.has_add_permission(request),
        "delete": lambda: model_admin.has_delete_permission(request, obj),
        "import": lambda: model_admin.has_import_permission(request),
        "export": lambda: model_admin.has_export_permission(request),
    }
    return checks[action]()


@pytest.fixture
def every_model(ledger, import_run, page_file, admin_user):
    """A row of every registered model, so that every change page can be opened."""
    twin = Unit.objects.create(name="中共菏泽市委办公室")
    unit_merge(survivor=Unit.objects.get(name="菏泽市委办公室"), others=[twin], user=admin_user)
    attempt = {"user_agent": "test", "ip_address": "127.0.0.1", "username": "x", "http_accept": "*/*", "path_info": "/"}
    AccessAttempt.objects.create(**attempt, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**attempt)
    AccessFailureLog.objects.create(**attempt)
    run_roles_migration()
    for model in admin.site._registry:
        assert model._default_manager.exists(), f"no {model.__name__} to open a change page with"


def admin_probes() -> list[Probe]:
    probes = []
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        obj = model._default_manager.order_by("pk").first()
        for view, action, args in (
            ("changelist", "view", []),
            ("add", "add", []),
            ("change", "view", [obj.pk]),
            ("history", "view", [obj.pk]),
            ("delete", "delete", [obj.pk]),
            ("import", "import", []),
            ("export", "export", []),
        ):
            try:
                url = reverse(f"{prefix}_{view}", args=args)
            except NoReverseMatch:
                continue  # this admin has no such page (no import/export)
            probes.append(Probe(url=url, action=action, model=model))
    return probes


def staff_export_probes() -> list[Probe]:
    """Every export URL of the staff site, read from the URL configuration."""

    def walk(patterns, namespace=None):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and entry.name and entry.name.endswith("_export"):
                if namespace in LEDGER_APPS:
                    yield f"{namespace}:{entry.name}"

    names = sorted(set(walk(get_resolver().url_patterns)))
    assert names, "the staff site has no export URLs any more?"
    return [Probe(url=reverse(name, kwargs={"fmt": fmt}), action="view") for name in names for fmt in FORMATS]


def curation_probes() -> list[Probe]:
    award = HonourAward.objects.first()
    HonourAward.objects.filter(pk=award.pk).update(review_status=ReviewStatus.PENDING)
    review = reverse("curation:review_record", args=["units.honouraward", award.pk])
    units = ",".join(str(pk) for pk in Unit.objects.order_by("pk").values_list("pk", flat=True)[:2])
    merge_id = UnitMerge.objects.first().pk
    return [
        Probe(url=reverse("admin:index"), action="view"),
        Probe(url=reverse("curation:review_queue"), action="view"),
        Probe(url=review, action="view"),
        Probe(url=review, action="change", method="post", data={"decision": "accept", "accept-version": 1}),
        Probe(url=reverse("curation:unit_duplicates"), action="view"),
        Probe(url=reverse("curation:unit_merge") + f"?ids={units}", action="change"),
        Probe(url=reverse("curation:unit_merge_undo") + f"?ids={merge_id}", action="change"),
        Probe(url=reverse("articles_import:upload"), action="change"),
        Probe(url=reverse("audit_log"), action="audit"),
        Probe(url=reverse("audit_log_export", args=["csv"]), action="audit"),
        Probe(url=reverse("audit_log_export", args=["xlsx"]), action="audit"),
    ]


def status_of(client: Client, probe: Probe) -> int:
    response = getattr(client, probe.method)(probe.url, probe.data or {})
    return response.status_code


def expected_status(role: str, probe: Probe) -> set[int]:
    allowed = may(role, probe)
    if probe.model is not None and allowed:
        model_admin = admin.site._registry.get(probe.model)
        if model_admin is not None and probe.action in {"view", "add", "delete", "import", "export"}:
            obj = probe.model._default_manager.order_by("pk").first()
            allowed = admin_allows(model_admin, probe.action, obj)
    if not allowed:
        return {403}
    return {302} if probe.method == "post" else {200}


@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_reaches_exactly_what_it_may(client, every_model, role):
    user = get_user_model().objects.create_user(f"role-{role}", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    wrong = []
    for probe in admin_probes() + curation_probes() + staff_export_probes():
        status = status_of(client, probe)
        if status not in expected_status(role, probe):
            wrong.append(f"{probe}: {status}, expected {sorted(expected_status(role, probe))}")
    assert wrong == []


def test_an_anonymous_visitor_is_sent_to_a_login_page_everywhere(client, every_model):
    wrong = []
    for probe in admin_probes() + curation_probes() + staff_export_probes():
        response = getattr(client, probe.method)(probe.url, probe.data or {})
        if response.status_code != 302 or "login" not in response["Location"]:
            wrong.append(f"{probe}: {response.status_code}")
    assert wrong == []


# ---------------------------------------------------------------- every POST, from the URLconf


class _PostForms(HTMLParser):
    """The fields of each <form method="post"> on a page, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {"action": a.get("action") or "", "fields": []}
            self.forms.append(self._form)
        elif self._form is None or "name" not in a and tag != "option":
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file", "image", "reset"):
                self._form["fields"].append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self._select = [a["name"], None, None]
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select[1] is None:
                self._select[1] = value
            if "selected" in a:
                self._select[2] = value
        elif tag == "textarea":
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            name, first, chosen = self._select
            self._form["fields"].append((name, chosen if chosen is not None else (first or "")))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._form["fields"].append(tuple(self._textarea))
            self._textarea = None
        elif tag == "form":
            self._form = None


def _submission(html: str, url: str) -> dict[str, list[str]]:
    """What the page's own post form sends (the header's logout form aside)."""
    parser = _PostForms()
    parser.feed(html)
    forms = [f for f in parser.forms if "logout" not in f["action"]]
    data: dict[str, list[str]] = {}
    if forms:
        for name, value in max(forms, key=lambda f: len(f["fields"]))["fields"]:
            data.setdefault(name, []).append(value)
    return data


def _routes(patterns=None, prefix="", namespace=None):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern), entry.namespace or namespace)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), (f"{namespace}:" if namespace else "") + (entry.name or "")


# Admin views by the ending of their URL name, and the right a POST to them needs.
ADMIN_POST_RIGHTS = {
    "_add": "add",
    "_change": "change",
    "_delete": "delete",
    "_simple_history": "change",  # the history revert form saves the object
    "_changelist": "change-list",  # its actions, each with the right it needs
    "_import": "import",
    "_process_import": "import",
    "_export": "export",
}
# Other pages that accept a POST, and what it needs (see CURATION_NEEDS).
PAGE_POST_RIGHTS = {
    "curation:review_record": "change",
    "curation:review_queue": "change",
    "curation:unit_duplicates": "change",
    "curation:unit_merge": "change",
    "curation:unit_merge_undo": "change",
    "articles_import:upload": "change",
    "articles_import:run": "change",
    "articles_import:original": "change",
    "audit_log": "audit",
    "audit_log_export": "audit",
    "campaigns:activity_ledger_filing": "change",
    "campaigns:volunteer_ledger_filing": "change",
    # Starting a bundle of ledgers writes a job, not the ledger: whoever may read it may.
    "units:due_ledger_bundle": "view",
}
# Pages every signed-in user may post to: their own session and password.
OWN_ACCOUNT = ("login", "logout", "password_change", "password_reset", "jsi18n", "view_on_site", "autocomplete")


def _fingerprint() -> tuple:
    """Row counts of every table (history included, so an update shows too) and the users' rights."""
    from django.apps import apps

    skip = {"sessions", "axes", "contenttypes"}
    counts = tuple(
        (model._meta.label, model._default_manager.count())
        for model in apps.get_models()
        if model._meta.app_label not in skip
    )
    users = tuple(
        get_user_model().objects.order_by("pk").values_list("username", "is_staff", "is_superuser", "password")
    )
    return counts, users


def post_probes() -> list[Probe]:
    """One probe per URL pattern that can change something, with a page's own submission."""
    from django.apps import apps

    award = HonourAward.objects.first()
    concrete = {
        "curation:review_record": ["units.honouraward", award.pk],
        "audit_log_export": ["csv"],
        "campaigns:activity_ledger_filing": [Activity.objects.order_by("pk").first().pk],
        "campaigns:volunteer_ledger_filing": [VolunteerRecord.objects.order_by("pk").first().pk],
    }
    probes = []
    for route, name in _routes():
        short = name.split(":")[-1]
        if not name or short.startswith(OWN_ACCOUNT) or short in ("index", "app_list"):
            continue
        if name.startswith("admin:"):
            ending = next((e for e in sorted(ADMIN_POST_RIGHTS, key=len, reverse=True) if short.endswith(e)), None)
            model = next(
                (m for m in admin.site._registry if short.startswith(f"{m._meta.app_label}_{m._meta.model_name}_")),
                None,
            )
            if ending is None or model is None:
                continue
            obj = model._default_manager.order_by("pk").first()
            if ending == "_simple_history":
                history = getattr(model, model._meta.simple_history_manager_attribute).filter(id=obj.pk)
                args = [obj.pk, history.order_by("history_id").first().history_id]
            elif ending in ("_change", "_delete") and "<" in route:
                args = [obj.pk]
            else:
                args = []
            probes.append(Probe(reverse(name, args=args), ADMIN_POST_RIGHTS[ending], model, "post"))
        elif name in PAGE_POST_RIGHTS:
            if name in ("articles_import:run", "articles_import:original"):
                # Need a finished upload's key or a kept original: tests/articles/test_upload.py covers them.
                continue
            url = reverse(name, args=concrete.get(name, []))
            if name == "curation:unit_merge":
                url += "?ids=" + ",".join(
                    str(pk) for pk in Unit.objects.order_by("pk").values_list("pk", flat=True)[:2]
                )
            probes.append(Probe(url, PAGE_POST_RIGHTS[name], None, "post"))
        else:
            if "<uuid:key>" in route:
                continue  # an export file's page needs an export: tests/reports/test_export_jobs.py covers it
            # A staff-site page: GET only, whoever asks.
            kwargs = {"fmt": "csv"} if "<str:fmt>" in route else {}
            if "<int:pk>" in route:
                model = {
                    "activities": "campaigns.Activity",
                    "units": "units.Unit",
                    "articles": "articles.Article",
                    "honours": "units.HonourAward",
                    "volunteer": "campaigns.VolunteerRecord",
                    "campaigns": "campaigns.Campaign",
                }
                label = model[route.split("/")[0]]
                kwargs = {"pk": apps.get_model(label)._default_manager.order_by("pk").first().pk}
            probes.append(Probe(reverse(name, kwargs=kwargs), "read-only", None, "post"))
    return probes


def test_every_post_route_is_probed(every_model):
    routes = {str(p) for p in post_probes()}
    assert any("/history/" in r for r in routes) and any(r.endswith("/change/") for r in routes)
    assert len(routes) > 100


def _action_posts(probe: Probe, page_html: str) -> list[tuple[str, dict]]:
    """A change list's POSTs: each action it offers, run on every row."""
    actions = re.findall(r'<option value="([^"]+)"', page_html.split('name="action"', 1)[-1].split("</select>", 1)[0])
    rows = [str(pk) for pk in probe.model._default_manager.values_list("pk", flat=True)]
    return [
        (
            "delete" if action == "delete_selected" else "change",
            {"action": action, "_selected_action": rows, "index": "0"},
        )
        for action in actions
    ]


def _allowed(role: str, probe: Probe, right: str) -> bool:
    if right == "read-only":
        return False
    if probe.model is None:
        return role in CURATION_NEEDS[right]
    return may(role, Probe(probe.url, right, probe.model, "post"))


# Pages whose POST is only filtering or an action list: a role without the right sees
# the page again or is sent back, and nothing changes.
SOFT_POSTS = ("/admin/curation/review/", "/admin/curation/units/duplicates/")


@pytest.mark.parametrize("role", list(ROLES))
def test_no_role_changes_anything_it_may_not_by_any_post(client, every_model, admin_user, role):
    user = get_user_model().objects.create_user(f"post-{role}", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    superuser = Client()
    superuser.force_login(admin_user)
    client.force_login(user)
    wrong = []
    for probe in post_probes():
        page = superuser.get(probe.url)
        html = page.getvalue().decode("utf-8", "ignore") if page.status_code == 200 and not page.streaming else ""
        if probe.action == "change-list":
            posts = _action_posts(probe, html)
        else:
            posts = [(probe.action, _submission(html, probe.url))]
        for right, data in posts:
            if _allowed(role, probe, right):
                continue
            before = _fingerprint()
            status = client.post(probe.url, data).status_code
            if _fingerprint() != before:
                wrong.append(f"{probe} {data.get('action', '')} changed the ledger ({status})")
            elif status >= 500:
                wrong.append(f"{probe}: {status}")
            elif (
                status not in (403, 405)
                and probe.action not in ("change-list", "read-only")
                and (probe.url not in SOFT_POSTS)
            ):
                wrong.append(f"{probe}: {status}, expected 403")
    assert wrong == [], "\n".join(wrong)
