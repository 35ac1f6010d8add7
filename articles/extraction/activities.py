"""Dated events that a unit organised.

An activity needs a date (a day, or a month with a year) and an organising unit
that is the subject of the event clause: 3月13日，X联合Y、Z在P开展了…活动 gives
organisers X, Y, Z and place P. An event named after its organiser
(2020年菏泽高新区创建全国文明城市攻坚动员大会召开) counts when the event is a
campaign's. A person leading the event (岳华组织…, 书记郭保存主持召开…) is no unit.
"""

from __future__ import annotations

import re

from .analysis import PEOPLE, PEOPLE_COUNT, STAFF_WORDS, Analysis
from .dates import DateMention, event_year_in, is_founding
from .lexicon import Lexicon
from .numbers import find_quantities
from .records import ActivityMention, Organiser
from .text import Span, strip_quotes
from .unit_lexicon import PRONOUN_UNIT_RE
from .unit_resolution import ResolvedUnit

_AFTER_DATE_RE = re.compile(r"(?:\s|，|,|上午|下午|晚上|晚间|傍晚|早上|清晨|凌晨|中午|当天|当日|期间|前夕|起|至今)*")
_SKIP_PERIOD_RE = re.compile(r"^(?:以来|至今|起|开始|前|后|之前|之后|期间|前后)")
_ORGANISE_VERB_RE = re.compile(
    r"开展|组织|举办|举行|召开|走进|来到|深入|前往|赴|慰问|看望|捐赠|赠送|出征|启动|发起|实施|宣传|宣讲|参观|清理|"
    r"植树|义诊|服务|调研|检查|督导|巡查|走访|帮扶|联合|会同|携手|承办|主办|协办|开设|上门|入户|授牌|授旗|颁奖|颁发|"
    r"抽查|考核|测评|评选|评比"
)
_LINK_RE = re.compile(r"^\s*(?:联合|会同|携手|协同|联手|与|和|及|以及|同|、)\s*$")
_PEOPLE_GAP_RE = re.compile(rf"^(?:的)?(?:全体|广大)?{PEOPLE_COUNT}{PEOPLE}?")
_HOSTED_RE = re.compile(
    r"由(?P<who>[^，。；由]{2,80}?)(?:等单位|等部门)?(?:联合|共同|联手)?(?:主办|承办|协办|举办|组织|发起|牵头)"
)
# What may follow an organiser before its verb: its people (新疆文联党员、青年志愿服务队分别走进…).
_ACTS_NEXT_RE = re.compile(
    r"^(?:的)?(?:[\u4e00-\u9fff、]{0,20}?(?:党员|干部|职工|青年|志愿者|志愿服务队|服务队|团员|师生|学生|民警|队员|员工|代表|"
    r"工作人员)(?:们)?)?(?:分别|纷纷|积极|主动|先后|一同|共同|再次|集中|专门|特别|精心)*"
    r"(?:联合|会同|携手|组织|开展|举办|举行|召开|启动|发起|在|于|走进|来到|前往|深入|赴|慰问|看望|开启|参加|走上|"
    r"为[^，。；]{2,40}?(?:授牌|授旗|颁奖|颁发))"
)
_CO_HOSTED_RE = re.compile(r"[，,、](?P<who>[^，。；由]{2,60}?)(?:等单位|等部门)?(?:联合|共同)?(?:承办|协办|支持)")
_EVENT_VERB_RE = re.compile(r"举行|召开|举办|启动|开幕|拉开帷幕|拉开序幕|开展")
_CIVIC_RE = re.compile(r"文明|志愿|雷锋|创建|创城|创文|公益|实践|表彰")
# What may stand before the organiser's name in an event's name: 2020年, “, 第60个学雷锋纪念日暨.
_EVENT_LEAD_RE = re.compile(r"[“\"「]?(?:\d{4}年度?)?(?:[^，。；]{0,24}暨)?[“\"「]?")
_PLACE_RE = re.compile(
    r"(?:在|到|赴|走进|来到|前往|深入|走访|奔赴|赶赴)(?P<place>[^，。；、,;：“”\s]{2,30}?)"
    r"(?=开展|举办|举行|组织|进行|为|，|,|。|参观|慰问|看望|召开|宣传|实施|帮助|发放|捐赠|赠送|的|上|参加|调研|清理|义诊|$)"
)
_EVENT_NOUN = (
    r"(?:会议|大会|动员会|推进会|座谈会|发布会|交流会|培训会|部署会|观摩会|现场会|报告会|宣讲会|表彰会|"
    r"仪式|活动|论坛|比赛|竞赛|运动会|晚会|典礼|培训班|讲座|展览|演出|会)"
)
_EVENT_RE = re.compile(
    rf"^(?P<name>[^，。；]{{2,60}}?{_EVENT_NOUN})[”\"」]?(?:在[^，。；]{{1,40}}?)?(?:火热|隆重|正式|顺利|圆满)?"
    rf"(?:召开|举行|开幕|举办|启动|开展|开班|开讲|拉开帷幕|拉开序幕|圆满落幕|落下帷幕)"
)
_AT_EVENT_RE = re.compile(rf"^在(?P<name>[^，。；]{{2,60}}?{_EVENT_NOUN})(?:上|中|期间)")
_OBJECT_RE = re.compile(
    rf"(?:开展了?|举办了?|举行了?|组织了?|组织开展了?|进行了?|召开了?|启动了?)(?P<obj>[^，。；]{{2,60}}(?:活动|{_EVENT_NOUN}|行动|服务|义诊|宣讲|培训|调研|巡查|检查|演练|比赛))"
)
_PARTICIPANTS_RE_UNITS = ("名", "位", "人")
_PARTICIPANT_NOUN_RE = re.compile(rf"(?:{STAFF_WORDS}|居民|群众|代表)")
_KIND_WORDS = (
    ("volunteer", ("志愿",)),
    ("meeting", ("会议", "大会", "动员会", "推进会", "座谈会", "部署")),
    ("charity", ("慰问", "捐赠", "赠送", "捐助", "帮扶", "送温暖")),
    ("training", ("培训", "讲座", "学习", "宣讲")),
    ("publicity", ("宣传", "普及", "倡议")),
    ("culture", ("比赛", "演出", "运动会", "晚会", "展览", "竞赛")),
    ("inspection", ("检查", "督导", "巡查", "暗访")),
)


def campaign_of(text: str, lexicon: Lexicon) -> str | None:
    """The first campaign of the lexicon (the most specific come first) that the text names."""
    for campaign in lexicon.campaigns:
        if any(signal in text for signal in campaign.signals):
            return campaign.name
    return None


def _kind(text: str) -> str:
    for kind, words in _KIND_WORDS:
        if any(w in text for w in words):
            return kind
    return "other"


def _segments(analysis: Analysis, sentence: Span) -> list[Span]:
    """A sentence listing several dated events (3月3日，…；3月7日，…) is read one event at a time."""
    out, start = [], sentence.start
    for i in range(sentence.start, sentence.end):
        if analysis.text[i] in "；;":
            out.append(Span(start, i, analysis.text[start:i]))
            start = i + 1
    out.append(Span(start, sentence.end, analysis.text[start : sentence.end]))
    return [s for s in out if s.text.strip()]


def extract_activities(analysis: Analysis, lexicon: Lexicon) -> list[tuple[ActivityMention, list[ResolvedUnit]]]:
    """Activity records of an article, each with its organising units."""
    if not analysis.relevant:
        return []
    out = []
    for sentence in analysis.sentences:
        for segment in _segments(analysis, sentence):
            for date in analysis.dates_in(segment.start, segment.end):
                found = _activity_at(analysis, lexicon, sentence, segment, date)
                if found:
                    out.append(found)
    return out


def _usable_date(analysis: Analysis, date: DateMention, sentence: Span):
    if date.date is None or date.date.month is None:
        return None
    text = analysis.text
    if date.is_period and not _START_OF_RUN_RE.match(text, date.end):
        return None  # 2020年以来: the start of a period of work, not an event
    if _SKIP_PERIOD_RE.match(text[date.end : date.end + 3]) and not _START_OF_RUN_RE.match(text, date.end):
        return None
    if re.search(r"(?:至|到|—|－|-|~)\s*$", text[max(0, date.start - 2) : date.start]):
        return None  # 2月1日至3月31日: the run is dated by its first day
    partial = date.date
    if partial.day is None and partial.year is None:
        return None  # 三月 on its own is no event date
    # The year the event's own clause names (2017宁夏…启动仪式); a later clause's year
    # (…大会上，2017年兰州市荣获…) dates something else.
    lead = _AFTER_DATE_RE.match(text, date.end)
    clause_end = analysis.clause_end(lead.end() if lead else date.end, sentence.end)
    return analysis.date_context.complete(partial, sentence_year=event_year_in(text[sentence.start : clause_end]))


# 从4月15日开始, 7月1日起: a campaign that starts that day is dated by it.
_START_OF_RUN_RE = re.compile(r"\s?(?:起(?!来)|开始|至|到|—|－|-|~)")


def _activity_at(analysis: Analysis, lexicon: Lexicon, sentence: Span, segment: Span, date: DateMention):
    text = analysis.text
    if is_founding(text, date):
        return None  # 于2018年4月16日成立: a founding, not an event
    when = _usable_date(analysis, date, sentence)
    if when is None:
        return None
    # The event clause: what follows the date up to the end of the segment.
    lead = _AFTER_DATE_RE.match(text, date.end)
    start = lead.end() if lead else date.end
    body_end = segment.end
    if not _acts(text[segment.start : body_end]):
        return None
    title = ""
    organisers = (
        _hosted_by(analysis, segment)
        or _subject_before(analysis, segment, date)
        or _subject_after(analysis, start, body_end)
        or _pronoun_subject(analysis, start, body_end)
        or _home_place_subject(analysis, start, body_end)
        or _later_subject(analysis, start, body_end)
    )
    if not organisers:
        named = _named_in_event(analysis, lexicon, start, body_end)
        if named:
            organisers, title = named
    if not organisers:
        return None

    place = ""
    last = organisers[-1][0]
    place_match = _PLACE_RE.search(text, analysis.mentions[last].mention.end if last is not None else start, body_end)
    if place_match:
        place = place_match["place"]
    if not title:
        obj = _OBJECT_RE.search(text, start, body_end)
        if obj:
            title = _clean_title(obj["obj"])
    if not title:
        title = analysis.title
    participants = None
    for q in find_quantities(text[start:body_end], _PARTICIPANTS_RE_UNITS):
        before = text[start + q.start - 1 : start + q.start]
        if before in "为给向帮" and before:
            continue
        if _PARTICIPANT_NOUN_RE.match(text, start + q.end):
            participants = q.as_int
            break
    evidence = analysis.evidence(segment if segment.text != sentence.text else sentence)
    campaign = campaign_of(text[segment.start : segment.end], lexicon) or campaign_of(analysis.text, lexicon)
    mention = ActivityMention(
        title=title,
        date=when,
        organisers=tuple(
            Organiser(unit.name, "host" if i == 0 else "co_host") for i, (_, unit) in enumerate(organisers)
        ),
        place=place,
        participants=participants,
        campaign=campaign,
        kind=_kind(title + text[start:body_end]),
        evidence=evidence,
    )
    return mention, [unit for _, unit in organisers]


def _acts(words: str) -> bool:
    """The words say that someone organised or held something."""
    return bool(_ORGANISE_VERB_RE.search(words) or _EVENT_VERB_RE.search(words))


def _co_organisers(analysis: Analysis, index: int, end: int) -> list[tuple[int, ResolvedUnit]]:
    """The unit at `index` and those joined to it: A联合B、C / A、B和C."""
    text = analysis.text
    out = [(index, analysis.mentions[index].unit)]
    j = index
    while j + 1 < len(analysis.mentions) and analysis.mentions[j + 1].mention.end <= end:
        gap = text[analysis.mentions[j].mention.end : analysis.mentions[j + 1].mention.start]
        gap = _PEOPLE_GAP_RE.sub("", gap, count=1) if not _LINK_RE.match(gap) else gap
        following = analysis.mentions[j + 1]
        if not _LINK_RE.match(gap) or following.unit is None or analysis.role(j + 1) in ("person", "located"):
            break
        out.append((j + 1, following.unit))
        j += 1
    return out


def _hosted_by(analysis: Analysis, segment: Span) -> list[tuple[int, ResolvedUnit]]:
    """由团省委、省文明办…共同主办，呈贡区文明办承办的…: every host and co-host."""
    text = analysis.text
    out: list[tuple[int, ResolvedUnit]] = []
    hosted = list(_HOSTED_RE.finditer(text, segment.start, segment.end))
    if hosted:
        # …主办，北湖区志愿者协会承办的…: the co-hosts named after the hosts.
        hosted += list(_CO_HOSTED_RE.finditer(text, hosted[0].end(), segment.end))
    for found in hosted:
        for index, located in analysis.mentions_in(found.start("who"), found.end("who")):
            if located.unit is not None and all(u.name != located.unit.name for _, u in out):
                out.append((index, located.unit))
    return out


def _subject_before(analysis: Analysis, segment: Span, date: DateMention) -> list[tuple[int, ResolvedUnit]]:
    """珠海市妇女联合会于12月1日在珠海举办…, 远望社区从4月15日开始…: the organiser stands before the date."""
    text = analysis.text
    between = text[max(segment.start, date.start - 3) : date.start]
    if not re.search(r"(?:于|从|自|在)\s*$", between):
        return []
    clause_start = analysis.clause_start(date.start, segment.start)
    before = [(i, loc) for i, loc in analysis.mentions_in(clause_start, date.start) if loc.unit is not None]
    if not before:
        return []
    index, located = before[0]
    if analysis.role(index) in ("person", "located", "possessive", "object"):
        return []
    return _co_organisers(analysis, index, date.start)


def _subject_after(analysis: Analysis, start: int, end: int) -> list[tuple[int, ResolvedUnit]]:
    """3月13日，X联合Y、Z在P开展…; 3月3日，白塔区启动…: the clause's subject organised it."""
    text = analysis.text
    first = _first_mention_at(analysis, start)
    if first is None:
        return []
    index, located = first
    if located.unit is None:
        return []
    acting = index in analysis.acting
    if not acting:
        after = text[located.mention.end : analysis.clause_end(located.mention.end, end)]
        acting = bool(_ACTS_NEXT_RE.match(after)) and analysis.role(index) not in ("person", "located", "awarder")
    if not acting:
        return []
    organisers = _co_organisers(analysis, index, end)
    if not _acts(text[analysis.mentions[organisers[-1][0]].mention.end : end]):
        return []
    return organisers


def _pronoun_subject(analysis: Analysis, start: int, end: int) -> list[tuple[int, ResolvedUnit]]:
    """6月1日，该行青年志愿者走进…: the unit the pronoun stands for organised it."""
    text = analysis.text
    pronoun = PRONOUN_UNIT_RE.match(text, start, end)
    if pronoun is None:
        return []
    unit = analysis.resolve_pronoun(start, pronoun.group(0))
    after = text[pronoun.end() : end]
    while (people := _PEOPLE_GAP_RE.match(after)) and people.end():
        after = after[people.end() :]  # 青年 + 志愿者
    if unit is None or unit.is_place or not _ORGANISE_VERB_RE.match(after):
        return []
    index = _index_of(analysis, unit)
    return [(index, unit)] if index is not None else []


def _home_place_subject(analysis: Analysis, start: int, end: int) -> list[tuple[int, ResolvedUnit]]:
    """今天，我市…工作全面启动 / 我区开展…: the article's own place organised it."""
    text = analysis.text
    found = re.match(r"(?:我|本)(?P<level>市|区|县)", text[start:end])
    if found is None or not _acts(text[start:end]):
        return []
    name = analysis.region.for_abbreviation(found["level"])
    if not name:
        return []
    for index, located in enumerate(analysis.mentions):
        if located.unit is not None and located.unit.is_place and located.unit.name == name:
            return [(index, located.unit)]
    return [(None, ResolvedUnit(name, (), "place", True, name))]  # named only in the headline


def _later_subject(analysis: Analysis, start: int, end: int) -> list[tuple[int, ResolvedUnit]]:
    """昨天是学雷锋纪念日…，津南区举行了…主题活动: the first clause that has an acting subject."""
    text = analysis.text
    for index, located in analysis.mentions_in(start, end):
        if index not in analysis.acting or located.unit is None:
            continue
        if text[analysis.clause_start(located.mention.start, start) : located.mention.start].strip():
            continue  # not the clause's subject
        after = text[located.mention.end : analysis.clause_end(located.mention.end, end)]
        if _ACTS_NEXT_RE.match(after) or re.match(r"(?:了)?(?:举行|召开|启动|开展|举办)", after):
            return _co_organisers(analysis, index, end)
    return []


def _named_in_event(analysis: Analysis, lexicon: Lexicon, start: int, end: int):
    """哈尔滨市…创建工作会议召开, “…暨海口市第七个全民公益日主题活动”在…举办: the event
    carries its organiser's name, and the event is a campaign's."""
    text = analysis.text
    event = _EVENT_RE.match(text[start:end])
    if event is None and (event := _AT_EVENT_RE.match(text[start:end])) is not None:
        start += event.start("name")  # 在市文明委全体会议上: the meeting its body held
    if not event:
        return None
    name = event["name"]
    if campaign_of(name, lexicon) is None and not _CIVIC_RE.search(name):
        return None  # an event named after a place is only taken when it is a campaign's
    for index, located in analysis.mentions_in(start, start + len(name)):
        lead = text[start : located.mention.start]
        if located.unit is not None and _EVENT_LEAD_RE.fullmatch(lead):
            return [(index, located.unit)], strip_quotes(name)
    return None


def _index_of(analysis: Analysis, unit: ResolvedUnit) -> int | None:
    for index, located in enumerate(analysis.mentions):
        if located.unit is not None and located.unit.name == unit.name:
            return index
    return None


def _first_mention_at(analysis: Analysis, position: int):
    text = analysis.text
    lead = re.compile(r"(?:\s|，|由|经|据悉|同时|当天|上午|下午|晚上)*").match(text, position)
    at = lead.end() if lead else position
    for index, located in enumerate(analysis.mentions):
        if located.mention.start == at:
            return index, located
        if located.mention.start > at:
            break
    return None


def _clean_title(obj: str) -> str:
    obj = re.sub(r"^(?:了|一场|一次|一系列|系列|一期|为期[^的]{1,8}的|主题为)", "", obj)
    obj = re.sub(r"主题为(“[^”]+”)的", r"\1", obj)
    obj = re.sub(r"^以(“[^”]+”)为主题的", r"\1", obj)
    return obj.strip()
