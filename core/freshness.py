"""Caching figures until the ledger changes.

Every write to the ledger leaves a history row (simple-history, for the
site, the admin, the importer and merges alike), so the newest history id of
each model is a stamp that moves whenever the records do. Figures cached under
the current stamp are therefore never stale, and reading the stamp costs one
index probe per model — against whole-table aggregates that take seconds at a
province's scale. The timeout is a backstop for writes that leave no history
(bulk loads such as ``generate_synthetic``).

A page asks for the stamp once per cached figure (five or six times on a list
page); a request that only reads (GET, HEAD) reads it once (LedgerStampPerRequest).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from typing import TypeVar

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection

T = TypeVar("T")

TIMEOUT = 300
READ_ONLY_METHODS = ("GET", "HEAD")
# The stamp read during the current read-only request, once read; None outside one.
_request_stamp: ContextVar[dict[str, str] | None] = ContextVar("ledger_stamp_of_request", default=None)


def ledger_stamp() -> str:
    """A string that changes whenever any model with history is written."""
    kept = _request_stamp.get()
    if kept is None:
        return _read_stamp()
    if "stamp" not in kept:
        kept["stamp"] = _read_stamp()
    return kept["stamp"]


class LedgerStampPerRequest:
    """Middleware: a GET or HEAD request reads the ledger stamp at most once,
    however many cached figures ask for it. Such a request writes nothing to the
    ledger, so only other processes' writes could move the stamp under it, and
    those the request might as well have started a moment earlier than; the next
    request reads the new stamp. A streamed body is rendered after the middleware
    returns, and reads the stamp afresh."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in READ_ONLY_METHODS:
            return self.get_response(request)
        token = _request_stamp.set({})
        try:
            return self.get_response(request)
        finally:
            _request_stamp.reset(token)


def _read_stamp() -> str:
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


def cached_for_query(name: str, queryset, compute: Callable[[], T], *, nothing: T) -> T:
    """``compute()`` kept until the ledger changes, keyed by what ``queryset`` asks
    (query_key); ``nothing`` for a queryset that can match nothing."""
    key = query_key(queryset)
    return nothing if key is None else cached_until_ledger_changes(f"{name}:{key}", compute)


def query_key(queryset) -> str | None:
    """A cache key for what a queryset asks: a hash of its SQL, parameters
    included; None when it can match nothing (Django then writes no SQL)."""
    try:
        sql = str(queryset.query)
    except EmptyResultSet:
        return None
    return hashlib.sha256(f"{queryset.db}:{sql}".encode()).hexdigest()[:32]


class CachedPieces(Sequence):
    """A long list read through pieces of PIECE items kept until the ledger
    changes: showing a page unpickles that page's piece, not the whole list (a
    province's possible duplicate units: 14 ms per read). ``load`` gives the
    whole list (itself cached, as a rule); it is called only for a length or a
    piece not kept yet. A Django Paginator takes it as its object list."""

    PIECE = 100

    def __init__(self, key: str, load: Callable[[], list], *, timeout: int = TIMEOUT):
        self._prefix = f"{key}@{ledger_stamp()}"
        self._load = load
        self._timeout = timeout
        self._whole: list | None = None

    def __len__(self) -> int:
        return cache.get_or_set(f"{self._prefix}:length", lambda: len(self._items()), self._timeout)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _ = index.indices(len(self))
        if start >= stop:
            return []
        numbers = range(start // self.PIECE, (stop - 1) // self.PIECE + 1)
        keys = {number: f"{self._prefix}:{number}" for number in numbers}
        found = cache.get_many(keys.values())
        missing = {key: self._piece(number) for number, key in keys.items() if key not in found}
        cache.set_many(missing, self._timeout)
        found |= missing
        items = [item for key in keys.values() for item in found[key]]
        offset = numbers[0] * self.PIECE
        return items[start - offset : stop - offset]

    def _piece(self, number: int) -> list:
        return self._items()[number * self.PIECE : (number + 1) * self.PIECE]

    def _items(self) -> list:
        if self._whole is None:
            self._whole = list(self._load())
        return self._whole
