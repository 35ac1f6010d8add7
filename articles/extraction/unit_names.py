"""Finding organisation and place names in text.

The token grammar (unit_grammar) finds most names; regular expressions then find
the ones it reads wrongly or not at all: national bodies (中宣部), youth-league
committees (团州委), a body of the page's own institution (我校青年志愿者协会), a
village under its town, a team its owner named in quotes.
"""

from __future__ import annotations

import re

from .national import body_spans
from .regions import gazetteer
from .segment import Token
from .text import CJK
from .unit_grammar import Mention, grammar_mentions
from .unit_lexicon import STOPWORDS, CompiledLexicon, kind_of


def find_mentions(text: str, tokens: list[Token], compiled: CompiledLexicon) -> list[Mention]:
    """Organisation and place names in `text`, longest first where they overlap."""
    mentions = grammar_mentions(text, tokens, compiled)
    mentions = _with_own_units(text, _with_village_names(text, mentions))
    mentions = _with_youth_league(text, mentions)
    mentions = _with_national_bodies(text, mentions)
    return _with_quoted_teams(text, [_unglued(m) for m in mentions])


def _with_national_bodies(text: str, mentions: list[Mention]) -> list[Mention]:
    """共青团中央, 中宣部: a listed national body replaces whatever the grammar read inside it."""
    spans = body_spans(text)
    if not spans:
        return mentions
    for start, end, body in spans:
        if any(m.start < end and start < m.end and not (start <= m.start and m.end <= end) for m in mentions):
            continue  # part of a longer name (中华全国总工会办公厅)
        mentions = [m for m in mentions if not (start <= m.start and m.end <= end)]
        mentions.append(Mention(start, end, text[start:end], body.kind, False))
    return sorted(mentions, key=lambda m: m.start)


# 团州委, 团德令哈市委, 团广东省委: the Communist Youth League committee of a place, in short.
_YOUTH_LEAGUE_RE = re.compile(f"(?<![{CJK}])团(?P<place>[{CJK}]{{0,8}}?)(?P<level>市|县|区|州|省|旗)委(?!员)")
# 团德令哈市200名青年志愿者: the committee named without 委, before the young people it sends.
_YOUTH_LEAGUE_BARE_RE = re.compile(
    f"(?<![{CJK}])团(?P<place>[{CJK}]{{2,8}}?)(?P<level>市|县|区|州|旗)"
    r"(?=\d|[一二两三四五六七八九十百]+(?:名|位)|青年|志愿者|团员|团干部)"
)
# 区团委 / 市团委: the same committees, the level word first.
YOUTH_LEAGUE_INVERTED_RE = re.compile(f"(?<![{CJK}])(?P<place>)(?P<level>市|县|区|州|省|旗)团委(?!员)")


def _with_youth_league(text: str, mentions: list[Mention]) -> list[Mention]:
    added = []
    for found in [
        *_YOUTH_LEAGUE_RE.finditer(text),
        *_YOUTH_LEAGUE_BARE_RE.finditer(text),
        *YOUTH_LEAGUE_INVERTED_RE.finditer(text),
    ]:
        start, end = found.span()
        if any(m.start < end and start < m.end and not (start <= m.start and m.end <= end) for m in mentions):
            continue
        place = found["place"]
        if place and not (gazetteer().lookup(place + found["level"]) or gazetteer().lookup(place)):
            continue
        mentions = [m for m in mentions if not (start <= m.start and m.end <= end)]
        added.append(Mention(start, end, found.group(0), "mass_organisation", False))
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions


# 我校青年志愿者协会, 我院团委: a body of the page's own institution, named without its owner.
_OWN_UNIT_RE = re.compile(
    f"(?:我校|我院|本校|本院|我局|我司|我公司|该校|该院)(?P<name>[{CJK}]{{0,8}}?"
    "(?:青年志愿者协会|志愿者协会|志愿服务队|服务队|协会|团委|团支部|学生会|志愿服务站|工作站))"
)


def _with_own_units(text: str, mentions: list[Mention]) -> list[Mention]:
    added = []
    for found in _OWN_UNIT_RE.finditer(text):
        start, end = found.span("name")
        if any(m.start < end and start < m.end for m in mentions):
            continue
        name = found["name"]
        added.append(Mention(start, end, name, kind_of(name), False))
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions


# 真州镇万年社区, 五家站镇许林村: a community or village under its town, whatever words its own
# name is made of (万年 is a common word, 许林 a guessed one).
_UNDER_TOWN_RE = re.compile(
    f"(?P<town>[{CJK}]{{2,6}}?(?:镇|乡|街道|苏木))(?P<own>[{CJK}]{{2,4}}?)(?P<end>社区|村委会|村|居委会|嘎查)(?![{CJK}]{{0,1}}(?:民|委员会))"
)


def _with_village_names(text: str, mentions: list[Mention]) -> list[Mention]:
    added = []
    for found in _UNDER_TOWN_RE.finditer(text):
        start, end = found.span()
        inside = [m for m in mentions if start <= m.start and m.end <= end]
        if not any(m.start == start for m in inside) or found["own"] in STOPWORDS:
            continue  # only where the town itself was found as a name
        if any(m.start < end and start < m.end and not (start <= m.start and m.end <= end) for m in mentions):
            continue
        kind = kind_of(found["end"])
        added.append((inside, Mention(start, end, found.group(0), kind, True)))
    for inside, mention in added:
        mentions = [m for m in mentions if m not in inside] + [mention]
    return sorted(mentions, key=lambda m: m.start)


# Words that jieba sometimes glues onto the start of a name: 据市文明办, 由省文明办, 现将济宁市文明委.
_GLUED_LEAD_RE = re.compile(
    r"^(?:据|由|经|现将|将|对|在|于|向|给|为|从|和|与|及|把|被|让|使|以|是|即|系|获|我校|我院|我局|我市|我县|我区|本校|该校|"
    r"涉改单位|各单位|单位)(?=.{3})"
)


def _unglued(m: Mention) -> Mention:
    lead = _GLUED_LEAD_RE.match(m.surface)
    if lead is None or m.registry:
        return m
    surface = m.surface[lead.end() :]
    return Mention(m.start + lead.end(), m.end, surface, m.kind, m.is_place)


# 许昌学院“编外雷锋营”, 大同市永安出租汽车有限责任公司“雷锋车队”: a team its owner has named.
QUOTED_TEAM_RE = re.compile(
    f"“(?P<team>[{CJK}A-Za-z0-9·]{{2,12}}(?:营|队|站|之家|工作室|小组|团|社|坊|中心|联盟|服务社|协会|俱乐部|书屋|驿站))”"
)


def _with_quoted_teams(text: str, mentions: list[Mention]) -> list[Mention]:
    out = []
    for m in mentions:
        team = QUOTED_TEAM_RE.match(text, m.end)
        if team and not m.is_place:
            m = Mention(m.start, team.end(), text[m.start : team.end()], "social_organisation", False)
        out.append(m)
    return out
