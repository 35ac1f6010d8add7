"""The 查看员 / 编辑 / 管理员 groups the roles migration creates, and what each may do."""

import functools
import importlib

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.loader import MigrationLoader

ROLES_MIGRATION = ("articles", "0003_roles_viewer_editor_admin")
LEDGER_MODELS = [
    "units.unit",
    "units.unitalias",
    "units.region",
    "units.honour",
    "units.honouraward",
    "units.unitmerge",
    "campaigns.campaign",
    "campaigns.activity",
    "campaigns.activityorganiser",
    "campaigns.volunteerrecord",
    "articles.source",
    "articles.article",
    "articles.importrun",
    "articles.pagefile",
]


@functools.cache
def _migration_state_apps():
    return MigrationLoader(connection).project_state(ROLES_MIGRATION).apps


def run_roles_migration():
    """The migration's own code on the migration state (transactional tests elsewhere
    flush the groups the test database was migrated with)."""
    module = importlib.import_module("articles.migrations." + ROLES_MIGRATION[1])
    module.create_roles(_migration_state_apps(), None)


@pytest.fixture
def roles(db):
    run_roles_migration()


@pytest.fixture
def member(roles):
    def make(role):
        user = get_user_model().objects.create_user(role, password="x", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        return get_user_model().objects.get(pk=user.pk)

    return make


def perm(model, action):
    app, name = model.split(".")
    return f"{app}.{action}_{name}"


def test_there_are_three_roles(roles):
    assert set(Group.objects.values_list("name", flat=True)) >= {"查看员", "编辑", "管理员"}


def test_running_the_migration_again_changes_nothing(roles):
    before = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    run_roles_migration()
    assert {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()} == before


def missing(user, actions):
    """The ledger permissions among `actions` that `user` lacks."""
    return [perm(m, a) for m in LEDGER_MODELS for a in actions if not user.has_perm(perm(m, a))]


def granted(user, actions):
    return [perm(m, a) for m in LEDGER_MODELS for a in actions if user.has_perm(perm(m, a))]


def test_a_viewer_may_view_and_export_every_ledger_model(member):
    assert missing(member("查看员"), ["view", settings.IMPORT_EXPORT_EXPORT_PERMISSION_CODE]) == []


def test_a_viewer_may_not_add_change_import_or_delete(member):
    actions = ["add", "change", "delete", settings.IMPORT_EXPORT_IMPORT_PERMISSION_CODE]
    assert granted(member("查看员"), actions) == []


def test_an_editor_may_view_add_change_and_import_every_ledger_model(member):
    actions = ["view", "add", "change", settings.IMPORT_EXPORT_IMPORT_PERMISSION_CODE]
    assert missing(member("编辑"), actions) == []


def test_an_editor_rejects_records_instead_of_deleting_them(member):
    assert granted(member("编辑"), ["delete"]) == ["campaigns.delete_activityorganiser"]


def test_an_editor_may_merge_and_unmerge_units(member):
    editor = member("编辑")
    assert editor.has_perm("units.add_unitmerge") and editor.has_perm("units.change_unitmerge")


def test_an_editor_may_not_manage_users(member):
    editor = member("编辑")
    assert not any(editor.has_perm(f"auth.{action}_user") for action in ("view", "add", "change", "delete"))
    assert not editor.has_perm("auth.change_group")


def test_an_administrator_may_manage_users_and_groups(member):
    administrator = member("管理员")
    for codename in ("add_user", "change_user", "delete_user", "add_group", "change_group"):
        assert administrator.has_perm(f"auth.{codename}")


def test_an_administrator_may_do_everything_with_the_ledger(member):
    assert missing(member("管理员"), ["view", "add", "change", "delete"]) == []


def test_an_administrator_may_unlock_accounts_locked_by_failed_logins(member):
    administrator = member("管理员")
    assert administrator.has_perm("axes.view_accessattempt") and administrator.has_perm("axes.delete_accessattempt")


def test_models_added_later_are_granted_to_the_roles(member):
    state = MigrationLoader(connection).project_state(("reports", "0003_roles_for_rounds_and_filings")).apps
    importlib.import_module("reports.migrations.0003_roles_for_rounds_and_filings").grant(state, None)
    editor, viewer = member("编辑"), member("查看员")

    assert editor.has_perm("units.change_honourround") and editor.has_perm("reports.add_ledgerfiling")
    assert viewer.has_perm("units.view_honourround")
    assert not viewer.has_perm("reports.change_ledgerfiling")
