"""Activities: dated events with organising units, co-organisers, place, participants."""

from datetime import date

from .conftest import all_of


def activities(extract, body, **kwargs):
    page = extract("志愿服务暖人心\n\n" + body + "\n\n记者 周明远\n", **kwargs)
    return all_of(page, "activities")


def test_co_organisers_joined_by_lianhe_are_all_organisers(extract):
    (a,) = activities(
        extract, "4月12日，东营区文明办联合区卫生健康局、区妇联在西城广场开展“健康义诊进社区”志愿服务活动。"
    )
    assert [o.unit for o in a.organisers] == ["东营市东营区文明办", "东营市东营区卫生健康局", "东营市东营区妇联"]
    assert [o.role for o in a.organisers] == ["host", "co_host", "co_host"]
    assert a.place == "西城广场"


def test_the_date_is_as_precise_as_the_text(extract):
    (a,) = activities(extract, "2023年5月20日，东营市图书馆组织志愿者开展读书分享志愿服务活动。")
    assert a.date.iso() == "2023-05-20"


def test_a_year_missing_from_the_date_comes_from_the_reference_date(extract):
    (a,) = activities(
        extract, "5月20日，东营市图书馆组织志愿者开展读书分享志愿服务活动。", reference_date=date(2024, 6, 1)
    )
    assert a.date.iso() == "2024-05-20" and a.date.year_inferred


def test_without_any_year_the_year_stays_open(extract):
    (a,) = activities(extract, "5月20日，东营市图书馆组织志愿者开展读书分享志愿服务活动。")
    assert a.date.iso() == "????-05-20"


def test_participants_and_title_are_read(extract):
    (a,) = activities(extract, "6月3日，东营市第二中学组织120余名师生走进黄河口湿地，开展“保护母亲河”志愿服务活动。")
    assert a.participants == 120
    assert a.place == "黄河口湿地"
    assert "保护母亲河" in a.title


def test_the_campaign_is_named_when_the_text_names_it(extract):
    (a,) = activities(extract, "3月5日，东营市税务局组织青年志愿者开展学雷锋志愿服务活动。")
    assert a.campaign == "学雷锋"


def test_an_event_named_after_its_organiser_counts_when_it_is_a_campaign_s(extract):
    (a,) = activities(extract, "8月2日，2023年东营区创建全国文明城市推进大会召开，各街道负责人参加会议。")
    assert [o.unit for o in a.organisers] == ["东营市东营区"]
    assert a.campaign == "创建全国文明城市"


def test_an_activity_led_by_a_person_has_no_organising_unit(extract):
    assert (
        activities(extract, "3月3日，王磊组织十多名志愿者在人民广场开展志愿服务活动，并联合东营市图书馆捐赠书籍。")
        == []
    )


def test_an_activity_without_a_date_is_not_recorded(extract):
    assert activities(extract, "近日，东营市图书馆组织志愿者开展读书分享志愿服务活动。") == []


def test_a_meeting_a_leader_chairs_is_not_a_unit_activity(extract):
    assert activities(extract, "7月21日，东营区委书记张强主持召开志愿服务工作会议。") == []


def test_several_dated_events_in_one_sentence_are_read_one_by_one(extract):
    found = activities(
        extract,
        "5月4日，东营市图书馆开展青年志愿服务活动；5月12日，东营市博物馆开展文物保护志愿宣传活动。",
    )
    assert [(a.date.iso(), a.organisers[0].unit) for a in found] == [
        ("????-05-04", "东营市图书馆"),
        ("????-05-12", "东营市博物馆"),
    ]


def test_evidence_points_into_the_article_text(extract):
    page = extract("志愿服务暖人心\n\n4月12日，东营区文明办在西城广场开展志愿服务活动。\n")
    article = page.articles[0]
    (a,) = article.activities
    assert article.text[a.evidence.start : a.evidence.end] == a.evidence.sentence


def test_articles_with_nothing_to_do_with_civic_campaigns_have_no_activities(extract):
    page = extract("防汛备汛\n\n7月22日，东营市水利局组织检查河道堤防，排查隐患。\n")
    assert all_of(page, "activities") == []


def test_a_unit_pronoun_after_the_date_organises_for_its_unit(extract):
    found = activities(
        extract,
        "东营市实验中学坚持开展志愿服务。4月2日，该校青年志愿者走进社区，开展垃圾分类宣传志愿服务活动。",
    )
    assert [(a.date.iso()[5:], [o.unit for o in a.organisers]) for a in found] == [("04-02", ["东营市实验中学"])]


def test_a_town_whose_name_jieba_reads_as_a_surname_organises(extract):
    (a,) = activities(extract, "3月8日，东营区潘城镇联合东营职业学院在村广场开展学雷锋志愿服务活动。")
    assert [o.unit for o in a.organisers] == ["东营市东营区潘城镇", "东营职业学院"]


def test_a_body_handing_over_a_plaque_organises_the_ceremony(extract):
    (a,) = activities(extract, "4月29日，共青团衡阳市委为荣获全国学雷锋活动示范点的雁峰区青年之家授牌。")
    assert [o.unit for o in a.organisers] == ["共青团衡阳市委"]


def test_a_year_written_straight_before_an_event_name_dates_it(extract):
    (a,) = activities(extract, "5月12日，由衡阳市文明办主办的2017衡阳志愿服务启动仪式在雁峰区举行。")
    assert a.date.year == 2017


def test_a_youth_league_committee_named_without_wei_before_its_volunteers_organises(extract):
    (a,) = activities(extract, "2月3日，团格尔木市100名青年志愿者在格尔木火车站开展春运志愿服务活动。")
    assert [o.unit for o in a.organisers] == ["共青团格尔木市委"]


def test_a_founding_date_is_no_event_and_an_anniversary_counts_from_it(extract):
    page = extract(
        "周年庆\n\n4月12日，衡阳市爱心公益团队成立两周年暨优秀志愿者表彰活动在衡阳市文明实践中心举行。"
        "据悉，衡阳市爱心公益团队于2018年4月16日成立。\n"
    )
    dates = [a.date.iso() for a in all_of(page, "activities")]
    assert dates == ["2020-04-12"]


def test_a_notice_is_dated_by_the_document_it_cites(extract):
    page = extract(
        "通知\n\n根据济文明委〔2011〕11号文件精神，现将有关事项通知如下：济宁市文明办将于11月7日起对文明单位进行抽查。\n"
    )
    assert [a.date.iso() for a in all_of(page, "activities")] == ["2011-11-07"]
