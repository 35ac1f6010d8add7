"""What each sentence says about the organisations in it.

`Analysis` holds one article's text with its sentences, dates and resolved unit
mentions, and answers the questions the record extractors ask: is this
mention the one acting here (市委办公室坚持…, 由共青团菏泽市委联合…发起), or is
it someone's workplace (市档案局局长刘永华), a place (到人民路孝顺养老院), an
awarding body (被市妇联授予), a unit's internal organ (市政府机关党组)?
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import DateContext, DateMention
from .records import Evidence
from .region_context import RegionContext
from .text import Span
from .unit_grammar import Mention
from .unit_lexicon import POSITION_TITLES, PRONOUN_PLACE_RE, PRONOUN_UNIT_RE
from .unit_resolution import ResolvedUnit

# What 该校, 该行, 该司 can stand for.
_PRONOUN_ENDINGS = {"校": ("学", "校", "学院", "幼儿园"), "行": ("行",), "司": ("公司",), "委": ("委", "委员会")}
GENERIC_SELF = {
    "学校",
    "医院",
    "公司",
    "集团",
    "银行",
    "单位",
    "中心",
    "协会",
    "学院",
    "大学",
    "法院",
    "检察院",
    "小学",
    "中学",
    "幼儿园",
    "支行",
    "分行",
    "街道",
    "社区",
}
CLAUSE_BREAK = "，,；;：:。！？!?\n"

_LOCATION_BEFORE_RE = re.compile(
    r"(?:在|到|赴|走进|来到|前往|深入|走访|于|至|去|进驻|驻|住|家住|位于|地处|从|距离|距|沿|途经|抵达|奔赴|赶赴|走入|走近)$"
)
_PASSIVE_BEFORE_RE = re.compile(r"(?:被|受到|受|获得|荣获|得到|经|接受)$")
_OBJECT_BEFORE_RE = re.compile(
    r"(?:组织|带领|率领|邀请|为|给|向|帮助|帮扶|慰问|看望|对|联系|包联|结合|推荐|选送|成立|设立|组建|指导|协调|服务|"
    r"保障|支持|配合|围绕|通过|依托|感谢|致敬|学习|参观|调研|督导|检查|考察|召集|发动|动员|引导|协助)$"
)
_AGENT_BEFORE_RE = re.compile(r"(?:由|还有|其中有|有)$")
_CO_LINK_RE = re.compile(r"^(?:联合|会同|携手|协同|联手|与|和|及|以及|同|、|，共同)$")
_LOCATION_AFTER_RE = re.compile(
    r"^(?:辖区|辖内|境内|范围内|所在地|附近|门口|周边|一带|片区|院内|院里|内外|大院|广场|路口|楼)"
)
_AWARDER_AFTER_RE = re.compile(r"^(?:授予|表彰|命名|通报|表扬|批准|批复|认定|颁发|颁授|印发|下发|发文|公布|评选|考核)")
_ORGAN_AFTER_RE = re.compile(
    r"^(?:机关党组|机关党委|机关党支部|党组|党委书记|领导班子|班子|机关纪委|纪检组|机关|党支部|全体)(?!工委)"
)
# A unit's people, counted and named after the unit (市文明办全体工作人员, 该行30余名青年志愿者).
# The first word that matches is taken, so a word is listed before the longer words it
# begins (青年 covers 青年志愿者); activities reads participants and gaps with the same words.
STAFF_WORDS = "工作人员|志愿者|党员干部|党员|干部职工|干部|职工|青年|团员|师生|学生|大学生|医护人员|民警|队员|老师|教师"
PEOPLE = rf"(?:{STAFF_WORDS}|专家|医生|律师|员工)"
PEOPLE_COUNT = r"(?:\d+|[一二两三四五六七八九十百千]+)?(?:余|多)?(?:名|位)?"
# After a unit, 一批 and 巾帼志愿者 / 志愿服务队 count too (the activities' gaps do not take them).
_PEOPLE_AFTER_RE = re.compile(rf"^(?:的)?(?:全体|广大|一批)?{PEOPLE_COUNT}(?:{PEOPLE}|巾帼志愿者|志愿服务队)")
_ONE_PERSON_AFTER_RE = re.compile(r"^的?(?:一名|一位)")
_PERSON_NAME_AFTER_RE = re.compile(r"^[\u4e00-\u9fff]{2,3}(?:同志|说|介绍|表示|指出|强调|告诉)")
_ORGANISE_RE = re.compile(
    r"^(?:积极|主动|先后|再次|多次|专门|集中|统一|广泛|深入|近日|日前|共同|分别|也|还|又|均|都|已|特别|精心|隆重|正式|顺利|成功|"
    r"[\d月日上下午晚]{0,8})*"
    r"(?:组织|开展|举办|举行|召开|主办|承办|协办|发起|牵头|联合|会同|携手|走进|来到|组建|启动|实施)"
)
# Time phrases and discourse words that open a clause before its subject (近年来，…; 据悉，…).
# A longer phrase comes before its own beginning (近年来 before 近年), for the patterns that
# take the first alternative that matches.
CLAUSE_LEAD_INS = (
    "近年来|今年以来|去年以来|近年|多年来|长期以来|一直以来|目前|今年|去年|同时|此外|另外|其中|据悉|据了解"
)
LEADING_ADVERBIAL_RE = re.compile(
    rf"^(?:[“‘\"「\s]|{CLAUSE_LEAD_INS}|近日|日前|近期|如今|当前|记者了解到|连日来|当天|当日|上午|下午|晚上|随后|之后|"
    r"然后|最终|最后|并|也|还|而|再|又|同样|首先|其次|此次|这次|截至目前|为此|对此|为|近来|"
    r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:以来|来)?|\d{1,2}月\d{1,2}日|"
    r"\d{1,2}月|上半年|下半年|年初|年底|期间|我市|我县|我区|本市|本县|本区)*$"
)


@dataclass
class Located:
    mention: Mention
    unit: ResolvedUnit | None


@dataclass
class Analysis:
    text: str
    sentences: list[Span]
    mentions: list[Located]
    dates: list[DateMention]
    region: RegionContext
    date_context: DateContext
    relevant: bool
    subject: ResolvedUnit | None = None
    title: str = ""
    acting: set[int] = field(default_factory=set)  # indexes into mentions
    roles: list[str] = field(default_factory=list)

    # ------------------------------------------------------------ lookups

    def mentions_in(self, start: int, end: int) -> list[tuple[int, Located]]:
        return [(i, m) for i, m in enumerate(self.mentions) if start <= m.mention.start and m.mention.end <= end]

    def dates_in(self, start: int, end: int) -> list[DateMention]:
        return [d for d in self.dates if start <= d.start and d.end <= end]

    def evidence(self, span: Span) -> Evidence:
        return Evidence(sentence=span.text, start=span.start, end=span.end)

    def sentence_of(self, position: int) -> Span | None:
        for s in self.sentences:
            if s.start <= position < s.end:
                return s
        return None

    def clause_start(self, position: int, floor: int = 0) -> int:
        i = position
        while i > floor and self.text[i - 1] not in CLAUSE_BREAK:
            i -= 1
        return i

    def clause_end(self, position: int, ceiling: int | None = None) -> int:
        limit = len(self.text) if ceiling is None else ceiling
        i = position
        while i < limit and self.text[i] not in CLAUSE_BREAK:
            i += 1
        return i

    # ------------------------------------------------------------ roles

    def role(self, index: int) -> str:
        """actor / agent / located / person / awarder / organ / passive / object / possessive / other."""
        m = self.mentions[index].mention
        sentence = self.sentence_of(m.start)
        floor = sentence.start if sentence else 0
        start = self.clause_start(m.start, floor)
        before = self.text[start : m.start]
        after = self.text[m.end : m.end + 16]
        if _LOCATION_BEFORE_RE.search(before) or _LOCATION_AFTER_RE.match(after):
            return "located"
        # 在中央和国家机关工委旗帜杂志社、水利部黄河委员会举办的…会上: part of a place phrase.
        rest = self.text[m.end : self.clause_end(m.end)]
        if re.match(r"^\s*(?:在|于)", before) and re.search(r"的[^，。；]*(?:上|中|期间|之际|时|里)$", rest):
            return "located"
        if _title_after(after) or _ONE_PERSON_AFTER_RE.match(after) or _PERSON_NAME_AFTER_RE.match(after):
            return "person"
        if _AWARDER_AFTER_RE.match(after):
            return "awarder"
        if _ORGAN_AFTER_RE.match(after):
            return "organ"
        if _PASSIVE_BEFORE_RE.search(before):
            return "passive"
        if _AGENT_BEFORE_RE.search(before) and (_PEOPLE_AFTER_RE.match(after) or self._organises_after(m)):
            return "agent"
        people = _PEOPLE_AFTER_RE.match(after)
        if _OBJECT_BEFORE_RE.search(before):
            return "object"
        if after.startswith("的") and not people:
            return "possessive"
        if LEADING_ADVERBIAL_RE.match(before):
            if m.is_place and not self._organises_after(m):
                return "other"
            return "actor"
        if self._organises_after(m):
            return "actor"
        return "other"

    def _organises_after(self, m: Mention) -> bool:
        after = self.text[m.end : m.end + 30]
        people = _PEOPLE_AFTER_RE.match(after)
        if people:
            after = after[people.end() :]
        return bool(_ORGANISE_RE.match(after))

    def compute_acting(self) -> None:
        roles = [self.role(i) for i in range(len(self.mentions))]
        # 深入丁湾社区、秦中社区开展宣讲: a list shares the role of its first member.
        for j in range(1, len(self.mentions)):
            gap = self.text[self.mentions[j - 1].mention.end : self.mentions[j].mention.start].strip()
            if gap in ("、", "和", "及", "以及", "与") and roles[j - 1] in ("located", "object", "passive", "awarder"):
                roles[j] = roles[j - 1]
        self.roles = roles
        acting = {i for i, r in enumerate(roles) if r in ("actor", "agent")}
        # 鲁西新区综合行政执法局联合市文明办、市市场监管局、市消防支队: co-organisers act too.
        for i in sorted(acting):
            j = i
            while j + 1 < len(self.mentions):
                gap = self.text[self.mentions[j].mention.end : self.mentions[j + 1].mention.start]
                if not _CO_LINK_RE.match(gap.strip()) or roles[j + 1] in ("person", "located", "awarder"):
                    break
                acting.add(j + 1)
                j += 1
        self.acting = acting

    # ------------------------------------------------------------ subjects

    def refers_to_subject(self, word: str) -> bool:
        """学校, 医院, 公司 on their own, in an article about one school, hospital, company."""
        subject = self.subject
        if subject is None or subject.is_place or word not in GENERIC_SELF:
            return False
        if word == "单位":
            return True
        if word == "学校":
            return subject.kind == "school" or subject.name.endswith(("学", "校", "学院", "幼儿园"))
        if word == "公司":
            return subject.kind == "enterprise"
        return subject.name.endswith(word)

    def resolve_pronoun(self, position: int, pronoun: str) -> ResolvedUnit | None:
        """该院 is the last hospital named before it; 该局, 局机关, 我们 the article's unit."""
        head = re.sub(r"^(?:该|本|我|此)|机关$|^[市县区省]", "", pronoun)
        endings = _PRONOUN_ENDINGS.get(head, (head,))
        if head and head not in ("们", "们单位", "单位", "全局", "全院"):
            for located in reversed(self.mentions):
                unit = located.unit
                if located.mention.end > position or unit is None:
                    continue
                if located.mention.is_place and unit.kind != "community":
                    continue
                if unit.name.endswith(endings):
                    return unit
        return self.subject

    def clause_subject(self, start: int, end: int) -> tuple[str, ResolvedUnit | None]:
        """Who the words text[start:end] (the part of a clause before its verb) name.

        Returns ("unit", unit), ("pronoun", subject), ("place", city), ("omitted", None)
        or ("other", None) when they name something that is no unit (a person, 2户家庭).
        """
        phrase = self.text[start:end]
        # X被市妇联授予…, X被中共中央命名为…: the awarding body is not the subject.
        phrase = re.sub(r"被[^，。；被]{1,24}$", "", phrase)
        stripped = _strip_adverbials(phrase)
        if not stripped:
            return "omitted", None
        offset = start + phrase.rfind(stripped) if stripped in phrase else start
        if PRONOUN_UNIT_RE.fullmatch(stripped) or re.fullmatch(r"我们|我们单位|全局|全院|全校|全系统", stripped):
            return "pronoun", self.resolve_pronoun(offset, stripped)
        if PRONOUN_PLACE_RE.fullmatch(stripped):
            return "place", None
        if self.refers_to_subject(stripped):
            return "pronoun", self.subject
        inside = self.mentions_in(offset, offset + len(stripped))
        if not inside:
            # 这是该校继…: a pronoun inside the phrase still says whose it is.
            pronoun = PRONOUN_UNIT_RE.search(stripped)
            if pronoun and not re.search(r"[\u4e00-\u9fff]{2,}(?:同志|先生|女士)|他|她", stripped):
                return "pronoun", self.resolve_pronoun(offset + pronoun.start(), pronoun.group(0))
            return "other", None
        index, last = inside[-1]
        tail = self.text[last.mention.end : offset + len(stripped)]
        if (
            tail
            and re.fullmatch(r"[\u4e00-\u9fff]{1,20}", tail)
            and "的" not in tail
            and re.search(r"(?:大厅|窗口|中心|科|室|站|所|队|班组|车间|岗|处|部|分公司|支行|校区)$", tail)
        ):
            # 市政府办公室市长公开电话受理中心接话大厅: a named part of the unit.
            return "unit", _child(last.unit, tail) if last.unit else None
        if _LIST_TAIL_RE.fullmatch(tail):
            # 邹城市人民医院、邹城农商银行等12家单位获评…: the named members of the list are the subject.
            return "unit", last.unit
        if _title_after(tail) or (tail and _PERSON_NAME_AFTER_RE.match(tail + "说")):
            return "other", None
        if tail:
            return "other", None
        return "unit", last.unit

    def list_before(self, index: int) -> list[ResolvedUnit]:
        """临沂市人民检察院、临沂市中心医院被授予…: the units listed with mention `index`, in order."""
        units = [self.mentions[index].unit]
        j = index
        while j > 0:
            gap = self.text[self.mentions[j - 1].mention.end : self.mentions[j].mention.start].strip()
            if gap not in ("、", "和", "及", "以及", "与") or self.mentions[j - 1].unit is None:
                break
            j -= 1
            units.insert(0, self.mentions[j].unit)
        return [u for u in units if u is not None]


_LIST_TAIL_RE = re.compile(
    r"等(?:\d+|[一二两三四五六七八九十百]+)?(?:余|多)?(?:家|个|所|支|批)?"
    r"(?:单位|集体|部门|企业|学校|医院|机关|社区|村|窗口|班组)?"
)


def _child(parent: ResolvedUnit, tail: str) -> ResolvedUnit:
    surfaces = tuple(sorted({a + tail for a in parent.aliases if a}))
    return ResolvedUnit(parent.name + tail, surfaces, "public_institution", False, parent.region)


def _title_after(after: str) -> bool:
    for size in range(min(len(after), 6), 1, -1):
        if after[:size] in POSITION_TITLES:
            return True
    return bool(
        re.match(
            r"^(?:副|常务副|专职副)?(?:书记|主任|局长|部长|处长|科长|会长|主席|秘书长|院长|校长|所长|站长|队长|经理|行长)"
            # 市文明办有关负责人介绍: the office's spokesman speaks, the office does nothing.
            r"|^(?:有关|相关|主要)?负责(?:人|同志)",
            after,
        )
    )


_TRAILING_ADVERBS_RE = re.compile(
    r"(?:先后|曾经|曾|多次|连续[\d一二三四五六七八九十两]+(?:年|次|届|度)|分别|相继|陆续|再次|又|还|也|均|已|已经|共|"
    r"成功|先后被|被|荣|再度|接连|屡次|累计|共计|继续|经复查确认|经复查合格|经复查|经复核|复查合格|经|一举|首次|第一次|"
    r"今年|去年|同年|当年|新|喜|光荣|顺利|全部|均被|同时|一并|\d{4}年度?|被评|已被|正式)$"
)


def strip_trailing_adverbs(phrase: str) -> str:
    """A subject phrase without the adverbs before its verb: 包头市连续七届 → 包头市."""
    text, previous = phrase.rstrip(), None
    while previous != text:
        previous = text
        text = _TRAILING_ADVERBS_RE.sub("", text).rstrip()
    return text


def _strip_adverbials(phrase: str) -> str:
    text = phrase.strip().strip('“”‘’"「」 ')
    previous = None
    while previous != text:
        previous = text
        text = _LEADING_ADVERBIAL_RE_PARTIAL.sub("", text).strip()
        text = _TRAILING_ADVERBS_RE.sub("", text).strip()
    return text


_LEADING_ADVERBIAL_RE_PARTIAL = re.compile(
    rf"^(?:{CLAUSE_LEAD_INS}|近日|日前|近期|如今|连日来|随后|之后|最终|并且|并|也|还|而且|而|同样|此次|这次|"
    r"\d{4}年(?:度|以来)?|为此|经复查确认|经复查|经过|经|先后)"
)
