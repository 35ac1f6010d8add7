"""The language of real reporting, one class at a time (issue #13), in sentences written
for these tests: award lists, honours outside the catalogue, teams and sub-units, places
honoured, name boundaries, web date lines, organisers named apart from the verb, and a
team's volunteer figures."""

from __future__ import annotations

from .conftest import all_of, unit_forms


def honours(page) -> set[tuple[str, str, int | None]]:
    return {(h.unit, h.honour, h.year) for h in all_of(page, "honours")}


def holders(page, honour: str) -> set[str]:
    return {h.unit for h in all_of(page, "honours") if h.honour == honour}


# ---------------------------------------------------------------- 1. award lists


def test_every_unit_of_a_list_before_the_verb_gets_the_honour(extract):
    page = extract(
        "我市三个集体获殊荣\n\n经省总工会评审，安平市第二人民医院急诊科、安平市公交集团有限公司18路车队、"
        "安平市自来水公司客服中心等3个集体荣获“省工人先锋号”称号。\n"
    )
    assert holders(page, "省工人先锋号") == {
        "安平市第二人民医院急诊科",
        "安平市公交集团有限公司18路车队",
        "安平市自来水公司客服中心",
    }


def test_a_grant_names_its_units_then_its_honour(extract):
    page = extract(
        "表彰决定\n\n市总工会决定，授予安平市供电公司运维检修部等2个集体安平市五一劳动奖状，"
        "授予李明等5名职工安平市五一劳动奖章。\n"
    )
    assert holders(page, "安平市五一劳动奖状") == {"安平市供电公司运维检修部"}
    assert not any("奖章" in h for _, h, _ in honours(page))  # persons are not units


def test_a_list_named_after_its_honour(extract):
    page = extract(
        "文明校园名单公布\n\n这次获评省级文明校园的学校分别是：安平市第一中学、安平市实验小学、安平职业技术学院。\n"
    )
    assert holders(page, "省级文明校园") == {"安平市第一中学", "安平市实验小学", "安平职业技术学院"}


def test_a_heading_over_lines_of_names(extract):
    page = extract(
        "第七届全国文明单位名单（安平市3个）\n\n安平市气象局\n安平市人民法院\n安平市城南街道办事处\n\n"
        "各获奖单位要珍惜荣誉，持续深化文明创建。\n"
    )
    assert holders(page, "全国文明单位") >= {"安平市气象局", "安平市人民法院"}
    assert "安平市城南街道办事处" in unit_forms(page)
    assert {h[2] for h in honours(page)} == {2025}


def test_groups_of_a_list_pair_with_its_honours_in_order(extract):
    page = extract("复查结果通报\n\n宜春市等2个城市、武宁县等4个县城经复查合格，分别保留文明城市、文明县城荣誉称号。\n")
    assert holders(page, "文明城市") == {"宜春市"}
    assert holders(page, "文明县城") == {"武宁县"}


# ---------------------------------------------------------------- 2. honours outside the catalogue


def test_a_provincial_variant_keeps_its_level_and_a_round_gives_the_year(extract):
    page = extract(
        "喜讯\n\n近日，安平市图书馆荣获“江西省青年文明号”称号。2015年，安平市图书馆被授予第四届全国文明单位称号。\n"
    )
    assert ("安平市图书馆", "江西省青年文明号", None) in {(u, h, y) for u, h, y in honours(page) if "青年" in h} or any(
        h == "江西省青年文明号" for _, h, _ in honours(page)
    )
    assert ("安平市图书馆", "全国文明单位", 2015) in honours(page)


def test_a_quoted_title_after_a_naming_verb_is_an_honour_without_its_year(extract):
    page = extract("表彰\n\n安平市春晖义工协会被评为“安平区2021年度优秀志愿服务组织”。\n")
    assert ("安平市春晖义工协会", "安平区优秀志愿服务组织", 2021) in honours(page)


# ---------------------------------------------------------------- 3. teams, sub-units, companies


def test_a_quoted_team_after_its_owner_is_one_unit(extract):
    page = extract("志愿服务\n\n安平学院“红烛先锋营”累计开展志愿服务活动300余次，服务时长2万余小时。\n")
    assert "安平学院“红烛先锋营”" in unit_forms(page)


def test_a_nested_company_name_is_kept_whole(extract):
    page = extract("喜报\n\n安平重工机械有限公司铸造分厂熔炼车间甲班被授予“全国工人先锋号”称号。\n")
    assert holders(page, "全国工人先锋号") == {"安平重工机械有限公司铸造分厂熔炼车间甲班"}


# ---------------------------------------------------------------- 4. places honoured


def test_cities_and_counties_listed_as_winning_are_units(extract):
    page = extract(
        "我省再添文明城市\n\n在全国精神文明建设表彰大会上，我省南昌市、九江市、武宁县被授予第七届全国文明城市称号。\n"
    )
    assert holders(page, "全国文明城市") == {"南昌市", "九江市", "武宁县"}


# ---------------------------------------------------------------- 5. name boundaries


def test_nothing_is_glued_onto_a_name(extract):
    page = extract(
        "志愿服务\n\n据区文明办介绍，由区文明办牵头的志愿服务队走进社区。经市文明委研究，北湖区文明办开展志愿服务活动。\n"
    )
    forms = unit_forms(page)
    assert not any(form.startswith(("据", "由", "经")) for form in forms)


def test_a_headline_keeps_no_original_title_prefix(extract):
    page = extract("原标题：安平市开展学雷锋志愿服务活动\n\n3月5日，安平市文明办组织志愿者开展学雷锋活动。\n")
    assert page.articles[0].title == "安平市开展学雷锋志愿服务活动"


# ---------------------------------------------------------------- 6. web date and source lines


def test_a_web_pages_date_line_dates_the_article_and_its_events(extract):
    page = extract(
        "首页 > 新闻中心 > 本地新闻\n\n安平市启动学雷锋志愿服务月\n\n发布时间：2023-03-06 09:30  来源：安平日报  "
        "【字体：大 中 小】\n\n3月5日，安平市文明办组织开展学雷锋志愿服务活动。\n\n相关新闻\n\n另一条新闻的标题\n"
    )
    (article,) = page.articles
    assert article.title == "安平市启动学雷锋志愿服务月"
    assert article.date.year == 2023
    assert [a.date.iso() for a in article.activities] == ["2023-03-05"]


def test_the_site_name_over_a_headline_is_not_the_title(extract):
    page = extract(
        "安平在线\n\n安平市表彰十佳志愿服务队\n\n2024-03-06 10:12\n\n3月5日，安平市文明办表彰十佳志愿服务队。\n"
    )
    assert [a.title for a in page.articles] == ["安平市表彰十佳志愿服务队"]


def test_a_browser_title_loses_the_site_after_its_underscore(extract):
    page = extract("正在阅读：安平市开展文明交通劝导_安平新闻网\n\n3月5日，安平市文明办开展文明交通劝导。\n")
    assert page.articles[0].title == "安平市开展文明交通劝导"


def test_a_short_exclaimed_headline_is_a_headline(extract):
    page = extract("喜讯！\n\n安平市文明办获评省级文明单位。\n")
    assert page.articles[0].title == "喜讯！"


def test_the_lines_around_a_headline_stay_in_the_article(extract):
    page = extract(
        "全市表彰！\n\n关于表彰2022年度优秀志愿服务组织的决定\n\n安平市文明办决定，授予安平市蓝天志愿服务队优秀志愿服务组织称号。\n"
    )
    (article,) = page.articles
    assert article.title == "全市表彰！"
    assert [(h.unit, h.year) for h in article.honours] == [("安平市蓝天志愿服务队", 2022)]


def test_a_photo_credit_in_brackets_makes_a_caption_not_a_headline(extract):
    page = extract("安平市启动志愿服务月\n\n启动仪式现场。（李明 摄）\n\n3月5日，安平市文明办启动志愿服务月。\n")
    assert [a.title for a in page.articles] == ["安平市启动志愿服务月"]


def test_a_publisher_footer_above_the_page_is_no_headline(extract):
    page = extract(
        "安平市委主管主办 国内统一刊号：CN00-0000\n\n文明创建 你我同行\n\n8月7日，安平市文明办组织志愿者清理楼道。\n"
    )
    assert [a.title for a in page.articles] == ["文明创建 你我同行"]


# ---------------------------------------------------------------- 7. organisers


def test_hosts_and_the_co_hosts_named_after_them_organise(extract):
    page = extract("活动启动\n\n3月4日，由团市委、市文明办主办，北湖区志愿者协会承办的学雷锋主题活动在人民广场举行。\n")
    (activity,) = all_of(page, "activities")
    assert {o.unit for o in activity.organisers} >= {"郴州市北湖区志愿者协会"}
    assert len(activity.organisers) == 3


def test_a_place_that_holds_an_event_organises_it(extract):
    page = extract("启动仪式\n\n3月1日，宜春市举行2022年学雷锋志愿服务月启动仪式。\n")
    (activity,) = all_of(page, "activities")
    assert [o.unit for o in activity.organisers] == ["宜春市"]
    assert activity.date.iso() == "2022-03-01"


# ---------------------------------------------------------------- 8. a team's volunteer figures


def test_a_teams_cumulative_figures_belong_to_the_paragraphs_subject(extract):
    page = extract(
        "爱心十年\n\n安平市蓝天志愿服务队成立于2014年。十年来，队员累计开展志愿服务3000余人次，服务时长超过2万小时。\n"
    )
    (figure,) = all_of(page, "volunteer_service")
    assert (figure.unit, figure.person_times, figure.hours) == ("安平市蓝天志愿服务队", 3000, 20000)


def test_a_quoted_title_before_de_chenghao_keeps_no_de(extract):
    page = extract("喜报\n\n衡阳市蓝天志愿服务队荣获“衡阳市志愿者行动优秀项目”的称号。\n")
    assert {h for _, h, _ in honours(page)} == {"衡阳市志愿者行动优秀项目"}


def test_a_long_sentence_s_since_opening_does_not_make_the_meeting_s_award_history(extract):
    page = extract(
        "表彰大会召开\n\n发布时间：2024-09-11\n\n2023年以来，全省各行各业涌现出一大批先进集体和先进个人，充分展现了职工开拓进取的"
        "时代风采，当天的大会上授予衡阳市建设有限公司等20个集体“湖南省五一劳动奖状”。\n"
    )
    assert honours(page) == {("衡阳市建设有限公司", "湖南省五一劳动奖状", 2024)}


def test_units_of_a_list_each_take_their_honour_and_the_selection_s_round_dates_them(extract):
    page = extract(
        "扶余市喜获殊荣\n\n在第五届全国文明单位和全国文明村镇评选中，扶余工业集中区、五家站镇许林村经过考核，"
        "分别荣获“全国文明单位”和“全国文明村镇”称号。\n"
    )
    assert honours(page) == {
        ("扶余工业集中区", "全国文明单位", 2017),
        ("扶余市五家站镇许林村", "全国文明村镇", 2017),
    }


def test_teams_their_owners_named_in_quotes_are_listed_units(extract):
    page = extract("喜报\n\n我省安平大学“螺丝钉之家”、衡阳市公交有限公司“雷锋车队”入选第二批全国学雷锋活动示范点。\n")
    assert holders(page, "全国学雷锋活动示范点") == {"安平大学“螺丝钉之家”", "衡阳市公交有限公司“雷锋车队”"}
