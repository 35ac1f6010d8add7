import pytest
from django.core.management import CommandError, call_command

from units.models import Unit


def test_restore_names_a_missing_backup_file(db, tmp_path):
    with pytest.raises(CommandError, match="missing.json"):
        call_command("restore_ledger", str(tmp_path / "missing.json"))


def test_a_broken_backup_is_refused_and_changes_nothing(db, tmp_path):
    Unit.objects.create(name="菏泽市文明办")
    broken = tmp_path / "broken.json"
    broken.write_text('[{"model": "units.unit", "fields": {"name": ', encoding="utf-8")

    with pytest.raises(CommandError, match="broken.json"):
        call_command("restore_ledger", str(broken))

    assert list(Unit.objects.values_list("name", flat=True)) == ["菏泽市文明办"]


def test_backup_refuses_a_directory(db, tmp_path):
    with pytest.raises(CommandError, match="目录"):
        call_command("backup_ledger", str(tmp_path))
