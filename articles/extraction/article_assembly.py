"""The pieces of a page, and how they become the page's articles.

A piece is a headline's article or a stretch of text without a headline; the
records read from each are kept with it until `assemble` files every piece
without a headline under the article before it, because staff know articles by
headline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .analysis import Analysis
from .pages import RawArticle
from .records import ArticleExtraction, Evidence, PartialDate, UnitMention
from .unit_grammar import Mention


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


def assemble(pieces: list[Piece]) -> list[ArticleExtraction]:
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
