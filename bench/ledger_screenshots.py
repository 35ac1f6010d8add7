"""Screenshots of the honour and ledger pages for docs/ledger.md (docs/screenshots/).

Drives Debian's headless Chromium with Playwright against a running server that
holds the demo ledger (fixtures/demo.json: the seed pages and our demo page of a
district's 复查 results):

    DATABASE_URL=sqlite:////tmp/demo-site.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=... .venv/bin/python manage.py loaddata fixtures/regions.json \\
        fixtures/honours.json fixtures/campaigns.json fixtures/sources.json fixtures/demo.json
    DATABASE_URL=... .venv/bin/python manage.py runserver 127.0.0.1:8123 &
    .venv/bin/python bench/ledger_screenshots.py --url http://127.0.0.1:8123 --user admin --password ...
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import sync_playwright
from screenshots import OUT, logged_in_page


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8123")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="wenming-demo")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--region", default="牡丹区", help="地区 of the due-for-review list")
    parser.add_argument("--unit", default="菏泽市牡丹区人民医院", help="the unit whose timeline is shown")
    parser.add_argument("--year", type=int, default=2026, help="year of the due-for-review list")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    base = args.url.rstrip("/")

    with sync_playwright() as playwright:
        browser, page = logged_in_page(playwright, base, args.user, args.password)

        page.goto(f"{base}/honours/due/")
        region = page.locator("#id_region option", has_text=args.region).first
        query = urlencode({"region": region.get_attribute("value"), "category": "civilised_unit", "year": args.year})
        page.goto(f"{base}/honours/due/?{query}")
        page.screenshot(path=args.out / "ledger-due-for-review.png", full_page=True)

        page.goto(f"{base}/honours/expiring/?{urlencode({'year': args.year})}")
        page.screenshot(path=args.out / "ledger-expiring.png", full_page=True)

        page.goto(f"{base}/units/?{urlencode({'q': args.unit})}")
        page.click(f"#results a:has-text('{args.unit}')")
        page.wait_for_load_state()
        page.screenshot(path=args.out / "ledger-unit-page.png", full_page=True)
        page.click("#honour-timeline-link")
        page.wait_for_load_state()
        page.screenshot(path=args.out / "ledger-honour-timeline.png", full_page=True)

        page.goto(f"{base}/activities/")
        page.click("#results tbody a >> nth=0")
        page.wait_for_load_state()
        page.click("#ledger-filing-link")
        page.wait_for_load_state()
        page.screenshot(path=args.out / "ledger-filing.png", full_page=True)
        browser.close()
    for path in sorted(args.out.glob("ledger-*.png")):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
