"""Articles read from a structured file → page text laid out as the .txt pages are.

The extractor (articles.extraction.pages) knows a page by its layout: a headline
line, a ——subtitle line, date/source and byline lines, paragraphs between blank
lines, and three blank lines between articles. Every converter builds `Draft`s and
`lay_out` writes them that way, so the same extractor reads every format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ARTICLE_GAP = "\n\n\n\n"
PARAGRAPH_GAP = "\n\n"
_SPACES_RE = re.compile(r"[ \t\u3000\xa0]+")
_DASHES_RE = re.compile(r"^\s*(?:——|--|—|－－)\s*")


def clean_line(text: str) -> str:
    """One line: runs of blanks (ideographic, non-breaking) as one space, no line breaks."""
    return _SPACES_RE.sub(" ", text.replace("\r", " ").replace("\n", " ")).strip()


@dataclass
class Draft:
    """One article as a converter found it. `paragraphs` holds (text, page) pairs;
    the page (from 1) is known for PDF only."""

    title: str = ""
    kicker: str = ""  # 引题: the line printed above a headline
    subtitle: str = ""
    meta: list[str] = field(default_factory=list)  # date/source and byline lines
    paragraphs: list[tuple[str, int]] = field(default_factory=list)
    page: int = 0  # where the headline is printed

    def add(self, text: str, page: int = 0) -> None:
        text = text.strip()
        if text:
            self.paragraphs.append((text, page))

    @property
    def empty(self) -> bool:
        return not (self.paragraphs or self.title)


def subtitle_line(text: str) -> str:
    return "——" + _DASHES_RE.sub("", text)


def lay_out(drafts: list[Draft]) -> tuple[str, tuple[int, ...]]:
    """The page text, and the offset where each printed page starts (for a PDF)."""
    out: list[str] = []
    length = 0
    page_starts: dict[int, int] = {}

    def put(text: str, gap: str, page: int) -> None:
        nonlocal length
        if out:
            out.append(gap)
            length += len(gap)
        if page and page not in page_starts:
            page_starts[page] = length
        out.append(text)
        length += len(text)

    for draft in drafts:
        if draft.empty:
            continue
        gap = ARTICLE_GAP
        if draft.kicker:
            put(draft.kicker, gap, draft.page)
            gap = PARAGRAPH_GAP
        if draft.title:
            # The file said this is a headline: marked so (a markdown ``#`` line), the
            # extractor starts an article there, where a bare short line might be read as
            # a section heading or, under a 引题, the 引题 taken for the headline.
            put("# " + draft.title, gap, draft.page)
            gap = PARAGRAPH_GAP
        if draft.subtitle:
            put(subtitle_line(draft.subtitle), gap, draft.page)
            gap = PARAGRAPH_GAP
        for line in draft.meta:
            put(line, gap, draft.page)
            gap = PARAGRAPH_GAP
        for text, page in draft.paragraphs:
            put(text, gap, page)
            gap = PARAGRAPH_GAP
    text = "\n\n" + "".join(out) + "\n" if out else ""
    shift = 2 if out else 0
    starts = _page_offsets(page_starts, shift)
    return text, starts


def _page_offsets(page_starts: dict[int, int], shift: int) -> tuple[int, ...]:
    """Offsets for pages 1..N; a page without text of its own starts where the next text does."""
    if not page_starts:
        return ()
    last = max(page_starts)
    offsets: list[int] = []
    following = None
    for number in range(last, 0, -1):
        if number in page_starts:
            following = page_starts[number] + shift
        offsets.append(following if following is not None else shift)
    return tuple(reversed(offsets))


# ---------------------------------------------------------------- blocks → articles

BODY_LENGTH = 30  # a paragraph this long is article text, not a link or a caption


@dataclass
class Block:
    """A heading, paragraph or table row of an HTML page or Word document, in order."""

    text: str
    level: int = 0  # heading level (1 the largest), 0 for text
    role: str = ""  # meta / subtitle / kicker, as the element's class or style says
    cells: tuple[str, ...] = ()  # a table row's cells (text is empty then)


def headline_level(blocks: list[Block]) -> int:
    """The largest heading level with article text under it (before the next heading of that level or above)."""
    for level in range(1, 7):
        for index, block in enumerate(blocks):
            if block.level != level:
                continue
            for after in blocks[index + 1 :]:
                if after.level and after.level <= level:
                    break
                if not after.level and len(after.text) >= BODY_LENGTH and after.role != "meta":
                    return level
    return 0


def drafts_from_blocks(blocks: list[Block], page_title: str = "") -> list[Draft]:
    """Each headline starts an article; a heading right above it is its 引题, one right
    below it its subtitle, one inside the text a section heading (a ``##`` line)."""
    level = headline_level(blocks)
    if not level:
        # No heading over the text: one article, headed by the page's title.
        draft = Draft(title=page_title)
        for block in blocks:
            if block.role == "meta":
                draft.meta.append(block.text)
            else:
                draft.add(block.text)
        return [draft]
    drafts: list[Draft] = []
    current: Draft | None = None
    kicker = ""
    table: list[tuple[str, ...]] = []
    for index, block in enumerate(blocks):
        if block.cells:
            table.append(block.cells)
            continue
        if table and current is not None:
            for line in table_lines(table):
                current.add(line)
        table = []
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        heading = bool(block.level) or block.role in {"subtitle", "kicker"}
        if block.level == level:
            current = Draft(title=block.text, kicker=kicker)
            drafts.append(current)
            kicker = ""
        elif block.level and block.level < level:
            continue  # the site's or the edition's name above the articles
        elif heading and following is not None and following.level == level:
            kicker = block.text  # right above a headline: its 引题
        elif current is None:
            continue  # what comes before the first headline is the page's, not an article's
        elif heading and not current.paragraphs and not current.subtitle and block.role != "kicker":
            current.subtitle = block.text
        elif block.role == "meta" and not current.paragraphs:
            current.meta.append(block.text)
        elif block.level:
            current.add("## " + block.text)
        else:
            current.add(block.text)
    if table and current is not None:
        for line in table_lines(table):
            current.add(line)
    for draft in drafts:
        # A heading with no text under it closes no section: a sidebar's or a list's title.
        while draft.paragraphs and draft.paragraphs[-1][0].startswith("## "):
            draft.paragraphs.pop()
    return drafts


_UNIT_COLUMN_RE = re.compile(r"单位|名称|集体|组织|机构|村镇|社区|学校")
_HONOUR_COLUMN_RE = re.compile(r"荣誉|称号|奖项|表彰|命名")
_YEAR_COLUMN_RE = re.compile(r"年度|年份|时间")
_YEAR_RE = re.compile(r"((?:19|20)\d{2})")


def table_lines(rows: list[tuple[str, ...]]) -> list[str]:
    """A table's lines. An award list (a header naming a unit column and an honour
    column) gives one line per row that the extractor reads as that row's honour,
    "{unit}被评为{year}年{honour}。"; other tables a line per row, cells two spaces apart.
    (A row's review status is not read here: award sheets carry it, see units.resources.)"""
    header = rows[0]
    unit = next((i for i, cell in enumerate(header) if _UNIT_COLUMN_RE.search(cell)), None)
    honour = next((i for i, cell in enumerate(header) if _HONOUR_COLUMN_RE.search(cell)), None)
    year = next((i for i, cell in enumerate(header) if _YEAR_COLUMN_RE.search(cell)), None)
    if unit is None or honour is None or unit == honour:
        return ["  ".join(row) for row in rows]
    lines: list[str] = []
    for row in rows[1:]:
        if max(unit, honour) >= len(row) or not row[unit] or not row[honour]:
            continue
        found = _YEAR_RE.search(row[year]) if year is not None and year < len(row) else None
        lines.append(f"{row[unit]}被评为{found.group(1) + '年' if found else ''}{row[honour]}。")
    return lines
