"""A saved e-paper (数字报) or news page → page text (selectolax, the Lexbor parser).

The page is decoded as it declares (UTF-8, GBK/GB18030 …), its furniture removed —
scripts, navigation, headers and footers, comment boxes, share bars, related-article
and article-list link blocks — and what remains is read as blocks in document order:
headings, paragraphs, list items, table rows. The headline level is the heading level
whose headings have body text under them, so a site name in <h1> above articles
headed <h2> is not taken for a headline; a heading right above a headline is its
引题, one right below it (before the text) its subtitle. Each headline starts an
article, so a page that prints several articles gives several.
"""

from __future__ import annotations

import codecs
import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .errors import ConversionError
from .layout import BODY_LENGTH as _BODY_LENGTH
from .layout import Block, clean_line, drafts_from_blocks, lay_out

_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_DROPPED_TAGS = "script, style, noscript, template, iframe, form, button, select, textarea, svg, nav, aside, footer"
# Class or id words of page furniture (Chinese sites' own spellings included).
_FURNITURE_RE = re.compile(
    r"(?:^|[\s_\-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|position|location|footer|foot|copyright|comments?|"
    r"reply|related|relate|recommend|tuijian|xgxw|share|bdshare|social|sidebar|side|advert|ads?|banner|"
    r"toolbar|tools|pager|pagination|page-?nav|login|search|qrcode|ewm|hot|rank|list-?nav|article-?list|"
    r"news-?list|titlelist|title-?list|bmnr|layout-?list|logo|brand|masthead|site-?name)(?:$|[\s_\-\d])",
    re.I,
)
_META_CLASS_RE = re.compile(r"(?:^|[\s_\-])(?:info|meta|date|time|source|author|sec|byline|laiyuan)(?:$|[\s_\-])", re.I)
_SUBTITLE_CLASS_RE = re.compile(r"(?:^|[\s_\-])(?:subtitle|sub-?title|fubiaoti|futi)(?:$|[\s_\-])", re.I)
_KICKER_CLASS_RE = re.compile(r"(?:^|[\s_\-])(?:kicker|yinti|pretitle|pre-?title)(?:$|[\s_\-])", re.I)
_BLOCK_TAGS = frozenset(
    "p div section article main header li dd dt blockquote pre figcaption caption table tbody thead tr ul ol dl "
    "center figure address h1 h2 h3 h4 h5 h6 body html td th".split()
)
_LEAF_BLOCKS = frozenset("p li dd dt blockquote pre figcaption caption address".split())
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BR_RE = re.compile(r"<br\s*/?>", re.I)
# A <br> is a line break; a newline in the markup is only white space (none between CJK).
_BREAK = "\u2028"
_SOURCE_NEWLINE_RE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t\r]*\n\s*(?=[\u3000-\u9fff\uff00-\uffef])")
_SITE_TITLE_RE = re.compile(r"\s*[_|｜]\s*|\s+[-–—]\s+")


def html_text(data: bytes) -> tuple[str, str]:
    """The page's text laid out as a .txt page, and the encoding it was read in."""
    markup, encoding = _decode(data)
    tree = LexborHTMLParser(_BR_RE.sub(_BREAK, markup))
    page_title = clean_line(tree.css_first("title").text()) if tree.css_first("title") else ""
    body = tree.body or tree.root
    if body is None:
        raise ConversionError("网页中没有找到正文")
    _decompose(body.css(_DROPPED_TAGS))
    _drop_furniture(body)
    blocks: list[Block] = []
    _read_blocks(body, blocks)
    # The site's name set as a heading (<h1>某某新闻网</h1>) is the site's, not a headline:
    # the <title> ends with it (图书馆开展读书分享会_某某新闻网).
    site = _SITE_TITLE_RE.split(page_title)[-1].strip() if _SITE_TITLE_RE.search(page_title) else ""
    blocks = [b for b in blocks if not (b.level and site and b.text == site)]
    drafts = drafts_from_blocks(blocks, page_title)
    if not any(len(text) >= _BODY_LENGTH for draft in drafts for text, _ in draft.paragraphs):
        raise ConversionError("网页中没有找到正文（可能是目录页、空白页或需要登录的页面）")
    text, _ = lay_out(drafts)
    return text, encoding


def _decode(data: bytes) -> tuple[str, str]:
    candidates: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        candidates.append("utf-8-sig")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates.append("utf-16")
    declared = _CHARSET_RE.search(data[:8192])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        # GB2312 and GBK pages hold characters only their superset GB18030 has.
        candidates.append("gb18030" if name in {"gb2312", "gbk", "gb18030", "x-gbk", "cp936"} else name)
    candidates += ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            codecs.lookup(encoding)
            return data.decode(encoding), encoding.replace("utf-8-sig", "utf-8").upper()
        except (LookupError, UnicodeDecodeError):
            continue
    raise ConversionError("网页的文字编码无法识别（支持 UTF-8、GBK/GB18030 及网页声明的编码）")


def _drop_furniture(body: LexborNode) -> None:
    _decompose(
        [
            node
            for node in body.css("[class], [id]")
            if node.tag not in {"body", "html"}
            and _FURNITURE_RE.search(_classes(node))
            and not node.css_first("h1")
            and not _has_body_text(node)
        ]
    )
    # Lists of links (a 版面 page's article list, "more news"): links, no prose.
    _decompose([node for node in body.css("ul, ol, dl, table, div") if _link_list(node)])


def _link_list(node: LexborNode) -> bool:
    links = "".join(a.text() for a in node.css("a"))
    return bool(links) and len(links) >= 0.6 * len(node.text().strip()) and not _has_body_text(node)


def _decompose(nodes: list[LexborNode]) -> None:
    """Remove the nodes, each once: one inside another goes with it (decomposing it
    after its ancestor would touch freed memory)."""
    chosen = {node.mem_id for node in nodes}
    outermost = []
    for node in nodes:
        parent = node.parent
        while parent is not None and parent.mem_id not in chosen:
            parent = parent.parent
        if parent is None:
            outermost.append(node)
    for node in outermost:
        node.decompose()


def _has_body_text(node: LexborNode) -> bool:
    return any(len(clean_line(p.text())) >= 60 for p in node.css("p")) or (
        not node.css_first("a") and len(clean_line(node.text())) >= 200
    )


def _classes(node: LexborNode) -> str:
    return f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"


def _read_blocks(node: LexborNode, blocks: list[Block], role: str = "") -> None:
    """Blocks in document order: a text run between block elements is a block too."""
    inline: list[str] = []

    def flush() -> None:
        if inline:
            _add_text(blocks, "".join(inline), role)
            inline.clear()

    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            inline.append(child.text(deep=False) or "")
        elif tag in _HEADINGS:
            flush()
            text = _one_line(child.text())
            if text:
                blocks.append(Block(text, level=_HEADINGS[tag], role=_role(child) or role))
        elif tag == "tr":
            flush()
            cells = [_one_line(cell.text()) for cell in child.css("td, th")]
            cells = [cell for cell in cells if cell]
            if cells:
                blocks.append(Block("", cells=tuple(cells)))
        elif tag in _LEAF_BLOCKS and not _has_block_child(child):
            flush()
            _add_text(blocks, child.text(), _role(child) or role)
        elif tag in _BLOCK_TAGS:
            flush()
            _read_blocks(child, blocks, _role(child) or role)
        elif tag in {"img", "video", "audio", "hr", "-comment"}:
            continue
        else:
            inline.append(child.text())
    flush()


def _has_block_child(node: LexborNode) -> bool:
    return any(child.tag in _BLOCK_TAGS for child in node.iter())


def _role(node: LexborNode) -> str:
    classes = _classes(node)
    if _SUBTITLE_CLASS_RE.search(classes):
        return "subtitle"
    if _KICKER_CLASS_RE.search(classes):
        return "kicker"
    if _META_CLASS_RE.search(classes):
        return "meta"
    return ""


def _one_line(text: str) -> str:
    return clean_line(_SOURCE_NEWLINE_RE.sub("", text).replace(_BREAK, " "))


def _add_text(blocks: list[Block], text: str, role: str) -> None:
    for line in _SOURCE_NEWLINE_RE.sub("", text).split(_BREAK):
        line = clean_line(line)
        if line:
            blocks.append(Block(line, role=role))
