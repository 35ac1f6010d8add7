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

from dataclasses import dataclass

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from articles.models import ReviewStatus
from tests.test_roles import run_roles_migration
from units.models import HonourAward, Unit, UnitMerge
from units.services import unit_merge
from wenming.exports import FORMATS

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
