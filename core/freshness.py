"""Caching figures until the ledger changes.

Every write to the ledger leaves a history row (simple-history, for the
site, the admin, the importer and merges alike), so the newest history id of
each model is a stamp that moves whenever the records do. Figures cached under
the current stamp are therefore never stale, and reading the stamp costs one
index probe per model — against whole-table aggregates that take seconds at a
province's scale. The timeout is a backstop for writes that leave no history
(bulk loads such as ``generate_synthetic``).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection

T = TypeVar("T")

TIMEOUT = 300


def ledger_stamp() -> str:
    """A string that changes whenever any model with history is written."""
    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql())
        newest = cursor.fetchone()
    return ".".join(str(value or 0) for value in newest)


@functools.cache
def _stamp_sql() -> str:
    # Written once per process: the models are fixed once Django is set up, and
    # asking a model for its history manager builds a new manager class each
    # time (simple-history), 0.4 ms apiece, for every model on every call.
    tables = sorted(
        model.history.model._meta.db_table
        for model in apps.get_models()
        if getattr(getattr(model, "history", None), "model", None) is not None
    )
    quote = connection.ops.quote_name
    # One round trip; each MAX is one step down the history table's primary key.
    return "SELECT " + ", ".join(f"(SELECT MAX({quote('history_id')}) FROM {quote(table)})" for table in tables)


def cached_until_ledger_changes(key: str, compute: Callable[[], T], *, timeout: int = TIMEOUT) -> T:
    return cache.get_or_set(f"{key}@{ledger_stamp()}", compute, timeout)


def query_key(queryset) -> str | None:
    """A cache key for what a queryset asks: a hash of its SQL, parameters
    included; None when it can match nothing (Django then writes no SQL)."""
    try:
        sql = str(queryset.query)
    except EmptyResultSet:
        return None
    return hashlib.sha256(f"{queryset.db}:{sql}".encode()).hexdigest()[:32]
