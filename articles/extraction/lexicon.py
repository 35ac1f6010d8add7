"""What the pipeline knows beyond the text: registered units, honours, campaigns.

A `Lexicon` is plain data. The Django side fills it from the database
(`articles.lexicon`); tests and the command line without a database build it
from files with `Lexicon.from_files()`. It is frozen and hashable, so the
compiled recogniser for a lexicon is built once and cached.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
# The national honour catalogue the pipeline knows on its own (package data). A
# database may hold more honours and aliases; those only resolve a finished name.
HONOUR_CATALOGUE = DATA_DIR / "honours.json"


@dataclass(frozen=True)
class RegisteredUnit:
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = "other"
    region: str | None = None  # full name of its region (山东省菏泽市)


@dataclass(frozen=True)
class CatalogueHonour:
    name: str
    aliases: tuple[str, ...] = ()
    level: str | None = None
    category: str | None = None
    awarding_body: str = ""
    round_years: tuple[tuple[int, int], ...] = ()  # (round number, award year)

    def year_of_round(self, number: int) -> int | None:
        return dict(self.round_years).get(number)


@dataclass(frozen=True)
class Campaign:
    name: str
    signals: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    units: tuple[RegisteredUnit, ...] = ()
    honours: tuple[CatalogueHonour, ...] = ()
    campaigns: tuple[Campaign, ...] = ()
    source_region: str | None = None  # the paper's home region, when the caller knows it

    @classmethod
    def from_files(cls, *, honours_path: Path | None = None, source_region: str | None = None) -> Lexicon:
        return cls(
            honours=load_honour_catalogue(honours_path),
            campaigns=builtin_campaigns(),
            source_region=source_region,
        )

    def with_units(self, units: tuple[RegisteredUnit, ...]) -> Lexicon:
        return Lexicon(
            units=units,
            honours=self.honours,
            campaigns=self.campaigns,
            source_region=self.source_region,
        )


class HashedOnceLexicon(Lexicon):
    """A Lexicon that does not change while it is used, hashed once.

    The pipeline finds the compiled recogniser of a lexicon by hashing it, once
    per page; hashing walks every registered unit and alias, which at a registry
    of 100,000 units costs more than segmenting the page. (Equality is still
    the dataclass's: field by field, within this class.)
    """

    def __hash__(self) -> int:
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = super().__hash__()
            object.__setattr__(self, "_hash", cached)
        return cached


def _round_years(value) -> tuple[tuple[int, int], ...]:
    pairs = []
    if isinstance(value, dict):
        for key, year in value.items():
            try:
                pairs.append((int(key), int(year)))
            except (TypeError, ValueError):
                continue
    return tuple(sorted(pairs))


def honour_from_fields(fields: dict) -> CatalogueHonour | None:
    name = (fields.get("name") or "").strip()
    if not name:
        return None
    aliases = fields.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [a for a in aliases.replace("，", ",").split(",")]
    return CatalogueHonour(
        name=name,
        aliases=tuple(a.strip() for a in aliases if isinstance(a, str) and a.strip()),
        level=fields.get("level") or None,
        category=fields.get("category") or None,
        awarding_body=fields.get("awarding_body") or "",
        round_years=_round_years(fields.get("round_years") or {}),
    )


def parse_honour_catalogue(data) -> tuple[CatalogueHonour, ...]:
    """Honours from a Django fixture (list of {model, fields}) or a plain list of field dicts."""
    out = []
    for entry in data if isinstance(data, list) else []:
        if not isinstance(entry, dict):
            continue
        fields = entry.get("fields", entry)
        if "model" in entry and not str(entry["model"]).endswith("honour"):
            continue
        honour = honour_from_fields(fields) if isinstance(fields, dict) else None
        if honour:
            out.append(honour)
    return tuple(out)


@lru_cache(maxsize=8)
def _read_catalogue(path: Path) -> tuple[CatalogueHonour, ...]:
    try:
        return parse_honour_catalogue(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return ()


def load_honour_catalogue(path: Path | None = None) -> tuple[CatalogueHonour, ...]:
    """The built-in national catalogue (or the catalogue file at `path`)."""
    return _read_catalogue(Path(path) if path else HONOUR_CATALOGUE)


@lru_cache(maxsize=1)
def builtin_campaigns() -> tuple[Campaign, ...]:
    out = []
    for line in (DATA_DIR / "campaigns.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, signals = line.partition("\t")
        out.append(Campaign(name.strip(), tuple(s.strip() for s in signals.split(",") if s.strip())))
    return tuple(out)
