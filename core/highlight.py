"""Evidence shown where it was read: an article's text with record spans in <mark>.

Everything from the article is escaped; only the <mark>, <a> and <sup> tags built
here are markup. Spans come from the record (evidence_start/end); a record whose
span is missing or does not match its sentence is placed by searching the sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


def record_span(text: str, record) -> tuple[int, int] | None:
    """Where the record's evidence sentence lies in `text`, or None."""
    start, end, sentence = record.evidence_start, record.evidence_end, record.evidence or ""
    if start is not None and end is not None and 0 <= start <= end <= len(text):
        if not sentence or text[start:end] == sentence:
            return start, end
    if sentence:
        found = text.find(sentence)
        if found >= 0:
            return found, found + len(sentence)
    return None


def evidence_in_context(text: str, record, *, context: int = 150) -> SafeString:
    """The evidence sentence in <mark>, with up to `context` characters either side."""
    span = record_span(text, record)
    if span is None:
        sentence = record.evidence or ""
        return format_html('<mark class="evidence">{}</mark>', sentence) if sentence else mark_safe("")
    start, end = span
    before_start = max(0, start - context)
    after_end = min(len(text), end + context)
    return format_html(
        '{}{}<mark class="evidence">{}</mark>{}{}',
        "…" if before_start > 0 else "",
        text[before_start:start],
        text[start:end],
        text[end:after_end],
        "…" if after_end < len(text) else "",
    )


@dataclass(frozen=True)
class MarkedRecord:
    number: int
    record: object
    label: str
    url: str
    span: tuple[int, int] | None


def text_with_records(
    text: str, records: Sequence, *, url_for: Callable[[object], str], label_for: Callable[[object], str]
) -> tuple[SafeString, list[MarkedRecord]]:
    """The whole text with every record's span in <mark> and a numbered link after it.

    Spans may overlap (an award sentence is also its unit's sentence): the text is cut
    at every span boundary, each piece is marked once, with the numbers of all records
    covering it in its title. Returns the HTML and the numbered records for a legend."""
    marked = [
        MarkedRecord(number=i, record=r, label=label_for(r), url=url_for(r), span=record_span(text, r))
        for i, r in enumerate(records, start=1)
    ]
    placed = [m for m in marked if m.span is not None]
    cuts = sorted({0, len(text), *(m.span[0] for m in placed), *(m.span[1] for m in placed)})
    ends_at: dict[int, list[MarkedRecord]] = {}
    for m in placed:
        ends_at.setdefault(m.span[1], []).append(m)

    parts: list[str] = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        piece = text[left:right]
        covering = [m for m in placed if m.span[0] <= left and right <= m.span[1] and m.span[0] < m.span[1]]
        if covering:
            title = "；".join(f"[{m.number}] {m.label}" for m in covering)
            parts.append(format_html('<mark class="record" title="{}">{}</mark>', title, piece))
        else:
            parts.append(escape(piece))
        for m in ends_at.get(right, ()):
            parts.append(
                format_html('<sup class="record-ref"><a href="{}" title="{}">[{}]</a></sup>', m.url, m.label, m.number)
            )
    return mark_safe("".join(parts)), marked
