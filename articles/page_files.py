"""Reading page files for an import: the file to import (`PageInput`), read,
checked and hashed (`page_read`), or refused with the reason its PageFile will
carry (`PageFileError`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)


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


def page_read(page: PageInput | Path | str) -> PageRead:
    """Read and hash one page file, refusing one that is missing, empty or too large."""
    if not isinstance(page, PageInput):
        path = Path(page)
        try:
            page = PageInput.from_path(path)
        except OSError as exc:
            return PageRead(file_name=str(path)[-255:], failure=f"{path}：无法读取（{exc.strerror or exc}）")
    file_name = page.file_name[-255:]
    limit = settings.WENMING_MAX_PAGE_BYTES
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
