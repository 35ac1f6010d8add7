"""Helpers for the pipeline tests: plain Python, no database."""

import pytest

from articles.extraction import Lexicon, extract_page


@pytest.fixture(scope="session")
def lexicon():
    return Lexicon.from_files()


@pytest.fixture
def extract(lexicon):
    def run(text, **kwargs):
        kwargs.setdefault("lexicon", lexicon)
        return extract_page(text, **kwargs)

    return run


def all_of(page, field):
    return [item for article in page.articles for item in getattr(article, field)]


def unit_names(page):
    return {u.name for u in all_of(page, "units")}


def unit_forms(page):
    return {form for u in all_of(page, "units") for form in (u.name, *u.aliases)}
