"""Telling a page file's format and dispatching it to its converter."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePath

from articles.extraction import PageError, decode_page

from .errors import ConversionError
from .from_docx import docx_text
from .from_html import html_text
from .from_pdf import pdf_text

# format → (the suffixes that name it, the label staff see)
FORMATS: dict[str, tuple[tuple[str, ...], str]] = {
    "text": ((".txt",), "纯文本"),
    "html": ((".html", ".htm", ".shtml", ".xhtml"), "网页"),
    "pdf": ((".pdf",), "PDF"),
    "docx": ((".docx",), "Word"),
}


def supported_suffixes() -> tuple[str, ...]:
    return tuple(suffix for suffixes, _ in FORMATS.values() for suffix in suffixes)


@dataclass(frozen=True)
class ConvertedPage:
    """A page file's text as the extractor reads it.

    `encoding` is what the importer records for the file: the text encoding of a
    .txt or HTML page, the format's name for the others. `pages` gives, for a PDF,
    the offset in `text` where each printed page starts (page 1 first)."""

    text: str
    format: str
    encoding: str
    pages: tuple[int, ...] = ()

    def page_at(self, offset: int) -> int | None:
        """The PDF page (from 1) that holds the character at `offset` of `text`."""
        number = None
        for index, start in enumerate(self.pages, start=1):
            if start > offset:
                break
            number = index
        return number


def _suffix(file_name: str) -> str:
    return PurePath(file_name).suffix.lower()


def page_format(file_name: str, data: bytes) -> str:
    """text, html, pdf or docx: by the file's first bytes, then its extension."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    suffix = _suffix(file_name)
    if data.startswith(b"%PDF") or suffix == ".pdf":
        return "pdf"
    if data.startswith(b"PK\x03\x04") or suffix == ".docx":
        return "docx"
    if suffix in FORMATS["html"][0] or head.startswith((b"<!doctype html", b"<html", b"<?xml")):
        return "html"
    return "text"


def page_convert(file_name: str, data: bytes) -> ConvertedPage:
    """A page file's bytes → its text; raises ConversionError for a file it cannot read."""
    kind = page_format(file_name, data)
    if kind == "text":
        try:
            text, encoding = decode_page(data)
        except PageError as exc:
            raise ConversionError(str(exc)) from exc
        return ConvertedPage(text=text, format="text", encoding=encoding)
    if not data.strip():
        raise ConversionError("文件为空")
    if kind == "pdf":
        text, pages = pdf_text(data)
        return ConvertedPage(text=text, format="pdf", encoding="PDF", pages=pages)
    if kind == "docx":
        _require_docx(file_name, data)
        text = docx_text(data)
        return ConvertedPage(text=text, format="docx", encoding="DOCX")
    text, encoding = html_text(data)
    return ConvertedPage(text=text, format="html", encoding=f"HTML/{encoding}")


def _require_docx(file_name: str, data: bytes) -> None:
    if not data.startswith(b"PK\x03\x04"):
        raise ConversionError("不是 Word 文档（.docx），文件内容不是 DOCX 格式")
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
            broken = archive.testzip()
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise ConversionError("Word 文档已损坏或不完整，无法打开") from exc
    if broken is not None:
        raise ConversionError(f"Word 文档已损坏（{broken} 校验失败）")
    if "word/document.xml" not in names:
        if _suffix(file_name) != ".docx":
            raise ConversionError("不是页面文件，而是压缩包（ZIP）：请解压后导入其中的页面文件")
        raise ConversionError("不是 Word 文档（.docx）：压缩包里没有 Word 正文（word/document.xml）")
