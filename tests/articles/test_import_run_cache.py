"""The import run's cache of registry look-ups: a unit's awards are read once
per run, yet never hide a row from the next file nor hand out one that was
rolled back."""

from __future__ import annotations

import uuid

import pytest
from django.db import transaction

from articles.extraction.records import ArticleExtraction, Evidence, HonourMention, PageExtraction, UnitMention
from articles.models import ImportRun, PageFile
from articles.registry_cache import ImportCache
from articles.storing import page_extraction_store
from units.models import Honour, HonourAward, Unit

SENTENCE = "市委办公室2020年被授予全国文明单位称号。"


class _Rollback(Exception):
    pass


@pytest.fixture
def run(db):
    Honour.objects.create(name="全国文明单位", level=Honour.Level.NATIONAL, category=Honour.Category.CIVILISED_UNIT)
    return ImportRun.objects.create(key=uuid.uuid4())


def page(run: ImportRun, name: str) -> PageFile:
    return PageFile.objects.create(import_run=run, file_name=name, sha256=uuid.uuid4().hex * 2, status="imported")


def extraction(title: str, year: int = 2020) -> PageExtraction:
    text = SENTENCE.replace("2020", str(year))
    evidence = Evidence(sentence=text, start=0, end=len(text))
    return PageExtraction(
        articles=(
            ArticleExtraction(
                title=title,
                text=text,
                units=(UnitMention(name="菏泽市委办公室", aliases=("市委办公室",), evidence=evidence),),
                honours=(HonourMention(unit="菏泽市委办公室", honour="全国文明单位", year=year, evidence=evidence),),
            ),
        )
    )


def store(run: ImportRun, name: str, cache: ImportCache, title: str, year: int = 2020):
    with transaction.atomic():
        counts = page_extraction_store(extraction=extraction(title, year), page_file=page(run, name), cache=cache)
    cache.commit()
    return counts


def test_an_award_stored_by_an_earlier_file_of_the_run_is_not_stored_again(run):
    cache = ImportCache()
    store(run, "one.txt", cache, "第一篇")
    counts = store(run, "two.txt", cache, "转载")
    assert HonourAward.objects.count() == 1
    assert counts.honour_awards_skipped == 1


def test_the_award_of_a_rolled_back_file_is_stored_by_the_next_file(run):
    cache = ImportCache()
    with pytest.raises(_Rollback), transaction.atomic():
        page_extraction_store(extraction=extraction("第一篇"), page_file=page(run, "one.txt"), cache=cache)
        raise _Rollback
    cache.discard()
    store(run, "two.txt", cache, "转载")
    assert HonourAward.objects.count() == 1


def test_after_a_conflict_the_run_sees_an_award_another_import_added(run):
    cache = ImportCache()
    store(run, "one.txt", cache, "第一篇")
    # Another import, running at the same time, stores the 2021 award after this
    # run read the unit's awards; the conflict it causes makes the run forget.
    HonourAward.objects.create(unit=Unit.objects.get(), honour=Honour.objects.get(), year=2021)
    cache.forget()
    counts = store(run, "two.txt", cache, "次年", year=2021)
    assert HonourAward.objects.filter(year=2021).count() == 1
    assert counts.honour_awards_skipped == 1
