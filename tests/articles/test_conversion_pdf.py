"""PDF pages (articles.conversion.from_pdf): print pages set by ReportLab in tests/articles/formats.py."""

import re
from pathlib import Path

import pytest

from articles.conversion import ConversionError, page_convert
from tests.articles.formats import bad_files, encrypted_pdf, pdf_lines, pdf_page, scanned_pdf, seed_articles

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "003_a9c33694dae72277.txt"
OWN_PAGE = """

社区志愿者清扫街巷迎新春

——东城街道开展环境整治志愿服务

1月20日，东城街道组织辖区12个社区的志愿者走上街头，清扫背街小巷，清理卫生死角，为居民营造整洁的节日环境。活动中，志愿者们分组包片，一边清扫一边向过往群众宣传文明城市创建知识。

据统计，当天共清理垃圾3吨，发放宣传资料800余份。街道负责人表示，将把志愿服务常态化开展下去。



图书馆开展读书分享会

2月3日，市图书馆在少儿阅览室举办寒假读书分享会，三十多名小读者轮流讲述自己最喜欢的一本书，现场气氛热烈。
"""


def squeezed(text: str) -> str:
    return re.sub(r"\\s|#|——", "", text)


@pytest.fixture(scope="module")
def seed_pdf():
    text = SEED.read_text(encoding="utf-8") if SEED.exists() else OWN_PAGE
    return text, page_convert("seed.pdf", pdf_page(seed_articles(text)))


def test_two_columns_are_read_in_reading_order(seed_pdf):
    text, converted = seed_pdf
    paragraphs = [squeezed(p) for p in re.split(r"\n\s*\n", text) if len(squeezed(p)) > 20]
    flat = squeezed(converted.text)
    positions = [flat.find(p) for p in paragraphs]
    assert -1 not in positions
    assert positions == sorted(positions)


def test_headlines_are_found_by_type_size():
    converted = page_convert("own.pdf", pdf_page(seed_articles(OWN_PAGE)))
    blocks = [b.strip() for b in converted.text.split("\n\n") if b.strip()]
    assert blocks[:2] == ["# 社区志愿者清扫街巷迎新春", "——东城街道开展环境整治志愿服务"]
    assert "\n\n\n\n# 图书馆开展读书分享会\n" in converted.text


def test_a_headline_across_the_columns_comes_before_their_text():
    text = OWN_PAGE.replace("据统计", "据统计，" + "街道还组织志愿者入户宣传文明公约。" * 30)
    converted = page_convert("banner.pdf", pdf_page(seed_articles(text), banner=True))
    paragraphs = [squeezed(p) for p in re.split(r"\n\s*\n", text) if squeezed(p)]
    flat = squeezed(converted.text)
    assert converted.text.startswith("\n\n# 社区志愿者清扫街巷迎新春\n")
    positions = [flat.find(p) for p in paragraphs]
    assert -1 not in positions and positions == sorted(positions)


def test_running_heads_and_page_numbers_are_dropped(seed_pdf):
    _, converted = seed_pdf
    assert len(converted.pages) >= 2
    assert "星期三" not in converted.text
    assert not re.search(r"^- \d+ -$|第 A\d 版", converted.text, re.M)


def test_each_page_start_is_known(seed_pdf):
    _, converted = seed_pdf
    assert converted.pages[0] == 2
    assert list(converted.pages) == sorted(converted.pages)
    assert converted.page_at(len(converted.text) - 1) == len(converted.pages)


def test_a_word_hyphenated_at_a_line_end_is_joined():
    lines = [
        "The city's volunteers met in the library to plan the civic cam-",
        "paign for the spring, and the youth league brought forty stu-",
        "dents who signed up for weekend service in the old town.",
    ]
    text = page_convert("en.pdf", pdf_lines(lines)).text
    assert "civic campaign for the spring, and the youth league brought forty students who" in text


def test_latin_lines_wrapped_short_stay_one_paragraph():
    words = " ".join(["volunteering"] * 30)
    page = seed_articles(f"\n\nEnglish corner opens\n\n{words} in the community library every week.\n")
    text = page_convert("en.pdf", pdf_page(page, columns=2)).text
    assert f"\n\n{words} in the community library every week.\n" in text


def test_a_scan_without_a_text_layer_is_refused_saying_so():
    with pytest.raises(ConversionError, match="没有文字层.*扫描件"):
        page_convert("scan.pdf", scanned_pdf())


def test_an_encrypted_pdf_is_refused():
    with pytest.raises(ConversionError, match="已加密"):
        page_convert("locked.pdf", encrypted_pdf())


def test_a_truncated_pdf_is_refused():
    with pytest.raises(ConversionError, match="损坏或不完整"):
        page_convert("cut.pdf", bad_files(seed_articles(OWN_PAGE))["截断.pdf"])
