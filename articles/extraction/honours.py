"""Honours units received: the catalogue plus the grammar of award sentences.

An award sentence has a trigger (被授予, 荣获, 被评为, 成功创建为, 继续保留, 复查确认 …)
and one or more honour names after it (“青年文明号”, 全国文明单位, 先后获得A、B、C等
荣誉称号). The honouree is the clause's subject; when the subject is left out it
is the unit the sentence (or the paragraph, or the article) is about, and 该局 /
局机关 mean the article's unit. Honours to persons (劳动模范, 先进个人, an award to a
named person) are not recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

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
from .dates import document_year
from .lexicon import DATA_DIR, CatalogueHonour, Lexicon
from .numbers import chinese_to_int
from .records import HonourMention
from .regions import COUNTY, PREFECTURE, PROVINCE, gazetteer
from .text import Span, strip_quotes
from .units import (
    PLACE_KINDS,
    PRONOUN_PLACE_RE,
    CompiledLexicon,
    Mention,
    ResolvedUnit,
    compile_lexicon,
    kind_of,
    place_by_core,
    resolve,
    split_regions,
)

_TRIGGER_RE = re.compile(
    r"(?P<passive>被)?(?:经)?(?P<verb>授予|评为|评定为|命名为|确定为|认定为|表彰为|列为|选为|评选为|推选为|确认为|认证为)"
    r"|(?P<verb2>荣获|获得|获评|获批|荣膺|喜获|摘得|蝉联|当选|荣登|命名(?!为)|成功创建为|创建为|成功创建|创成|成功入选|入选|跻身|继续保留|保留|"
    r"复查确认|通过复查|通过复核|复核确认|黄牌警告|被撤销|撤销|恢复|获(?=[“全省市县国首第]))"
)
_ITEM_TAIL_RE = re.compile(r"(?:等)?(?:的)?(?:荣誉称号|先进称号|称号|荣誉|殊荣|光荣称号)?(?:等)?$")
_COUNT_TAIL_RE = re.compile(
    r"(?:荣誉称号|称号|荣誉|奖项|表彰)?(?:\d+|[一二两三四五六七八九十百]+)(?:余|多)?(?:个|项|次|块|面)$"
)
_SELECTION_ROUND_RE = re.compile(r"第[\d一二三四五六七八九十]+(?:届|批)")
_EDITION_RE = re.compile(r"第(?P<n>[\d一二三四五六七八九十]+)(?P<kind>届|批|轮)|(?P<first>首)(?:届|批)")
_PLACE_WORD_RE = re.compile(r"[\u4e00-\u9fff]{1,8}?(?:省|市|区|县|州|旗|盟)")
_YEAR_RANGE_RE = re.compile(r"\d{4}\s*(?:-|—|–|~|至|到)\s*\d{4}\s*年度?")
_YEAR_PREFIX_RE = re.compile(r"(?P<y>(?:19|20)\d{2})(?:年度|年)")
_LEVEL_WORDS = (
    ("全国", "national"),
    ("国家级", "national"),
    ("国家", "national"),
    ("中国", "national"),
    ("中华", "national"),
    ("全省", "provincial"),
    ("省级", "provincial"),
    ("全市", "city"),
    ("市级", "city"),
    ("县级", "county"),
    ("区级", "county"),
    ("全县", "county"),
    ("全区", "county"),
)


def _load_tsv(name: str) -> list[tuple[str, str]]:
    out = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            parts = line.split("\t")
            out.append((parts[0], parts[1] if len(parts) > 1 else ""))
    return out


HEADS = sorted(_load_tsv("honour_heads.tsv"), key=lambda p: -len(p[0]))
INDIVIDUAL = {
    w
    for line in (DATA_DIR / "individual_honours.txt").read_text(encoding="utf-8").splitlines()
    if not line.startswith("#")
    for w in line.split()
}


@dataclass(frozen=True)
class Catalogue:
    by_form: dict

    @classmethod
    def build(cls, honours: tuple[CatalogueHonour, ...]) -> Catalogue:
        by_form = {}
        for honour in honours:
            for form in (honour.name, *honour.aliases):
                by_form.setdefault(_norm(form), honour)
        return cls(by_form)

    def find(self, name: str) -> CatalogueHonour | None:
        return self.by_form.get(_norm(name))


_CATALOGUES: dict[int, Catalogue] = {}


def catalogue_for(lexicon: Lexicon) -> Catalogue:
    key = hash(lexicon.honours)
    if key not in _CATALOGUES:
        _CATALOGUES[key] = Catalogue.build(lexicon.honours)
    return _CATALOGUES[key]


def _norm(text: str) -> str:
    return re.sub(r"[\s“”‘’\"'《》「」（）()]", "", text)


def head_of(name: str) -> tuple[str, str] | None:
    for head, category in HEADS:
        if name.endswith(head):
            return head, category
    return None


_COLLECTIVE_RE = re.compile(
    r"单位|集体|组织|城市|城区|县城|村镇|社区|校园|学校|窗口|岗|号|班组|车间|团队|基地|示范点|项目|企业|机关|团支部|团委|行业"
)


def is_individual(name: str) -> bool:
    """An honour for persons (劳动模范, 最美志愿者), unless its name says it is a collective's
    (文明单位标兵, 最美志愿服务社区)."""
    if _COLLECTIVE_RE.search(name):
        return False
    if name.startswith(("最美", "十佳", "十大", "优秀个人")):
        return True
    return any(name.endswith(word) for word in INDIVIDUAL)


def level_of(name: str) -> str | None:
    for word, level in _LEVEL_WORDS:
        if name.startswith(word):
            return level
    g = gazetteer()
    for size in range(min(len(name), 10), 1, -1):
        division = g.best(name[:size])
        if division:
            return {PROVINCE: "provincial", PREFECTURE: "city", COUNTY: "county"}.get(division.level)
    if name.startswith("省"):
        return "provincial"
    return None


@dataclass(frozen=True)
class HonourItem:
    name: str
    edition: str
    year: int | None
    ranged: bool = False  # 2018-2020年度: a round over several years, so no one award year


def split_items(obj: str) -> list[str]:
    """山东省“青年文明号”“工人先锋号”等 → [山东省“青年文明号”, “工人先锋号”]; A、B和C → [A, B, C]."""
    items, buf, depth = [], "", 0
    i = 0
    while i < len(obj):
        ch = obj[i]
        if ch == "“":
            if depth == 0 and buf.endswith("”"):
                items.append(buf)
                buf = ""
            depth += 1
        elif ch == "”":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in "、,，":
            items.append(buf)
            buf = ""
            i += 1
            continue
        elif depth == 0 and obj.startswith(("和", "及", "以及"), i) and buf and not buf.endswith(("活", "创")):
            word = "以及" if obj.startswith("以及", i) else obj[i]
            rest = obj[i + len(word) :]
            quoted_pair = buf.endswith("”") and rest.startswith("“")  # “A”和“B”称号
            if quoted_pair or (head_of(_ITEM_TAIL_RE.sub("", strip_quotes(rest))) and head_of(strip_quotes(buf))):
                items.append(buf)
                buf = ""
                i += len(word)
                continue
        buf += ch
        i += 1
    if buf:
        items.append(buf)
    return [item.strip() for item in items if item.strip()]


def _trim_to_head(text: str) -> str:
    """省级文明单位后获得的又一项荣誉 → 省级文明单位: the honour ends where its head does."""
    if head_of(text):
        return text
    best = ""
    for head, _ in HEADS:
        at = text.find(head)
        if at > 0 and at + len(head) > len(best) and text[at + len(head) : at + len(head) + 1] in "后的以之，。":
            best = text[: at + len(head)]
    return best or text


def parse_item(raw: str) -> HonourItem | None:
    text = _trim_to_head(_ITEM_TAIL_RE.sub("", re.sub(r"^(?:的|了)", "", raw.strip())))
    text = strip_quotes(text).strip()
    year = None
    ranged = _YEAR_RANGE_RE.search(text)
    if ranged:
        text = text[: ranged.start()] + text[ranged.end() :]
    m = _YEAR_PREFIX_RE.search(text)
    if m and (
        m.start() == 0 or split_regions(text[: m.start()])[1] == "" or _PLACE_WORD_RE.fullmatch(text[: m.start()])
    ):
        # 2021年度全省文明单位, 坪山区2019年度先进义工组织: the year is the award's, not the name's.
        year = int(m["y"])
        text = text[: m.start()] + text[m.end() :]
    edition = ""
    e = _EDITION_RE.search(text)
    if e:
        edition = e.group(0)
        text = (text[: e.start()] + text[e.end() :]).strip()
    text = re.sub(r"\s+", "", text)
    if not (3 <= len(text) <= 40):
        return None
    return HonourItem(text, edition, year, ranged=bool(ranged))


def _round_in(sentence: str) -> str:
    """在第五届“全国文明单位”和“全国文明村镇”评选中，…荣获…: the one round the sentence
    names for its selection, if it names exactly one."""
    rounds = {m.group(0) for m in _SELECTION_ROUND_RE.finditer(sentence)}
    return rounds.pop() if len(rounds) == 1 else ""


def _edition_number(edition: str) -> int | None:
    m = _EDITION_RE.fullmatch(edition)
    if not m:
        return None
    if m["first"]:
        return 1
    n = m["n"]
    return int(n) if n.isdigit() else chinese_to_int(n)


def _status(sentence: str, verb: str) -> str:
    if "撤销" in verb:
        return "revoked"
    if "黄牌" in verb or "警告" in sentence:
        return "warned"
    if "恢复" in verb:
        return "restored"
    if "保留" in verb or "保留" in sentence:
        return "retained"
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
        reader.read_named_list(sentence)
        reader.read_list_reference(sentence)
        reader.note_reviewers(sentence)
    reader.read_headed_lists()
    return _dedupe(reader.out), list({u.name: u for u in reader.bodies}.values())


class _AwardReader:
    """Reads the award sentences of one article into (HonourMention, unit) pairs."""

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
        return [i for i in items if i and _is_honour(i.name, self.catalogue, quoted="“" in obj, marked=marked)]

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
            honouree = _home_place(analysis)
        elif kind == "other":
            return []
        return [[honouree]] if honouree is not None else []

    # ------------------------------------------------------------ lists named after the honour

    def read_named_list(self, sentence: Span) -> None:
        """获评X的集体分别是A、B、C / X名单：A、B: the list follows the honour."""
        text = self.analysis.text
        if _NAMED_LIST_HINT_RE.search(sentence.text) is None:
            return  # neither a verb of the first form nor 名单: the long search is for nothing
        for found in _NAMED_LIST_RE.finditer(sentence.text):
            items = self.honours_in(found["honour"] or found["honour2"])
            if not items:
                continue
            start = sentence.start + found.end()
            listed, _ = units_in(text, start, _list_end(text, start, sentence.end))
            if listed:
                self.record(self.units_of(listed), items, sentence, year_hint=None, status="awarded")

    def read_list_reference(self, sentence: Span) -> None:
        """公布2024年全国工人先锋号名单，A、B入选 / 第五届全国文明单位2318个，我市A、B受到表彰:
        the honour is the one the list was named under, earlier in the sentence."""
        text = self.analysis.text
        for found in _JOINED_LIST_RE.finditer(sentence.text):
            at = sentence.start + found.start()
            floor = max(sentence.start, text.rfind("；", sentence.start, at) + 1)
            named, items = None, []
            for pattern in (_LIST_NAME_RE, _COUNTED_HONOUR_RE):
                for listing in pattern.finditer(text, floor, at):
                    honours = self.honours_in(re.split(r"表彰|授予|命名|评选出|产生", listing["honour"])[-1])
                    if honours and (named is None or listing.end() > named.end()):
                        named, items = listing, honours
            if named is None:
                continue
            head = strip_trailing_adverbs(text[named.end() : at])
            listed, persons = units_before(text, named.end() + len(head), named.end())
            honourees = self.units_of(listed)
            if not listed and not persons and PRONOUN_PLACE_RE.search(head[-3:]):
                honourees = [u for u in [_home_place(self.analysis)] if u is not None]  # 我市获得此项殊荣
            if items and honourees:
                year = re.search(r"((?:19|20)\d{2})年", text[floor:at])
                hint = int(year.group(1)) if year else None
                self.record(honourees, items, sentence, year_hint=hint, status="awarded")

    def read_headed_lists(self) -> None:
        """全国文明单位名单(延边州10个) over a paragraph (or lines) of names: each gets the honour."""
        text = self.analysis.text
        current: list[HonourItem] = []
        heading_year = None
        title = self.analysis.title
        if "名单" in title and (heading := _HEADING_RE.fullmatch(title.strip())):
            current = self.honours_in(heading["honour"])  # the headline is the list's heading
        position = 0
        for line in text.split("\n"):
            start, position = position, position + len(line) + 1
            stripped = line.strip()
            if not stripped:
                continue
            inline = _INLINE_LIST_RE.fullmatch(stripped)
            if inline:
                # 第七届全国文明单位：大同市司法局、国家税务总局大同市云冈区税务局、…
                items = self.honours_in(inline["honour"])
                offset = start + line.find(stripped) + inline.start("list")
                listed, _ = units_in(text, offset, offset + len(inline["list"].rstrip("。；")))
                if items and listed:
                    current = items
                    span = Span(offset, offset + len(inline["list"]), inline["list"])
                    self.record(self.units_of(listed), items, span, year_hint=None, status="awarded")
                    continue
            heading = _HEADING_RE.fullmatch(stripped)
            if heading and not _SENTENCE_END_RE.search(stripped):
                items = self.honours_in(heading["honour"])
                if items:
                    current = items
                    year = re.search(r"(\d{4})年度?", stripped)
                    heading_year = int(year.group(1)) if year else None
                    continue
            if not current:
                continue
            offset = start + line.find(stripped)
            listed, persons = units_in(text, offset, offset + len(stripped))
            if listed:
                span = Span(offset, offset + len(stripped), stripped)
                self.record(self.units_of(listed), current, span, year_hint=heading_year, status="awarded")
            elif not persons:
                current = []

    # ------------------------------------------------------------ records

    def record(
        self, honourees, items, span: Span, *, year_hint, status: str, note: str = "", news: bool = True
    ) -> None:
        """One record per unit and honour. An award the article reports as news (not a
        unit's history, not a retention) is dated by the page when nothing else dates it."""
        news_year = self.news_year()
        # A year stated for a whole round in the paragraph (公布了2019年度…先进典型名单)
        # applies to each award in it.
        paragraph_year = self.round_year(span.start)
        sentence_round = _round_in(span.text)
        for honouree, item in ((u, i) for u in honourees for i in items):
            entry = self.catalogue.find(item.name)
            name = entry.name if entry else item.name
            year = item.year or year_hint
            # the selection's round dates a catalogued honour only: the catalogue knows its years
            edition = item.edition or (sentence_round if entry else "")
            if year is None and edition and entry:
                number = _edition_number(edition)
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


_NAMED_LIST_RE = re.compile(
    r"(?:获评|荣获|获得|被评为|被授予|被命名为|入选|获)(?P<honour>[^，。；：:]{3,40}?)(?:荣誉)?(?:称号)?的"
    r"(?:先进)?(?:集体|单位|组织|城市|村镇|学校|社区|企业|班组|岗位|项目)?(?:[(（][^)）]{1,4}[)）])?"
    r"(?:(?:有|共有|共)[\d一二三四五六七八九十百]+(?:个|家|所)[，,])?(?:分别|依次)?(?:是|为|有|包括)[：:]?"
    r"|(?P<honour2>[^，。；：:]{3,40}?)名单(?:如下)?[：:]"
)
_NAMED_LIST_HINT_RE = re.compile(r"获|被评|被授|被命|入选|名单")
_HEADING_RE = re.compile(
    r"(?:[一二三四五六七八九十\d]+[、.．]\s*)?(?P<honour>.{3,40}?)"
    r"(?:(?:获奖|获得者|拟命名|拟表彰|表彰|推荐)?(?:名单|名录|集体)?)?(?:[(（][^)）]{0,20}[)）])?[：:]?"
)
# Words that make an award part of a unit's history rather than the article's news.
# Verbs whose object is always a title: a quoted name after them is an honour.
_NAMING_VERB_RE = re.compile(r"被?(?:评为|授予|命名为|评定为|表彰为)|荣获|获评|荣膺|当选|入选|成功入选")
_HISTORY_REACH = 40  # characters before the verb in which a history word dates the award as past
_HISTORY_RE = re.compile(
    r"先后|曾经|曾|此前|已经|已|多次|连续|历年|以来|近年|截至|累计|蝉联|一直|相继|陆续|屡次|多年|期间"
)
_REVIEWED_BY_RE = re.compile(
    r"经(?P<who>[^，。；经]{2,30}?)(?:复查|复核|评审|考核|评选|审核|审定|认定|检查|测评|推荐|研究|批准|同意)"
)
_COUNTED_UNITS_RE = re.compile(r"\d+(?:家|个|所)(?:单位|集体|学校|村镇|城市)[^，。；]{0,6}[，,]?$")
_ROUND_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})年度(?![-—–~至到])")
_HEADLINE_YEAR_RE = re.compile(r"((?:19|20)\d{2})年(?!度|以来|来)")
_DECISION_YEAR_RE = re.compile(r"关于(?:表彰|命名|授予|公布)[^，。]{0,6}?((?:19|20)\d{2})年(?!度)")
_JOINED_LIST_RE = re.compile(
    r"(?:成功)?(?:入选|上榜|榜上有名|获此殊荣|获得此项殊荣|获得该荣誉|名列其中|位列其中|受到表彰|受表彰|获得表彰)(?=[，。；,]|$)"
)
# 第五届全国文明单位2318个: an honour and how many received it, before the local names.
_COUNTED_HONOUR_RE = re.compile(
    r"(?:表彰|授予|命名)?(?P<honour>[^，。；、]{3,40}?)(?:[(（][^)）]{1,6}[)）])?\d+(?:个|所|家|户)"
)
_LIST_NAME_RE = re.compile(
    r"(?:公布|发布|揭晓|出炉|公示|印发|下发)(?:了)?(?P<honour>[^，。；]{3,40}?)(?:名单|榜单|评选结果)"
)
_INLINE_LIST_RE = re.compile(r"(?P<honour>[^，。；：:、]{3,40}?)(?:名单)?(?:[(（][^)）]{0,20}[)）])?[：:](?P<list>.+)")
_SENTENCE_END_RE = re.compile(r"[。！？，；、]")


def _list_end(text: str, start: int, limit: int) -> int:
    end = start
    while end < limit and text[end] not in "。；;\n":
        end += 1
    return end


def _is_region(name: str) -> bool:
    parts, rest = split_regions(name)
    return bool(parts) and not rest


def count_at_any(obj: str) -> re.Match | None:
    for found in COUNT_RE.finditer(obj):
        if found.start() > 0 and obj[found.start()] == "等":
            return found
    return None


def _marked(obj: str) -> bool:
    return bool(re.search(r"称号|荣誉", obj))


def _is_honour(name: str, catalogue: Catalogue, *, quoted: bool, marked: bool) -> bool:
    if is_individual(name) or re.search(r"奖$|奖章$|一等|二等|三等|金奖|银奖|铜奖|第[一二三]名", name):
        return False
    if catalogue.find(name) or head_of(name):
        return True
    return quoted and marked


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


def _home_place(analysis: Analysis) -> ResolvedUnit | None:
    city = analysis.region.city
    if not city:
        return None
    return ResolvedUnit(city, (), "place", True, city)


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
