"""Every filter of every list and change list, given junk: the page answers, never a 500.

The filters are read off the pages themselves (their filter forms and the change lists'
filter links), so a filter added later is tried too. A change-list filter its field
cannot hold is dropped with a message; the review queue does the same.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qsl

import pytest
from django.contrib import admin
from django.urls import reverse

JUNK = ["abc", "-1", "99999999999999999999", "2024-13-45", "'\"<>"]
STAFF_LISTS = ["/", "/activities/", "/volunteer/", "/campaigns/", "/units/", "/honours/", "/articles/"]
# Filters that only links from other pages set (the import result's 待审核 link, a unit page's).
LINKED_FILTERS = {"unit", "article", "campaign", "import_run"}


class _FilterNames(HTMLParser):
    def __init__(self):
        super().__init__()
        self.names: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("input", "select", "textarea") and a.get("name") and a.get("type") not in ("hidden", "submit"):
            self.names.add(a["name"])
        if tag == "a" and (a.get("href") or "").startswith("?"):
            self.names.update(key for key, _ in parse_qsl(a["href"][1:]))


def filter_names(html: str) -> set[str]:
    parser = _FilterNames()
    parser.feed(html)
    return parser.names - {"csrfmiddlewaretoken", "action", "_selected_action", "selected"}


def pages() -> list[str]:
    changelists = [reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist") for m in admin.site._registry]
    return STAFF_LISTS + [reverse("curation:review_queue"), reverse("audit_log")] + changelists


@pytest.mark.parametrize("url", pages())
def test_junk_in_any_filter_never_gives_a_server_error(admin_client, ledger, url):
    names = filter_names(admin_client.get(url).content.decode()) | LINKED_FILTERS
    wrong = []
    for name in sorted(names):
        for junk in JUNK:
            status = admin_client.get(url, {name: junk}).status_code
            if status >= 500:
                wrong.append(f"{name}={junk}: {status}")
    assert wrong == []


def test_a_change_list_drops_a_filter_its_field_cannot_hold_and_says_so(admin_client, ledger):
    page = admin_client.get(reverse("admin:units_honouraward_changelist"), {"unit": "99999999999999999999"})

    assert page.status_code == 200
    assert "已忽略无效的筛选条件：unit=99999999999999999999" in page.content.decode()


def test_the_review_queue_drops_a_filter_naming_no_record_and_says_so(admin_client, ledger):
    page = admin_client.get(reverse("curation:review_queue"), {"unit": "abc"})

    assert page.status_code == 200
    assert "已忽略无效的筛选条件：unit=abc" in page.content.decode()
