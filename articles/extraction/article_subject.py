"""The unit an article is about.

Its subtitle's subject, its title's "X：…", else the unit that acts most in it; an
article's records fall back on it where a sentence leaves out who (该局, 我们).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from .analysis import Analysis
from .article_assembly import Piece
from .unit_lexicon import CompiledLexicon
from .unit_merging import abbreviates, subsequence
from .unit_resolution import ResolvedUnit, resolve


def article_subject(piece: Piece, analysis: Analysis, region, compiled: CompiledLexicon) -> ResolvedUnit | None:
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
