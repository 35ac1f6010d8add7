"""Small newspaper pages the import tests (service, command, upload) feed the real pipeline."""

PAGE = """\
社区志愿者走进敬老院

本报讯（记者 王明）5月20日，菏泽市牡丹区东城街道联合区民政局组织志愿者走进区中心敬老院，为老人打扫卫生、义诊理发。

今年以来，东城街道志愿服务队累计开展志愿服务1200小时，服务群众3000余人次。
"""

OTHER_PAGE = """\
文明交通劝导进路口

本报讯（通讯员 李华）6月3日，菏泽市公安局交通警察支队在中华路与人民路路口开展文明交通劝导活动，劝导不文明行为80余起。
"""

HONOUR_PAGE = """\
市税务局再获殊荣

本报讯（记者 赵敏）近日，第七届全国文明单位名单公布，菏泽市税务局被授予“全国文明单位”称号。
"""


def numbered_pages(count: int) -> list[tuple[str, bytes]]:
    """`count` distinct page files (name, bytes): the pages above in turn, each
    ending in its own edition line, so no two share a hash."""
    texts = [PAGE, OTHER_PAGE, HONOUR_PAGE]
    return [
        (f"page{number:03d}.txt", (texts[number % 3] + f"\n（第{number}版）\n").encode()) for number in range(count)
    ]
