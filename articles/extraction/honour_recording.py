"""Recording honours: whose they are, which honours an object names, and their year.

`AwardRecorder` holds one article's records while its sentences are read; the
readers of award sentences (honours) and of lists (honour_lists) add to it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .analysis import Analysis
from .award_lists import ListItem
from .dates import document_year
from .honour_names import (
    Catalogue,
    HonourItem,
    edition_number,
    head_of,
    is_honour,
    level_of,
    parse_item,
    round_in,
    split_items,
)
from .records import HonourMention
from .regions import gazetteer
from .text import Span, strip_quotes
from .unit_grammar import Mention
from .unit_lexicon import PLACE_KINDS, CompiledLexicon, kind_of
from .unit_regions import split_regions
from .unit_resolution import ResolvedUnit, place_by_core, resolve

_COUNT_TAIL_RE = re.compile(
    r"(?:荣誉称号|称号|荣誉|奖项|表彰)?(?:\d+|[一二两三四五六七八九十百]+)(?:余|多)?(?:个|项|次|块|面)$"
)
_ROUND_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})年度(?![-—–~至到])")
_HEADLINE_YEAR_RE = re.compile(r"((?:19|20)\d{2})年(?!度|以来|来)")
_DECISION_YEAR_RE = re.compile(r"关于(?:表彰|命名|授予|公布)[^，。]{0,6}?((?:19|20)\d{2})年(?!度)")


class AwardRecorder:
    """The honour records of one article, each with its unit, and the bodies that awarded them."""

    def __init__(self, analysis: Analysis, catalogue: Catalogue, compiled: CompiledLexicon):
        self.analysis = analysis
        self.catalogue = catalogue
        self.compiled = compiled
        self.out: list[tuple[HonourMention, ResolvedUnit]] = []
        self.bodies: list[ResolvedUnit] = []

    # ------------------------------------------------------------ units of a list

    def unit_of(self, item: ListItem) -> ResolvedUnit | None:
        """The resolved unit a list item names; a mention found at the same place wins."""
        for _, located in self.analysis.mentions_in(item.start, item.end):
            if located.unit is not None and located.mention.surface == item.name:
                return located.unit
        kind = kind_of(item.name)
        is_place = (
            kind in PLACE_KINDS
            or bool(gazetteer().lookup(item.name))
            or _is_region(item.name)
            or (kind == "other" and place_by_core(item.name) is not None)
        )
        mention = Mention(item.start, item.end, item.name, "place" if is_place and kind == "other" else kind, is_place)
        unit = resolve(mention, self.analysis.region, self.compiled)
        if unit is None:
            return ResolvedUnit(item.name, (), kind, is_place)
        if item.name != unit.name and item.name not in unit.aliases:
            unit = replace(unit, aliases=tuple(sorted({*unit.aliases, item.name})))
        return unit

    def units_of(self, items: list[ListItem]) -> list[ResolvedUnit]:
        return [u for u in (self.unit_of(i) for i in items if not i.person) if u is not None]

    def honours_in(self, obj: str, *, named: bool = False) -> list[HonourItem]:
        """The honours an object names. `named`: the verb before it only ever names a title
        (被评为, 荣获 …), so a quoted name there is one even without 称号."""
        if _COUNT_TAIL_RE.search(strip_quotes(obj)):
            return []  # 共获得省、市级先进集体荣誉称号20余个: a tally, not an honour
        items = [parse_item(raw) for raw in split_items(obj)]
        marked = _marked(obj) or named
        return [i for i in items if i and is_honour(i.name, self.catalogue, quoted="“" in obj, marked=marked)]

    def round_year(self, position: int) -> int | None:
        years = {int(y) for y in _ROUND_YEAR_RE.findall(self.analysis.text[:position])}
        return years.pop() if len(years) == 1 else None

    def news_year(self) -> int | None:
        """The year the article reports in: the page's date, else a year its headline, its
        decision's title (关于表彰2024年…的决定) or its document number (〔2012〕98号) states."""
        page_date = self.analysis.date_context.page_date
        if page_date is not None:
            return page_date.year
        for pattern, where in (
            (_HEADLINE_YEAR_RE, self.analysis.title),
            (_DECISION_YEAR_RE, self.analysis.text[:600]),
        ):
            found = pattern.search(where)
            if found:
                return int(found.group(1))
        return document_year(self.analysis.text[:600])

    def record(
        self, honourees, items, span: Span, *, year_hint, status: str, note: str = "", news: bool = True
    ) -> None:
        """One record per unit and honour. An award the article reports as news (not a
        unit's history, not a retention) is dated by the page when nothing else dates it."""
        news_year = self.news_year()
        # A year stated for a whole round in the paragraph (公布了2019年度…先进典型名单)
        # applies to each award in it.
        paragraph_year = self.round_year(span.start)
        sentence_round = round_in(span.text)
        for honouree, item in ((u, i) for u in honourees for i in items):
            entry = self.catalogue.find(item.name)
            name = entry.name if entry else item.name
            year = item.year or year_hint
            # the selection's round dates a catalogued honour only: the catalogue knows its years
            edition = item.edition or (sentence_round if entry else "")
            if year is None and edition and entry:
                number = edition_number(edition)
                year = entry.year_of_round(number) if number else None
            if year is None and not item.edition and not item.ranged:
                year = paragraph_year
            if year is None and not item.edition and news and status == "awarded":
                year = news_year
            head = head_of(name)
            mention = HonourMention(
                unit=honouree.name,
                honour=name,
                level=(entry.level if entry and entry.level else level_of(name)),
                category=(entry.category if entry and entry.category else (head[1] if head else "other")),
                year=None if item.ranged else year,
                edition=edition,
                status=status,
                evidence=self.analysis.evidence(span),
                note=note,
            )
            self.out.append((mention, honouree))


def _is_region(name: str) -> bool:
    parts, rest = split_regions(name)
    return bool(parts) and not rest


def _marked(obj: str) -> bool:
    return bool(re.search(r"称号|荣誉", obj))


def home_place(analysis: Analysis) -> ResolvedUnit | None:
    city = analysis.region.city
    if not city:
        return None
    return ResolvedUnit(city, (), "place", True, city)
