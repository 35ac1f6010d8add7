"""Usual short forms of organisation names and the standard names they stand for.

Plain Python (no Django): the extraction pipeline writes a name out in full with it
(市检察院 → 菏泽市人民检察院), and the registry's duplicate finder compares names with it
(菏泽市市场监管局 and 菏泽市市场监督管理局 are one bureau). data/org_expansions.tsv is the list.
"""

from __future__ import annotations

from pathlib import Path

_DATA = Path(__file__).resolve().parent / "data" / "org_expansions.tsv"


def _pairs() -> list[tuple[str, str]]:
    lines = _DATA.read_text(encoding="utf-8").splitlines()
    pairs = [tuple(line.split("\t")[:2]) for line in lines if line.strip() and not line.startswith("#")]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


EXPANSIONS: list[tuple[str, str]] = _pairs()


def expand_body(body: str) -> str:
    """Standard full names for usual short endings: 检察院 → 人民检察院, 市场监管局 → 市场监督管理局."""
    for short, full in EXPANSIONS:
        if body.endswith(short) and not body.endswith(full):
            head = body[: -len(short)]
            if full.startswith("人民") and head.endswith("人民"):
                continue
            return head + full
    return body
