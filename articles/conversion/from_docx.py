"""A Word document (.docx) → page text (python-docx).

Paragraphs and tables are read in document order. The Title and Heading styles
say what a paragraph is: the heading level with text under it gives the
headlines (one article each), a heading right above a headline is its 引题 and
one right below it its subtitle; the Subtitle style is a subtitle wherever it
stands. A table gives a line per row; an award list (unit and honour columns)
gives one honour per row (layout.table_lines).
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from .errors import ConversionError
from .layout import Block, clean_line, drafts_from_blocks, lay_out

_HEADING_RE = re.compile(r"^(?:Heading|标题)\s*(\d)$", re.I)


def docx_text(data: bytes) -> str:
    try:
        document = docx.Document(BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ConversionError("不是可读的 Word 文档（.docx），文件可能已损坏或是改了扩展名的其他文件") from exc
    except Exception as exc:  # lxml's XMLSyntaxError and the like: a damaged document part
        raise ConversionError(f"Word 文档已损坏，无法读取（{type(exc).__name__}）") from exc
    blocks: list[Block] = []
    # Style names by id, read once: python-docx looks a paragraph's style up anew each
    # time (it walked the style sheet for every paragraph, most of the conversion's time).
    styles = {style.style_id: style.name for style in document.styles}
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            _paragraph(item, styles.get(item._p.style) or "", blocks)
        elif isinstance(item, Table):
            _table(item, blocks)
    title = clean_line(document.core_properties.title or "")
    drafts = drafts_from_blocks(blocks, title)
    text, _ = lay_out(drafts)
    if not text.strip():
        raise ConversionError("Word 文档中没有文字")
    return text


def _paragraph(paragraph: Paragraph, style: str, blocks: list[Block]) -> None:
    lines = [clean_line(line) for line in paragraph.text.split("\n")]
    for line in filter(None, lines):
        if style == "Title":
            blocks.append(Block(line, level=1))
        elif style == "Subtitle":
            blocks.append(Block(line, role="subtitle"))
        elif match := _HEADING_RE.match(style):
            blocks.append(Block(line, level=min(int(match.group(1)) + 1, 6)))
        else:
            blocks.append(Block(line))


def _table(table: Table, blocks: list[Block]) -> None:
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = clean_line(cell.text)
            # A merged cell comes back once per column it spans.
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            blocks.append(Block("", cells=tuple(cells)))
