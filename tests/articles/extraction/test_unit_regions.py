"""The regions a unit's name is written under."""

from articles.extraction.unit_regions import split_regions


def test_split_regions_reads_the_region_chain():
    parts, rest = split_regions("河南省许昌市建安区卫生健康委员会")
    assert [p.form for p in parts] == ["河南省", "许昌市", "建安区"] and rest == "卫生健康委员会"
