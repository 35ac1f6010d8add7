"""manage.py extract: the JSON contract on stdout, nothing in the database, clear errors."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, ImportRun, PageFile
from campaigns.models import Activity, VolunteerRecord
from tests.articles.formats import docx_page, html_page, pdf_page, scanned_pdf, seed_articles
from units.models import HonourAward, Unit, UnitAlias

PAGE = (
    "文明花开\n\n——日照市人民医院推进文明单位创建纪实\n\n"
    "近年来，日照市人民医院先后获得“全国巾帼文明岗”“山东省青年文明号”等荣誉称号。\n\n"
    "5月12日，日照市人民医院联合市红十字会在万平口广场开展“健康进社区”志愿服务活动。\n\n"
    "去年以来，该院累计参与志愿服务1200余人次，志愿服务时长超5000小时。\n\n"
    "记者 周明远\n"
)

ARTICLE_KEYS = {"title", "subtitle", "date", "bylines", "units", "honours", "activities", "volunteer_service"}


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("extract", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.django_db
def test_it_prints_the_json_contract(tmp_path):
    out, _ = run(write(tmp_path, "page.txt", PAGE.encode("utf-8")), "--json", "--date", "2024-06-01")
    document = json.loads(out)
    (entry,) = document["files"]
    assert entry["file"] == "page.txt"
    (article,) = entry["articles"]
    assert ARTICLE_KEYS <= set(article)
    assert {u["name"] for u in article["units"]} >= {"日照市人民医院", "日照市红十字会"}
    assert {"unit", "honour", "level", "year", "status", "evidence"} <= set(article["honours"][0])
    (activity,) = article["activities"]
    assert activity["date"] == "2024-05-12"
    assert set(activity["organizers"]) == {"日照市人民医院", "日照市红十字会"}
    (figure,) = article["volunteer_service"]
    assert (figure["unit"], figure["hours"], figure["person_times"], figure["approximate"]) == (
        "日照市人民医院",
        5000,
        1200,
        True,
    )


@pytest.mark.django_db
def test_it_writes_nothing_to_the_database(tmp_path):
    models = (Article, ImportRun, PageFile, Unit, UnitAlias, HonourAward, Activity, VolunteerRecord)
    before = [m.objects.count() for m in models]
    run(write(tmp_path, "page.txt", PAGE.encode("utf-8")), "--json")
    assert [m.objects.count() for m in models] == before


@pytest.mark.django_db
def test_it_reads_gbk_pages(tmp_path):
    out, _ = run(write(tmp_path, "gbk.txt", PAGE.replace("\n", "\r\n").encode("gbk")), "--json")
    assert json.loads(out)["files"][0]["articles"][0]["title"] == "文明花开"


@pytest.mark.django_db
def test_its_output_does_not_depend_on_the_registry(tmp_path):
    path = write(tmp_path, "page.txt", PAGE.encode("utf-8"))
    empty, _ = run(path, "--json")
    unit = Unit.objects.create(name="日照市中心医院")
    UnitAlias.objects.create(unit=unit, name="日照市人民医院")
    assert run(path, "--json")[0] == empty


@pytest.mark.django_db
def test_without_json_it_prints_a_readable_summary(tmp_path):
    out, _ = run(write(tmp_path, "page.txt", PAGE.encode("utf-8")))
    assert "《文明花开》" in out and "日照市人民医院" in out


@pytest.mark.django_db
def test_a_binary_file_is_a_command_error_naming_it(tmp_path):
    path = write(tmp_path, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    with pytest.raises(CommandError, match="photo.txt"):
        run(path, "--json")


@pytest.mark.django_db
def test_an_empty_file_is_a_command_error_naming_it(tmp_path):
    path = write(tmp_path, "empty.txt", b"")
    with pytest.raises(CommandError, match="empty.txt.*空"):
        run(path, "--json")


@pytest.mark.django_db
def test_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="不存在"):
        run(str(tmp_path / "nowhere.txt"))


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["html", "pdf", "docx"])
def test_a_page_in_another_format_prints_what_its_txt_prints(tmp_path, suffix):
    articles = seed_articles(PAGE)
    render = {"html": html_page, "pdf": pdf_page, "docx": docx_page}[suffix]
    txt, _ = run(write(tmp_path, "page.txt", PAGE.encode("utf-8")), "--json", "--date", "2024-06-01")
    other, _ = run(write(tmp_path, f"page.{suffix}", render(articles)), "--json", "--date", "2024-06-01")
    (expected,), (entry,) = json.loads(txt)["files"], json.loads(other)["files"]
    assert entry["file"] == f"page.{suffix}"
    assert entry["articles"] == expected["articles"]


@pytest.mark.django_db
def test_a_broken_file_of_another_format_is_an_error_naming_it(tmp_path):
    path = write(tmp_path, "扫描件.pdf", scanned_pdf())
    with pytest.raises(CommandError, match=r"扫描件\.pdf：PDF 没有文字层"):
        run(path, "--json")
