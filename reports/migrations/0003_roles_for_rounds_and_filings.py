"""The staff roles (articles 0003) get the permissions of the models added since:
honour rounds (units.HonourRound) and ledger filings (reports.LedgerFiling) — 查看员
views them, 编辑 views, adds and changes them, 管理员 already has every permission
but gets the new ones too (they did not exist when the group was made)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

NEW_MODELS = {"units": ["honourround"], "reports": ["ledgerfiling"]}
ACTIONS = {"查看员": ("view",), "编辑": ("view", "add", "change"), "管理员": ("view", "add", "change", "delete")}


def grant(apps, schema_editor):
    for label in NEW_MODELS:
        app_config = apps.get_app_config(label)
        previous, app_config.models_module = getattr(app_config, "models_module", None), True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in ACTIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for app_label, models in NEW_MODELS.items():
            codenames = [f"{action}_{model}" for model in models for action in actions]
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_ledger_filing"),
        ("units", "0010_honour_round_years_removed"),
        ("articles", "0003_roles_viewer_editor_admin"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
