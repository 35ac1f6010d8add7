"""The page → records pipeline: split, segment, resolve, extract, merge."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from . import segment
from .activities import extract_activities
from .analysis import Analysis, Located
from .article_assembly import Piece, assemble
from .article_subject import article_subject
from .dates import (
    DateContext,
    article_year,
    date_from_file_name,
    date_from_page_header,
    event_year_in,
    find_dates,
    make_date,
    with_year,
    year_for,
)
from .honours import extract_honours
from .lexicon import DATA_DIR, Lexicon
from .pages import split_page
from .records import ActivityMention, HonourMention, PageExtraction, PartialDate, VolunteerMention
from .region_context import RegionCounts, build_context, count_regions
from .script import restore, simplified
from .text import sentences
from .unit_grammar import Mention
from .unit_lexicon import CompiledLexicon, compile_lexicon, kind_of
from .unit_merging import merge_units_across_page
from .unit_names import find_mentions
from .unit_resolution import ResolvedUnit, resolve
from .volunteer import extract_volunteer


def _relevance_words() -> tuple[list[str], list[str]]:
    strong, weak = [], []
    for line in (DATA_DIR / "relevance.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, _, weight = line.partition("\t")
        (strong if weight.strip() == "2" else weak).append(word.strip())
    return strong, weak


_STRONG, _WEAK = _relevance_words()
_STRONG_RE = re.compile("|".join(sorted(map(re.escape, _STRONG), key=len, reverse=True)))
_WEAK_RE = re.compile("|".join(sorted(map(re.escape, _WEAK), key=len, reverse=True)))


def is_campaign_related(text: str) -> bool:
    """Civic-campaign work (文明创建, 志愿服务, 学雷锋 …) rather than, say, a traffic report."""
    if _STRONG_RE.search(text):
        return True
    return len(_WEAK_RE.findall(text)) >= 3


def extract_page(
    text: str, *, lexicon: Lexicon | None = None, reference_date: date | None = None, file_name: str = ""
) -> PageExtraction:
    """Every article on a page with its units, honours, activities and volunteer figures."""
    lexicon = lexicon or Lexicon.from_files()
    compiled = compile_lexicon(lexicon)
    text, write_back = simplified(text)
    split = split_page(text)
    page_date = date_from_page_header(split.text) or split.date or date_from_file_name(file_name)

    pieces: list[Piece] = []
    for raw in split.articles:
        body = raw.text
        # Only campaign-related articles yield records, so the others skip the costly
        # segmentation of their body; their headlines still count towards the page's region.
        relevant = is_campaign_related(" ".join(filter(None, [raw.title or "", raw.subtitle, body])))
        if relevant:
            mentions = find_mentions(body, segment.tokenize_where(body, compiled.may_hold_name), compiled)
        else:
            mentions = []
        title_mentions = _mentions_of(raw.title or "", compiled)
        subtitle_mentions = _mentions_of(raw.subtitle, compiled)
        pieces.append(Piece(raw, body, mentions, title_mentions, subtitle_mentions, relevant))

    page_counts = RegionCounts()
    local_counts = []
    for piece in pieces:
        counts = count_regions(piece.mentions + piece.title_mentions + piece.subtitle_mentions)
        local_counts.append(counts)
        page_counts.add(counts)

    towns = [town for town in page_counts.town if len(town) >= 3]
    for piece in pieces:
        piece.mentions = _with_known_towns(piece.text, piece.mentions, towns)

    for piece, counts in zip(pieces, local_counts, strict=True):
        _analyse(piece, counts, page_counts, lexicon, compiled, page_date, reference_date)
    if page_date is None and reference_date is None:
        _date_from_siblings(pieces)

    articles = assemble(pieces)
    articles = merge_units_across_page(articles, set(compiled.registry.values()))
    page = PageExtraction(articles=tuple(articles), warnings=tuple(split.warnings))
    return page if write_back is None else _in_page_script(page, write_back)


def _in_page_script(page: PageExtraction, write_back) -> PageExtraction:
    """A traditional page's records in its own characters; units keep their simplified
    names as aliases, the forms a registry in simplified characters knows them by."""
    articles = []
    for article in page.articles:
        units = tuple(
            replace(
                restore(unit, write_back),
                aliases=tuple(dict.fromkeys((*restore(unit.aliases, write_back), unit.name, *unit.aliases))),
            )
            for unit in article.units
        )
        articles.append(replace(restore(article, write_back), units=units))
    return replace(page, articles=tuple(articles))


def _date_from_siblings(pieces: list[Piece]) -> None:
    """A page without a date of its own is of the day its articles report: the latest full
    date an article gives (its dateline or lead) dates the articles that give none, and
    lends its year to those that give only a month and day."""
    known = [p.date for p in pieces if p.date is not None and p.date.year is not None and p.date.day is not None]
    if not known:
        return
    latest = max(known, key=lambda d: (d.year, d.month, d.day))
    for piece in pieces:
        if piece.date is None:
            piece.date = replace(latest, year_inferred=True)
        elif piece.date.year is None and piece.date.month is not None:
            piece.date = with_year(piece.date, year_for(piece.date.month, piece.date.day, date(*_ymd(latest))))


def _ymd(day: PartialDate) -> tuple[int, int, int]:
    return day.year, day.month, day.day


def _with_known_towns(text: str, mentions: list[Mention], towns: list[str]) -> list[Mention]:
    """学院街道 on its own, once the page has named 宜昌市西陵区学院街道: the same town.

    Alone, 学院 + 街道 reads as a generic phrase; the page's own full mention makes it a name.
    """
    added = []
    for town in towns:
        for found in re.finditer(re.escape(town), text):
            start, end = found.span()
            if any(m.start < end and start < m.end for m in mentions + added):
                continue
            added.append(Mention(start, end, town, kind_of(town), True))
    if not added:
        return mentions
    return sorted(mentions + added, key=lambda m: m.start)


def _mentions_of(text: str, compiled: CompiledLexicon) -> list[Mention]:
    if not text:
        return []
    return find_mentions(text, segment.tokenize_where(text, compiled.may_hold_name), compiled)


def _analyse(
    piece: Piece,
    counts: RegionCounts,
    page_counts: RegionCounts,
    lexicon: Lexicon,
    compiled: CompiledLexicon,
    page_date: date | None,
    reference_date: date | None,
) -> None:
    raw = piece.raw
    region = build_context(counts, page_counts, lexicon.source_region)
    body = piece.text
    anchor = page_date or reference_date
    dates = find_dates(body, reference=anchor)
    date_context = DateContext(
        article_year=article_year(body, dates),
        page_date=page_date,
        reference=reference_date,
    )
    located = [Located(m, resolve(m, region, compiled)) for m in piece.mentions]
    relevant = piece.relevant
    analysis = Analysis(
        text=body,
        sentences=sentences(body),
        mentions=located,
        dates=dates,
        region=region,
        date_context=date_context,
        relevant=relevant,
        title=raw.title or "",
    )
    analysis.compute_acting()
    analysis.subject = article_subject(piece, analysis, region, compiled)
    piece.analysis = analysis
    piece.date = _article_date(piece, analysis)
    if not relevant:
        return

    piece.honours, bodies = extract_honours(analysis, lexicon)
    if analysis.subject is None and piece.honours and len({unit.name for _, unit in piece.honours}) == 1:
        # An article whose one honoured unit nobody else outdoes in acting is about that unit
        # (坪环社区义工服务队被评为…；该服务队…全年服务时长5388小时).
        analysis.subject = piece.honours[0][1]
    piece.activities = extract_activities(analysis, lexicon)
    piece.volunteer = extract_volunteer(analysis)

    units: dict[str, ResolvedUnit] = {}

    def keep(unit: ResolvedUnit | None) -> None:
        if unit is None:
            return
        existing = units.get(unit.name)
        if existing:
            aliases = tuple(sorted(set(existing.aliases) | set(unit.aliases)))
            units[unit.name] = replace(existing, aliases=aliases)
        else:
            units[unit.name] = unit

    for index in sorted(analysis.acting):
        loc = analysis.mentions[index]
        if loc.unit is not None and not loc.mention.is_place:
            keep(loc.unit)
    if analysis.subject is not None:
        keep(analysis.subject)
    for _, unit in piece.honours:
        keep(unit)
    for unit in bodies:
        keep(unit)
    for _, organisers in piece.activities:
        for unit in organisers:
            keep(unit)
    for _, unit in piece.volunteer:
        keep(unit)
    # Places act only by organising; the acting set already says so for them.
    for index in sorted(analysis.acting):
        loc = analysis.mentions[index]
        if loc.unit is not None and loc.mention.is_place:
            keep(loc.unit)
    # Every surface form seen for a kept unit in this piece is an alias of it.
    for loc in analysis.mentions:
        if loc.unit is not None and loc.unit.name in units:
            keep(loc.unit)
    piece.units = units


def _article_date(piece: Piece, analysis: Analysis) -> PartialDate | None:
    """The dateline's date, else the lead sentence's, else the page or reference date."""
    context = analysis.date_context
    if piece.raw.dateline_date:
        found = find_dates(piece.raw.dateline_date)
        if found and found[0].date:
            return context.complete(found[0].date)
    if analysis.sentences:
        lead = analysis.sentences[0]
        for d in analysis.dates_in(lead.start, lead.end):
            if d.date and d.date.day is not None and not d.is_period:
                return context.complete(d.date, sentence_year=event_year_in(lead.text))
    anchor = context.page_date or context.reference
    if anchor:
        return make_date(anchor.year, anchor.month, anchor.day, inferred=context.page_date is None)
    return None


__all__ = ["extract_page", "is_campaign_related", "ActivityMention", "HonourMention", "VolunteerMention"]
