"""Usual short forms of organisation names and their standard full forms."""

from articles.extraction.names import expand_body


def test_expansions_do_not_double_up():
    assert expand_body("人民检察院") == "人民检察院"
    assert expand_body("中级法院") == "中级人民法院"
