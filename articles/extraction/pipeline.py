"""The page → records pipeline: split, segment, resolve, extract, merge."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from . import segment
from .activities import extract_activities
from .analysis import Analysis, Located
from .dates import DateContext, article_year, find_dates, make_date, with_year, year_for
from .honours import extract_honours
from .lexicon import DATA_DIR, Lexicon
from .pages import RawArticle, split_page
from .records import (
    ActivityMention,
    ArticleExtraction,
    Evidence,
    HonourMention,
    Organiser,
    PageExtraction,
    PartialDate,
    UnitMention,
    VolunteerMention,
)
from .script import restore, simplified
from .text import sentences
from .units import (
    CompiledLexicon,
    Mention,
    RegionCounts,
    ResolvedUnit,
    abbreviates,
    build_context,
    compile_lexicon,
    count_regions,
    find_mentions,
    kind_of,
    resolve,
    same_unit_under_places,
    subsequence,
)
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


@dataclass
class Piece:
    raw: RawArticle
    text: str
    mentions: list[Mention]
    title_mentions: list[Mention]
    subtitle_mentions: list[Mention]
    relevant: bool
    analysis: Analysis | None = None
    honours: list = field(default_factory=list)
    activities: list = field(default_factory=list)
    volunteer: list = field(default_factory=list)
    units: dict = field(default_factory=dict)  # canonical → ResolvedUnit recorded in this piece
    date: PartialDate | None = None


def extract_page(
    text: str, *, lexicon: Lexicon | None = None, reference_date: date | None = None, file_name: str = ""
) -> PageExtraction:
    """Every article on a page with its units, honours, activities and volunteer figures."""
    from .dates import date_from_file_name, date_from_page_header

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

    articles = _assemble(pieces)
    articles = _merge_units_across_page(articles, set(compiled.registry.values()))
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
    analysis.subject = _subject(piece, analysis, region, compiled)
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


def _subject(piece: Piece, analysis: Analysis, region, compiled: CompiledLexicon) -> ResolvedUnit | None:
    """The unit an article is about: its subtitle's subject, its title's "X：…", else its main actor."""
    raw = piece.raw
    if raw.subtitle and piece.subtitle_mentions:
        first = piece.subtitle_mentions[0]
        if first.start <= 1:
            unit = resolve(first, region, compiled)
            if unit is not None:
                return unit
    title = raw.title or ""
    colon = re.match(r"^(?P<who>[^：:，,\s]{2,24})[：:]", title)
    if colon:
        who = colon["who"]
        for m in piece.title_mentions:
            if m.start == 0 and m.end >= len(who) - 1:
                unit = resolve(m, region, compiled)
                if unit is not None:
                    longer = _body_long_form(who, unit, analysis)
                    if longer is not None:
                        return _with_alias(longer, who)
                    return _with_alias(_body_form(unit, analysis), who)
        # 陕煤黄陵矿业双龙煤业 is how the body's 陕煤集团黄陵矿业公司双龙煤业 is known.
        for loc in analysis.mentions:
            if loc.unit and (abbreviates(who, loc.mention.surface) or who == loc.mention.surface):
                return _with_alias(loc.unit, who)
    for m in piece.title_mentions:
        if m.start == 0 and re.match(
            r"(?:开展|组织|举办|举行|召开|推进|打造|创建|助力|多措并举)", title[m.end : m.end + 4]
        ):
            unit = resolve(m, region, compiled)
            if unit is not None:
                return _body_form(unit, analysis)
    actors = Counter(
        analysis.mentions[i].unit.name
        for i in analysis.acting
        if analysis.mentions[i].unit is not None and not analysis.mentions[i].mention.is_place
    )
    if actors:
        name, count = actors.most_common(1)[0]
        named = Counter(loc.unit.name for loc in analysis.mentions if loc.unit is not None)
        top, times = named.most_common(1)[0]
        if count < 2 and top in actors and times >= 3 and list(named.values()).count(times) == 1:
            # It acts once, and the article keeps naming it (its 队长, gifts to it) more than any other.
            name, count = top, 2
        if count >= 2:
            for loc in analysis.mentions:
                if loc.unit is not None and loc.unit.name == name:
                    return loc.unit
    if analysis.mentions and analysis.sentences:
        # 蓝天志愿服务队成立于2014年。…: an article that opens with a unit is about it.
        first = analysis.mentions[0]
        lead = analysis.text[analysis.sentences[0].start : first.mention.start]
        if first.unit is not None and not first.mention.is_place and not lead.strip('“”" '):
            return first.unit
    return None


def _body_long_form(who: str, unit: ResolvedUnit, analysis: Analysis) -> ResolvedUnit | None:
    """三峡电厂： over a body that only says 中国长江电力股份有限公司三峡水力发电厂: the title abbreviates it.

    Taken only when the body never names the title's unit itself, and exactly one body
    unit spells the title's name in order and ends the same way.
    """
    body_names = {loc.unit.name for loc in analysis.mentions if loc.unit is not None}
    if unit.name in body_names:
        return None
    found = {
        loc.unit.name: loc.unit
        for loc in analysis.mentions
        if loc.unit is not None
        and not loc.mention.is_place
        and len(loc.mention.surface) > len(who)
        and loc.mention.surface.endswith(who[-2:])
        and subsequence(who, loc.mention.surface)
    }
    return next(iter(found.values())) if len(found) == 1 else None


def _body_form(unit: ResolvedUnit, analysis: Analysis) -> ResolvedUnit:
    for loc in analysis.mentions:
        if loc.unit is not None and loc.unit.name == unit.name:
            return replace(unit, aliases=tuple(sorted(set(unit.aliases) | set(loc.unit.aliases))))
    return unit


def _with_alias(unit: ResolvedUnit, alias: str) -> ResolvedUnit:
    if alias == unit.name or alias in unit.aliases:
        return unit
    return replace(unit, aliases=tuple(sorted({*unit.aliases, alias})))


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
                from .dates import event_year_in

                return context.complete(d.date, sentence_year=event_year_in(lead.text))
    anchor = context.page_date or context.reference
    if anchor:
        return make_date(anchor.year, anchor.month, anchor.day, inferred=context.page_date is None)
    return None


# ---------------------------------------------------------------- assembling articles


def _to_article(piece: Piece, position: int) -> ArticleExtraction:
    raw = piece.raw
    title = raw.title or _derived_title(piece.text)
    units = tuple(
        UnitMention(name=u.name, aliases=tuple(a for a in u.aliases if a != u.name), kind=u.kind, region=u.region)
        for u in piece.units.values()
    )
    return ArticleExtraction(
        title=title,
        text=piece.text,
        raw_text="\n".join(raw.raw_lines),
        subtitle=raw.subtitle,
        bylines=tuple(raw.bylines),
        date=piece.date,
        position=position,
        units=units,
        honours=tuple(h for h, _ in piece.honours),
        activities=tuple(a for a, _ in piece.activities),
        volunteer_service=tuple(v for v, _ in piece.volunteer),
    )


def _derived_title(text: str) -> str:
    first = re.split(r"[，。！？；,]", text.strip(), maxsplit=1)[0]
    return first[:30] or "（无标题）"


def _shift(evidence: Evidence | None, offset: int) -> Evidence | None:
    if evidence is None or offset == 0:
        return evidence
    return Evidence(evidence.sentence, evidence.start + offset, evidence.end + offset)


def _assemble(pieces: list[Piece]) -> list[ArticleExtraction]:
    """Articles in page order; a piece without a headline is filed under the article before it."""
    out: list[ArticleExtraction] = []
    for piece in pieces:
        article = _to_article(piece, len(out))
        if piece.raw.title is None and out:
            out[-1] = _append(out[-1], article)
        else:
            out.append(article)
    return out


def _append(host: ArticleExtraction, extra: ArticleExtraction) -> ArticleExtraction:
    offset = len(host.text) + 1
    text = host.text + "\n" + extra.text
    units = {u.name: u for u in host.units}
    for u in extra.units:
        if u.name in units:
            units[u.name] = replace(units[u.name], aliases=tuple(sorted(set(units[u.name].aliases) | set(u.aliases))))
        else:
            units[u.name] = u
    return replace(
        host,
        text=text,
        raw_text=host.raw_text + "\n" + extra.raw_text,
        bylines=tuple(dict.fromkeys(host.bylines + extra.bylines)),
        units=tuple(units.values()),
        honours=host.honours + tuple(replace(h, evidence=_shift(h.evidence, offset)) for h in extra.honours),
        activities=host.activities + tuple(replace(a, evidence=_shift(a.evidence, offset)) for a in extra.activities),
        volunteer_service=host.volunteer_service
        + tuple(replace(v, evidence=_shift(v.evidence, offset)) for v in extra.volunteer_service),
    )


# ---------------------------------------------------------------- one unit, one name, per page


def _merge_units_across_page(articles: list[ArticleExtraction], registered: set[str]) -> list[ArticleExtraction]:
    """Units named differently in different articles (or by abbreviation) become one unit."""
    groups: list[dict] = []  # {"name": canonical, "forms": set}
    for article in articles:
        for unit in article.units:
            forms = {unit.name, *unit.aliases}
            target = None
            for group in groups:
                if (
                    group["forms"] & forms
                    or abbreviates(unit.name, group["name"])
                    or abbreviates(group["name"], unit.name)
                    or same_unit_under_places(unit.name, group["name"])
                ):
                    target = group
                    break
            if target is None:
                groups.append({"name": unit.name, "forms": forms, "kind": unit.kind, "region": unit.region})
            else:
                target["forms"] |= forms
                # The most complete form names the unit, unless the registry already knows it by one name.
                if target["name"] not in registered and (
                    unit.name in registered or len(unit.name) > len(target["name"])
                ):
                    target["name"] = unit.name
    rename = {}
    for group in groups:
        for form in group["forms"]:
            rename.setdefault(form, group["name"])
    by_name = {g["name"]: g for g in groups}

    def canonical(name: str) -> str:
        return rename.get(name, name)

    out = []
    for article in articles:
        units = {}
        for unit in article.units:
            name = canonical(unit.name)
            group = by_name.get(name)
            aliases = tuple(sorted(f for f in (group["forms"] if group else unit.aliases) if f != name))
            units[name] = UnitMention(name=name, aliases=aliases, kind=unit.kind, region=unit.region)
        out.append(
            replace(
                article,
                units=tuple(units.values()),
                honours=tuple(replace(h, unit=canonical(h.unit)) for h in article.honours),
                activities=tuple(
                    replace(a, organisers=tuple(Organiser(canonical(o.unit), o.role) for o in a.organisers))
                    for a in article.activities
                ),
                volunteer_service=tuple(replace(v, unit=canonical(v.unit)) for v in article.volunteer_service),
            )
        )
    return out


__all__ = ["extract_page", "is_campaign_related", "ActivityMention", "HonourMention", "VolunteerMention"]
