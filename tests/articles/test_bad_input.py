"""Every file of the bad-input corpus (tests/data/bad/, see make_bad_corpus.py)
through the importer and the spreadsheet import.

Each file either imports correctly or is refused with a message naming the
file (and, for sheets, the line and column); a refused file leaves every table
as it was, and nothing stored before is changed by any file. The importer's own
bookkeeping (one ImportRun, one failed PageFile naming the file) is the only
trace a refused page leaves.
"""

from __future__ import annotations

import io
import json
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from articles.models import Article, ImportRun, PageFile
from campaigns.models import VolunteerRecord
from tests.data.make_bad_corpus import KNOWN_UNIT
from tests.helpers import jobs_queued_on_commit, run_queued_jobs
from units.models import Unit

BAD = Path(__file__).resolve().parent.parent / "data" / "bad"
MANIFEST = json.loads((BAD / "MANIFEST.json").read_text(encoding="utf-8"))
BOOKKEEPING = {"articles.ImportRun", "articles.PageFile"}
# Made by migrate (permissions), or emptied by the job that takes an upload (queued pages).
NOT_COUNTED = {"auth.Permission", "articles.QueuedPage"}
# Written by any request or login, or the job queue (django-tasks), not by an import.
NOT_DATA = {"contenttypes", "sessions", "axes", "django_tasks_database"}


def corpus(kind: str, *expects: str) -> list[str]:
    return sorted(name for name, meta in MANIFEST.items() if meta["kind"] == kind and meta["expect"] in expects)


# Known gaps, each reported to the owner of the code at fault. The tests stay strict:
# when a gap is closed its test passes, pytest reports the XPASS as a failure, and
# the entry is to be removed here.
GAPS: dict[tuple[str, str], str] = {}


def with_gaps(test: str, names: list[str]) -> list:
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=f"gap: {GAPS[test, name]}"))
        if (test, name) in GAPS
        else name
        for name in names
    ]


PAGES = corpus("page", "imports", "refused", "imports_or_refused")
SHEETS = corpus("sheet", "imports", "refused", "imports_or_refused")


# --- snapshots -------------------------------------------------------------------------


def data_models():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in NOT_DATA and model._meta.label not in NOT_COUNTED
    ]


def table_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in data_models()}


def snapshot() -> dict[tuple[str, object], dict]:
    """Every stored row, by model and primary key."""
    rows = {}
    for model in data_models():
        for row in model._default_manager.values():
            rows[(model._meta.label, row[model._meta.pk.attname])] = row
    return rows


def assert_intact(before: dict, after: dict) -> None:
    """Nothing stored before was changed or removed."""
    changed = [key for key, row in before.items() if after.get(key) != row]
    assert changed == [], f"rows changed or removed: {changed[:10]}"


@pytest.fixture
def stored(ledger):
    """What was stored before the bad file came: the shared ledger."""
    return snapshot()


# --- pages through the importer service ------------------------------------------------


def import_pages(*paths: Path) -> ImportRun:
    from articles.services import run_import

    return run_import(pages=list(paths))


def articles_of(page_file: PageFile) -> list[tuple[str, str]]:
    return list(page_file.articles.order_by("position").values_list("title", "text"))


@contextmanager
def rolled_back():
    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            yield
            raise Rollback
    except Rollback:
        pass


def clean_import_of(name: str) -> tuple[list[tuple[str, str]], dict]:
    """What the clean page imports as, into the same database, then rolled back."""
    result = {}
    with rolled_back():
        run = import_pages(BAD / name)
        page_file = run.page_file_results[0]
        assert page_file.status == PageFile.Status.IMPORTED, page_file.message
        result["articles"] = articles_of(page_file)
        result["counts"] = page_file.counts.as_dict()
    return result["articles"], result["counts"]


def assert_refused_cleanly(name: str, page_file: PageFile, counts_before: dict, before: dict) -> None:
    assert page_file.status == PageFile.Status.FAILED
    assert name in page_file.message, page_file.message
    assert page_file.articles.count() == 0
    counts_after = table_counts()
    assert {k: v for k, v in counts_after.items() if k not in BOOKKEEPING} == {
        k: v for k, v in counts_before.items() if k not in BOOKKEEPING
    }
    # The run's own report: one run, one failed file.
    assert {k: counts_after[k] - counts_before[k] for k in BOOKKEEPING} == dict.fromkeys(BOOKKEEPING, 1)
    assert_intact(before, snapshot())


def assert_imported_whole(page_file: PageFile) -> None:
    assert page_file.status == PageFile.Status.IMPORTED, page_file.message
    stored_articles = Article.objects.filter(page_file=page_file).count()
    assert stored_articles == page_file.article_count > 0
    for title, text in articles_of(page_file):
        for control in ("\x00", "\x07", "\x1b", "\x7f"):
            assert control not in title and control not in text, f"control character {control!r} stored"


@pytest.mark.parametrize("name", PAGES)
def test_each_bad_page_imports_correctly_or_is_refused_cleanly(stored, name):
    meta = MANIFEST[name]
    counts_before = table_counts()

    run = import_pages(BAD / name)
    (page_file,) = run.page_file_results

    if page_file.status == PageFile.Status.FAILED:
        assert meta["expect"] != "imports", f"{name} must import: {page_file.message}"
        assert_refused_cleanly(name, page_file, counts_before, stored)
        return
    assert meta["expect"] != "refused", f"{name} must be refused, but imported: {page_file.message}"
    assert_imported_whole(page_file)
    assert_intact(stored, snapshot())
    if "contains" in meta:
        assert any(meta["contains"] in text for _, text in articles_of(page_file))


SAME_AS_SEED = sorted(name for name, meta in MANIFEST.items() if meta.get("same_as"))


@pytest.mark.parametrize("name", SAME_AS_SEED)
def test_a_page_in_another_encoding_or_line_end_gives_the_same_articles(db, name):
    meta = MANIFEST[name]
    expected_articles, expected_counts = clean_import_of(meta["same_as"])

    run = import_pages(BAD / name)
    (page_file,) = run.page_file_results
    if page_file.status == PageFile.Status.FAILED and meta["expect"] == "imports_or_refused":
        assert name in page_file.message
        return
    assert page_file.status == PageFile.Status.IMPORTED, page_file.message
    assert articles_of(page_file) == expected_articles
    assert page_file.counts.as_dict() == expected_counts


def test_a_50_mb_page_is_refused_without_touching_the_database(stored, tmp_path):
    huge = tmp_path / "huge_page.txt"
    line = ("菏泽市文明办组织志愿者开展学雷锋志愿服务活动。" * 40 + "\n").encode()
    with huge.open("wb") as out:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            out.write(line)
    assert huge.stat().st_size >= 50 * 1024 * 1024
    counts_before = table_counts()

    (page_file,) = import_pages(huge).page_file_results

    assert_refused_cleanly(huge.name, page_file, counts_before, stored)
    assert "过大" in page_file.message


def test_a_refused_page_among_good_ones_leaves_the_good_ones_whole(stored):
    run = import_pages(BAD / "seed_utf8.txt", BAD / "image_named_txt.txt", BAD / "empty.txt")
    good, png, empty = run.page_file_results
    assert_imported_whole(good)
    assert png.status == empty.status == PageFile.Status.FAILED
    assert run.status == ImportRun.Status.PARTIAL
    assert_intact(stored, snapshot())


def test_negative_and_absurd_figures_are_not_stored(db):
    assert MANIFEST["absurd_figures.txt"]["stores_no_figures"]
    (page_file,) = import_pages(BAD / "absurd_figures.txt").page_file_results
    stored = VolunteerRecord.objects.filter(article__page_file=page_file)
    assert list(stored.values_list("evidence", "hours", "person_times", "volunteers")) == []


# --- pages through the command ---------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_the_command_imports_or_refuses_each_bad_page_naming_it(stored, name):
    meta = MANIFEST[name]
    counts_before = table_counts()
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", str(BAD / name), stdout=out, stderr=err)
    except CommandError as error:
        assert meta["expect"] != "imports", f"{name} must import: {error}"
        assert name in str(error)
        page_file = PageFile.objects.get(file_name__endswith=name)
        assert_refused_cleanly(name, page_file, counts_before, stored)
        return
    assert meta["expect"] != "refused", f"{name} must be refused: {out.getvalue()}"
    assert_imported_whole(PageFile.objects.get(file_name__endswith=name))
    assert_intact(stored, snapshot())


# --- pages through the admin's upload page ---------------------------------------------


def upload(client, path: Path):
    with path.open("rb") as page, jobs_queued_on_commit():
        response = client.post(reverse("articles_import:upload"), {"files": page})
    assert response.status_code == 302, response.content.decode()[:500]
    run_queued_jobs()
    report = client.get(response["Location"])
    assert report.status_code == 200
    return PageFile.objects.get(import_run__key=response["Location"].rstrip("/").rsplit("/", 1)[-1]), report


@pytest.mark.parametrize("name", PAGES)
def test_the_admin_upload_imports_or_refuses_each_bad_page_naming_it(admin_client, stored, name):
    meta = MANIFEST[name]
    counts_before = table_counts()
    page_file, report = upload(admin_client, BAD / name)
    if page_file.status == PageFile.Status.FAILED:
        assert meta["expect"] != "imports", f"{name} must import: {page_file.message}"
        assert_refused_cleanly(name, page_file, counts_before, stored)
        assert name in page_text(report)
        return
    assert meta["expect"] != "refused", f"{name} must be refused: {page_file.message}"
    assert_imported_whole(page_file)
    assert_intact(stored, snapshot())


def test_a_50_mb_page_uploaded_in_the_admin_is_refused(admin_client, stored, tmp_path):
    huge = tmp_path / "huge_upload.txt"
    huge.write_bytes(("志愿服务" * 1000 + "\n").encode() * (50 * 1024 * 1024 // 12001 + 1))
    counts_before = table_counts()
    page_file, report = upload(admin_client, huge)
    assert_refused_cleanly(huge.name, page_file, counts_before, stored)
    assert "过大" in page_text(report)


# --- spreadsheets through the admin's import page --------------------------------------


@pytest.fixture
def known_unit(db):
    return Unit.objects.create(name=KNOWN_UNIT, kind=Unit.Kind.PARTY_GOVERNMENT)


def sheet_import(client, name: str):
    """Step one of the admin import: upload, validate, preview."""
    fmt = {"csv": "0", "xlsx": "1"}[MANIFEST[name]["format"]]
    with (BAD / name).open("rb") as upload:
        return client.post(
            reverse("admin:campaigns_volunteerrecord_import"),
            {"resource": "0", "format": fmt, "import_file": upload},
        )


def sheet_confirm(client, preview):
    """Step two: confirm the previewed import."""
    form = preview.context["confirm_form"]
    data = {key: value for key, value in form.initial.items() if value is not None}
    return client.post(reverse("admin:campaigns_volunteerrecord_process_import"), data)


def page_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.parametrize("name", with_gaps("sheet", SHEETS))
def test_each_bad_sheet_imports_or_is_refused_in_the_admin(admin_client, stored, known_unit, name):
    meta = MANIFEST[name]
    before = snapshot()
    preview = sheet_import(admin_client, name)
    assert preview.status_code == 200
    confirm_form = preview.context.get("confirm_form")

    if confirm_form is None:
        assert meta["expect"] != "imports", f"{name} must import: {page_text(preview)[:500]}"
        assert snapshot() == before
        if "bad_line" in meta:
            result = preview.context["result"]
            lines = {row.number for row in result.invalid_rows} | {line for line, _ in result.row_errors()}
            assert meta["bad_line"] in lines
        return
    assert meta["expect"] != "refused", f"{name} must be refused, but the admin offers to import it"
    response = sheet_confirm(admin_client, preview)
    assert response.status_code == 302
    assert VolunteerRecord.objects.filter(unit=known_unit, hours=120).count() == 1
    assert_intact(stored, snapshot())


@pytest.mark.parametrize("name", with_gaps("chinese", corpus("sheet", "refused")))
def test_a_refused_sheet_shows_an_error_in_chinese(admin_client, known_unit, name):
    text = page_text(sheet_import(admin_client, name))
    row_error = re.search(r"行 错误 .*", text)
    shown = row_error.group(0) if row_error else text
    assert re.search(r"(错误|无法|找不到|不是|不能|失败|空文件|超过|无效)", shown), text[:800]


ROW_ERRORS = sorted(name for name, meta in MANIFEST.items() if "bad_line" in meta)


@pytest.mark.parametrize("name", with_gaps("column", ROW_ERRORS))
def test_a_row_error_names_the_line_and_the_column(admin_client, known_unit, name):
    result = sheet_import(admin_client, name).context["result"]
    messages = {}
    for row in result.invalid_rows:
        messages.update({(row.number, column): errors for column, errors in row.error_dict.items()})
    for line, errors in result.row_errors():
        messages[(line, "")] = [str(error.error) for error in errors]
    at_line = {column: errors for (line, column), errors in messages.items() if line == MANIFEST[name]["bad_line"]}
    assert at_line, messages
    named_columns = {column for column in at_line if column and column != "__all__"} | {
        header for header in ("单位", "统计起始", "服务时长（小时）") if any(header in str(e) for e in at_line.values())
    }
    assert named_columns, f"{name}: the error names no column: {at_line}"


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("image_named.csv", "这不是 CSV 文本，而是 PNG 图片"),
        ("text_named.xlsx", "这不是 XLSX 工作簿，可能是改了扩展名的 CSV 或文本文件"),
        ("truncated.xlsx", "XLSX 工作簿已损坏或不完整"),
    ],
)
def test_an_unreadable_sheet_is_refused_naming_the_file_and_the_problem(admin_client, name, problem):
    response = sheet_import(admin_client, name)
    assert response.context.get("confirm_form") is None
    assert f"无法导入文件“{name}”：{problem}" in page_text(response)


def test_a_gbk_csv_from_excel_on_chinese_windows_imports_in_the_admin(admin_client, known_unit):
    preview = sheet_import(admin_client, "volunteer_gbk.csv")
    assert preview.context.get("confirm_form") is not None, page_text(preview)[:800]
    assert sheet_confirm(admin_client, preview).status_code == 302
    assert VolunteerRecord.objects.get(unit=known_unit).period_text == "今年一季度"


def test_a_sheet_with_headers_only_is_refused_in_chinese(admin_client, tmp_path):
    headers_only = tmp_path / "headers_only.csv"
    headers_only.write_text("编号,单位,服务时长（小时）\n", encoding="utf-8")
    with headers_only.open("rb") as upload:
        response = admin_client.post(
            reverse("admin:campaigns_volunteerrecord_import"),
            {"resource": "0", "format": "0", "import_file": upload},
        )
    assert "无法导入文件“headers_only.csv”：文件中只有表头，没有数据行" in page_text(response)


def test_a_sheet_with_unknown_headers_is_refused_naming_the_expected_ones(admin_client, known_unit):
    text = page_text(sheet_import(admin_client, "wrong_headers.xlsx"))
    assert "第一行没有一个可识别的列名（现有：“名字”、“数量”、“日期”）" in text
    assert "请使用这些列名作表头：编号、单位、活动编号、服务时长（小时）" in text
    assert "Traceback" not in text
