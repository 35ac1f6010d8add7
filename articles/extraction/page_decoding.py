"""A page file's bytes → its text, or a PageError for what is not text.

A page comes as UTF-8 (with or without a BOM), UTF-16 or GB18030/GBK; binary
files and wrong decodings are told apart by the characters they produce.
"""

from __future__ import annotations

import re


class PageError(ValueError):
    """The file cannot be read as a page of text (binary, empty, undecodable)."""


def decode_page(data: bytes) -> tuple[str, str]:
    """Bytes of a page file → (text, encoding name). Raises PageError for what is not text."""
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise PageError("文件为空")
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        if b"\x00" in data[:4096]:
            raise PageError("不是文本文件（含二进制内容）")
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        problem = _not_text(text)
        if problem:
            raise PageError(problem)
        return text, encoding
    raise PageError("无法识别的文本编码（支持 UTF-8、GB18030/GBK）")


# Control characters a text file does not hold (tab, newlines and form feed aside).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
# What a wrong decoding makes of bytes: private use (GB18030 of random bytes),
# C1 controls, the replacement character, and the rare CJK extension planes.
_ODD_RE = re.compile("[\ue000-\uf8ff\x80-\x9f\ufffd\U00020000-\U0010ffff]")


def _not_text(text: str) -> str | None:
    if not text.strip():
        return "文件为空"
    sample = text[:20000]
    # Counted by regular expression: a character-by-character test cost as much as
    # segmenting a page's prose.
    if len(_CONTROL_RE.findall(sample)) > max(2, len(sample) // 200):
        return "不是文本文件（含控制字符）"
    if len(_ODD_RE.findall(sample)) > len(sample) // 10:
        return "不是可读的中文文本（疑似编码错误或二进制文件）"
    return None
