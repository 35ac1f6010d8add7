"""A unit's creation ledger in a real browser: 生成台账 on the unit's page downloads the
workbook and the PDF; the workbook holds every accepted record of the unit and year under
one item and the others only among those left out; the PDF's pages, drawn as images by
pdftoppm, are not blank."""

import io
import shutil
import subprocess
from collections import Counter
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from django.db.models import Q
from pdfminer.high_level import extract_text
from PIL import Image, ImageOps

from campaigns.models import Activity, ActivityOrganiser, VolunteerRecord
from core.models import ReviewStatus
from reports.ledger import UNFILED
from reports.ledger_items import NATIONAL_2012
from tests.browser.test_site import log_in

pytestmark = pytest.mark.browser

YEAR = 2024
ITEM_SHEETS = {item.name for item in NATIONAL_2012.items} | {UNFILED}
LEFT_OUT_SHEET = "未纳入记录"


@pytest.fixture
def bureau(site_ledger):
    """牡丹区市场监督管理局 with, besides the site's records (an accepted and a pending
    activity, a volunteer record of 2024), a rejected activity, an accepted one it only
    took part in, and an accepted one of another year."""
    unit = site_ledger.market_bureau
    for title, day, status, role in [
        ("食品安全宣传周", date(YEAR, 6, 12), ReviewStatus.REJECTED, ActivityOrganiser.Role.HOST),
        ("文明餐桌倡议", date(YEAR, 9, 3), ReviewStatus.ACCEPTED, ActivityOrganiser.Role.PARTICIPANT),
        ("上一年度的志愿服务", date(YEAR - 1, 9, 3), ReviewStatus.ACCEPTED, ActivityOrganiser.Role.HOST),
    ]:
        activity = Activity.objects.create(title=title, date=day, review_status=status)
        ActivityOrganiser.objects.create(activity=activity, unit=unit, role=role)
    return unit


def records_of(unit, status_filter: Q) -> Counter:
    activities = Activity.objects.filter(status_filter, organiser_roles__unit=unit, date__year=YEAR)
    volunteering = VolunteerRecord.objects.filter(status_filter, unit=unit, period_start__year=YEAR)
    titles = [("活动", a.title) for a in activities]
    titles += [("志愿服务", v.activity.title if v.activity_id else v.period_text or "志愿服务") for v in volunteering]
    return Counter(titles)


def download(page, button: str) -> tuple[str, bytes]:
    with page.expect_download() as started:
        page.click(button)
    return started.value.suggested_filename, Path(started.value.path()).read_bytes()


def open_ledger_page(page, live_server, unit) -> None:
    log_in(page, live_server, f"/units/{unit.pk}/")
    page.select_option("#ledger-year", str(YEAR))


def test_the_workbook_files_every_accepted_record_under_one_item(page, live_server, bureau, viewer):
    open_ledger_page(page, live_server, bureau)

    name, data = download(page, "#build-ledger")

    assert name.endswith(".xlsx") and bureau.name in name
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    filed = Counter()
    for sheet_name in set(workbook.sheetnames) & ITEM_SHEETS:
        rows = list(workbook[sheet_name].iter_rows(min_row=3, values_only=True))
        for row in rows:
            if not row or row[0] is None:
                break  # the blank row before the 说明报告 draft
            filed[(row[0], row[2])] += 1
    accepted = records_of(bureau, Q(review_status=ReviewStatus.ACCEPTED))
    assert accepted and filed == accepted  # each accepted record once, under one item; nothing else
    left_out = {row[1] for row in workbook[LEFT_OUT_SHEET].iter_rows(min_row=2, values_only=True)}
    not_accepted = records_of(bureau, ~Q(review_status=ReviewStatus.ACCEPTED))
    assert {title for _, title in not_accepted} == left_out == {"待审核的巡查活动", "食品安全宣传周"}


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm missing (poppler-utils: scripts/setup --dev)")
def test_the_pdf_downloads_and_its_pages_draw_the_records(page, live_server, bureau, viewer, tmp_path):
    open_ledger_page(page, live_server, bureau)

    name, data = download(page, "#build-ledger-pdf")

    assert name.endswith(".pdf") and data.startswith(b"%PDF-")
    text = "".join(extract_text(io.BytesIO(data)).split())
    assert bureau.name in text and "志愿服务活动进社区" in text and "文明餐桌倡议" in text
    pdf = tmp_path / "ledger.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 3  # the cover, the items, the volunteer figures and what was left out
    for png in pages:
        ink = sum(ImageOps.grayscale(Image.open(png)).histogram()[:160])
        assert ink > 500, f"{png.name} is blank"
