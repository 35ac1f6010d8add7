import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from articles.models import Article
from core.locking import ConcurrentEditError
from core.models import ReviewStatus
from core.review import record_accept, record_correct, record_reject, records_accept, records_reject
from units.models import HonourAward, Unit

SENTENCE = "菏泽市委办公室被授予第六届全国文明单位称号。"


@pytest.fixture
def reviewer(db):
    return get_user_model().objects.create_user("reviewer", password="x", is_staff=True)


@pytest.fixture
def unit(db):
    return Unit.objects.create(name="菏泽市委办公室")


@pytest.fixture
def award(unit, honour):
    article = Article.objects.create(title="文明单位名单", text=SENTENCE, content_hash="h1")
    return HonourAward.objects.create(
        unit=unit,
        honour=honour,
        year=2020,
        article=article,
        evidence=SENTENCE,
        evidence_start=0,
        evidence_end=len(SENTENCE),
        review_status=ReviewStatus.PENDING,
    )


def fresh(record):
    return type(record).objects.get(pk=record.pk)


def test_accept_marks_the_record_accepted_with_reviewer_and_time(award, reviewer):
    record_accept(record=award, user=reviewer)
    award = fresh(award)
    assert (award.review_status, award.reviewed_by) == (ReviewStatus.ACCEPTED, reviewer)
    assert award.reviewed_at is not None


def test_accept_bumps_the_version(award, reviewer):
    record_accept(record=award, user=reviewer)
    assert fresh(award).version == 2


def test_accept_writes_a_history_row_with_the_decision_as_reason(award, reviewer):
    record_accept(record=award, user=reviewer, note="与名单核对一致")
    latest = award.history.first()
    assert (latest.history_user, latest.history_change_reason) == (reviewer, "审核：采纳（与名单核对一致）")


def test_reject_keeps_the_record_with_its_reason(award, reviewer):
    record_reject(record=award, user=reviewer, reason="年份有误")
    award = fresh(award)
    assert (award.review_status, award.review_note) == (ReviewStatus.REJECTED, "年份有误")


def test_reject_writes_the_reason_into_history(award, reviewer):
    record_reject(record=award, user=reviewer, reason="年份有误")
    assert award.history.first().history_change_reason == "审核：驳回（年份有误）"


def test_reject_needs_a_reason(award, reviewer):
    with pytest.raises(ValidationError):
        record_reject(record=award, user=reviewer, reason="  ")
    assert fresh(award).review_status == ReviewStatus.PENDING


def test_correct_applies_the_changes_and_accepts(award, reviewer):
    record_correct(record=award, user=reviewer, changes={"year": 2021, "edition": "第六届"})
    award = fresh(award)
    assert (award.year, award.edition, award.review_status) == (2021, "第六届", ReviewStatus.ACCEPTED)


def test_correct_notes_each_change_old_to_new(award, reviewer):
    record_correct(record=award, user=reviewer, changes={"year": 2021})
    assert fresh(award).review_note == "更正：年份：2020 → 2021"
    assert award.history.first().history_change_reason == "审核：更正后采纳（年份：2020 → 2021）"


def test_correct_takes_a_foreign_key_as_an_id(award, reviewer):
    other = Unit.objects.create(name="菏泽市人民政府办公室")
    record_correct(record=award, user=reviewer, changes={"unit": other.pk})
    assert fresh(award).unit == other


def test_correct_refuses_provenance_fields(award, reviewer):
    with pytest.raises(ValidationError):
        record_correct(record=award, user=reviewer, changes={"evidence": "别的句子"})


def test_correct_refuses_an_implausible_value(award, reviewer):
    with pytest.raises(ValidationError):
        record_correct(record=award, user=reviewer, changes={"year": 1800})
    assert fresh(award).year == 2020


def test_a_decision_on_an_outdated_copy_is_refused(award, reviewer):
    first, second = fresh(award), fresh(award)
    record_accept(record=first, user=reviewer)
    with pytest.raises(ConcurrentEditError):
        record_reject(record=second, user=reviewer, reason="重复")
    assert fresh(award).review_status == ReviewStatus.ACCEPTED


def test_a_decision_checks_the_version_the_reviewer_saw(award, reviewer):
    record_accept(record=fresh(award), user=reviewer)
    with pytest.raises(ConcurrentEditError):
        record_reject(record=fresh(award), user=reviewer, reason="重复", expected_version=1)


def test_bulk_accept_accepts_every_record(award, unit, reviewer):
    unit.review_status = ReviewStatus.PENDING
    unit.save()
    result = records_accept(records=[award, unit], user=reviewer)
    assert result.count == 2
    assert {fresh(award).review_status, fresh(unit).review_status} == {ReviewStatus.ACCEPTED}


def test_bulk_accept_leaves_a_record_changed_in_between(award, unit, reviewer):
    stale = fresh(award)
    record_reject(record=fresh(award), user=reviewer, reason="年份有误")
    result = records_accept(records=[stale, unit], user=reviewer)
    assert (result.count, [r for r, _ in result.conflicts]) == (1, [stale])
    assert fresh(award).review_status == ReviewStatus.REJECTED


def test_bulk_reject_needs_a_reason(award, reviewer):
    with pytest.raises(ValidationError):
        records_reject(records=[award], user=reviewer, reason="")


def test_bulk_reject_rejects_with_the_reason(award, unit, reviewer):
    records_reject(records=[award, unit], user=reviewer, reason="非本市单位")
    assert {fresh(award).review_note, fresh(unit).review_note} == {"非本市单位"}


# -- rejected records stay rejected through later imports -------------------------------

AWARD_PAGE = (
    "{title}\n\n本报讯（记者 张三）{lead}菏泽市委办公室被授予第六届全国文明单位称号，这是该单位2020年获得的荣誉。\n"
)


def import_page(title: str, lead: str):
    from articles.services import PageInput, run_import

    page = AWARD_PAGE.format(title=title, lead=lead).encode()
    return run_import(pages=[PageInput.from_bytes(f"{title}.txt", page)])


def test_a_rejected_award_is_not_brought_back_by_a_later_import(reviewer):
    from django.core.management import call_command

    call_command("loaddata", "regions", "honours", verbosity=0)
    import_page("市委办公室喜获殊荣", "近日，")
    [award] = HonourAward.objects.all()
    record_reject(record=award, user=reviewer, reason="名单中没有该单位")
    import_page("文明单位名单公布", "日前，")
    assert list(HonourAward.objects.values_list("pk", "review_status")) == [(award.pk, ReviewStatus.REJECTED)]
