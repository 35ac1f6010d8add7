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
from dataclasses import dataclass

from .analysis import Analysis
from .lexicon import DATA_DIR, CatalogueHonour, Lexicon
from .numbers import chinese_to_int
from .records import HonourMention
from .regions import COUNTY, PREFECTURE, PROVINCE, gazetteer
from .text import Span, strip_quotes
from .units import ResolvedUnit

_TRIGGER_RE = re.compile(
    r"(?P<passive>被)?(?:经)?(?P<verb>授予|评为|评定为|命名为|确定为|认定为|表彰为|列为|选为|评选为|推选为|确认为|认证为)"
    r"|(?P<verb2>荣获|获得|获评|获批|荣膺|喜获|摘得|成功创建为|创建为|成功创建|创成|成功入选|入选|跻身|继续保留|保留|"
    r"复查确认|通过复查|通过复核|复核确认|黄牌警告|被撤销|撤销|恢复|获(?=[“全省市县国首第]))"
)
_ITEM_TAIL_RE = re.compile(r"(?:等)?(?:荣誉称号|先进称号|称号|荣誉|殊荣|光荣称号)?(?:等)?$")
_COUNT_TAIL_RE = re.compile(
    r"(?:荣誉称号|称号|荣誉|奖项|表彰)?(?:\d+|[一二两三四五六七八九十百]+)(?:余|多)?(?:个|项|次|块|面)$"
)
_EDITION_RE = re.compile(r"第(?P<n>[\d一二三四五六七八九十]+)(?P<kind>届|批|轮)|(?P<first>首)(?:届|批)")
_YEAR_PREFIX_RE = re.compile(r"^(?P<y>\d{4})(?:年度|年)")
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


def is_individual(name: str) -> bool:
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
            if head_of(_ITEM_TAIL_RE.sub("", strip_quotes(rest))) and head_of(strip_quotes(buf)):
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
    text = _trim_to_head(_ITEM_TAIL_RE.sub("", raw.strip()))
    text = strip_quotes(text).strip()
    year = None
    m = _YEAR_PREFIX_RE.match(text)
    if m:
        year = int(m["y"])
        text = text[m.end() :]
    edition = ""
    e = _EDITION_RE.search(text)
    if e:
        edition = e.group(0)
        text = (text[: e.start()] + text[e.end() :]).strip()
    text = re.sub(r"\s+", "", text)
    if not (3 <= len(text) <= 40):
        return None
    return HonourItem(text, edition, year)


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
        i += 1
    return i


def extract_honours(analysis: Analysis, lexicon: Lexicon) -> list[tuple[HonourMention, ResolvedUnit]]:
    """Honour records of an article, each with the unit it belongs to."""
    if not analysis.relevant:
        return []
    catalogue = catalogue_for(lexicon)
    out: list[tuple[HonourMention, ResolvedUnit]] = []
    text = analysis.text
    last_subject: tuple[int, ResolvedUnit] | None = None  # (paragraph start, unit) of the previous honour
    for sentence in analysis.sentences:
        paragraph_start = text.rfind("\n", 0, sentence.start) + 1
        if last_subject and last_subject[0] != paragraph_start:
            last_subject = None
        for trigger in _TRIGGER_RE.finditer(sentence.text):
            t_start = sentence.start + trigger.start()
            t_end = sentence.start + trigger.end()
            verb = trigger.group(0)
            obj_end = _object_end(text, t_end, sentence.end)
            if _TRIGGER_RE.match(text, t_end, obj_end):
                continue  # 经复查确认继续保留…: the inner trigger (继续保留) reads the honour
            obj = text[t_end:obj_end]
            honouree: ResolvedUnit | None = None
            clause_head = text[analysis.clause_start(t_start, sentence.start) : t_start]
            active_grant = trigger["verb"] == "授予" and not trigger["passive"] and "被" not in clause_head
            if active_grant:
                # 中央文明委授予漯河市市场监督管理局全国文明单位称号: the unit follows 授予.
                after = analysis.mentions_in(t_end, obj_end)
                if after and after[0][1].mention.start == t_end:
                    honouree = after[0][1].unit
                    obj = text[after[0][1].mention.end : obj_end]
            if _COUNT_TAIL_RE.search(strip_quotes(obj)):
                continue  # 共获得省、市级先进集体荣誉称号20余个: a tally, not an honour
            items = [parse_item(raw) for raw in split_items(obj)]
            items = [i for i in items if i and _is_honour(i.name, catalogue, quoted="“" in obj, marked=_marked(obj))]
            if not items:
                continue
            honourees = []
            if honouree is None:
                clause_start = analysis.clause_start(t_start, sentence.start)
                kind, honouree = analysis.clause_subject(clause_start, t_start)
                if kind == "unit" and honouree is not None:
                    listed = [i for i, loc in analysis.mentions_in(clause_start, t_start) if loc.unit == honouree]
                    if listed:
                        honourees = analysis.list_before(listed[-1])
                if kind == "omitted":
                    honouree = _omitted_subject(analysis, sentence, clause_start, obj_end, last_subject)
                elif kind == "place":
                    honouree = _home_place(analysis)
                elif kind == "other":
                    continue
            if honouree is None:
                continue
            honourees = honourees or [honouree]
            last_subject = (paragraph_start, honouree)
            year_hint = _sentence_year(analysis, sentence, t_start)
            # 2017年被授予…称号，2023年经复查继续保留…: each clause has its own status.
            status_text = text[analysis.clause_start(t_start, sentence.start) : obj_end]
            note = ""
            streak = re.search(
                r"连续[\d一二三四五六七八九十两]+(?:年|次|届)",
                text[analysis.clause_start(t_start, sentence.start) : t_start],
            )
            if streak:
                note = streak.group(0)
            for honouree, item in ((u, i) for u in honourees for i in items):
                entry = catalogue.find(item.name)
                name = entry.name if entry else item.name
                year = item.year or year_hint
                if year is None and item.edition and entry:
                    number = _edition_number(item.edition)
                    year = entry.year_of_round(number) if number else None
                head = head_of(name)
                out.append(
                    (
                        HonourMention(
                            unit=honouree.name,
                            honour=name,
                            level=(entry.level if entry and entry.level else level_of(name)),
                            category=(entry.category if entry and entry.category else (head[1] if head else "other")),
                            year=year,
                            edition=item.edition,
                            status=_status(status_text, verb),
                            evidence=analysis.evidence(sentence),
                            note=note,
                        ),
                        honouree,
                    )
                )
    return _dedupe(out)


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
