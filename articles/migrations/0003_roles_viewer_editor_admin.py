"""The three staff roles as groups with model permissions.

查看员 (viewer): view (and so export, IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view")
    every model of the ledger apps.
编辑 (editor): view, add and change every model of the ledger apps — review, edit,
    import (IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"), merge units (add/change
    单位合并记录) — plus delete of activity organiser rows (removing one inline);
    records are rejected, not deleted, and no user management.
管理员 (administrator): every permission there is, users and groups included.

A member also needs is_staff to enter the admin. Permissions are created here first
(create_permissions), as post_migrate would only create them after all migrations,
so that a fresh database gets complete groups. A model added later needs its
permissions added to the groups by a later migration.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

LEDGER_APPS = ("units", "campaigns", "articles")
VIEWER, EDITOR, ADMINISTRATOR = "查看员", "编辑", "管理员"
EDITOR_MAY_DELETE = {"activityorganiser"}


def _create_all_permissions(apps):
    for app_config in apps.get_app_configs():
        # Migration-state app configs have no models module; create_permissions skips those.
        previous, app_config.models_module = getattr(app_config, "models_module", None), True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = previous


def create_roles(apps, schema_editor):
    """Create the permissions, then the groups with theirs. Safe to run again."""
    _create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    ledger = Permission.objects.filter(content_type__app_label__in=LEDGER_APPS).exclude(
        # simple-history's tables: their pages are the models' own history views.
        content_type__model__startswith="historical"
    )

    def codes(*actions):
        return [p for p in ledger.select_related("content_type") if p.codename.split("_", 1)[0] in actions]

    roles = {
        VIEWER: codes("view"),
        EDITOR: codes("view", "add", "change")
        + [p for p in ledger.filter(codename__startswith="delete_") if p.content_type.model in EDITOR_MAY_DELETE],
        ADMINISTRATOR: list(Permission.objects.all()),
    }
    for name, permissions in roles.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[VIEWER, EDITOR, ADMINISTRATOR]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_initial"),
        ("units", "0002_unit_merge"),
        ("campaigns", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("sessions", "0001_initial"),
        # 管理员 also unlocks accounts locked by failed logins (django-axes).
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
