"""The registry resolves finished names; it never moves a name's boundaries (issue #11.3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from articles.extraction import Lexicon, decode_page, extract_page
from articles.run_importer import lexicon_build
from articles.services import run_import

SEEDS = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "pages").glob("*.txt"))


def names(page_path: Path, lexicon: Lexicon) -> set[str]:
    text, _ = decode_page(page_path.read_bytes())
    page = extract_page(text, lexicon=lexicon, file_name=page_path.name)
    return {form for article in page.articles for unit in article.units for form in (unit.name, *unit.aliases)}


@pytest.mark.parametrize("page", SEEDS, ids=lambda p: p.stem)
def test_a_page_names_the_same_units_against_an_empty_and_a_filled_registry(db, page):
    alone = names(page, Lexicon.from_files())
    run_import(pages=[other for other in SEEDS if other != page])
    filled = lexicon_build()
    assert filled.units, "the other pages filled the registry"

    assert names(page, filled) == alone
