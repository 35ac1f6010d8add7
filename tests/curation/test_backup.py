import datetime
import json

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


def test_a_restore_into_a_database_with_a_ledger_is_refused_and_says_what_is_there(db, tmp_path):
    dump = tmp_path / "backup.json"
    call_command("backup_ledger", str(dump))
    Unit.objects.create(name="菏泽市文明办")

    with pytest.raises(CommandError, match="已有数据.*单位 1 条.*--replace"):
        call_command("restore_ledger", str(dump))

    assert list(Unit.objects.values_list("name", flat=True)) == ["菏泽市文明办"]


def test_replace_empties_the_database_before_restoring(transactional_db, tmp_path):
    Unit.objects.create(name="菏泽市委办公室")
    dump = tmp_path / "backup.json"
    call_command("backup_ledger", str(dump))
    Unit.objects.create(name="菏泽市文明办")

    call_command("restore_ledger", str(dump), "--replace", verbosity=0)

    assert list(Unit.objects.values_list("name", flat=True)) == ["菏泽市委办公室"]


def test_a_backup_keeps_timestamps_to_the_microsecond(db, tmp_path):
    unit = Unit.objects.create(name="样例市文明办")
    at = datetime.datetime(2024, 3, 13, 8, 30, 5, 123, tzinfo=datetime.UTC)
    Unit.objects.filter(pk=unit.pk).update(created_at=at)
    path = tmp_path / "backup.json"

    call_command("backup_ledger", str(path))

    rows = json.loads(path.read_text(encoding="utf-8"))
    saved = next(row for row in rows if row["model"] == "units.unit")
    assert saved["fields"]["created_at"] == "2024-03-13T08:30:05.000123Z"
