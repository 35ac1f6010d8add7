"""Volunteer-service figures a unit reports: hours, person-times, registered volunteers.

Only explicit, unit-level figures count: 志愿服务时长超13380小时, 520余人次,
注册志愿者120名, tied to the sentence's subject or, when the subject is left out
or is 我们 / 该局, to the article's unit. A team's member count, one dated event's
head count (十余名志愿者赶赴…) or a city-wide total (全市注册志愿者…) is not a
unit's figure.
"""

from __future__ import annotations

import re

from .analysis import CLAUSE_LEAD_INS, GENERIC_SELF, LEADING_ADVERBIAL_RE, Analysis
from .dates import is_founding
from .numbers import find_quantities
from .records import VolunteerMention
from .text import Span
from .unit_lexicon import PRONOUN_UNIT_RE, SUFFIX_KIND
from .unit_resolution import ResolvedUnit

# A sentence about service given: volunteers, 义工, or service time (服务时长 needs no 志愿 beside it).
_VOLUNTEER_WORD_RE = re.compile(r"志愿|义工|公益|服务时长|服务时间|服务时数|信用时数|人次参与|参与[^，。；]{0,10}人次")
_HOURS_UNITS = ("小时",)
_PERSON_TIMES_UNITS = ("人次",)
_REGISTERED_RE = re.compile(r"(?:注册|在册|实名注册)(?:的)?志愿者(?:人数)?(?:达到|达|有|共|共有|超过|超|近|约)?\s?$")
_REGISTERED_AFTER_RE = re.compile(r"^(?:名|人)?(?:注册|在册)志愿者")
_PERIOD_RE = re.compile(
    r"近年累计|近年来|近年|去年以来|今年以来|多年来|\d{4}年以来|截至目前|截至\d{4}年(?:\d{1,2}月)?(?:底|末)?|累计|全年|上半年|今年|去年"
)
_BENEFICIARY_RE = re.compile(r"(?:群众|居民|老人|儿童|学生|村民|市民|游客|患者|受益|惠及|服务对象|覆盖)[^，。；]{0,4}$")
_BRACKETED_TIMES_RE = re.compile(r"人[（(]次[）)]")
# 服务时长, 服务时数, 信用时数 before the hours; or 累计服务5892小时, the verb alone.
_HOURS_CONTEXT_RE = re.compile(r"时长|服务时间|服务工时|时数|服务(?:了)?(?:累计|共计|总计|达到|达|超过|超|近|约|共)*$")
_CITY_WIDE_RE = re.compile(r"^(?:全市|全县|全区|全省|全镇|全国|我市|我县|我区|本市|各级|全社会)")


def extract_volunteer(analysis: Analysis) -> list[tuple[VolunteerMention, ResolvedUnit]]:
    if not analysis.relevant:
        return []
    out = []
    for sentence in analysis.sentences:
        if not _VOLUNTEER_WORD_RE.search(sentence.text):
            continue
        found = _figures(analysis, sentence)
        if found:
            out.append(found)
    return out


def _figures(analysis: Analysis, sentence: Span):
    # 500多人(次) is 500多人次; the padding keeps every offset.
    text = _BRACKETED_TIMES_RE.sub("人次  ", sentence.text)
    hours = [
        q
        for q in find_quantities(text, _HOURS_UNITS)
        if _HOURS_CONTEXT_RE.search(text[max(0, q.start - 12) : q.start])
        or "志愿" in text[max(0, q.start - 12) : q.end + 6]
    ]
    # 服务群众5000余人次 counts the people served, not the volunteers' turns (学生志愿者5000余人次 does).
    person_times = [
        q
        for q in find_quantities(text, _PERSON_TIMES_UNITS)
        if not _BENEFICIARY_RE.search(text[max(0, q.start - 8) : q.start])
        or re.search(r"志愿者[^，。；]{0,2}$", text[max(0, q.start - 8) : q.start])
    ]
    volunteers = []
    for q in find_quantities(text, ("名", "人")):
        if _REGISTERED_RE.search(text[max(0, q.start - 12) : q.start]) or _REGISTERED_AFTER_RE.match(
            text[q.end - 1 : q.end + 8]
        ):
            volunteers.append(q)
    if not (hours or person_times):
        return None  # registered volunteers or members alone are a roll, not service given
    # One dated event's head count is the event's, not the unit's (截至12月1日 dates a tally).
    if any(
        d.date is not None
        and d.date.day is not None
        and not d.is_period
        and not re.search(r"(?:截至|截止|到)\s*$", analysis.text[max(0, d.start - 3) : d.start])
        and not is_founding(analysis.text, d)
        for d in analysis.dates_in(sentence.start, sentence.end)
    ):
        return None
    unit = _owner(analysis, sentence)
    if unit is None or (unit.is_place and unit.kind != "community"):
        # A city's or county's figure is a total over many units; a 社区's or 村's is its own.
        return None
    quantities = hours + person_times + volunteers
    period = _PERIOD_RE.search(text)
    mention = VolunteerMention(
        unit=unit.name,
        hours=hours[0].value if hours else None,
        person_times=person_times[0].as_int if person_times else None,
        volunteers=volunteers[0].as_int if volunteers else None,
        approximate=any(q.approximate for q in quantities),
        period_text=period.group(0) if period else "",
        evidence=analysis.evidence(sentence),
    )
    return mention, unit


def _owner(analysis: Analysis, sentence: Span) -> ResolvedUnit | None:
    """The unit the figure belongs to: the sentence's subject, or the article's unit when it is left out."""
    text = analysis.text
    # The subject is in the first clause that is more than a time phrase (今年以来，X累计…).
    start = sentence.start
    while True:
        end = analysis.clause_end(start, sentence.end)
        clause = text[start:end].strip("“ ")
        # 该协会成立3年来 / 南充志愿服务队成立十年来 name the subject: not a bare time phrase.
        since = (
            _SINCE_CLAUSE_RE.fullmatch(clause)
            and not PRONOUN_UNIT_RE.match(clause)
            and not any(
                located.unit is not None and not located.mention.is_place
                for _, located in analysis.mentions_in(start, end)
            )
        )
        if end >= sentence.end or not (_ADVERBIAL_CLAUSE_RE.fullmatch(clause) or since):
            break
        start = end + 1
    lead = text[start : start + 16].lstrip('“‘" ')
    # 十年来志愿服务队员累计…: a time phrase glued to the subject.
    lead = re.sub(r"^(?:[\d一二三四五六七八九十多几]+年(?:来|以来)|多年来|近年来|今年以来|去年以来)", "", lead)
    if _CITY_WIDE_RE.match(lead):
        return None
    if _YEAR_THEN_VERB_RE.match(lead):
        # 2016年有80余名志愿者…: a year, then the predicate; the subject is left out.
        return analysis.subject
    pronoun = PRONOUN_UNIT_RE.match(lead) or re.match(
        r"我们|全校|全院|全局|全所|全行|全站|全体|(?:志愿服务)?队员|志愿者们|全队", lead
    )
    if pronoun:
        # 我院青年志愿者协会: the institution's own unit, named right after the pronoun.
        at = text.index(pronoun.group(0), start) + len(pronoun.group(0))
        for located in analysis.mentions:
            if located.unit is not None and located.mention.start == at:
                return located.unit
        return analysis.resolve_pronoun(start, pronoun.group(0))
    if any(lead.startswith(word) and analysis.refers_to_subject(word) for word in GENERIC_SELF):
        return analysis.subject
    bare = _BARE_HEAD_RE.match(lead) or _SUFFIX_LEAD_RE.match(lead)
    if bare and bare["head"] in SUFFIX_KIND:
        # 服务站有注册志愿者420名: the unit of that kind named last, as 该站 would be.
        return analysis.resolve_pronoun(start, "该" + bare["head"])
    clause_end = analysis.clause_end(start, sentence.end)
    for index, located in analysis.mentions_in(start, clause_end):
        if located.unit is None or located.mention.is_place and located.unit.kind != "community":
            break
        if index in analysis.acting:
            return located.unit
        # 南充精神卫生中心志愿服务队累计…: a unit opening the clause is its subject.
        before = text[start : located.mention.start].strip('“‘" ')
        if LEADING_ADVERBIAL_RE.fullmatch(before) and analysis.role(index) not in ("person", "located", "object"):
            return located.unit
        break
    kind, unit = analysis.clause_subject(start, _first_verb(analysis, start, clause_end))
    if kind == "unit":
        return unit
    if kind in ("pronoun", "omitted"):
        return unit if kind == "pronoun" else analysis.subject
    return None


_YEAR_THEN_VERB_RE = re.compile(r"(?:\d{4}年度?|全年|今年|去年)(?:有|共有|共|累计|先后|共计)")
# 服务队义工总人数…: a unit kind's word opening the clause stands for the unit of that kind.
_SUFFIX_LEAD_RE = re.compile(r"(?P<head>志愿服务队|服务队|志愿者协会|协会|服务站|服务中心)")
_BARE_HEAD_RE = re.compile(
    r"(?P<head>[\u4e00-\u9fff]{2,4}?)(?=(?:现|共|已|目前)?(?:有|拥有|累计|注册|组织|开展|参与|先后)(?!限))"
)
# 活动开展以来, 成立至今, 十年来: a clause that only says since when.
_SINCE_CLAUSE_RE = re.compile(r"[^，。；]{0,16}(?:以来|至今|来)|[^，。；]{0,40}期间")
_ADVERBIAL_CLAUSE_RE = re.compile(
    rf"(?:{CLAUSE_LEAD_INS}|近\d+年(?:来)?|近[一二三四五六七八九十两]+年(?:来)?|截至目前|据统计|与此同时|"
    r"\d{4}年(?:以来)?|\d{4}年\d{1,2}月(?:以来)?|上半年|全年|"
    r"(?:截至|截止|到)(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:底|末|止)?)+"
)
_VERB_START_RE = re.compile(
    r"现有|拥有|共有|深入|开展|组织|参加|参与|累计|共|积极|充分|建立|成立|坚持|通过|发挥|围绕|结合|持续|广泛|先后|不断|定期|常态化|"
    r"走进|来到|利用|依托|推动|推进|动员|组建|招募|发动|引导|带领|累计|年均|全年|目前"
)


def _first_verb(analysis: Analysis, start: int, clause_end: int) -> int:
    """Where the first clause's predicate starts (so what comes before is its subject)."""
    m = _VERB_START_RE.search(analysis.text, start, clause_end)
    return m.start() if m else clause_end
