"""The demo fixture is what the importer makes of the seed pages (curation/demo.py)."""

import json

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from curation.demo import DEMO_PAGES, FIXTURES, DemoRefused, demo_build


@pytest.fixture
def no_decisions(tmp_path):
    path = tmp_path / "decisions.json"
    path.write_text("[]", encoding="utf-8")
    return path


def _counts(rows):
    counts = {}
    for row in rows:
        counts[row["model"]] = counts.get(row["model"], 0) + 1
    return counts


def test_the_committed_demo_holds_what_the_importer_makes_of_the_seed_pages(db):
    built = json.loads(demo_build(pages=DEMO_PAGES, decisions=FIXTURES / "demo_decisions.json"))
    committed = json.loads((FIXTURES / "demo.json").read_text(encoding="utf-8"))

    assert _counts(built) == _counts(committed)


def test_every_demo_record_is_accepted(db, no_decisions):
    built = json.loads(demo_build(pages=DEMO_PAGES, decisions=no_decisions))

    statuses = {row["fields"]["review_status"] for row in built if "review_status" in row["fields"]}
    assert statuses == {"accepted"}


def test_a_recorded_rejection_keeps_the_record_out_of_the_accepted(db, tmp_path):
    committed = json.loads((FIXTURES / "demo.json").read_text(encoding="utf-8"))
    volunteer = next(row for row in committed if row["model"] == "campaigns.volunteerrecord")
    decisions = tmp_path / "decisions.json"
    decision = {"model": "campaigns.volunteerrecord", "evidence": volunteer["fields"]["evidence"]}
    decisions.write_text(json.dumps([{**decision, "action": "reject", "reason": "演示：驳回"}]), encoding="utf-8")

    built = json.loads(demo_build(pages=DEMO_PAGES, decisions=decisions))

    rejected = [row for row in built if row["fields"].get("review_status") == "rejected"]
    assert [row["fields"]["evidence"] for row in rejected] == [volunteer["fields"]["evidence"]]


def test_building_on_a_ledger_that_holds_articles_is_refused(db, no_decisions):
    Article.objects.create(title="已有文章", text="正文", content_hash="x" * 64)

    with pytest.raises(DemoRefused, match="空数据库"):
        demo_build(pages=DEMO_PAGES, decisions=no_decisions)


def test_the_command_names_the_refusal(db, tmp_path):
    Article.objects.create(title="已有文章", text="正文", content_hash="x" * 64)

    with pytest.raises(CommandError, match="空数据库"):
        call_command("build_demo", str(tmp_path / "demo.json"))
