"""Reading page files for an import: the file to import (`PageInput`), read,
checked and hashed (`page_read`), or refused with the reason its PageFile will
carry (`PageFileError`); and the provenance an HTML, PDF or Word page keeps: the
original file, its converted text and, for a PDF, each article's page.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from articles.conversion import ConvertedPage
from articles.models import Article, PageFile

logger = logging.getLogger(__name__)

DOCUMENT_SUFFIXES = (".pdf", ".docx")


@dataclass(frozen=True)
class PageInput:
    """A page file to import: its name and a way to read it. The size is known
    before reading, so an over-size file is refused without loading it."""

    file_name: str
    size: int
    read: Callable[[], bytes]

    @classmethod
    def from_path(cls, path: Path | str) -> PageInput:
        path = Path(path)
        return cls(file_name=str(path), size=path.stat().st_size, read=path.read_bytes)

    @classmethod
    def from_bytes(cls, file_name: str, data: bytes) -> PageInput:
        return cls(file_name=file_name, size=len(data), read=lambda: data)


class PageFileError(ValueError):
    """A page file that cannot be imported (empty, too large, binary, undecodable)."""


@dataclass
class PageRead:
    """A page file read and hashed, or the reason it cannot be imported (`failure`,
    the message its PageFile carries)."""

    file_name: str  # as stored: its last 255 characters
    size: int = 0
    sha256: str = ""
    data: bytes | None = None
    failure: str = ""


def page_size_limit(file_name: str) -> int:
    """The largest page file the importer reads: PDF and Word files have their own limit."""
    if Path(file_name).suffix.lower() in DOCUMENT_SUFFIXES:
        return settings.WENMING_MAX_DOCUMENT_BYTES
    return settings.WENMING_MAX_PAGE_BYTES


def page_read(page: PageInput | Path | str) -> PageRead:
    """Read and hash one page file, refusing one that is missing, empty or too large."""
    if not isinstance(page, PageInput):
        path = Path(page)
        try:
            page = PageInput.from_path(path)
        except OSError as exc:
            return PageRead(file_name=str(path)[-255:], failure=f"{path}：无法读取（{exc.strerror or exc}）")
    file_name = page.file_name[-255:]
    limit = page_size_limit(page.file_name)
    size = page.size
    try:
        if page.size > limit:
            raise PageFileError(f"文件过大（{page.size:,} 字节，上限 {limit:,} 字节）")
        if page.size == 0:
            raise PageFileError("文件为空")
        try:
            data = page.read()
        except OSError as exc:
            raise PageFileError(f"无法读取（{exc.strerror or exc}）") from exc
        size = len(data)
        if size > limit:
            raise PageFileError(f"文件过大（{size:,} 字节，上限 {limit:,} 字节）")
        if size == 0:
            raise PageFileError("文件为空")
    except PageFileError as exc:
        return PageRead(file_name=file_name, size=size, failure=f"{file_name}：{exc}")
    except Exception as exc:
        logger.exception("reading %s failed", file_name)
        return PageRead(file_name=file_name, size=size, failure=f"{file_name}：导入出错（{exc}）")
    return PageRead(file_name=file_name, size=size, sha256=hashlib.sha256(data).hexdigest(), data=data)


def page_file_provenance(converted: ConvertedPage | None) -> dict:
    """The PageFile fields that say what a page was converted from."""
    if converted is None or converted.format == "text":
        return {}
    return {
        "format": converted.format,
        "converted_text": converted.text,
        "pdf_page_starts": list(converted.pages),
    }


def page_original_keep(page_file: PageFile, data: bytes) -> None:
    """Keep an HTML, PDF or Word page as it came, named by its hash: a file imported
    again (or left behind by a rolled-back import) is the same file, stored once."""
    if page_file.format == PageFile._meta.get_field("format").default:
        return
    name = f"pages/{page_file.sha256[:2]}/{page_file.sha256}.{page_file.format}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(data))
    page_file.original.name = name
    page_file.save(update_fields=["original"])


def articles_pdf_page_set(page_file: PageFile) -> None:
    """Each new article of a PDF page: the page its headline is printed on."""
    if not page_file.pdf_page_starts:
        return
    text = page_file.converted_text
    cursor = 0
    changed = []
    for article in page_file.articles.order_by("position"):
        found = text.find(article.title, cursor) if article.title else -1
        offset = found if found >= 0 else text.find(article.text[:40], cursor)
        if offset < 0:
            continue
        cursor = offset
        article.pdf_page = page_file.pdf_page_at(offset)
        changed.append(article)
    Article.objects.bulk_update(changed, ["pdf_page"])
