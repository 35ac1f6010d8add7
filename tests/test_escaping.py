"""Text from newspaper pages and from staff is shown inert everywhere.

A page with <script> and other markup in its title and body goes through the
importer; records typed in by hand carry markup in every free-text field. Then
every page that can show them — the admin's lists, change forms and histories,
the page-import report, the staff site's lists, detail pages and home page — is
fetched and searched for the markup coming through unescaped. Exports are
checked for spreadsheet formulas (CSV/formula injection).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import Article, PageFile
from campaigns.models import Activity, ActivityOrganiser, Campaign, VolunteerRecord
from core.models import ReviewStatus
from curation.merging import unit_merge
from tests.data.make_bad_corpus import SCRIPT_BODY, SCRIPT_TITLE
from units.models import Honour, HonourAward, Region, Unit, UnitAlias, UnitMerge

BAD = Path(__file__).resolve().parent / "data" / "bad"

# Typed into every free-text field of the hand-made records.
MARKUP = '<script>alert("手工")</script><img src=x onerror=alert(2)>'
SHORT_MARKUP = "<img src=x onerror=alert(3)>"  # for fields of 40 characters
# What must never reach a page from the data: a live tag, or an attribute handler inside one.
LIVE = re.compile(r"<script>alert|<img src=x|<b>牡丹区</b>|onerror=alert\(\d\)>", re.IGNORECASE)
ESCAPED = "&lt;script&gt;alert("


def import_markup_page():
    from articles.services import run_import

    run = run_import(pages=[BAD / "markup_in_text.txt"])
    (page_file,) = run.page_file_results
    assert page_file.status == PageFile.Status.IMPORTED, page_file.message
    return page_file


@pytest.fixture
def poisoned(db, admin_user):
    """An imported page with markup, and hand-made records with markup in every free-text field."""
    page_file = import_markup_page()
    imported = Article.objects.filter(page_file=page_file)
    assert any("<script>" in article.title + article.text for article in imported)

    region = Region.objects.create(name=f"牡丹区{MARKUP}", full_name=f"山东省菏泽市牡丹区{MARKUP}", level="county")
    unit = Unit.objects.create(
        name=f"菏泽市文明办{MARKUP}",
        short_name=f"文明办{MARKUP}",
        region=region,
        note=MARKUP,
        review_status=ReviewStatus.REJECTED,
        review_note=MARKUP,
        reviewed_by=admin_user,
    )
    UnitAlias.objects.create(unit=unit, name=f"市文明办{MARKUP}")
    honour = Honour.objects.create(
        name=f"全国文明单位{MARKUP}", level="national", category="civilised_unit", description=MARKUP
    )
    HonourAward.objects.create(unit=unit, honour=honour, year=2020, edition=SHORT_MARKUP, note=MARKUP)
    campaign = Campaign.objects.create(name=f"创建全国文明城市{MARKUP}", description=MARKUP)
    activity = Activity.objects.create(
        title=f"学雷锋志愿服务{MARKUP}",
        campaign=campaign,
        date=date(2024, 3, 5),
        place=MARKUP,
        description=MARKUP,
        evidence=MARKUP,
    )
    ActivityOrganiser.objects.create(activity=activity, unit=unit)
    VolunteerRecord.objects.create(
        unit=unit, activity=activity, hours=Decimal("360"), period_text=MARKUP, evidence=MARKUP
    )
    duplicate = Unit.objects.create(name=f"牡丹区文明办{MARKUP}", note=MARKUP)
    unit_merge(survivor=unit, others=[duplicate], user=admin_user, reason=MARKUP)
    return unit


def admin_pages() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        for obj in model._default_manager.all():
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]))
    return urls


def staff_site_pages() -> list[str]:
    from tests.test_access import STAFF_ROUTES

    urls = []
    for route in STAFF_ROUTES:
        # Exports and the unit ledger are files, not pages (their cells are escaped
        # against formulas instead: tests/reports/test_exports.py, test_ledger.py); the
        # ledger bundle takes only the due list's POST.
        if "fmt" in route.kwargs or route.name in ("units:unit_ledger", "units:due_ledger_bundle"):
            continue
        if "pk" in route.kwargs:
            urls += [
                reverse(route.name, kwargs={"pk": pk})
                for pk in route.model._default_manager.values_list("pk", flat=True)
            ]
        else:
            # Every review state, so rejected and pending records are listed too.
            urls += [reverse(route.name), reverse(route.name) + "?review_status=all"]
    return urls


def admin_own_pages() -> list[str]:
    """The admin's pages outside ModelAdmin: page import report, curation, audit log."""
    from curation.review_queue import reviewable_by_label
    from tests.test_access import ADMIN_PAGES

    urls = []
    for page in ADMIN_PAGES:
        if {"fmt", "file_format"} & set(page.kwargs):
            continue
        if "page_file" in page.kwargs:
            continue  # the original file as it came, sent as an attachment: not a page of ours
        if "key" in page.kwargs:
            urls += [
                reverse(page.name, kwargs={"key": key})
                for key in PageFile.objects.values_list("import_run__key", flat=True)
            ]
        elif "pk" in page.kwargs:
            for label, model in reviewable_by_label().items():
                urls += [
                    reverse(page.name, kwargs={"model": label, "pk": pk})
                    for pk in model.objects.values_list("pk", flat=True)
                ]
        elif page.name == "curation:unit_merge":
            ids = "&".join(f"ids={pk}" for pk in Unit.objects.values_list("pk", flat=True)[:2])
            urls.append(f"{reverse(page.name)}?{ids}")
        elif page.name == "curation:unit_merge_undo":
            urls.append(f"{reverse(page.name)}?ids={UnitMerge.objects.get().pk}")
        else:
            urls.append(reverse(page.name))
    return urls


def assert_inert(client, urls: list[str]) -> int:
    """Fetches each page; returns how many showed the markup (escaped)."""
    shown = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        live = LIVE.search(html)
        assert live is None, (
            f"{url} shows live markup from the data: …{html[max(0, live.start() - 80) : live.end() + 40]}…"
        )
        shown += ESCAPED in html
    return shown


def test_the_admin_shows_imported_and_typed_markup_inert(admin_client, poisoned):
    urls = admin_pages()
    assert assert_inert(admin_client, urls) >= 10


def test_the_admins_own_pages_show_markup_inert(admin_client, poisoned):
    urls = admin_own_pages()
    assert any("review" in url for url in urls) and any("audit" in url for url in urls)
    assert assert_inert(admin_client, urls) >= 5


def test_the_staff_site_shows_imported_and_typed_markup_inert(admin_client, poisoned):
    urls = staff_site_pages()
    assert urls
    assert assert_inert(admin_client, urls) >= 5


def test_the_imported_title_and_body_keep_the_markup_as_text(admin_client, poisoned):
    article = Article.objects.get(title__contains="<script>")
    html = admin_client.get(reverse("articles:article_detail", kwargs={"pk": article.pk})).content.decode()
    assert "&lt;script&gt;alert(&quot;标题&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert SCRIPT_TITLE.startswith("<script>") and "<script>" in SCRIPT_BODY


# --- exports: no spreadsheet formulas from the data ------------------------------------

FORMULA = '=HYPERLINK("http://evil.example/","点我")'


@pytest.fixture
def formula_unit(db):
    return Unit.objects.create(name=FORMULA, note="+1+1", short_name="@SUM(1)")


def test_a_csv_export_does_not_start_a_cell_with_a_formula(admin_client, formula_unit):
    response = admin_client.get(reverse("units:unit_export", kwargs={"fmt": "csv"}))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert any("HYPERLINK" in cell for cell in cells)
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@")]


def test_an_xlsx_export_holds_no_formula_from_the_data(admin_client, formula_unit):
    from openpyxl import load_workbook

    response = admin_client.get(reverse("units:unit_export", kwargs={"fmt": "xlsx"}))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [cell for row in workbook.active.iter_rows() for cell in row]
    assert any("HYPERLINK" in str(cell.value) for cell in cells)
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []


ADMIN_EXPORT_COLUMNS = {"unitresource_name": "on", "unitresource_short_name": "on", "unitresource_note": "on"}


def test_the_admins_csv_export_does_not_start_a_cell_with_a_formula(admin_client, formula_unit):
    response = admin_client.post(
        reverse("admin:units_unit_export"), {"format": "0", "resource": "0", **ADMIN_EXPORT_COLUMNS}
    )
    cells = [cell for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for cell in row]
    assert any("HYPERLINK" in cell for cell in cells)
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]


def test_the_admins_xlsx_export_holds_no_formula_from_the_data(admin_client, formula_unit):
    from openpyxl import load_workbook

    response = admin_client.post(
        reverse("admin:units_unit_export"), {"format": "1", "resource": "0", **ADMIN_EXPORT_COLUMNS}
    )
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [cell for row in workbook.active.iter_rows() for cell in row]
    assert any("HYPERLINK" in str(cell.value) for cell in cells)
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []


def test_only_text_is_escaped_in_a_csv_export():
    from core.exports import csv_chunks

    # "-5" is a number to a spreadsheet, not a formula: it stays as it is.
    body = "".join(csv_chunks(["服务时长（小时）", "备注"], [["-5", "-x"], [Decimal("-1.5"), "=1"]]))
    assert list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))[1:] == [["-5", "'-x"], ["-1.5", "'=1"]]
