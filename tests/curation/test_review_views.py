"""The review queue and the one-record review page in the admin."""

import datetime as dt
import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ImportRun
from campaigns.models import Activity, Campaign, VolunteerRecord
from core.models import ReviewStatus
from core.record_admin import article_records_html
from core.review import record_accept
from units.models import HonourAward, Unit, UnitAlias

QUEUE = reverse("curation:review_queue")


def review_url(record):
    return reverse("curation:review_record", args=[record._meta.label_lower, record.pk])


def user_with(username, *codenames):
    user = get_user_model().objects.create_user(username, password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def curator(db):
    """May view and change every reviewable type."""
    models = ["unit", "unitalias", "honouraward", "activity", "volunteerrecord", "article", "importrun", "campaign"]
    return user_with("curator", *[f"{a}_{m}" for m in models for a in ("view", "change")])


@pytest.fixture
def browser(client, curator):
    client.force_login(curator)
    return client


class Page:
    """A page of a newspaper as the importer leaves it: an import run, an article, pending records."""

    def __init__(self, day: int, text: str):
        self.run = ImportRun.objects.create(key=uuid.uuid4(), status=ImportRun.Status.SUCCEEDED)
        ImportRun.objects.filter(pk=self.run.pk).update(started_at=timezone.make_aware(dt.datetime(2024, 3, day)))
        self.article = Article.objects.create(
            title=f"3月{day}日的文章", text=text, content_hash=uuid.uuid4().hex, import_run=self.run
        )

    def provenance(self, sentence):
        start = self.article.text.index(sentence)
        return {
            "article": self.article,
            "evidence": sentence,
            "evidence_start": start,
            "evidence_end": start + len(sentence),
            "review_status": ReviewStatus.PENDING,
        }


@pytest.fixture
def older(db, honour):
    page = Page(1, "前文。市委办公室荣获全国文明单位称号。后文。")
    unit = Unit.objects.create(name="菏泽市委办公室")
    page.award = HonourAward.objects.create(
        unit=unit, honour=honour, year=2020, **page.provenance("市委办公室荣获全国文明单位称号。")
    )
    page.alias = UnitAlias.objects.create(
        unit=unit, name="市委办公室", **page.provenance("市委办公室荣获全国文明单位称号。")
    )
    page.unit = unit
    return page


@pytest.fixture
def newer(db):
    page = Page(5, "市文明办开展<b>学雷锋</b>志愿服务，服务时长1200小时。")
    unit = Unit.objects.create(
        name="菏泽市文明办", **page.provenance("市文明办开展<b>学雷锋</b>志愿服务，服务时长1200小时。")
    )
    page.campaign = Campaign.objects.create(name="学雷锋志愿服务月")
    page.activity = Activity.objects.create(
        title="学雷锋志愿服务",
        campaign=page.campaign,
        **page.provenance("市文明办开展<b>学雷锋</b>志愿服务，服务时长1200小时。"),
    )
    page.volunteering = VolunteerRecord.objects.create(
        unit=unit,
        activity=page.activity,
        hours=1200,
        **page.provenance("市文明办开展<b>学雷锋</b>志愿服务，服务时长1200小时。"),
    )
    page.unit = unit
    return page


def listed(client, **params):
    response = client.get(QUEUE, params)
    assert response.status_code == 200
    return [row["record"] for row in response.context["rows"]]


def test_the_queue_lists_pending_records_of_every_type_newest_import_first(browser, older, newer):
    records = listed(browser)
    assert {type(r).__name__ for r in records} == {"Unit", "UnitAlias", "HonourAward", "Activity", "VolunteerRecord"}
    assert [r.article_id for r in records] == [newer.article.pk] * 3 + [older.article.pk] * 2


def test_the_queue_leaves_out_decided_records(browser, older, curator):
    record_accept(record=older.award, user=curator)
    assert older.award not in listed(browser)


def test_the_queue_filters_by_import_run(browser, older, newer):
    assert set(listed(browser, import_run=older.run.pk)) == {older.award, older.alias}


def test_the_queue_filters_by_article(browser, older, newer):
    assert set(listed(browser, article=newer.article.pk)) == {newer.unit, newer.activity, newer.volunteering}


def test_the_queue_filters_by_type(browser, older, newer):
    assert listed(browser, model="units.honouraward") == [older.award]


def test_the_queue_filters_by_unit(browser, older, newer):
    assert set(listed(browser, unit=older.unit.pk)) == {older.award, older.alias}


def test_the_queue_filters_by_campaign(browser, older, newer):
    assert set(listed(browser, campaign=newer.campaign.pk)) == {newer.activity, newer.volunteering}


def test_the_queue_shows_rejected_records_when_asked(browser, older, curator):
    from core.review import record_reject

    record_reject(record=older.award, user=curator, reason="重复")
    assert listed(browser, status="rejected") == [older.award]


def test_the_queue_highlights_the_evidence_and_escapes_the_article(browser, newer):
    content = browser.get(QUEUE).content.decode()
    assert '<mark class="evidence">市文明办开展&lt;b&gt;学雷锋&lt;/b&gt;' in content
    assert "<b>学雷锋</b>" not in content


def test_a_person_without_view_permission_is_refused(client, db):
    client.force_login(user_with("nobody"))
    assert client.get(QUEUE).status_code == 403


def test_the_record_page_shows_the_evidence_inside_its_article_text(browser, older):
    content = browser.get(review_url(older.award)).content.decode()
    assert '前文。<mark class="evidence">市委办公室荣获全国文明单位称号。</mark>后文。' in content
    assert reverse("admin:articles_article_change", args=[older.article.pk]) in content


def test_the_record_page_has_the_keyboard_controls(browser, older):
    content = browser.get(review_url(listed(browser)[0])).content.decode()
    assert "curation/review-keys.js" in content
    for element in ('id="review-accept-button"', 'id="id_reject-reason"', 'id="review-next"', 'id="review-queue"'):
        assert element in content


def decide(client, record, decision, **fields):
    page = client.get(review_url(record))
    data = {"decision": decision, f"{decision}-version": record.version, **fields}
    if decision == "correct":
        form = page.context["correction_form"]
        data = {"decision": "correct", "correct-version": record.version}
        data |= {f"correct-{name}": "" if value is None else value for name, value in form.initial.items()}
        data |= {f"correct-{k}": v for k, v in fields.items()}
    return client.post(review_url(record), data)


def test_accepting_stores_the_reviewer_and_goes_to_the_next_record(browser, curator, older, newer):
    first, second, *_ = listed(browser)
    response = decide(browser, first, "accept")
    first.refresh_from_db()
    assert (first.review_status, first.reviewed_by) == (ReviewStatus.ACCEPTED, curator)
    assert response.status_code == 302
    assert response["Location"] == review_url(second)


def test_rejecting_needs_a_reason(browser, older):
    response = decide(browser, older.award, "reject", **{"reject-reason": ""})
    assert response.status_code == 400
    older.award.refresh_from_db()
    assert older.award.review_status == ReviewStatus.PENDING


def test_rejecting_keeps_the_record_with_its_reason(browser, older):
    decide(browser, older.award, "reject", **{"reject-reason": "年份有误"})
    older.award.refresh_from_db()
    assert (older.award.review_status, older.award.review_note) == (ReviewStatus.REJECTED, "年份有误")


def test_correcting_changes_the_record_and_accepts_it(browser, older):
    decide(browser, older.award, "correct", year=2021, edition="第六届")
    older.award.refresh_from_db()
    assert (older.award.year, older.award.edition, older.award.review_status) == (2021, "第六届", ReviewStatus.ACCEPTED)
    assert older.award.review_note == "更正：年份：2020 → 2021；届次：（空） → 第六届"


def test_a_correction_without_changes_is_refused(browser, older):
    response = decide(browser, older.award, "correct")
    assert response.status_code == 400
    assert "没有修改任何字段" in response.content.decode()


def test_a_decision_on_a_stale_page_is_refused_with_the_other_change(browser, older, curator):
    stale_version = older.award.version
    record_accept(record=HonourAward.objects.get(pk=older.award.pk), user=curator)
    response = browser.post(
        review_url(older.award), {"decision": "reject", "reject-version": stale_version, "reject-reason": "重复"}
    )
    older.award.refresh_from_db()
    assert older.award.review_status == ReviewStatus.ACCEPTED
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("已被他人修改" in m and "审核状态" in m for m in messages)


def test_the_last_decision_returns_to_the_queue(browser, older):
    decide(browser, older.award, "accept")
    response = decide(browser, older.alias, "accept")
    assert response["Location"] == QUEUE


def test_the_next_link_skips_to_the_following_record(browser, older, newer):
    queue = listed(browser)
    page = browser.get(review_url(queue[0]))
    assert page.context["next_url"] == review_url(queue[1])


def test_the_filter_travels_with_the_reviewer(browser, older, newer):
    first = listed(browser, import_run=newer.run.pk)[0]
    response = browser.post(
        review_url(first) + f"?import_run={newer.run.pk}", {"decision": "accept", "accept-version": first.version}
    )
    assert response["Location"].endswith(f"?import_run={newer.run.pk}")


def test_a_viewer_may_look_but_not_decide(client, older):
    viewer = user_with("viewer", "view_honouraward")
    client.force_login(viewer)
    assert client.get(review_url(older.award)).status_code == 200
    response = client.post(review_url(older.award), {"decision": "accept", "accept-version": 1})
    assert response.status_code == 403


def test_bulk_accept_from_the_queue(browser, older):
    keys = [f"units.honouraward:{older.award.pk}", f"units.unitalias:{older.alias.pk}"]
    browser.post(QUEUE, {"action": "accept", "selected": keys})
    assert {r.review_status for r in (HonourAward.objects.get(), UnitAlias.objects.get())} == {ReviewStatus.ACCEPTED}


def test_bulk_reject_from_the_queue_needs_a_reason(browser, older):
    browser.post(QUEUE, {"action": "reject", "selected": [f"units.honouraward:{older.award.pk}"], "reason": ""})
    assert HonourAward.objects.get().review_status == ReviewStatus.PENDING
    browser.post(QUEUE, {"action": "reject", "selected": [f"units.honouraward:{older.award.pk}"], "reason": "重复"})
    assert HonourAward.objects.get().review_note == "重复"


def test_a_reviewer_goes_through_fifty_records_by_keyboard_alone(browser):
    """Each page's accept form is all a reviewer needs: press a, land on the next record."""
    page = Page(3, "".join(f"第{i}号单位获表彰。" for i in range(50)))
    for i in range(50):
        Unit.objects.create(name=f"第{i}号单位", **page.provenance(f"第{i}号单位获表彰。"))
    url = browser.get(QUEUE).context["first_url"]
    decided = 0
    while url != QUEUE:
        response = browser.get(url)
        version = response.context["accept_form"]["version"].value()
        assert 'accesskey="a"' in response.content.decode()
        url = browser.post(url, {"decision": "accept", "accept-version": version})["Location"]
        decided += 1
    assert decided == 50
    assert not Unit.objects.filter(review_status=ReviewStatus.PENDING).exists()


def test_the_article_text_marks_and_links_every_record_read_from_it(older):
    html, legend = article_records_html(older.article)
    assert re.search(r'<mark class="record" title="[^"]*荣誉记录[^"]*">市委办公室荣获全国文明单位称号。</mark>', html)
    assert review_url(older.award) in html and review_url(older.alias) in html
    assert [m.record for m in legend] == [older.award, older.alias] or [m.record for m in legend] == [
        older.alias,
        older.award,
    ]


def test_the_article_text_is_escaped(newer):
    html, _ = article_records_html(newer.article)
    assert "&lt;b&gt;学雷锋&lt;/b&gt;" in html and "<b>" not in html


def test_the_correction_form_names_each_field_once(browser, older):
    content = browser.get(review_url(older.award)).content.decode()
    form = content.split('id="review-correct-form"', 1)[1].split("</form>", 1)[0]
    names = re.findall(r'\sname="([^"]+)"', form)
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


def test_a_correction_keeps_the_records_note_and_the_correction_reason_apart(browser, older):
    page = browser.get(review_url(older.award))
    form = page.context["correction_form"]
    data = {"decision": "correct", "correct-version": older.award.version, "correction_reason": "核对原文"}
    data |= {f"correct-{name}": "" if value is None else value for name, value in form.initial.items()}
    data |= {"correct-year": 2021, "correct-note": "见第二版"}
    browser.post(review_url(older.award), data)

    older.award.refresh_from_db()
    assert older.award.note == "见第二版"
    assert older.award.review_note.endswith("。核对原文")
