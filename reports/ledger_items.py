"""The assessment items a creation ledger (创建台账) is filed under, and the rule that
files a record under one.

The national 2012 trial system (全国文明单位测评体系（试行）) has 13 items; Shandong's
provincial unit standard has 8 (../shared/reference/honours.md, part C). A record
goes under the first item, in the system's order, whose words appear in its title,
description, campaign or evidence; failing that, under the item its kind belongs
to (a volunteer record under volunteer service); failing that, it stays unfiled, for
staff to file by hand. The words are what reports of such work say, not any one
report's wording.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AssessmentItem:
    name: str
    words: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()  # activity kinds (campaigns.Activity.Kind values) filed here
    volunteer: bool = False  # volunteer service records without a closer item are filed here


@dataclass(frozen=True)
class AssessmentSystem:
    key: str
    label: str
    items: tuple[AssessmentItem, ...]

    def item(self, name: str) -> AssessmentItem | None:
        return next((item for item in self.items if item.name == name), None)


FESTIVALS = ("我们的节日", "春节", "元宵", "清明", "端午", "七夕", "中秋", "重阳", "传统节日")

NATIONAL_2012 = AssessmentSystem(
    key="national-2012",
    label="全国文明单位测评体系（2012年试行）",
    items=(
        AssessmentItem("学雷锋活动", words=("学雷锋", "雷锋")),
        AssessmentItem("志愿服务活动", words=("志愿",), kinds=("volunteer",), volunteer=True),
        AssessmentItem("道德讲堂建设", words=("道德讲堂",)),
        AssessmentItem("学习型单位建设", words=("学习", "读书", "培训", "讲座", "党课"), kinds=("training",)),
        AssessmentItem("文明有礼培育", words=("文明礼仪", "有礼", "礼仪")),
        AssessmentItem("勤俭节约活动", words=("勤俭", "节约", "光盘", "节能")),
        AssessmentItem("道德经典诵读", words=("诵读", "经典", "国学")),
        AssessmentItem("“我们的节日”活动", words=FESTIVALS),
        AssessmentItem(
            "文明风尚传播", words=("移风易俗", "倡议", "文明交通", "文明风尚", "宣传"), kinds=("publicity",)
        ),
        AssessmentItem("文化体育活动", words=("文艺", "文化", "体育", "运动会", "演出", "比赛"), kinds=("culture",)),
        AssessmentItem("参与帮扶共建", words=("帮扶", "共建", "结对", "慰问", "捐", "驻村"), kinds=("charity",)),
        AssessmentItem("优质服务状况", words=("便民", "窗口", "办事", "服务群众", "热线")),
        AssessmentItem("优美环境建设", words=("环境", "卫生", "绿化", "清洁", "整治")),
    ),
)

SHANDONG = AssessmentSystem(
    key="shandong",
    label="山东省文明单位标准（省级）",
    items=(
        AssessmentItem("组织领导", words=("领导小组", "部署", "推进会", "工作会"), kinds=("meeting", "inspection")),
        AssessmentItem("道德建设", words=("道德", "雷锋", "诚信", "好人", "礼仪")),
        AssessmentItem("业务工作", words=("业务", "便民", "窗口", "办事", "热线")),
        AssessmentItem("文体活动", words=("文艺", "文化", "体育", "运动会", "演出", *FESTIVALS), kinds=("culture",)),
        AssessmentItem("科学管理", words=("制度", "管理", "学习", "培训", "党课"), kinds=("training",)),
        AssessmentItem("环境卫生", words=("环境", "卫生", "绿化", "清洁", "整治")),
        AssessmentItem(
            "创建活动",
            words=("志愿", "创建", "文明", "宣传", "帮扶", "共建"),
            kinds=("volunteer", "publicity", "charity"),
            volunteer=True,
        ),
        AssessmentItem("特色指标", words=("特色", "品牌")),
    ),
)

SYSTEMS = {system.key: system for system in (NATIONAL_2012, SHANDONG)}
DEFAULT_SYSTEM = NATIONAL_2012.key


def item_filed_under(system: AssessmentSystem, *, text: str, kind: str = "", volunteer: bool = False):
    """The item a record belongs under, or None (unfiled)."""
    for item in system.items:
        if any(word in text for word in item.words):
            return item
    for item in system.items:
        if kind and kind in item.kinds:
            return item
    if volunteer:
        return next((item for item in system.items if item.volunteer), None)
    return None
