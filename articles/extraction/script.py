"""Pages in traditional characters (全國文明單位, 學雷鋒志願服務).

The lexicons and the grammar are written in simplified characters, so a traditional page
is read through its simplified twin: the same text character for character (OpenCC's
character table, one character for one, so every span stays where it was). What comes out
is written back in the page's own characters, so names and evidence are what the page says.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    text = resources.files("opencc").joinpath("dictionary/TSCharacters.txt").read_text(encoding="utf-8")
    table = {}
    for line in text.splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0] if targets else ""
        if len(source) == 1 and len(target) == 1 and source != target:
            table[ord(source)] = target
    return table


@lru_cache(maxsize=1)
def _traditional() -> frozenset[str]:
    """The characters the table converts: most pages hold none and need no copy."""
    return frozenset(map(chr, _table()))


def simplified(text: str) -> tuple[str, Callable[[str], str] | None]:
    """The text in simplified characters, and how to write a string back in the page's
    characters (None when the page has nothing to convert)."""
    if _traditional().isdisjoint(text):
        return text, None
    converted = to_simplified(text)
    seen: dict[str, Counter] = defaultdict(Counter)
    for original, simple in zip(text, converted, strict=True):
        if original != simple:
            seen[simple][original] += 1
    back = {ord(simple): counts.most_common(1)[0][0] for simple, counts in seen.items()}
    return converted, lambda value: value.translate(back)


def to_simplified(text: str) -> str:
    return text.translate(_table())


def restore(record, back: Callable[[str], str]):
    """`record` (a frozen dataclass, tuple or string, nested) with every string written back."""
    if isinstance(record, str):
        return back(record)
    if isinstance(record, tuple):
        return tuple(restore(item, back) for item in record)
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        changes = {f.name: restore(getattr(record, f.name), back) for f in dataclasses.fields(record)}
        return dataclasses.replace(record, **changes)
    return record
