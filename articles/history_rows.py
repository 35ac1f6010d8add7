"""The history rows an import writes: the change reason naming its run, and
the bulk insert of rows together with their "+" history rows.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from django.db import connection, models, transaction
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

from articles.models import ImportRun

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def import_change_reason(run: ImportRun) -> str:
    """The change reason that history rows of an import carry, naming the run."""
    return f"导入批次 {run.key}"


def rows_create_with_history(
    model: type[models.Model], objs: list, *, user: AbstractBaseUser | None, reason: str
) -> None:
    """Insert rows and their "+" history rows: two INSERTs, both or neither.

    What simple_history's bulk_create_with_history does, minus its per-call cost:
    `Model.history` builds a new manager class at every access, which cost as much
    as the inserts themselves, so the manager is fetched once per model. Both
    databases hand back the new primary keys; a backend that cannot gets the
    library's own path, which finds the rows again."""
    if not connection.features.can_return_rows_from_bulk_insert:
        bulk_create_with_history(objs, model, default_user=user, default_change_reason=reason)
        return
    with transaction.atomic(savepoint=False):  # joins the file's transaction; no savepoint
        model._default_manager.bulk_create(objs)
        _history_manager(model).bulk_history_create(objs, default_user=user, default_change_reason=reason)


@functools.cache
def _history_manager(model: type[models.Model]):
    # A HistoryManager without an instance holds only its model: safe to keep.
    return get_history_manager_for_model(model)
