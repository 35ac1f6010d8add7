from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from articles.models import Article
from campaigns.models import Activity, ActivityOrganiser, VolunteerRecord
from core.models import ReviewStatus
from synthetic import generator as synthetic
from units.models import Honour, HonourAward, HonourRound, Unit, UnitAlias


def national_honour_with_rounds(years: dict[int, int]) -> Honour:
    honour = Honour.objects.create(
        name="全国文明单位", level=Honour.Level.NATIONAL, category=Honour.Category.CIVILISED_UNIT
    )
    for number, year in years.items():
        HonourRound.objects.create(honour=honour, number=number, year=year)
    return honour


@pytest.fixture
def honours(db):
    # A small catalogue stands in for fixtures/honours.json: the generator uses whatever is there.
    return [
        national_honour_with_rounds({5: 2017, 6: 2020}),
        Honour.objects.create(name="市级文明单位", level=Honour.Level.CITY, category=Honour.Category.CIVILISED_UNIT),
        Honour.objects.create(
            name="全国青年文明号", level=Honour.Level.NATIONAL, category=Honour.Category.YOUTH_CIVILISATION
        ),
        Honour.objects.create(name="市级文明校园", level=Honour.Level.CITY, category=Honour.Category.CIVILISED_CAMPUS),
        Honour.objects.create(name="市级文明村镇", level=Honour.Level.CITY, category=Honour.Category.CIVILISED_VILLAGE),
    ]


def generate(seed=7, **sizes):
    options = {"units": 40, "activities": 300, "volunteer_records": 120, "honour_awards": 30, "articles": 12}
    options.update(sizes)
    out = StringIO()
    call_command("generate_synthetic", seed=seed, verbosity=1, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def snapshot():
    """Everything generated, by natural values (ids and timestamps differ between runs)."""
    return {
        "units": list(
            Unit.objects.order_by("name").values_list(
                "name", "short_name", "kind", "region__full_name", "review_status"
            )
        ),
        "aliases": sorted(UnitAlias.objects.values_list("unit__name", "name")),
        "awards": sorted(
            HonourAward.objects.values_list("unit__name", "honour__name", "year", "edition", "status"), key=repr
        ),
        "activities": sorted(
            Activity.objects.values_list(
                "title", "date", "date_precision", "kind", "place", "participants", "review_status", "article__title"
            ),
            key=repr,
        ),
        "organisers": sorted(
            ActivityOrganiser.objects.values_list("activity__title", "activity__date", "unit__name", "role"), key=repr
        ),
        "volunteer": sorted(
            VolunteerRecord.objects.values_list(
                "unit__name", "activity__title", "hours", "person_times", "volunteers", "period_start", "period_text"
            ),
            key=repr,
        ),
    }


def delete_generated():
    VolunteerRecord.objects.all().delete()
    Activity.objects.all().delete()
    HonourAward.objects.all().delete()
    Unit.objects.all().delete()
    Article.objects.all().delete()


def test_it_creates_the_requested_numbers_of_rows(honours):
    generate()
    assert Unit.objects.count() == 40
    assert Activity.objects.count() == 300
    assert VolunteerRecord.objects.count() == 120
    assert HonourAward.objects.count() == 30
    assert Article.objects.count() == 12


def test_it_reports_what_it_generated(honours):
    assert "已生成 40 个单位、300 条活动、120 条志愿服务记录、30 条荣誉记录" in generate()


def test_the_same_seed_gives_the_same_data(honours):
    generate(seed=11)
    first = snapshot()
    delete_generated()
    generate(seed=11)
    assert snapshot() == first


def test_another_seed_gives_other_data(honours):
    generate(seed=11)
    first = snapshot()
    delete_generated()
    generate(seed=12)
    assert snapshot()["units"] != first["units"]


def test_a_second_run_adds_units_with_new_names(honours):
    generate(seed=3)
    generate(seed=3)
    assert Unit.objects.count() == 80


def test_every_activity_has_exactly_one_host(honours):
    generate()
    per_activity = (
        ActivityOrganiser.objects.filter(role=ActivityOrganiser.Role.HOST).values("activity").annotate(n=Count("pk"))
    )
    assert len(per_activity) == 300
    assert {row["n"] for row in per_activity} == {1}


def test_a_few_units_run_many_activities(honours):
    generate(units=50, activities=1000)
    per_unit = sorted(
        ActivityOrganiser.objects.filter(role=ActivityOrganiser.Role.HOST)
        .values("unit")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True),
        reverse=True,
    )
    mean = 1000 / 50
    assert per_unit[0] > 2.5 * mean


def test_pending_and_rejected_records_cite_an_article(honours):
    generate()
    for model in (Unit, Activity, VolunteerRecord, HonourAward):
        undecided = model.objects.exclude(review_status=ReviewStatus.ACCEPTED)
        assert not undecided.filter(article__isnull=True).exists()
        assert not undecided.filter(evidence="").exists()


def test_most_records_are_accepted(honours):
    generate()
    accepted = Activity.objects.filter(review_status=ReviewStatus.ACCEPTED).count()
    assert accepted > 0.75 * Activity.objects.count()
    assert Activity.objects.filter(review_status=ReviewStatus.PENDING).exists()


def test_activity_dates_fall_within_the_years_asked_for(honours):
    generate(first_year=2019, last_year=2021)
    dates = Activity.objects.exclude(date=None).values_list("date", flat=True)
    assert {d.year for d in dates} <= {2019, 2020, 2021}


def test_volunteer_records_of_an_activity_belong_to_its_host(honours):
    generate()
    linked = VolunteerRecord.objects.exclude(activity=None).select_related("activity")
    assert linked.exists()
    for record in linked:
        host = record.activity.organiser_roles.get(role=ActivityOrganiser.Role.HOST)
        assert record.unit_id == host.unit_id


def test_awards_use_the_rounds_of_the_catalogue(honours):
    generate(units=60, honour_awards=200)
    national = HonourAward.objects.filter(honour__name="全国文明单位").exclude(edition="")
    assert national.exists()
    assert set(national.values_list("edition", "year", "round__number")) <= {("第五届", 2017, 5), ("第六届", 2020, 6)}


def test_units_belong_to_real_regions(honours):
    generate()
    full_names = set(Unit.objects.values_list("region__full_name", flat=True))
    assert all(name.startswith("山东省") for name in full_names)


def test_it_refuses_without_an_honour_catalogue(db, tmp_path, monkeypatch):
    monkeypatch.setattr(synthetic, "FIXTURES", tmp_path)
    with pytest.raises(CommandError, match="荣誉称号目录为空"):
        generate()


def test_it_rejects_a_negative_count(honours):
    with pytest.raises(CommandError):
        call_command("generate_synthetic", "--units", "-5", stdout=StringIO(), stderr=StringIO())
