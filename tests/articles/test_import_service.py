"""The importer service: page files in, pending records with evidence out.

Two levels: `page_extraction_store` is fed hand-built extraction dataclasses, so
each mapping rule (aliases, awards, dates, organisers …) is tested exactly;
`run_import` is fed small page files of our own, written to tmp_path, through
the real extraction pipeline.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest

from articles.extraction.records import (
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
from articles.history_rows import import_change_reason
from articles.models import Article, ImportRun, PageFile
from articles.services import PageInput, run_import
from articles.storing import content_hash, page_extraction_store
from campaigns.models import Activity, ActivityOrganiser, Campaign, VolunteerRecord
from core.models import DatePrecision, ReviewStatus
from tests.articles.pages import HONOUR_PAGE, OTHER_PAGE, PAGE
from units.models import Honour, HonourAward, HonourRound, Region, Unit, UnitAlias

# ---------------------------------------------------------------------------
# Store level: hand-built extractions

TEXT = (
    "3月13日，鲁西新区综合行政执法局联合菏泽市文明办在银座广场开展3·15主题宣传活动。"
    "市委办公室2020年被授予全国文明单位称号。"
    "去年以来，市委办公室志愿服务时长超1200小时，服务群众300余人次。"
)


def ev(sentence: str, text: str = TEXT) -> Evidence:
    start = text.index(sentence)
    return Evidence(sentence=sentence, start=start, end=start + len(sentence))


HONOUR_SENTENCE = "市委办公室2020年被授予全国文明单位称号。"
ACTIVITY_SENTENCE = "3月13日，鲁西新区综合行政执法局联合菏泽市文明办在银座广场开展3·15主题宣传活动。"
VOLUNTEER_SENTENCE = "去年以来，市委办公室志愿服务时长超1200小时，服务群众300余人次。"


def article(**overrides) -> ArticleExtraction:
    values = dict(title="勇担职责使命 谱写文明新篇", text=TEXT, date=PartialDate(2024, 3, 13))
    values.update(overrides)
    return ArticleExtraction(**values)


def office(**overrides) -> UnitMention:
    values = dict(
        name="菏泽市委办公室",
        aliases=("市委办公室",),
        kind="party_government",
        region="山东省菏泽市",
        evidence=ev(HONOUR_SENTENCE),
    )
    values.update(overrides)
    return UnitMention(**values)


def award(**overrides) -> HonourMention:
    values = dict(
        unit="菏泽市委办公室", honour="全国文明单位", level="national", year=2020, evidence=ev(HONOUR_SENTENCE)
    )
    values.update(overrides)
    return HonourMention(**values)


@pytest.fixture
def page_file(db):
    run = ImportRun.objects.create(key=uuid.uuid4())
    return PageFile.objects.create(import_run=run, file_name="page.txt", sha256="0" * 64, status="imported")


@pytest.fixture
def catalogue(db):
    return Honour.objects.create(
        name="全国文明单位",
        aliases=["全国文明单位称号"],
        level=Honour.Level.NATIONAL,
        category=Honour.Category.CIVILISED_UNIT,
    )


@pytest.fixture
def heze(db):
    province = Region.objects.create(name="山东省", full_name="山东省", level=Region.Level.PROVINCE)
    return Region.objects.create(
        name="菏泽市", full_name="山东省菏泽市", level=Region.Level.PREFECTURE, parent=province
    )


def store(page_file, *articles: ArticleExtraction, user=None):
    return page_extraction_store(extraction=PageExtraction(articles=articles), page_file=page_file, user=user)


def test_it_stores_the_article_with_its_hash_and_date(page_file):
    store(page_file, article(subtitle="——纪实", bylines=("张慧",), position=2))
    stored = Article.objects.get()
    assert stored.content_hash == content_hash("勇担职责使命 谱写文明新篇", TEXT)
    assert (stored.published_on, stored.date_precision) == (date(2024, 3, 13), DatePrecision.DAY)
    assert (stored.bylines, stored.position, stored.page_file, stored.import_run) == (
        ["张慧"],
        2,
        page_file,
        page_file.import_run,
    )


def test_records_are_pending_with_their_evidence_span(page_file, catalogue):
    store(page_file, article(units=(office(),), honours=(award(),)))
    record = HonourAward.objects.get()
    stored = Article.objects.get()
    assert record.review_status == ReviewStatus.PENDING
    assert record.article == stored
    assert stored.text[record.evidence_start : record.evidence_end] == record.evidence == HONOUR_SENTENCE


def test_a_span_that_misses_its_sentence_is_corrected_from_the_text(page_file, catalogue):
    wrong = Evidence(sentence=HONOUR_SENTENCE, start=0, end=len(HONOUR_SENTENCE))
    store(page_file, article(units=(office(),), honours=(award(evidence=wrong),)))
    record = HonourAward.objects.get()
    assert TEXT[record.evidence_start : record.evidence_end] == HONOUR_SENTENCE


def test_a_new_unit_is_created_pending_with_its_aliases_and_region(page_file, heze):
    store(page_file, article(units=(office(),)))
    unit = Unit.objects.get()
    assert (unit.name, unit.kind, unit.region, unit.review_status) == (
        "菏泽市委办公室",
        "party_government",
        heze,
        ReviewStatus.PENDING,
    )
    assert list(unit.aliases.values_list("name", "review_status")) == [("市委办公室", "pending")]


def test_a_region_is_found_by_its_short_name_too(page_file, heze):
    store(page_file, article(units=(office(region="菏泽市"),)))
    assert Unit.objects.get().region == heze


def test_a_known_unit_under_a_new_alias_gets_the_alias_not_a_new_unit(page_file):
    known = Unit.objects.create(name="菏泽市委办公室")
    UnitAlias.objects.create(unit=known, name="市委办公室")
    store(page_file, article(units=(office(aliases=("市委办公室", "菏泽市委办")),)))
    assert list(Unit.objects.all()) == [known]
    new_alias = UnitAlias.objects.get(name="菏泽市委办")
    assert (new_alias.unit, new_alias.review_status) == (known, ReviewStatus.PENDING)
    assert UnitAlias.objects.filter(name="市委办公室").count() == 1


def test_a_mention_named_by_an_existing_alias_finds_its_unit(page_file):
    known = Unit.objects.create(name="菏泽市人民检察院")
    UnitAlias.objects.create(unit=known, name="菏泽市检察院")
    store(page_file, article(units=(UnitMention(name="菏泽市检察院", aliases=("市检察院",)),)))
    assert list(Unit.objects.all()) == [known]
    assert set(known.aliases.values_list("name", flat=True)) == {"菏泽市检察院", "市检察院"}


def test_a_mention_whose_alias_is_a_registry_name_finds_that_unit(page_file):
    known = Unit.objects.create(name="菏泽市检察院")
    store(page_file, article(units=(UnitMention(name="菏泽市人民检察院", aliases=("菏泽市检察院",)),)))
    assert list(Unit.objects.all()) == [known]
    assert list(known.aliases.values_list("name", flat=True)) == ["菏泽市人民检察院"]


def test_an_alias_shared_by_two_units_resolves_by_region(page_file, heze):
    jinan = Region.objects.create(name="济南市", full_name="山东省济南市", level=Region.Level.PREFECTURE)
    elsewhere = Unit.objects.create(name="济南市委办公室", region=jinan)
    UnitAlias.objects.create(unit=elsewhere, name="市委办公室")
    local = Unit.objects.create(name="菏泽市委办公室", region=heze)
    UnitAlias.objects.create(unit=local, name="市委办公室")
    store(page_file, article(units=(office(name="市委办公室", aliases=()),), honours=(award(unit="市委办公室"),)))
    assert Unit.objects.count() == 2
    assert HonourAward.objects.get().unit == local


def test_a_unit_named_by_several_articles_of_a_page_is_created_once(page_file):
    first = article(units=(office(),))
    second = article(title="另一篇", text="菏泽市委办公室召开会议。", units=(office(evidence=None),))
    store(page_file, first, second)
    assert Unit.objects.filter(name="菏泽市委办公室").count() == 1
    assert UnitAlias.objects.filter(name="市委办公室").count() == 1


def test_records_of_a_rejected_unit_are_not_imported_again(page_file, catalogue):
    Unit.objects.create(name="菏泽市委办公室", review_status=ReviewStatus.REJECTED)
    store(page_file, article(units=(office(),), honours=(award(),)))
    assert HonourAward.objects.count() == 0
    assert UnitAlias.objects.count() == 0


def test_an_honour_is_found_in_the_catalogue_by_an_alias(page_file, catalogue):
    store(page_file, article(units=(office(),), honours=(award(honour="全国文明单位称号"),)))
    assert HonourAward.objects.get().honour == catalogue
    assert Honour.objects.count() == 1


def test_an_uncatalogued_honour_is_created_with_the_mentions_level(page_file):
    store(page_file, article(units=(office(),), honours=(award(honour="全省人民满意窗口", level="provincial"),)))
    honour = Honour.objects.get()
    assert (honour.name, honour.level, honour.category) == ("全省人民满意窗口", "provincial", "other")


def test_an_uncatalogued_honour_without_level_gets_other(page_file):
    store(page_file, article(units=(office(),), honours=(award(honour="优质服务窗口", level=None),)))
    assert Honour.objects.get().level == Honour.Level.OTHER


def test_an_existing_award_of_the_same_year_is_not_duplicated(page_file, catalogue):
    unit = Unit.objects.create(name="菏泽市委办公室")
    HonourAward.objects.create(unit=unit, honour=catalogue, year=2020)
    counts = store(page_file, article(units=(office(),), honours=(award(),)))
    assert HonourAward.objects.count() == 1
    assert counts.honour_awards_skipped == 1


def test_a_rejected_award_is_not_brought_back(page_file, catalogue):
    unit = Unit.objects.create(name="菏泽市委办公室")
    HonourAward.objects.create(unit=unit, honour=catalogue, year=2020, review_status=ReviewStatus.REJECTED)
    store(page_file, article(units=(office(),), honours=(award(),)))
    assert list(HonourAward.objects.values_list("review_status", flat=True)) == ["rejected"]


def test_an_award_of_another_year_is_added(page_file, catalogue):
    unit = Unit.objects.create(name="菏泽市委办公室")
    HonourAward.objects.create(unit=unit, honour=catalogue, year=2017)
    store(page_file, article(units=(office(),), honours=(award(),)))
    assert sorted(HonourAward.objects.values_list("year", flat=True)) == [2017, 2020]


def test_a_year_less_mention_of_an_award_already_held_adds_nothing(page_file, catalogue):
    unit = Unit.objects.create(name="菏泽市委办公室")
    HonourAward.objects.create(unit=unit, honour=catalogue, year=2017)
    store(page_file, article(units=(office(),), honours=(award(year=None),)))
    assert HonourAward.objects.count() == 1


def test_the_same_award_twice_in_a_page_is_stored_once(page_file, catalogue):
    store(page_file, article(units=(office(),), honours=(award(), award())))
    assert HonourAward.objects.count() == 1


def test_another_event_of_the_same_year_is_stored_beside_the_naming(page_file, catalogue):
    store(page_file, article(units=(office(),), honours=(award(), award(status="warned"))))
    assert sorted(HonourAward.objects.values_list("status", flat=True)) == ["awarded", "warned"]


def test_an_award_is_filed_under_the_round_its_edition_names(page_file, catalogue):
    fourth = HonourRound.objects.create(honour=catalogue, number=4, year=2015)
    HonourRound.objects.create(honour=catalogue, number=6, year=2020)
    store(page_file, article(units=(office(),), honours=(award(year=2015, edition="第四届"),)))
    assert HonourAward.objects.get().round == fourth


def test_an_award_without_an_edition_is_filed_under_the_round_in_force_in_its_year(page_file, catalogue):
    HonourRound.objects.create(honour=catalogue, number=4, year=2015)
    sixth = HonourRound.objects.create(honour=catalogue, number=6, year=2020)
    store(page_file, article(units=(office(),), honours=(award(year=2022, status="retained"),)))
    assert HonourAward.objects.get().round == sixth


def activity(**overrides) -> ActivityMention:
    values = dict(
        title="3·15主题宣传活动",
        date=PartialDate(2024, 3, 13),
        organisers=(Organiser("鲁西新区综合行政执法局", "host"), Organiser("菏泽市文明办", "co_host")),
        place="银座广场",
        kind="publicity",
        campaign="双城同创",
        evidence=ev(ACTIVITY_SENTENCE),
    )
    values.update(overrides)
    return ActivityMention(**values)


def test_an_activity_keeps_its_organisers_roles_and_campaign(page_file):
    campaign = Campaign.objects.create(name="全国文明城市创建", aliases=["双城同创", "创城"])
    store(page_file, article(activities=(activity(),)))
    stored = Activity.objects.get()
    assert (stored.title, stored.date, stored.place, stored.kind, stored.campaign) == (
        "3·15主题宣传活动",
        date(2024, 3, 13),
        "银座广场",
        "publicity",
        campaign,
    )
    roles = dict(ActivityOrganiser.objects.values_list("unit__name", "role"))
    assert roles == {"鲁西新区综合行政执法局": "host", "菏泽市文明办": "co_host"}
    assert stored.review_status == ReviewStatus.PENDING


def test_an_unknown_campaign_is_noted_not_created(page_file):
    store(page_file, article(activities=(activity(campaign="文明交通行动"),)))
    assert Campaign.objects.count() == 0
    assert "文明交通行动" in Activity.objects.get().description


@pytest.mark.parametrize(
    ("partial", "stored", "precision"),
    [
        (PartialDate(2024, 3, None), date(2024, 3, 1), DatePrecision.MONTH),
        (PartialDate(2024, None, None), date(2024, 1, 1), DatePrecision.YEAR),
        (PartialDate(2024, 2, 30), None, DatePrecision.DAY),
        (PartialDate(None, 3, 13), None, DatePrecision.DAY),
    ],
)
def test_a_partial_date_is_stored_with_its_precision(page_file, partial, stored, precision):
    store(page_file, article(activities=(activity(date=partial),)))
    assert Activity.objects.values_list("date", "date_precision").get() == (stored, precision)


def test_a_year_month_article_date_is_the_first_of_the_month(page_file):
    store(page_file, article(date=PartialDate(2024, 3)))
    assert Article.objects.values_list("published_on", "date_precision").get() == (date(2024, 3, 1), "month")


def test_a_volunteer_record_is_tied_to_its_unit(page_file):
    mention = VolunteerMention(
        unit="菏泽市委办公室",
        hours=1200,
        person_times=300,
        approximate=True,
        period_text="去年以来",
        evidence=ev(VOLUNTEER_SENTENCE),
    )
    store(page_file, article(units=(office(),), volunteer_service=(mention,)))
    record = VolunteerRecord.objects.get()
    assert (record.unit.name, record.hours, record.person_times, record.volunteers, record.approximate) == (
        "菏泽市委办公室",
        Decimal("1200.0"),
        300,
        None,
        True,
    )
    assert (record.period_text, record.evidence, record.review_status) == ("去年以来", VOLUNTEER_SENTENCE, "pending")


def test_a_volunteer_mention_without_a_figure_is_dropped(page_file):
    store(page_file, article(volunteer_service=(VolunteerMention(unit="菏泽市委办公室"),)))
    assert VolunteerRecord.objects.count() == 0


def test_the_history_names_the_import_run_and_the_user(page_file, catalogue, django_user_model):
    user = django_user_model.objects.create_user("importer")
    store(page_file, article(units=(office(),), honours=(award(),)), user=user)
    reason = import_change_reason(page_file.import_run)
    for model in (Article, Unit, UnitAlias, HonourAward):
        created = model.history.get()
        assert (created.history_change_reason, created.history_user) == (reason, user)
    assert str(page_file.import_run.key) in reason


def test_an_article_already_stored_is_skipped_with_its_records(page_file, catalogue):
    store(page_file, article(units=(office(),)))
    counts = store(page_file, article(units=(office(),), honours=(award(),)))
    assert (counts.articles, counts.articles_skipped) == (0, 1)
    assert Article.objects.count() == 1
    assert HonourAward.objects.count() == 0


# ---------------------------------------------------------------------------
# Run level: page files through the real pipeline

STORED_MODELS = (Article, Unit, UnitAlias, Honour, HonourAward, Activity, ActivityOrganiser, VolunteerRecord)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in STORED_MODELS}


def write(tmp_path, name: str, text: str, encoding: str = "utf-8", newline: str = "\n"):
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def import_files(*paths, **options) -> ImportRun:
    return run_import(pages=list(paths), **options)


def test_imported_records_are_pending_with_evidence_from_their_article(db, tmp_path):
    run = import_files(write(tmp_path, "page.txt", PAGE))
    assert run.status == ImportRun.Status.SUCCEEDED
    records = [*Unit.objects.all(), *UnitAlias.objects.all(), *Activity.objects.all(), *VolunteerRecord.objects.all()]
    assert records
    for record in records:
        assert record.review_status == ReviewStatus.PENDING
        assert record.article.import_run == run
        assert record.evidence
        assert record.article.text[record.evidence_start : record.evidence_end] == record.evidence


def test_a_second_import_of_the_same_file_is_skipped_and_creates_nothing(db, tmp_path):
    path = write(tmp_path, "page.txt", PAGE)
    import_files(path)
    before = row_counts()
    run = import_files(path)
    assert row_counts() == before
    skipped = run.page_files.get()
    assert skipped.status == PageFile.Status.SKIPPED
    assert "导入过" in skipped.message
    assert run.counts["files_skipped"] == 1


def test_the_same_file_under_another_name_is_skipped_too(db, tmp_path):
    import_files(write(tmp_path, "page.txt", PAGE))
    run = import_files(write(tmp_path, "copy.txt", PAGE))
    skipped = run.page_files.get()
    assert skipped.status == PageFile.Status.SKIPPED
    assert str(tmp_path / "page.txt") in skipped.message


def test_the_same_article_inside_another_file_is_not_duplicated(db, tmp_path):
    import_files(write(tmp_path, "one.txt", PAGE))
    run = import_files(write(tmp_path, "both.txt", PAGE + "\n\n" + OTHER_PAGE))
    assert run.counts["articles_skipped"] == 1
    assert sorted(Article.objects.values_list("title", flat=True)) == ["文明交通劝导进路口", "社区志愿者走进敬老院"]


def test_a_rejected_award_is_not_recreated_by_a_reimport(db, tmp_path):
    import_files(write(tmp_path, "first.txt", HONOUR_PAGE))
    award = HonourAward.objects.get()
    award.review_status = ReviewStatus.REJECTED
    award.save()
    # A reprint of the news with an extra line: a new file and a new article.
    import_files(write(tmp_path, "reprint.txt", HONOUR_PAGE + "\n该局将继续巩固创建成果。\n"))
    assert Article.objects.count() == 2
    assert list(HonourAward.objects.values_list("pk", "review_status")) == [(award.pk, "rejected")]


@pytest.mark.parametrize(
    ("encoding", "newline"),
    [("gbk", "\n"), ("gb18030", "\r\n"), ("utf-8-sig", "\r\n"), ("utf-8", "\r\n")],
)
def test_pages_in_the_encodings_papers_use_import(db, tmp_path, encoding, newline):
    run = import_files(write(tmp_path, "page.txt", PAGE, encoding, newline))
    assert run.status == ImportRun.Status.SUCCEEDED
    stored = Article.objects.get()
    assert stored.title == "社区志愿者走进敬老院"
    assert "东城街道" in stored.text
    assert "\r" not in stored.text and "\ufeff" not in stored.text + stored.title


@pytest.fixture
def earlier_import(db, tmp_path):
    import_files(write(tmp_path, "earlier.txt", PAGE))
    return row_counts()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06", ""),
        (b"", "文件为空"),
    ],
    ids=["binary", "empty"],
)
def test_a_bad_file_fails_naming_the_file_and_leaves_stored_data_intact(earlier_import, tmp_path, content, problem):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    run = import_files(bad)
    assert row_counts() == earlier_import
    failed = run.page_files.get()
    assert failed.status == PageFile.Status.FAILED
    assert failed.message.startswith(f"{bad}：")
    assert problem in failed.message
    assert run.status == ImportRun.Status.FAILED
    assert run.errors == [{"file": str(bad), "error": failed.message}]


def test_an_over_size_file_is_refused_unread(earlier_import, tmp_path, settings):
    settings.WENMING_MAX_PAGE_BYTES = 100
    big = write(tmp_path, "big.txt", OTHER_PAGE * 3)
    run = import_files(big)
    assert row_counts() == earlier_import
    failed = run.page_files.get()
    assert (failed.status, failed.sha256) == (PageFile.Status.FAILED, "")
    assert f"{big}：文件过大" in failed.message
    assert "100" in failed.message


def test_a_failing_file_among_good_ones_does_not_stop_them(db, tmp_path):
    empty = write(tmp_path, "b_empty.txt", "")
    run = import_files(write(tmp_path, "a.txt", PAGE), empty, write(tmp_path, "c.txt", OTHER_PAGE))
    assert run.status == ImportRun.Status.PARTIAL
    assert (run.counts["files_imported"], run.counts["files_failed"]) == (2, 1)
    assert [error["file"] for error in run.errors] == [str(empty)]
    assert Article.objects.count() == 2


def test_a_missing_file_fails_with_its_name(db, tmp_path):
    run = import_files(tmp_path / "gone.txt")
    assert run.page_files.get().message.startswith(f"{tmp_path / 'gone.txt'}：无法读取")


def test_a_dry_run_stores_nothing_but_reports_what_it_would_add(earlier_import, tmp_path):
    run = import_files(write(tmp_path, "new.txt", OTHER_PAGE), dry_run=True)
    assert row_counts() == earlier_import
    assert run.status == ImportRun.Status.DRY_RUN
    assert run.counts["articles"] == 1
    assert run.page_files.get().status == PageFile.Status.IMPORTED


def test_a_file_seen_only_by_a_dry_run_is_imported_later(db, tmp_path):
    path = write(tmp_path, "page.txt", PAGE)
    import_files(path, dry_run=True)
    run = import_files(path)
    assert run.page_files.get().status == PageFile.Status.IMPORTED
    assert Article.objects.count() == 1


def test_the_run_records_who_started_it_and_when_it_ended(db, tmp_path, django_user_model):
    user = django_user_model.objects.create_user("importer")
    run = import_files(write(tmp_path, "page.txt", PAGE), user=user, reference_date=date(2024, 5, 1))
    run.refresh_from_db()
    assert (run.started_by, run.reference_date) == (user, date(2024, 5, 1))
    assert run.finished_at is not None and run.finished_at >= run.started_at
    history = Article.history.get()
    assert (history.history_user, history.history_change_reason) == (user, f"导入批次 {run.key}")


def test_progress_is_reported_once_per_file(db, tmp_path):
    seen = []
    import_files(write(tmp_path, "a.txt", PAGE), write(tmp_path, "b.txt", OTHER_PAGE), progress=seen.append)
    assert [page_file.file_name for page_file in seen] == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]


SHORT_NAME_PAGE = """\
文明交通劝导进路口

本报讯（通讯员 李华）6月3日，市交警支队联合市文明办在中华路与人民路路口开展文明交通劝导活动。\
今年以来，市交警支队志愿服务时长达2000小时。
"""


def test_a_registered_unit_named_by_a_new_short_form_gets_an_alias_not_a_twin(db, tmp_path, heze):
    from articles.models import Source

    source = Source.objects.create(name="菏泽日报", region=heze)
    police = Unit.objects.create(name="菏泽市公安局交通警察支队", kind=Unit.Kind.PARTY_GOVERNMENT, region=heze)
    UnitAlias.objects.create(unit=police, name="菏泽市交警支队")
    import_files(write(tmp_path, "page.txt", SHORT_NAME_PAGE), source=source)
    assert Unit.objects.filter(name__contains="交警").count() == 0
    assert Unit.objects.filter(name__contains="交通警察支队").get() == police
    alias = police.aliases.get(name="市交警支队")
    assert (alias.review_status, alias.article.source) == (ReviewStatus.PENDING, source)
    assert "市交警支队" in alias.evidence
    assert VolunteerRecord.objects.get().unit == police


def test_imported_units_are_filed_under_the_region_their_names_are_written_under(db):
    from django.core.management import call_command

    call_command("loaddata", "regions", verbosity=0)
    text = "文明实践\n\n菏泽市牡丹区教育局联合市委办公室开展志愿服务活动，共青团菏泽市委参加。\n"
    run_import(pages=[PageInput.from_bytes("regions.txt", text.encode("utf-8"))])

    regions = dict(Unit.objects.values_list("name", "region__full_name"))
    assert regions["牡丹区教育局"] == "山东省菏泽市牡丹区"
    assert regions["菏泽市委办公室"] == "山东省菏泽市"
    assert regions["共青团菏泽市委"] == "山东省菏泽市"
