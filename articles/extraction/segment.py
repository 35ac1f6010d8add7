"""Word segmentation: one jieba tokenizer per process, with our user dictionary.

We use our own `jieba.Tokenizer()` rather than jieba's global one, so nothing
else in the process changes our dictionary and we change nobody else's. The
part-of-speech tag of a word is read from jieba's dictionary file once (a dict
lookup per token); jieba.posseg is not used, it is several times slower.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import jieba

jieba.setLogLevel(logging.WARNING)

_LOCK = threading.Lock()
_TOKENIZER: jieba.Tokenizer | None = None
_TAGS: dict[str, str] = {}
_ADDED: set[str] = set()
_INITIALISERS: list = []
_READY = False


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


def on_first_use(initialiser) -> None:
    """Run `initialiser()` once, before the first segmentation (it may add words)."""
    _INITIALISERS.append(initialiser)


def tokenizer() -> jieba.Tokenizer:
    global _TOKENIZER, _READY
    if _TOKENIZER is None:
        with _LOCK:
            if _TOKENIZER is None:
                tk = jieba.Tokenizer()
                tk.initialize()
                _load_tags(tk)
                _TOKENIZER = tk
    if not _READY:
        _READY = True
        for initialiser in _INITIALISERS:
            initialiser()
    return _TOKENIZER


def _load_tags(tk: jieba.Tokenizer) -> None:
    with tk.get_dict_file() as handle:
        for raw in handle:
            parts = raw.decode("utf-8", "ignore").split()
            if len(parts) >= 3:
                _TAGS[parts[0]] = parts[2]


def tag(word: str) -> str | None:
    """The word's part-of-speech tag in the dictionary; None for a word jieba made up (HMM)."""
    return _TAGS.get(word)


def frequency(word: str) -> int:
    return tokenizer().FREQ.get(word, 0)


def add_words(words: Iterable[str], *, freq: int, tag_name: str | None = None, keep_higher: bool = True) -> None:
    """Add words to the user dictionary (idempotent; an existing higher frequency is kept)."""
    tk = tokenizer()
    with _LOCK:
        for word in words:
            if not word or len(word) < 2:
                continue
            if word in _ADDED and _TAGS.get(word) == tag_name:
                continue
            current = tk.FREQ.get(word, 0)
            if not (keep_higher and current >= freq):
                tk.add_word(word, freq)
            if tag_name and (word not in _TAGS or _TAGS[word] not in ("ns", "nt")):
                _TAGS[word] = tag_name
            _ADDED.add(word)


def tokenize(text: str) -> list[Token]:
    """One segmentation pass over `text`; tokens carry their offsets."""
    return [Token(w, s, e) for w, s, e in tokenizer().tokenize(text, HMM=True)]


# jieba segments each run of these characters on its own, so a run's tokens do not
# depend on the text around it.
_BLOCK_RE = jieba.re_han_default


def tokenize_where(text: str, wanted: Callable[[str], bool]) -> list[Token]:
    """The tokens `tokenize(text)` gives inside the runs for which `wanted(run)` is
    true; the other runs are not segmented at all."""
    tk = tokenizer()
    tokens: list[Token] = []
    for match in _BLOCK_RE.finditer(text):
        block = match.group()
        if not wanted(block):
            continue
        offset = match.start()
        tokens.extend(Token(w, s + offset, e + offset) for w, s, e in tk.tokenize(block, HMM=True))
    return tokens
