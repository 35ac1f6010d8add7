"""Character-level helpers shared by the stages: normalisation, sentences, quotes.

Everything works on plain `str` and returns spans into the string it was given,
so evidence can always be cut back out of the article text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

# Half-width punctuation that Chinese text should carry in its full-width form.
_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
# Full-width characters whose NFKC form is the one we keep (letters, digits, spaces).
_NFKC_RANGES = (("\uff10", "\uff19"), ("\uff21", "\uff3a"), ("\uff41", "\uff5a"))
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES_RE = re.compile("[ \t\u00a0\u3000\u2002\u2003\u2009]+")
_HALF_PUNCT_RE = re.compile(r"[,;:?!()]")
_CONTEXT_RE = re.compile(f"[{CJK}“”‘’「」『』《》（）【】、。，；：？！…—]")

SENTENCE_END = "。！？!?…"
CLOSERS = "”’」』）)》】"
_SENTENCE_RE = re.compile(f"[^{SENTENCE_END}\n]*(?:[{SENTENCE_END}]+[{CLOSERS}]*|$)", re.M)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def _nfkc_table() -> dict[int, str]:
    table = {}
    for low, high in _NFKC_RANGES:
        for code in range(ord(low), ord(high) + 1):
            table[code] = unicodedata.normalize("NFKC", chr(code))
    return table


_NFKC_TABLE = _nfkc_table()


def normalise_line(line: str) -> str:
    """Normalise one line of page text.

    Full-width letters and digits become ASCII (NFKC) so numbers and dates parse
    the same way everywhere; half-width punctuation between Chinese characters
    becomes full-width, so a page that mixes both reads one way. Quotes, dashes
    and the ideographic full stop are left as written.
    """
    line = _INVISIBLE_RE.sub("", line).translate(_NFKC_TABLE)
    return _full_width_punctuation(_SPACES_RE.sub(" ", line).strip())


def _full_width_punctuation(line: str) -> str:
    chars: list[str] | None = None
    for found in _HALF_PUNCT_RE.finditer(line):
        i = found.start()
        # A mark turned full-width just before counts as the Chinese text it now is.
        before = (chars or line)[i - 1] if i else ""
        after = line[i + 1] if i + 1 < len(line) else ""
        # Keep 10:30, 1,000 and (1) as written: only punctuation touching Chinese text changes.
        if before.isdigit() and after.isdigit():
            continue
        if _CONTEXT_RE.match(before or " ") or _CONTEXT_RE.match(after or " "):
            chars = chars or list(line)
            chars[i] = _TO_FULL[found.group()]
    return line if chars is None else "".join(chars)


def normalise_page(text: str) -> str:
    """normalise_line on every line; what does not depend on the line is done once."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES_RE.sub(" ", _INVISIBLE_RE.sub("", text).translate(_NFKC_TABLE))
    return "\n".join(_full_width_punctuation(line.strip()) for line in text.split("\n"))


def sentences(text: str, offset: int = 0) -> list[Span]:
    """Sentences of `text` (ending at 。！？… or a line end), with spans."""
    out = []
    for m in _SENTENCE_RE.finditer(text):
        raw = m.group(0)
        if not raw.strip():
            continue
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        start = m.start() + lead
        out.append(Span(start + offset, start + offset + len(body), body))
    return out


def strip_quotes(text: str) -> str:
    return re.sub("[“”‘’\"'「」『』《》]", "", text)
