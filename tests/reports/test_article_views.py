import pytest
from django.urls import reverse

from articles.models import Article
from campaigns.models import VolunteerRecord
from tests.helpers import queries_for
from units.models import HonourAward, Unit, UnitAlias


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    response = client.get(reverse("articles:article_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_user_without_the_view_permission_is_refused(outsider_client, site_ledger):
    assert outsider_client.get(reverse("articles:article_detail", args=[site_ledger.article.pk])).status_code == 403


def test_the_article_list_finds_articles_by_words_of_their_text(viewer_client, site_ledger):
    response = viewer_client.get(reverse("articles:article_list"), {"q": "市场监督 志愿"})
    assert [article.title for article in response.context["rows"]] == ["牡丹区市场监管局志愿服务进社区"]


def test_the_article_list_finds_articles_with_records_to_review(viewer_client, site_ledger):
    Article.objects.create(title="没有记录的文章", text="正文", content_hash="d" * 64)
    response = viewer_client.get(reverse("articles:article_list"), {"has_pending": "false"})
    assert [article.title for article in response.context["rows"]] == [
        "牡丹区市场监管局志愿服务进社区",
        "没有记录的文章",
    ]
    VolunteerRecord.objects.filter(article=site_ledger.article).update(review_status="pending")
    response = viewer_client.get(reverse("articles:article_list"), {"has_pending": "true"})
    assert [article.title for article in response.context["rows"]] == ["牡丹区市场监管局志愿服务进社区"]


@pytest.mark.parametrize("model", [Unit, UnitAlias, HonourAward])
def test_a_pending_record_of_any_type_puts_its_article_in_the_pending_list(viewer_client, site_ledger, model):
    record = model.objects.order_by("pk").first()
    model.objects.filter(pk=record.pk).update(article=site_ledger.article, review_status="pending")
    response = viewer_client.get(reverse("articles:article_list"), {"has_pending": "true"})
    assert [article.title for article in response.context["rows"]] == ["牡丹区市场监管局志愿服务进社区"]


def test_the_article_list_costs_the_same_queries_for_few_or_many_articles(viewer_client, site_ledger):
    url = reverse("articles:article_list")
    with_few = queries_for(viewer_client, url)
    for index in range(48):
        Article.objects.create(title=f"文章{index}", text="正文", content_hash=f"{index:064d}")
    assert queries_for(viewer_client, url) == with_few


def test_the_article_page_marks_the_evidence_of_its_records(viewer_client, site_ledger):
    response = viewer_client.get(reverse("articles:article_detail", args=[site_ledger.article.pk]))
    page = response.content.decode()
    assert '<mark title="荣誉：牡丹区市场监督管理局 · 2020年全国文明单位">该局2020年被评为全国文明单位。</mark>' in page
    assert "今年以来，该局志愿服务时长达120.5小时。</mark>" in page


def test_the_article_text_is_escaped(viewer_client, site_ledger):
    page = viewer_client.get(reverse("articles:article_detail", args=[site_ledger.article.pk])).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_the_article_page_lists_the_records_read_from_it(viewer_client, site_ledger):
    detail = viewer_client.get(reverse("articles:article_detail", args=[site_ledger.article.pk])).context["detail"]
    assert [award.honour.name for award in detail.honours] == ["全国文明单位"]
    assert [activity.title for activity in detail.activities] == ["志愿服务活动进社区"]
    assert [record.unit.name for record in detail.volunteer_records] == ["牡丹区市场监督管理局"]
