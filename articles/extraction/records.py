"""What the extraction pipeline hands back: frozen, plain-Python records.

Nothing here imports Django. `articles.storing` turns these into rows; the
`extract` command turns them into the JSON contract of the scorer.
Every record carries the evidence sentence it was read from, with its span
in the cleaned article text (`article.text[start:end] == sentence`).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Evidence:
    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class PartialDate:
    """A date known to some precision; `year` may be inferred from context."""

    year: int | None
    month: int | None = None
    day: int | None = None
    year_inferred: bool = False

    @property
    def precision(self) -> str | None:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        if self.year is not None:
            return "year"
        return None

    def iso(self) -> str | None:
        """YYYY-MM-DD, YYYY-MM or YYYY as far as known; ???? stands for an unknown year."""
        year = f"{self.year:04d}" if self.year is not None else "????"
        if self.month is None:
            return year if self.year is not None else None
        if self.day is None:
            return f"{year}-{self.month:02d}"
        return f"{year}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class UnitMention:
    name: str  # canonical full name (菏泽市委办公室)
    aliases: tuple[str, ...] = ()  # other surface forms seen (市委办公室)
    kind: str = "other"  # one of units.Unit.Kind values
    region: str | None = None  # full name of the region it belongs to, when known
    parent: str | None = None  # canonical name of the unit it belongs to
    evidence: Evidence | None = None


@dataclass(frozen=True)
class HonourMention:
    unit: str  # canonical unit name
    honour: str  # honour name as in the catalogue, or as written when not catalogued
    level: str | None = None  # national / provincial / city / county / other
    category: str | None = None  # one of units.Honour.Category values
    year: int | None = None
    edition: str = ""  # 第21届, 第四批
    status: str = "awarded"  # one of units.HonourAward.Status values
    evidence: Evidence | None = None
    note: str = ""  # 连续七次: kept for the reviewer, still one record


@dataclass(frozen=True)
class Organiser:
    unit: str  # canonical unit name
    role: str = "host"  # host / co_host / executor / participant


@dataclass(frozen=True)
class ActivityMention:
    title: str
    date: PartialDate | None
    organisers: tuple[Organiser, ...]
    place: str = ""
    participants: int | None = None
    campaign: str | None = None
    kind: str = "other"  # one of campaigns.Activity.Kind values
    evidence: Evidence | None = None


@dataclass(frozen=True)
class VolunteerMention:
    unit: str  # canonical unit name
    hours: float | None = None
    person_times: int | None = None
    volunteers: int | None = None
    approximate: bool = False
    period_text: str = ""  # 去年以来, 近年累计
    evidence: Evidence | None = None


@dataclass(frozen=True)
class ArticleExtraction:
    title: str
    text: str  # cleaned body text; every evidence span points into it
    raw_text: str = ""  # the slice of the page it was cut from
    subtitle: str = ""
    bylines: tuple[str, ...] = ()
    date: PartialDate | None = None
    position: int = 0  # order on the page
    units: tuple[UnitMention, ...] = ()
    honours: tuple[HonourMention, ...] = ()
    activities: tuple[ActivityMention, ...] = ()
    volunteer_service: tuple[VolunteerMention, ...] = ()


@dataclass(frozen=True)
class PageExtraction:
    articles: tuple[ArticleExtraction, ...]
    warnings: tuple[str, ...] = field(default=())
