"""The fixtures in fixtures/: each loads alone on an empty database, they load together in
any order to the same rows, and the data survives a dumpdata/loaddata round trip that
relies on natural keys only."""

import hashlib
import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from articles.models import Article, Source
from campaigns.models import Activity, ActivityOrganiser, Campaign, VolunteerRecord
from units.models import Honour, HonourAward, HonourRound, Region, Unit, UnitAlias

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
CATALOGUES = ["honours.json", "regions.json", "campaigns.json", "sources.json"]
EVERY_FIXTURE = [*CATALOGUES, "demo.json"]

# Rows are compared through these; the pk of every one of them is left out, so two loads
# that gave out different ids still compare equal.
DOMAIN_MODELS = [
    Region,
    Source,
    Honour,
    HonourRound,
    Campaign,
    Article,
    Unit,
    UnitAlias,
    HonourAward,
    Activity,
    ActivityOrganiser,
    VolunteerRecord,
]
EXTRACTED_MODELS = [Unit, UnitAlias, HonourAward, Activity, VolunteerRecord]
NATURAL_KEY_MODELS = {
    "units.region",
    "units.unit",
    "units.unitalias",
    "units.honour",
    "units.honourround",
    "campaigns.campaign",
    "articles.source",
    "articles.article",
}


def read(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def load(*names):
    call_command("loaddata", *(str(FIXTURES / name) for name in names), verbosity=0)


def describe(obj):
    """A row as plain data, foreign keys followed to the natural key (or, for models without
    one, to the description of the row they point at)."""
    row = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.is_relation:
            target = getattr(obj, field.name)
            if target is None:
                row[field.name] = None
            elif hasattr(target, "natural_key"):
                row[field.name] = list(target.natural_key())
            else:
                row[field.name] = describe(target)
        else:
            row[field.name] = field.value_to_string(obj)
    return row


def snapshot():
    return {
        model._meta.label: sorted(
            json.dumps(describe(obj), sort_keys=True, ensure_ascii=False) for obj in model.objects.all()
        )
        for model in DOMAIN_MODELS
    }


def natural_key_in_file(obj):
    fields = obj["fields"]
    return {
        "units.region": lambda: (fields["full_name"],),
        "units.unit": lambda: (fields["name"],),
        "units.unitalias": lambda: (fields["unit"][0], fields["name"]),
        "units.honour": lambda: (fields["name"],),
        "units.honourround": lambda: (fields["honour"][0], fields["number"]),
        "campaigns.campaign": lambda: (fields["name"],),
        "articles.source": lambda: (fields["name"],),
        "articles.article": lambda: (fields["content_hash"],),
    }[obj["model"]]()


@pytest.mark.parametrize("name", EVERY_FIXTURE)
def test_each_fixture_loads_alone_on_an_empty_database(db, name):
    load(name)

    expected = Counter(obj["model"] for obj in read(name))
    for label, count in expected.items():
        model = next(m for m in DOMAIN_MODELS if m._meta.label_lower == label)
        assert model.objects.count() == count, label


@pytest.mark.django_db(transaction=True)
def test_the_fixtures_load_to_the_same_rows_whatever_the_order():
    load(*EVERY_FIXTURE)
    together = snapshot()
    assert all(together.values())

    call_command("flush", interactive=False, verbosity=0)
    load(*reversed(EVERY_FIXTURE))
    assert snapshot() == together

    call_command("flush", interactive=False, verbosity=0)
    for name in reversed(EVERY_FIXTURE):
        load(name)
    assert snapshot() == together


def test_an_object_repeated_in_several_files_is_repeated_identically():
    seen = defaultdict(dict)
    for name in EVERY_FIXTURE:
        for obj in read(name):
            if obj["model"] in NATURAL_KEY_MODELS:
                seen[(obj["model"], natural_key_in_file(obj))][name] = obj["fields"]
    repeated = {key: versions for key, versions in seen.items() if len(versions) > 1}

    assert repeated, "the self-sufficient files are expected to share regions, honours and campaigns"
    for key, versions in repeated.items():
        first, *others = versions.values()
        assert all(other == first for other in others), key


def test_models_with_natural_keys_are_written_without_ids():
    for name in EVERY_FIXTURE:
        for obj in read(name):
            if obj["model"] in NATURAL_KEY_MODELS:
                assert "pk" not in obj, (name, obj["model"], obj["fields"])


@pytest.mark.django_db(transaction=True)
def test_natural_keys_round_trip_through_dumpdata_and_loaddata(tmp_path):
    load(*EVERY_FIXTURE)
    before = snapshot()
    dump = tmp_path / "dump.json"
    call_command(
        "dumpdata",
        "units",
        "campaigns",
        "articles",
        natural_foreign=True,
        natural_primary=True,
        output=str(dump),
        verbosity=0,
    )

    dumped = json.loads(dump.read_text(encoding="utf-8"))
    assert not [obj for obj in dumped if obj["model"] in NATURAL_KEY_MODELS and "pk" in obj]

    call_command("flush", interactive=False, verbosity=0)
    assert Unit.objects.count() == 0
    call_command("loaddata", str(dump), verbosity=0)

    assert snapshot() == before


def test_the_catalogue_has_at_least_30_honours_with_valid_levels_and_categories(db):
    load("honours.json")

    honours = list(Honour.objects.all())
    assert len(honours) >= 30
    for honour in honours:
        assert honour.level in Honour.Level.values, honour.name
        assert honour.category in Honour.Category.values, honour.name


def test_honours_json_holds_the_honour_catalogue_and_its_rounds():
    assert {obj["model"] for obj in read("honours.json")} == {"units.honour", "units.honourround"}


def test_every_honour_spelling_names_one_honour():
    spellings = Counter()
    for obj in read("honours.json"):
        if obj["model"] == "units.honour":
            spellings.update([obj["fields"]["name"], *obj["fields"]["aliases"]])

    assert [spelling for spelling, count in spellings.items() if count > 1] == []


def test_the_national_rounds_of_civilised_units_carry_their_years_and_terms(db):
    load("honours.json")

    rounds = HonourRound.objects.filter(honour__name="全国文明单位").order_by("number")
    assert [(r.number, r.year) for r in rounds] == [
        (1, 2005),
        (2, 2009),
        (3, 2011),
        (4, 2015),
        (5, 2017),
        (6, 2020),
        (7, 2025),
    ]
    assert [r.label_text for r in rounds][:5] == ["第一批", "第二批", "第三批", "第四届", "第五届"]
    # Each term runs until the next round opens.
    assert all(earlier.term_end < later.term_start for earlier, later in zip(rounds, rounds[1:], strict=False))


def test_every_loaded_object_passes_model_validation(db):
    load(*EVERY_FIXTURE)

    for model in DOMAIN_MODELS:
        for obj in model.objects.all():
            obj.full_clean()


def test_demo_evidence_is_the_exact_span_of_its_article_text(db):
    load("demo.json")

    checked = 0
    for model in EXTRACTED_MODELS:
        for record in model.objects.exclude(article=None).select_related("article"):
            assert record.evidence, record
            assert record.article.text[record.evidence_start : record.evidence_end] == record.evidence, record
            checked += 1
    assert checked >= 50


def test_demo_records_are_accepted(db):
    load("demo.json")

    for model in EXTRACTED_MODELS:
        assert model.objects.exists(), model
        assert set(model.objects.values_list("review_status", flat=True)) == {"accepted"}, model


def test_demo_article_hashes_are_sha256_of_title_and_text(db):
    load("demo.json")

    for article in Article.objects.all():
        expected = hashlib.sha256(f"{article.title}\n{article.text}".encode()).hexdigest()
        assert article.content_hash == expected, article.title


def test_demo_has_articles_from_every_seed_page_and_demo_page(db):
    load("demo.json")

    pages = {path.name for folder in ("pages", "demo_pages") for path in (FIXTURES / folder).glob("*.txt")}
    assert pages
    assert set(Article.objects.values_list("file_name", flat=True)) == pages


def test_demo_keeps_the_units_awards_with_their_year_and_edition(db):
    load("demo.json")

    hall = Unit.objects.get(name="菏泽市政府办公室市长公开电话受理中心接话大厅")
    award = hall.honour_awards.get(honour__name="全国青年文明号")
    assert (award.year, award.edition, award.round.number) == (2023, "第21届", 21)
    assert hall.aliases.filter(name="市政府办公室市长公开电话受理中心接话大厅").exists()


def test_demo_records_each_organisers_role(db):
    load("demo.json")

    activity = Activity.objects.get(date="2024-03-13")
    roles = dict(activity.organiser_roles.values_list("unit__name", "role"))
    assert roles["菏泽鲁西新区综合行政执法局"] == ActivityOrganiser.Role.HOST
    assert roles["菏泽市文明办"] == ActivityOrganiser.Role.CO_HOST
    assert len(roles) == 4


def test_demo_volunteer_figures_keep_the_approximate_flag(db):
    load("demo.json")

    record = VolunteerRecord.objects.get(unit__name="漯河市市场监督管理局")
    assert (record.hours, record.person_times, record.approximate) == (13380, 1000, True)
