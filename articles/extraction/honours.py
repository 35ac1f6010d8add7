"""Honours units received: the grammar of award sentences.

An award sentence has a trigger (被授予, 荣获, 被评为, 成功创建为, 继续保留, 复查确认 …)
and one or more honour names after it (“青年文明号”, 全国文明单位, 先后获得A、B、C等
荣誉称号). The honouree is the clause's subject; when the subject is left out it
is the unit the sentence (or the paragraph, or the article) is about, and 该局 /
局机关 mean the article's unit. Honours to persons (劳动模范, 先进个人, an award to a
named person) are not recorded.
"""

from __future__ import annotations

import re

from .analysis import Analysis, strip_trailing_adverbs
from .award_lists import (
    COUNT_RE,
    ListItem,
    bare_count,
    clean_item,
    groups_of,
    unit_like,
    units_before,
    units_in,
)
from .honour_lists import read_headed_lists, read_list_reference, read_named_list
from .honour_names import catalogue_for, split_items
from .honour_recording import AwardRecorder, home_place
from .lexicon import Lexicon
from .records import HonourMention
from .text import Span
from .unit_lexicon import compile_lexicon
from .unit_resolution import ResolvedUnit

_TRIGGER_RE = re.compile(
    r"(?P<passive>被)?(?:经)?(?P<verb>授予|评为|评定为|命名为|确定为|认定为|表彰为|列为|选为|评选为|推选为|确认为|认证为)"
    r"|(?P<verb2>荣获|获得|获评|获批|荣膺|喜获|摘得|蝉联|当选|荣登|命名(?!为)|成功创建为|创建为|成功创建|创成|成功入选|入选|跻身|继续保留|保留|"
    r"复查确认|通过复查|通过复核|复核确认|黄牌警告|被撤销|撤销|恢复|获(?=[“全省市县国首第]))"
)
# Verbs whose object is always a title: a quoted name after them is an honour.
_NAMING_VERB_RE = re.compile(r"被?(?:评为|授予|命名为|评定为|表彰为)|荣获|获评|荣膺|当选|入选|成功入选")
# Words that make an award part of a unit's history rather than the article's news.
_HISTORY_REACH = 40  # characters before the verb in which a history word dates the award as past
_HISTORY_RE = re.compile(
    r"先后|曾经|曾|此前|已经|已|多次|连续|历年|以来|近年|截至|累计|蝉联|一直|相继|陆续|屡次|多年|期间"
)
_REVIEWED_BY_RE = re.compile(
    r"经(?P<who>[^，。；经]{2,30}?)(?:复查|复核|评审|考核|评选|审核|审定|认定|检查|测评|推荐|研究|批准|同意)"
)
_COUNTED_UNITS_RE = re.compile(r"\d+(?:家|个|所)(?:单位|集体|学校|村镇|城市)[^，。；]{0,6}[，,]?$")


def extract_honours(
    analysis: Analysis, lexicon: Lexicon
) -> tuple[list[tuple[HonourMention, ResolvedUnit]], list[ResolvedUnit]]:
    """Honour records of an article, each with the unit it belongs to, and the bodies that
    decided, named or reviewed them (中央文明委决定，授予…; 经省文明办复查确认…)."""
    if not analysis.relevant:
        return [], []
    reader = _AwardReader(analysis, catalogue_for(lexicon), compile_lexicon(lexicon))
    text = analysis.text
    last_subject: tuple[int, ResolvedUnit] | None = None  # (paragraph start, unit) of the previous honour
    for sentence in analysis.sentences:
        paragraph_start = text.rfind("\n", 0, sentence.start) + 1
        if last_subject and last_subject[0] != paragraph_start:
            last_subject = None
        for trigger in _TRIGGER_RE.finditer(sentence.text):
            subject = reader.read_trigger(sentence, trigger, last_subject)
            if subject is not None:
                last_subject = (paragraph_start, subject)
        read_named_list(reader, sentence)
        read_list_reference(reader, sentence)
        reader.note_reviewers(sentence)
    read_headed_lists(reader)
    return _dedupe(reader.out), list({u.name: u for u in reader.bodies}.values())


class _AwardReader(AwardRecorder):
    """Reads the award sentences of one article into (HonourMention, unit) pairs."""

    # ------------------------------------------------------------ A、B被授予X / 授予A、B X称号

    def read_trigger(self, sentence: Span, trigger: re.Match, last_subject) -> ResolvedUnit | None:
        analysis, text = self.analysis, self.analysis.text
        t_start = sentence.start + trigger.start()
        t_end = sentence.start + trigger.end()
        verb = trigger.group(0)
        obj_end = _object_end(text, t_end, sentence.end)
        if _TRIGGER_RE.match(text, t_end, obj_end):
            return None  # 经复查确认继续保留…: the inner trigger (继续保留) reads the honour
        obj = text[t_end:obj_end]
        clause_start = analysis.clause_start(t_start, sentence.start)
        clause_head = text[clause_start:t_start]
        honourees: list[ResolvedUnit] = []
        granting = (
            (trigger["verb"] == "授予" or verb in ("撤销", "命名"))
            and not trigger["passive"]
            and "被" not in clause_head
        )
        if granting:
            # 中央文明委授予漯河市市场监督管理局全国文明单位称号, 授予A等62个车间、班组安徽省工人先锋号:
            # the units follow the verb, the honour follows them.
            self.note_decider(sentence.start, t_start)
            split = self.split_grant(obj, t_end)
            if split is None:
                return None
            honourees, obj = split
            obj = re.sub(r"^为", "", obj)  # 命名A等118个集体为台州市“工人先锋号”
        items = self.honours_in(obj, named=bool(_NAMING_VERB_RE.fullmatch(verb)))
        if not items and verb in _REVIEW_OUTCOME_VERBS and self.out:
            # 被区文明委黄牌警告，限期整改: a review outcome that names no title is about
            # the title under review, the one the article named last.
            items = self.honours_in(f"“{self.out[-1][0].honour}”称号")
        if not items:
            return None
        groups: list[list[ResolvedUnit]] = []
        if not honourees:
            groups = self.subjects(sentence, clause_start, t_start, obj_end, last_subject)
            honourees = [u for group in groups for u in group]
        if not honourees:
            return None
        status_text = text[clause_start:obj_end]
        streak = re.search(r"连续[\d一二三四五六七八九十两]+(?:年|次|届)", clause_head)
        details = dict(
            year_hint=_sentence_year(analysis, sentence, t_start),
            status=_status(status_text, verb),
            note=streak.group(0) if streak else "",
            # 先后荣获 / 近年来，该院荣获: history said near the verb; a long sentence's opening
            # 2023年以来 sets the scene for the meeting that makes the award.
            news=not _HISTORY_RE.search(text[max(sentence.start, t_start - _HISTORY_REACH) : t_start]),
        )
        listed = split_items(obj)
        # A等9个城市、B等3个城区…及C等100户家庭分别保留文明城市、文明城区…文明家庭: the n-th
        # group, the n-th honour (a group of families keeps its place and names no unit);
        # A、B分别荣获X和Y: the n-th unit, the n-th honour.
        by_position = groups if len(groups) == len(listed) else [[u] for u in honourees]
        if "分别" in clause_head and len(by_position) == len(listed) > 1:
            for part, raw in zip(by_position, listed, strict=True):
                paired = self.honours_in(raw)
                if part and paired:
                    self.record(part, paired, sentence, **details)
        else:
            self.record(honourees, items, sentence, **details)
        return honourees[-1]

    def note_decider(self, floor: int, verb_at: int) -> None:
        """中央宣传思想文化工作领导小组决定，授予…; 台州市总工会命名…: the deciding body is a unit."""
        text = self.analysis.text
        head = re.sub(r"(?:研究)?决定[，,：:]?\s*$|[，,]\s*$", "", text[floor:verb_at])
        start = max(floor, max(head.rfind(c) for c in "，,；：:") + floor + 1)
        for index, located in self.analysis.mentions_in(start, floor + len(head)):
            if located.unit is not None and self.analysis.role(index) not in ("person", "located", "object"):
                self.bodies.append(located.unit)
                return

    def note_reviewers(self, sentence: Span) -> None:
        """经省文明办复查确认 / 经中央文明委评审: the reviewing body is a unit."""
        for found in _REVIEWED_BY_RE.finditer(sentence.text):
            start = sentence.start + found.start("who")
            for _, located in self.analysis.mentions_in(start, start + len(found["who"])):
                if located.unit is not None:
                    self.bodies.append(located.unit)

    def split_grant(self, obj: str, offset: int) -> tuple[list[ResolvedUnit], str] | None:
        """授予's object: the units it names, and the rest (the honour). None when it names
        persons or only a count (授予4688个单位全国文明单位称号)."""
        count = count_at_any(obj)
        if count is not None:
            cut, rest = count.start(), obj[count.end() :]
        elif obj.find("“") > 0:
            cut = obj.find("“")
            rest = obj[cut:]
        else:
            cut, rest = None, obj
            for at in range(len(obj) - 2, 1, -1):
                if unit_like(clean_item(obj[:at])) and self.honours_in(obj[at:]):
                    cut, rest = at, obj[at:]
                    break
            if cut is None:
                return None
        if bare_count(obj[:cut]) or not obj[:cut].strip():
            return None
        items, persons = units_in(obj, 0, cut)
        if persons or not items:
            return None
        shifted = [ListItem(i.start + offset, i.end + offset, i.name) for i in items]
        return self.units_of(shifted), rest

    def subjects(self, sentence: Span, clause_start: int, t_start: int, obj_end: int, last_subject):
        """Who receives an honour named after the verb, in groups: a list before it (its
        groups closed by counts), else the clause's subject."""
        analysis, text = self.analysis, self.analysis.text
        head = text[sentence.start : t_start]
        head = re.sub(r"被[^，。；被、]{1,24}$", "", head)  # X被市妇联授予…: the awarder is not the subject
        trimmed = strip_trailing_adverbs(head)
        listed, persons = units_before(text, sentence.start + len(trimmed), sentence.start)
        if persons:
            return []
        # The list ends at the verb's clause, or a short phrase before it (…等4个县城经复查合格，分别保留…).
        if listed and (clause_start <= sentence.start or len(text[listed[-1].end : clause_start]) <= 24):
            return [self.units_of(group) for group in groups_of(text, listed)]
        if _COUNTED_UNITS_RE.search(head[-16:]):
            return []  # 集团所属23家单位榜上有名，分别荣获…: a count, not names
        kind, honouree = analysis.clause_subject(clause_start, t_start)
        if kind == "unit" and honouree is not None:
            listed_mentions = [i for i, loc in analysis.mentions_in(clause_start, t_start) if loc.unit == honouree]
            if listed_mentions:
                return [analysis.list_before(listed_mentions[-1])]
            return [[honouree]]
        if kind == "omitted":
            honouree = _omitted_subject(analysis, sentence, clause_start, obj_end, last_subject)
        elif kind == "place":
            honouree = home_place(analysis)
        elif kind == "other":
            return []
        return [[honouree]] if honouree is not None else []


# Verbs of a review's outcome, which may leave the title unnamed.
_REVIEW_OUTCOME_VERBS = ("黄牌警告", "撤销", "被撤销", "恢复")


def _status(sentence: str, verb: str) -> str:
    if "撤销" in verb:
        return "revoked"
    if "黄牌" in verb or "警告" in sentence:
        return "warned"
    if "恢复" in verb:
        return "restored"
    if "保留" in verb or "保留" in sentence or verb == "蝉联":
        return "retained"  # 蝉联: held again in the next round
    if "重新认定" in sentence:
        return "recognised"  # a restructured unit's title confirmed for its new form
    if "复查" in verb or "复核" in verb or "确认为" in verb:
        return "confirmed"
    return "awarded"


def _object_end(text: str, start: int, limit: int) -> int:
    depth = 0
    i = start
    while i < limit:
        ch = text[i]
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in "，。；！？;!?\n…":
            break
        elif depth == 0 and text.startswith(("以来", "后，", "之后"), i):
            break
        elif (
            depth == 0
            and text.startswith("称号", i)
            and not re.match(r"称号(?:、|和|\d|[一二两三四五六七八九十])", text[i:])
        ):
            return i + 2  # …荣誉称号（见附件1）: the honour ends with its 称号 (a tally's count aside)
        i += 1
    return i


def count_at_any(obj: str) -> re.Match | None:
    for found in COUNT_RE.finditer(obj):
        if found.start() > 0 and obj[found.start()] == "等":
            return found
    return None


def _omitted_subject(analysis: Analysis, sentence: Span, clause_start: int, obj_end: int, last_subject):
    text = analysis.text
    # 2020年成功创建为全国文明单位以来，市政府办公室不断…: the main clause after 以来 says who.
    if text.startswith(("以来", "后", "之后"), obj_end):
        later = analysis.mentions_in(obj_end, sentence.end)
        for index, located in later:
            if index in analysis.acting and located.unit:
                return located.unit
    # …市政府办公室各项工作捷报频传，被评为…: an earlier clause of the sentence names it.
    earlier = analysis.mentions_in(sentence.start, clause_start)
    for index, located in earlier:
        if index in analysis.acting and located.unit and not located.mention.is_place:
            return located.unit
    if last_subject is not None:
        return last_subject[1]
    if earlier:
        for index, located in earlier:
            if located.unit and located.mention.is_place and analysis.role(index) in ("actor", "other"):
                return located.unit
    return analysis.subject


def _sentence_year(analysis: Analysis, sentence: Span, before: int) -> int | None:
    best = None
    for d in analysis.dates_in(sentence.start, before):
        if d.is_period or d.date is None or d.date.year is None:
            continue
        best = d.date.year
    return best


def _dedupe(items):
    seen, out = set(), []
    for item, unit in items:
        key = (item.unit, item.honour, item.year)
        if key not in seen:
            seen.add(key)
            out.append((item, unit))
    return out
