"""The staff site in a real browser: log in, filter, reproduce the filter from
its link, export, and read the dashboard."""

import csv
import io
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import openpyxl
import pytest

from tests import sitedata

pytestmark = pytest.mark.browser


NATIONAL_IN_MUDAN = ["牡丹区市场监督管理局", "西城街道和平社区"]


def log_in(page, live_server, path: str = "/") -> None:
    page.goto(f"{live_server.url}{path}")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "viewer")
    page.fill("#id_password", sitedata.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}{path}")


def result_names(page) -> list[str]:
    return page.locator("#results tbody tr td:first-child a").all_inner_texts()


def filter_national_units_in_mudan(page, live_server) -> None:
    log_in(page, live_server, "/units/")
    page.select_option("#id_region", label="山东省菏泽市牡丹区")
    page.select_option("#id_honour_level", label="国家级")
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("#result-count")


def test_an_anonymous_visitor_logs_in_and_lands_where_they_were_going(page, live_server, site_ledger, viewer):
    log_in(page, live_server, "/units/")
    assert page.locator("h1").inner_text() == "单位"
    assert "viewer" in page.locator(".account").inner_text()


def test_a_filtered_list_and_its_link_show_the_same_rows(page, live_server, site_ledger, viewer):
    filter_national_units_in_mudan(page, live_server)
    assert result_names(page) == NATIONAL_IN_MUDAN
    assert "共 2 条单位" in page.locator("#result-count").inner_text()
    query = parse_qs(urlparse(page.url).query)
    assert query["region"] == [str(site_ledger.mudan.pk)]
    assert query["honour_level"] == ["national"]

    # The address alone reproduces the view, in a fresh tab.
    copy = page.context.new_page()
    copy.goto(page.url)
    assert result_names(copy) == NATIONAL_IN_MUDAN
    assert copy.locator("#id_region option:checked").inner_text() == "山东省菏泽市牡丹区"

    # Sorting keeps the filters.
    copy.click("#results th a:has-text('单位名称')")
    copy.wait_for_url("**sort=name**")
    copy.click("#results th a:has-text('单位名称')")
    copy.wait_for_url("**sort=-name**")
    assert result_names(copy) == list(reversed(NATIONAL_IN_MUDAN))
    assert parse_qs(urlparse(copy.url).query)["honour_level"] == ["national"]


def test_removing_a_filter_chip_widens_the_list(page, live_server, site_ledger, viewer):
    filter_national_units_in_mudan(page, live_server)
    page.click(".chips a[aria-label='去掉荣誉级别']")
    page.wait_for_selector("#result-count")
    assert "honour_level" not in page.url
    assert result_names(page) == NATIONAL_IN_MUDAN  # both 牡丹区 units are national holders anyway
    assert "共 2 条单位" in page.locator("#result-count").inner_text()


def test_the_exports_download_exactly_the_filtered_rows(page, live_server, site_ledger, viewer):
    filter_national_units_in_mudan(page, live_server)

    with page.expect_download() as csv_download:
        page.click("#export-csv")
    data = Path(csv_download.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][0] == "单位全称"
    assert [row[0] for row in rows[1:]] == NATIONAL_IN_MUDAN
    assert csv_download.value.suggested_filename.endswith(".csv")

    with page.expect_download() as xlsx_download:
        page.click("#export-xlsx")
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    # Playwright stores downloads under a random name without extension.
    sheet = openpyxl.load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes()), read_only=True).active
    sheet_rows = list(sheet.iter_rows(values_only=True))
    assert sheet_rows[0][0] == "单位全称"
    assert [row[0] for row in sheet_rows[1:]] == NATIONAL_IN_MUDAN


def test_the_dashboard_draws_its_charts(page, live_server, site_ledger, viewer):
    log_in(page, live_server, "/")
    assert page.locator("#total-units .value").inner_text().startswith("4")
    for chart in ("hours-by-month", "hours-by-unit", "honours-by-year", "activities-by-campaign"):
        svg = page.locator(f"#{chart} svg.chart")
        assert svg.is_visible(), chart
        bars = svg.locator("rect.bar")
        assert bars.count() > 0, chart
        box = bars.first.bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0, chart
    assert "东明县教育局" in page.locator("#hours-by-unit").inner_text()


def test_a_dashboard_bar_opens_the_records_it_counts(page, live_server, site_ledger, viewer):
    log_in(page, live_server, "/")
    page.click(f"#activities-by-campaign a[href*='campaign={site_ledger.civilised_city.pk}']")
    page.wait_for_url("**/activities/**")
    assert page.locator("#id_campaign option:checked").inner_text().startswith("菏泽市创建全国文明城市")
    assert "共 3 条活动" in page.locator("#result-count").inner_text()
