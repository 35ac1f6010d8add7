"""Page → articles: decoding, headlines, bylines, ads, broken lines, repeated blocks."""

import pytest

from articles.extraction.page_decoding import PageError, decode_page
from articles.extraction.pages import split_page

PAGE = "阳光助残暖人心\n\n本报讯（记者 周明远）近日，临沂市残联开展助残日活动，为残疾人送去轮椅。\n\n记者 周明远\n"


def titles(text):
    return [a.title for a in split_page(text).articles]


# ---------------------------------------------------------------- decoding


def test_it_decodes_utf8():
    assert decode_page(PAGE.encode("utf-8")) == (PAGE, "utf-8")


def test_it_decodes_utf8_with_a_bom():
    text, encoding = decode_page(b"\xef\xbb\xbf" + PAGE.encode("utf-8"))
    assert encoding == "utf-8-sig" and text == PAGE


def test_it_decodes_gbk_pages_as_gb18030():
    text, encoding = decode_page(PAGE.encode("gbk"))
    assert encoding == "gb18030" and text == PAGE


def test_it_reads_crlf_pages_like_lf_pages():
    text, _ = decode_page(PAGE.replace("\n", "\r\n").encode("utf-8"))
    assert titles(text) == titles(PAGE)


@pytest.mark.parametrize("data", [b"", b"   \r\n\r\n", b"\xef\xbb\xbf"])
def test_it_refuses_an_empty_file(data):
    with pytest.raises(PageError, match="空"):
        decode_page(data)


def test_it_refuses_a_binary_file():
    with pytest.raises(PageError):
        decode_page(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


def test_it_refuses_bytes_that_are_no_text_in_any_encoding():
    with pytest.raises(PageError):
        decode_page(bytes([0x81, 0x30, 0xFF, 0xFE, 0x80]) * 50)


def test_page_error_is_a_value_error():
    assert issubclass(PageError, ValueError)


# ---------------------------------------------------------------- bylines


def test_bylines_end_up_on_their_article():
    page = "暖心义诊进乡村\n\n郑凯 钱雨桐\n\n近日，德州市人民医院组织医疗队到乡村开展义诊。\n"
    assert split_page(page).articles[0].bylines == ["郑凯", "钱雨桐"]


# ---------------------------------------------------------------- articles


def test_it_splits_a_page_at_headlines():
    page = (
        "第一条新闻的标题\n\n近日，某单位开展了一项很长很长的活动，活动内容丰富多彩，群众广泛参与。\n\n"
        "记者 周明远\n\n\n"
        "第二条新闻的标题\n\n本报讯（记者 许磊）日前，另一个单位也开展了活动，活动取得良好效果。\n"
    )
    assert titles(page) == ["第一条新闻的标题", "第二条新闻的标题"]


def test_a_subtitle_after_a_dash_is_kept():
    page = "奋进新征程\n\n——某某局推进文明创建工作纪实\n\n近年来，某某局坚持把文明创建作为重要工作来抓，成效显著。\n"
    article = split_page(page).articles[0]
    assert (article.title, article.subtitle) == ("奋进新征程", "某某局推进文明创建工作纪实")


def test_a_heading_inside_an_article_is_a_section_not_a_new_article():
    page = (
        "奋进新征程\n\n——某某局推进文明创建工作纪实\n\n近年来，某某局坚持把文明创建作为重要工作来抓，成效显著。\n\n"
        "强化引领 凝聚合力\n\n该局坚持党建引领，把创建工作纳入年度目标考核，层层压实工作责任。\n"
    )
    articles = split_page(page).articles
    assert titles(page) == ["奋进新征程"]
    assert "强化引领 凝聚合力" in articles[0].paragraphs


def test_a_markdown_heading_followed_by_a_dateline_starts_an_article():
    page = (
        "# 主标题在这里\n\n□记者 周明远\n\n开头一段正文，内容很长，介绍了会议的主要精神和下一步工作安排。\n\n"
        "## 小标题一\n\n小标题下面的正文，内容同样很长，介绍了具体的工作措施和取得的成效。\n\n"
        "## 另一条新闻\n\n本报讯（记者 许磊）5月8日，某单位开展了一项活动，活动取得良好效果。\n"
    )
    assert titles(page) == ["主标题在这里", "另一条新闻"]


def test_a_kicker_above_a_marked_headline_is_not_the_title():
    page = (
        "座谈会昨日召开\n\n# 凝心聚力谋发展\n\n□记者 周明远\n\n"
        "会议指出，要进一步统一思想，凝聚共识，推动各项工作落地见效。\n"
    )
    assert titles(page) == ["凝心聚力谋发展"]


def test_photo_captions_between_headline_and_body_are_not_titles():
    page = (
        "上一篇的正文很长很长，讲了很多内容，也有很多细节，写得非常详细。\n\n活动现场\n\n"
        "书香进社区，阅读暖人心\n\n志愿者为居民讲解图书\n\n"
        "本报讯（记者 许磊）近日，某社区开展了读书活动，居民踊跃参加。\n"
    )
    assert titles(page)[-1] == "书香进社区，阅读暖人心"


def test_a_photo_news_with_a_headline_is_an_article():
    page = "清洁家园\n\n6月1日，某街道组织志愿者清理河道垃圾，共清理垃圾2吨。\n\n通讯员 韩雪 摄\n"
    article = split_page(page).articles[0]
    assert article.title == "清洁家园" and article.bylines == ["韩雪"]


def test_text_after_a_closing_byline_without_headline_is_a_piece_without_title():
    page = (
        "清洁家园\n\n6月1日，某街道组织志愿者清理河道垃圾，共清理垃圾2吨。\n\n通讯员 韩雪 摄\n\n"
        "五月槐花香，又到一年助残月。老张今年六十岁，二十年来一直在做公益，帮助了很多人。\n\n记者 吴昊\n"
    )
    articles = split_page(page).articles
    assert [a.title for a in articles] == ["清洁家园", None]
    assert articles[1].bylines == ["吴昊"]


def test_a_captioned_photo_set_apart_from_the_article_is_its_own_piece():
    page = (
        "标题一\n\n正文第一段，内容很长很长，讲述了单位开展文明创建的做法和成效。\n\n\n\n"
        "6月1日，某大学的志愿者来到社区，开展关爱老人活动。图为志愿者与老人合影。\n\n胡晓东 摄\n"
    )
    articles = split_page(page).articles
    assert articles[1].title is None and articles[1].photo


# ---------------------------------------------------------------- cleaning


def test_it_joins_a_sentence_broken_across_a_page_break():
    page = (
        "标题\n\n近年来，某局坚持把文明创建作为重要工作来抓，认真落实各项制度，扎实开展理论学\n\n习，取得了明显成效。\n"
    )
    assert split_page(page).articles[0].paragraphs == [
        "近年来，某局坚持把文明创建作为重要工作来抓，认真落实各项制度，扎实开展理论学习，取得了明显成效。"
    ]


def test_it_joins_a_short_line_when_a_word_runs_across_the_break():
    page = (
        "标题\n\n前面一段正文，内容很长很长，讲了很多事情，写得很详细。\n\n"
        "参加活动的还有八名大学\n\n生，他们在社区服务了一整天。\n"
    )
    assert "参加活动的还有八名大学生，他们在社区服务了一整天。" in split_page(page).articles[0].paragraphs


def test_it_drops_a_paragraph_the_layout_printed_twice():
    para = "该局扎实推进学习型机关建设，形成了人人学习、时时学习的良好氛围，干部素质明显提升。"
    page = f"标题\n\n{para}\n\n另一段正文，讲述单位开展志愿服务的情况，内容同样很长很长。\n\n{para}\n"
    split = split_page(page)
    assert split.articles[0].paragraphs.count(para) == 1
    assert split.warnings


def test_it_drops_a_sentence_repeated_inside_a_paragraph():
    sentence = "结合实际制定创建工作方案，建立长效机制，把责任落实到人。"
    page = f"标题\n\n{sentence}这是中间的一句话，讲了别的事情。\n\n后面一段开头是别的话。{sentence}\n"
    text = split_page(page).articles[0].text
    assert text.count(sentence) == 1


def test_it_drops_public_service_ads_and_slogans():
    page = (
        "标题\n\n近年来，某局坚持把文明创建作为重要工作来抓，成效显著，群众满意度不断提升。\n\n记者 吴昊\n\n"
        "讲文明 树新风\n某市原创公益广告\n\n富强 民主 文明 和谐\n\n"
        "| 自由 平等 | 公正 法治 |\n\n创建文明城市 共建美好家园\n"
    )
    split = split_page(page)
    assert [a.title for a in split.articles] == ["标题"]
    assert "公益广告" not in split.articles[0].text and "富强" not in split.articles[0].text


def test_a_headline_after_an_ad_block_is_found():
    page = (
        "讲文明 树新风\n某市原创公益广告\n\n争做文明市民 共建美好家园\n\n"
        "真正的标题在这里\n\n本报讯（记者 许磊）近日，某单位开展了活动，活动取得良好效果。\n"
    )
    assert titles(page) == ["真正的标题在这里"]


def test_full_width_letters_and_digits_become_ascii_but_chinese_punctuation_stays():
    page = "标题\n\n２０２４年３月，某局开展活动,参加人数达１２０人。\n"
    assert split_page(page).articles[0].text == "2024年3月，某局开展活动，参加人数达120人。"


# ---------------------------------------------------------------- in the pipeline


def test_a_piece_without_headline_is_filed_under_the_article_before_it(extract):
    page = extract(
        "清洁家园\n\n6月1日，某街道组织志愿者清理河道垃圾，共清理垃圾2吨。\n\n通讯员 韩雪 摄\n\n"
        "7月2日，临沂大学青年志愿者协会组织志愿者走进社区，开展关爱老人志愿服务活动。\n\n记者 吴昊\n"
    )
    (article,) = page.articles
    assert article.title == "清洁家园" and article.bylines == ("韩雪", "吴昊")
    (activity,) = article.activities
    assert article.text[activity.evidence.start : activity.evidence.end] == activity.evidence.sentence


def test_the_article_date_comes_from_its_lead_sentence(extract):
    page = extract("标题\n\n本报讯（记者 许磊）2023年5月8日，某社区开展读书活动，居民踊跃参加。\n")
    assert page.articles[0].date.iso() == "2023-05-08"


def test_without_a_date_in_the_text_the_article_takes_the_reference_date(extract):
    from datetime import date

    page = extract("标题\n\n近日，某社区开展读书活动，居民踊跃参加。\n", reference_date=date(2024, 3, 1))
    assert page.articles[0].date.iso() == "2024-03-01"


# ---------------------------------------------------------------- photo news and news stories


def test_photo_news_after_an_article_without_closing_byline_is_its_own_article():
    page = (
        "匠心守护万家灯火\n\n——德州市供电公司推进文明创建纪实\n\n记者 周明远\n\n"
        "近年来，德州市供电公司坚持把文明创建融入电力服务，群众满意度持续提升，赢得广泛好评。\n\n"
        "电力服务进万家\n\n"
        "5月9日，德州市供电公司组织党员服务队走进乡村，为村民检修线路、讲解安全用电常识。\n\n"
        "通讯员 钱雨桐 摄\n"
    )
    assert titles(page) == ["匠心守护万家灯火", "电力服务进万家"]


def test_a_short_line_after_a_news_story_starts_a_new_article():
    page = (
        "义诊走进乡村\n\n本报讯（记者 许磊）5月9日，德州市人民医院组织医疗队到乡村开展义诊，惠及群众二百余人。\n\n"
        "书香满城 阅读悦心\n\n近日，德州市图书馆举办全民阅读分享活动，吸引了大批市民参加，现场气氛热烈。\n"
    )
    assert titles(page) == ["义诊走进乡村", "书香满城 阅读悦心"]


def test_a_short_line_beside_a_photo_caption_after_a_news_story_is_a_caption_too():
    page = (
        "安平市召开文明创建推进会\n\n本报讯（记者 王明）3月12日，安平市召开文明创建推进会。\n\n"
        "参会代表认真做笔记\n\n会议现场\n\n会议要求，各单位要抓好创建工作。\n"
    )
    assert [a.title for a in split_page(page).articles] == ["安平市召开文明创建推进会"]
