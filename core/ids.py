"""Ids as they arrive in URLs and forms: only whole numbers a database column can hold."""

from __future__ import annotations

MAX_ID = 2**63 - 1  # the largest bigint; SQLite and PostgreSQL refuse anything past it


def parse_id(value) -> int | None:
    """The id `value` names, or None when it cannot name a row (abc, 1.5, -1, 10**20)."""
    text = str(value).strip()
    if not text.isdigit() or not text.isascii():
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None
