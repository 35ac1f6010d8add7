"""Bylines and datelines: the names they give, and what they cut off the body."""

import pytest

from articles.extraction.bylines import parse_byline, parse_dateline


@pytest.mark.parametrize(
    "line, names",
    [
        ("记者 周明远", ["周明远"]),
        ("□齐鲁晚报全媒体记者 孔令波", ["孔令波"]),
        ("通讯员 韩雪 摄", ["韩雪"]),
        ("记者 吴昊 摄", ["吴昊"]),
        ("胡晓东 摄", ["胡晓东"]),
        ("郑凯 钱雨桐", ["郑凯", "钱雨桐"]),
        ("记者 冯浩 通讯员 杜小曼", ["冯浩", "杜小曼"]),
        ("本报记者 欧阳晓峰", ["欧阳晓峰"]),
        ("文/图 高翔", ["高翔"]),
    ],
)
def test_it_reads_bylines_in_every_form(line, names):
    assert parse_byline(line) == names


@pytest.mark.parametrize(
    "line",
    [
        "城市面貌 悄然蝶变",
        "党建引领 高位推进",
        "记者了解到，近日该局开展活动。",
        "关爱女性 呵护健康",
        "文明花开",
        "图说新闻",
    ],
)
def test_a_short_heading_is_not_a_byline(line):
    assert parse_byline(line) is None


def test_it_reads_the_names_in_a_dateline_and_cuts_it_off_the_body():
    body, names, _ = parse_dateline("本报讯（聊城日报全媒体记者 许磊 通讯员 宋佳）5月8日，东昌府区开展活动。")
    assert names == ["许磊", "宋佳"] and body == "5月8日，东昌府区开展活动。"


def test_a_dateline_keeps_its_date():
    _, names, when = parse_dateline("新华社北京3月5日电（记者 戴文）两会开幕。")
    assert names == ["戴文"] and when == "3月5日"


def test_the_agency_word_before_a_byline_names_nobody():
    assert parse_byline("本报讯 记者 吴倩") == ["吴倩"]


@pytest.mark.parametrize(
    "paragraph, names, body",
    [
        ("本网讯 3月5日，安平市文明办开展活动。", [], "3月5日，安平市文明办开展活动。"),
        ("【本报讯】5月27日上午，安平市举行仪式。", [], "5月27日上午，安平市举行仪式。"),
        ("安平日报讯 记者王小明报道 3月3日，白塔区启动活动。", ["王小明"], "3月3日，白塔区启动活动。"),
        ("安平快讯12月1日，安平市商会成立。", [], "12月1日，安平市商会成立。"),
    ],
)
def test_it_cuts_off_a_dateline_written_without_brackets(paragraph, names, body):
    assert parse_dateline(paragraph) == (body, names, "")


def test_a_paragraph_opening_with_a_word_ending_in_xun_is_no_dateline():
    assert parse_dateline("通讯员小组走访了社区。") is None
