"""Volunteer service figures: only explicit, unit-level ones, tied to their unit."""

from .conftest import all_of

HEAD = "志愿服务暖人心\n\n——泰安市气象局推进志愿服务工作纪实\n\n泰安市气象局坚持把志愿服务作为文明创建的重要内容。\n\n"


def figures(extract, body):
    page = extract(HEAD + body + "\n\n记者 周明远\n")
    return [(v.unit, v.hours, v.person_times, v.volunteers, v.approximate) for v in all_of(page, "volunteer_service")]


def test_hours_and_person_times_of_the_article_s_unit(extract):
    found = figures(extract, "深入社区开展志愿服务，去年以来累计参与志愿服务800余人次，志愿服务时长超3200小时。")
    assert found == [("泰安市气象局", 3200, 800, None, True)]


def test_we_in_a_quote_is_the_article_s_unit(extract):
    found = figures(extract, "“我们组织党员常态化开展志愿服务，今年以来服务时长达1.5万小时。”该局负责人介绍。")
    assert found == [("泰安市气象局", 15000, None, None, False)]


def test_a_figure_belongs_to_the_unit_that_is_the_sentence_subject(extract):
    found = figures(extract, "泰山区财源街道新时代文明实践站累计开展志愿服务活动300余场，志愿服务时长4000小时。")
    assert found == [("泰安市泰山区财源街道新时代文明实践站", 4000, None, None, False)]


def test_registered_volunteers_alone_are_no_service_figure(extract):
    # A roll of registered volunteers says who could serve, not what was served (eval conventions).
    assert figures(extract, "泰安市中心医院坚持志愿服务常态化。该院注册志愿者达到650名。") == []


def test_registered_volunteers_are_kept_beside_the_hours_they_served(extract):
    found = figures(extract, "泰安市中心医院坚持志愿服务常态化。该院注册志愿者650名，累计服务时长3000小时。")
    assert found == [("泰安市中心医院", 3000, None, 650, False)]


def test_the_period_is_kept(extract):
    page = extract(HEAD + "近年累计参与志愿服务1000余人次。\n")
    (v,) = all_of(page, "volunteer_service")
    assert v.period_text == "近年累计"


def test_one_event_s_head_count_is_not_a_unit_figure(extract):
    assert figures(extract, "5月6日，泰安市气象局组织30名志愿者开展志愿服务，服务群众200人次。") == []


def test_a_city_wide_total_is_not_a_unit_figure(extract):
    assert figures(extract, "全市注册志愿者已超过50万人，累计志愿服务时长600万小时。") == []


def test_a_team_s_member_count_is_not_a_unit_figure(extract):
    assert figures(extract, "该局组建了一支30人的党员志愿服务队。") == []


def test_people_served_are_not_volunteer_person_times(extract):
    assert figures(extract, "该局开展志愿服务活动，服务群众3000余人次。") == []


def test_a_percentage_is_not_a_volunteer_count(extract):
    assert figures(extract, "该局党员注册志愿者达到100%。") == []


def test_evidence_is_the_sentence_in_the_article_text(extract):
    page = extract(HEAD + "近年累计参与志愿服务1000余人次。\n")
    article = page.articles[0]
    (v,) = article.volunteer_service
    assert article.text[v.evidence.start : v.evidence.end] == v.evidence.sentence == "近年累计参与志愿服务1000余人次。"


def test_the_whole_school_s_figure_is_the_school_s(extract):
    page = extract(
        "书香校园\n\n——德州市第一中学文明校园创建纪实\n\n近年来，学校组建志愿服务队，全校师生累计开展志愿服务2000余人次。\n"
    )
    assert [(v.unit, v.person_times) for v in all_of(page, "volunteer_service")] == [("德州市第一中学", 2000)]


def test_a_negative_hours_figure_gives_no_record(extract):
    assert figures(extract, "志愿服务平台曾显示该局志愿服务时长为−8小时，经核查系录入错误。") == []


def test_a_community_s_own_figures_are_recorded(extract):
    found = figures(extract, "目前，泰山区财源街道龙潭路社区现有注册志愿者320名，累计志愿服务时长1.2万小时。")
    assert [(f[0], f[1], f[3]) for f in found] == [("泰安市泰山区财源街道龙潭路社区", 12000, 320)]


def test_a_bare_unit_word_stands_for_the_unit_of_that_kind_named_before(extract):
    found = figures(
        extract,
        "泰山区财源街道新时代文明实践站获评省级示范站。目前，实践站有注册志愿者210名，累计志愿服务时长5000小时。",
    )
    assert [(f[0], f[1], f[3]) for f in found] == [("泰安市泰山区财源街道新时代文明实践站", 5000, 210)]


def test_hours_served_said_with_the_verb_alone(extract):
    found = figures(extract, "运动会期间，泰安市慈善协会发动600名志愿者走上街头，累计服务4200小时。")
    assert [(f[0], f[1]) for f in found] == [("泰安市慈善协会", 4200)]


def test_an_institution_s_own_association_after_its_pronoun_owns_the_figures(extract):
    found = figures(extract, "长期以来，我院青年志愿者协会在学院团委的指导下开展志愿服务，年均服务时数超过3万小时。")
    assert [(f[0], f[1]) for f in found] == [("青年志愿者协会", 30000)]


def test_a_unit_named_in_a_since_clause_owns_the_figures(extract):
    found = figures(extract, "泰安市书法协会积极参与文明创建。据了解，该协会成立5年来，参与活动人数2000余人次。")
    assert [(f[0], f[2]) for f in found] == [("泰安市书法协会", 2000)]


def test_a_founding_date_does_not_make_the_figures_one_event_s(extract):
    found = figures(extract, "泰安市爱心公益团队于2020年5月4日成立，目前团队志愿服务时长累计达1300小时。")
    assert [(f[0], f[1]) for f in found] == [("泰安市爱心公益团队", 1300)]


def test_student_volunteers_person_times_are_volunteer_turns_not_people_served(extract):
    found = figures(extract, "近5年，泰安市气象局先后走进20个社区，到家服务学生志愿者800余人次。")
    assert [(f[0], f[2]) for f in found] == [("泰安市气象局", 800)]


def test_bracketed_person_times_are_person_times(extract):
    found = figures(extract, "与此同时，泰安市气象局先后开展各类志愿服务活动300多人(次)。")
    assert [(f[0], f[2]) for f in found] == [("泰安市气象局", 300)]


def test_a_year_then_the_predicate_leaves_the_article_s_unit_as_owner(extract):
    found = figures(extract, "据统计，2023年有60余名志愿者参加志愿活动，志愿者服务时间达到900多小时。")
    assert [(f[0], f[1]) for f in found] == [("泰安市气象局", 900)]
