"""Screenshots of the staff site's main pages for the README (docs/screenshots/).

Drives Debian's headless Chromium with Playwright against a running server:

    scripts/run &                        # or any server with data in it
    .venv/bin/python bench/screenshots.py --url http://127.0.0.1:8000 \
        --user admin --password wenming-demo

The synthetic data of `manage.py generate_synthetic` makes fuller charts than
the five seed pages. Needs /usr/bin/chromium (apt-get install chromium).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def logged_in_page(playwright, base: str, user: str, password: str):
    """Headless Chromium with one page, logged in to the staff site at `base`."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    return browser, page


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="wenming-demo")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--region", default="牡丹区", help="地区 for the filtered unit list")
    parser.add_argument("--year", type=int, default=2024, help="year of the activity and volunteer lists")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    base = args.url.rstrip("/")

    with sync_playwright() as playwright:
        browser, page = logged_in_page(playwright, base, args.user, args.password)

        page.screenshot(path=args.out / "dashboard.png", full_page=True)

        # The unit with the most volunteer hours (first bar of the ranking).
        page.click("#hours-by-unit a >> nth=0")
        page.wait_for_load_state()
        page.screenshot(path=args.out / "unit-detail.png", full_page=True)

        page.goto(f"{base}/units/")
        region = page.locator("#id_region option", has_text=args.region).first
        region_id = region.get_attribute("value") if region.count() else ""
        query = urlencode({"region": region_id, "honour_level": "national", "sort": "-hours"})
        page.goto(f"{base}/units/?{query}")
        page.screenshot(path=args.out / "unit-list.png")

        query = urlencode({"q": "创城", "date_after": f"{args.year}-03-01", "date_before": f"{args.year}-03-31"})
        page.goto(f"{base}/activities/?{query}")
        page.screenshot(path=args.out / "activity-list.png")

        query = urlencode({"unit_name": "局", "year_min": args.year, "year_max": args.year, "sort": "-hours"})
        page.goto(f"{base}/volunteer/?{query}")
        page.screenshot(path=args.out / "volunteer-list.png")
        browser.close()
    for path in sorted(args.out.glob("*.png")):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
