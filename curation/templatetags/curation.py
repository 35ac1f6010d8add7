"""{% curation_links %}: the admin index's box of curation pages, as far as the user may use them."""

from django import template
from django.urls import NoReverseMatch, reverse

from core.models import ReviewStatus
from core.review import reviewable_models
from curation.audit import may_read_audit_log

register = template.Library()


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


@register.inclusion_tag("admin/curation/links.html", takes_context=True)
def curation_links(context):
    user = context["request"].user
    links = []
    visible = [m for m in reviewable_models() if user.has_perm(f"{m._meta.app_label}.view_{m._meta.model_name}")]
    if visible:
        pending = sum(m._default_manager.filter(review_status=ReviewStatus.PENDING).count() for m in visible)
        links.append(("审核队列", _url("curation:review_queue"), f"待审核 {pending} 条"))
    if user.has_perm("articles.add_article") and _url("articles_import:upload"):
        links.append(("导入报纸版面", _url("articles_import:upload"), ""))
    if user.has_perm("units.view_unit"):
        links.append(("可能重复的单位", _url("curation:unit_duplicates"), ""))
    if user.has_perm("units.view_unitmerge"):
        links.append(("单位合并记录", _url("admin:units_unitmerge_changelist"), "可撤销合并"))
    if may_read_audit_log(user):
        links.append(("审计日志", _url("audit_log"), "所有修改：谁、何时、改了什么、为什么"))
    return {"links": [link for link in links if link[1]]}
