"""A print page or notice with a text layer (PDF) → page text (pdfminer.six).

The characters come from pdfminer's interpreter without its layout analysis (which
is slow and reads columns poorly); grouping them into words, lines, columns and
paragraphs is done here.

Each page's words are put into columns (the gutters are the vertical strips no
body word crosses), read column by column between the lines that span them (a
banner headline), and joined into lines and paragraphs: a paragraph ends where a
line stops short of the column's edge, the next is indented or a wider gap opens,
and goes on across columns and pages otherwise. Type size tells the rest: lines
well above the body size are headlines (each starts an article), somewhat larger
ones are 引题, subtitles or section headings by where they stand. Running heads and
page numbers (small type in the top and bottom margins, or a line repeated on
every page) are dropped, and a word hyphenated at a line end is joined again.
A PDF without a text layer (a scan) is refused.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from io import BytesIO

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psexceptions import PSException

from .errors import ConversionError
from .layout import Draft, lay_out

HEADLINE_RATIO = 1.35  # type this much larger than the body is a headline
HEADING_RATIO = 1.1  # and this much larger a kicker, subtitle or section heading
MARGIN = 0.07  # the top and bottom share of a page where running heads and folios stand
_FOLIO_RE = re.compile(r"^[\s\-—–·第]*\d{1,4}[\s\-—–·]*(?:版|页)?$|^第?\s*[A-Z]?\d{1,3}\s*版")
_CJK = "\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_WORD_BREAK_RE = re.compile(r"[A-Za-z]-$")
_FIRST_WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-]*")


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    column: tuple[float, float] = (0.0, 0.0)  # the column's left and right edges


@dataclass
class _Para:
    lines: list[_Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        out = ""
        for line in self.lines:
            out = _join(out, line.text)
        return out


def pdf_text(data: bytes) -> tuple[str, tuple[int, ...]]:
    """The text laid out as a .txt page, and the offset where each page starts."""
    lines = _read_lines(data)
    if not lines:
        raise ConversionError("PDF 没有文字层（可能是扫描件或图片），无法读取文字；请先做文字识别（OCR）")
    body = _body_size(lines)
    lines = _without_running_heads(lines, body)
    drafts = _drafts(lines, body)
    text, pages = lay_out(drafts)
    if not text.strip():
        raise ConversionError("PDF 中除页眉页码外没有文字")
    return text, pages


def _read_lines(data: bytes) -> list[_Line]:
    try:
        resources = PDFResourceManager(caching=True)
        device = PDFPageAggregator(resources, laparams=None)
        interpreter = PDFPageInterpreter(resources, device)
        lines: list[_Line] = []
        for number, page in enumerate(PDFPage.get_pages(BytesIO(data)), start=1):
            interpreter.process_page(page)
            lines.extend(_page_lines(device.get_result(), number))
        return lines
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise ConversionError("PDF 已加密（需要密码才能打开），无法读取；请提供未加密的文件") from exc
    except (PDFSyntaxError, PSException) as exc:
        raise ConversionError("PDF 文件已损坏或不完整，无法读取") from exc
    except Exception as exc:  # pdfminer raises plain errors (KeyError, TypeError …) on damaged files
        raise ConversionError(f"PDF 文件已损坏或不完整，无法读取（{type(exc).__name__}）") from exc


def _words(layout) -> list[dict]:
    """The page's characters as words: runs on one line, in one type size, without a gap."""
    height = float(layout.height)
    chars = [
        (height - item.y1, item.x0, item.x1, height - item.y0, float(item.size), item.get_text())
        for item in layout
        if isinstance(item, LTChar)
    ]
    chars.sort()
    # Lines: characters whose tops are within 2 points of the line's first.
    rows: list[list[tuple]] = []
    for char in chars:
        if rows and char[0] - rows[-1][0][0] <= 2:
            rows[-1].append(char)
        else:
            rows.append([char])
    words: list[dict] = []
    for row in rows:
        row.sort(key=lambda char: char[1])
        word: dict | None = None
        for top, x0, x1, bottom, size, text in row:
            if word is not None and x0 - word["x1"] <= 1.5 and abs(size - word["size"]) < 0.1:
                word["text"] += text
                word["x1"] = max(word["x1"], x1)
                word["bottom"] = max(word["bottom"], bottom)
                continue
            word = {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "size": size}
            words.append(word)
    return words


def _page_lines(layout, number: int) -> list[_Line]:
    words = [w for w in _words(layout) if w["text"].strip()]
    if not words:
        return []
    sizes = Counter(round(w["size"], 1) for w in words for _ in w["text"])
    body = sizes.most_common(1)[0][0]
    columns = _columns([w for w in words if abs(w["size"] - body) < 0.6], float(layout.width))
    spans: list[dict] = []
    in_column: dict[int, list[dict]] = {index: [] for index in range(len(columns))}
    for word in words:
        index = next((i for i, (x0, x1) in enumerate(columns) if word["x0"] >= x0 - 2 and word["x1"] <= x1 + 2), None)
        (spans if index is None else in_column[index]).append(word)
    spanning = _group_lines(spans, number, (columns[0][0], columns[-1][1]))
    by_column = [_group_lines(in_column[i], number, columns[i]) for i in range(len(columns))]
    # Read between the lines that span the columns: each band column by column.
    out: list[_Line] = []
    cuts = [line.top for line in spanning] + [float("inf")]
    previous = float("-inf")
    spanning_iter = iter(spanning)
    for cut in cuts:
        for column_lines in by_column:
            out.extend(line for line in column_lines if previous <= line.top < cut)
        if cut != float("inf"):
            line = next(spanning_iter)
            out.append(line)
            previous = line.top
    return out


def _columns(words: list[dict], width: float) -> list[tuple[float, float]]:
    """Column edges: body words cover the columns and leave the gutters empty."""
    if not words:
        return [(0.0, width)]
    step = 2.0
    covered = [False] * (int(width / step) + 2)
    for word in words:
        for cell in range(int(word["x0"] / step), int(word["x1"] / step) + 1):
            covered[min(cell, len(covered) - 1)] = True
    left, right = min(w["x0"] for w in words), max(w["x1"] for w in words)
    columns: list[tuple[float, float]] = []
    start = left
    cell = int(left / step)
    while cell * step < right:
        if not covered[cell]:
            gap_start = cell
            while cell * step < right and not covered[cell]:
                cell += 1
            if (cell - gap_start) * step >= 6:  # a gutter, not a space between words
                columns.append((start, gap_start * step))
                start = cell * step
        cell += 1
    columns.append((start, right))
    return columns


def _group_lines(words: list[dict], page: int, column: tuple[float, float]) -> list[_Line]:
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        last = lines[-1] if lines else None
        if last is not None and abs(word["top"] - last.top) <= 2:
            gap = " " if word["x0"] - last.x1 > word["size"] * 0.5 else ""
            last.text = _join(last.text + gap, word["text"]) if gap else last.text + word["text"]
            last.x1 = max(last.x1, word["x1"])
            last.bottom = max(last.bottom, word["bottom"])
            last.size = max(last.size, word["size"])
            continue
        lines.append(
            _Line(word["text"], word["x0"], word["x1"], word["top"], word["bottom"], word["size"], page, column)
        )
    for line in lines:
        line.text = re.sub(r"\s+", " ", line.text).strip()
    return lines


def _body_size(lines: list[_Line]) -> float:
    sizes = Counter()
    for line in lines:
        sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0]


def _without_running_heads(lines: list[_Line], body: float) -> list[_Line]:
    pages = {line.page for line in lines}
    heights: dict[int, float] = {}
    for line in lines:
        heights[line.page] = max(heights.get(line.page, 0.0), line.bottom)
    repeated = Counter(_folio_key(line.text) for line in lines)

    def running(line: _Line) -> bool:
        height = max(heights[line.page], 1.0)
        in_margin = line.top < height * MARGIN or line.bottom > height * (1 - MARGIN)
        if _FOLIO_RE.match(line.text) and (in_margin or len(line.text) <= 8):
            return True
        if len(pages) > 1 and repeated[_folio_key(line.text)] >= len(pages) and in_margin:
            return True
        return in_margin and line.size < body - 0.5

    return [line for line in lines if not running(line)]


def _folio_key(text: str) -> str:
    return re.sub(r"\d+", "#", text)


def _drafts(lines: list[_Line], body: float) -> list[Draft]:
    drafts: list[Draft] = []
    current: Draft | None = None
    pending: list[_Line] = []  # heading-size lines: a kicker, a subtitle or section headings
    para: _Para | None = None
    previous: _Line | None = None
    kind_before = ""
    for line in lines:
        kind = (
            "headline" if line.size >= body * HEADLINE_RATIO else "heading" if line.size >= body * HEADING_RATIO else ""
        )
        if kind == "headline":
            if kind_before == "headline" and current is not None and _same_paragraph(previous, line):
                current.title = _join(current.title, line.text)  # a headline set on two lines
            else:
                kicker = " ".join(p.text for p in pending)
                current = Draft(title=line.text, kicker=kicker, page=line.page)
                drafts.append(current)
                pending, para = [], None
        elif kind == "heading":
            if kind_before == "heading" and pending and _same_paragraph(previous, line):
                pending[-1].text = _join(pending[-1].text, line.text)
            else:
                pending.append(line)
        else:
            if current is None:
                current = Draft(page=line.page)
                drafts.append(current)
            if pending:
                if not current.paragraphs and not current.subtitle and current.title:
                    current.subtitle = pending.pop(0).text
                for heading in pending:
                    current.add("## " + heading.text, heading.page)
                pending, para = [], None
            if para is None or _starts_paragraph(previous, line):
                para = _Para([line])
                current.paragraphs.append((line.text, line.page))
            else:
                para.lines.append(line)
                current.paragraphs[-1] = (para.text, current.paragraphs[-1][1])
        kind_before = kind
        previous = line
    if current is not None:
        for heading in pending:
            current.add("## " + heading.text, heading.page)
    return drafts


def _same_paragraph(previous: _Line | None, line: _Line) -> bool:
    """The next line of a headline: no more than the line spacing below the last one."""
    if previous is None:
        return False
    if previous.page != line.page or previous.column != line.column:
        return True
    return line.top - previous.bottom <= line.size * 0.6


def _starts_paragraph(previous: _Line | None, line: _Line) -> bool:
    if previous is None:
        return True
    size = line.size
    left, right = line.column
    if line.x0 > left + size * 0.8:  # a first-line indent
        return True
    # The line before stopped short: the next line's first word would have fitted on it,
    # with room to spare for what a wrap leaves (a narrow digit or comma, an opening quote
    # carried over).
    first = _FIRST_WORD_RE.match(line.text)
    word = len(first.group()) * size * 0.55 if first else size
    if previous.x1 + word + size * 2 < previous.column[1]:
        return True
    same_column = previous.page == line.page and previous.column == line.column
    return same_column and line.top - previous.bottom > size * 1.2


def _join(text: str, more: str) -> str:
    """Lines joined as one text: CJK runs straight on, words with a space, a hyphenated word whole."""
    if not text:
        return more
    if not more:
        return text
    if _WORD_BREAK_RE.search(text) and more[:1].islower():
        return text[:-1] + more
    if re.match(f"[{_CJK}]", text[-1]) or re.match(f"[{_CJK}]", more[0]) or text.endswith(" "):
        return text + more
    return text + " " + more
