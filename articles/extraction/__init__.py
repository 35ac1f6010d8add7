"""The extraction pipeline: newspaper page text in, records with evidence out.

Plain Python (no Django): `extract_page` turns a page into `PageExtraction`
records; `decode_page` turns a page file's bytes into text. The Django side
(`articles.lexicon`, `articles.services`) supplies the `Lexicon` and stores
the records.
"""

from .lexicon import Campaign, CatalogueHonour, HashedOnceLexicon, Lexicon, RegisteredUnit, load_honour_catalogue
from .page_decoding import PageError, decode_page
from .pipeline import extract_page
from .records import (
    ActivityMention,
    ArticleExtraction,
    Evidence,
    HonourMention,
    Organiser,
    PageExtraction,
    PartialDate,
    UnitMention,
    VolunteerMention,
)
from .serialise import page_to_json

__all__ = [
    "ActivityMention",
    "ArticleExtraction",
    "Campaign",
    "CatalogueHonour",
    "Evidence",
    "HonourMention",
    "HashedOnceLexicon",
    "Lexicon",
    "Organiser",
    "PageError",
    "PageExtraction",
    "PartialDate",
    "RegisteredUnit",
    "UnitMention",
    "VolunteerMention",
    "decode_page",
    "extract_page",
    "load_honour_catalogue",
    "page_to_json",
]
