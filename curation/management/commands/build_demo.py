"""manage.py build_demo: rebuild fixtures/demo.json from the seed pages."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from curation.demo import DEMO_PAGES, FIXTURES, DemoRefused, demo_build


class Command(BaseCommand):
    help = (
        "Import the seed pages (fixtures/pages) and our demo pages (fixtures/demo_pages) into this empty, "
        "migrated database, review them "
        "by the recorded decisions (fixtures/demo_decisions.json: rejections and corrections; "
        "everything else is accepted) and write the demo fixture. Run it against a scratch "
        "database, e.g. DATABASE_URL=sqlite:////tmp/demo.sqlite3."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", nargs="?", default=str(FIXTURES / "demo.json"), help="where to write the fixture")
        parser.add_argument(
            "--pages", nargs="+", default=[str(folder) for folder in DEMO_PAGES], help="folders of .txt page files"
        )
        parser.add_argument(
            "--decisions", default=str(FIXTURES / "demo_decisions.json"), help="the recorded review decisions"
        )

    def handle(self, *args, output, pages, decisions, verbosity, **options):
        try:
            text = demo_build(pages=[Path(folder) for folder in pages], decisions=Path(decisions))
        except DemoRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        Path(output).write_text(text, encoding="utf-8")
        if verbosity:
            self.stdout.write(f"已写入 {output}（{len(json.loads(text))} 条记录）")
