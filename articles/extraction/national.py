"""National bodies (共青团中央, 中宣部, 全国总工会 …): they run selections and award honours,
but their names carry no region and mostly no listed ending, so the grammar of
unit_grammar.py cannot build them from words. They are read from a list
(data/national_bodies.tsv) under every form the press uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import DATA_DIR


@dataclass(frozen=True)
class NationalBody:
    name: str  # the canonical name
    kind: str  # a Unit.Kind value


def _load() -> dict[str, NationalBody]:
    forms: dict[str, NationalBody] = {}
    for line in (DATA_DIR / "national_bodies.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, kind, others = (line.split("\t") + ["", ""])[:3]
        body = NationalBody(name.strip(), kind.strip())
        for form in [name, *others.split(",")]:
            if form.strip():
                forms[form.strip()] = body
    return forms


BODY_FORMS: dict[str, NationalBody] = _load()


@lru_cache(maxsize=1)
def _forms_re() -> re.Pattern:
    return re.compile("|".join(map(re.escape, sorted(BODY_FORMS, key=len, reverse=True))))


def national_body(surface: str) -> NationalBody | None:
    return BODY_FORMS.get(surface)


def body_spans(text: str) -> list[tuple[int, int, NationalBody]]:
    """Where the text names a national body, longest form first."""
    return [(m.start(), m.end(), BODY_FORMS[m.group()]) for m in _forms_re().finditer(text)]
