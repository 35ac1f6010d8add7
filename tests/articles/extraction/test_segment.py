from articles.extraction import Lexicon, segment
from articles.extraction.pipeline import extract_page
from articles.extraction.unit_lexicon import compile_lexicon

TEXT = "今天天气晴朗，阳光明媚。5月8日，兰陵县卞庄街道组织志愿者清扫街巷！大家都很高兴"


def test_tokenize_where_gives_the_full_pass_tokens_of_the_runs_it_keeps():
    kept = segment.tokenize_where(TEXT, lambda run: "街道" in run)

    run_start, run_end = TEXT.index("兰陵县"), TEXT.index("！")
    full = [t for t in segment.tokenize(TEXT) if run_start <= t.start and t.end <= run_end]
    assert [(t.text, t.start, t.end) for t in kept] == [(t.text, t.start, t.end) for t in full]


def test_tokenize_where_skips_runs_it_does_not_want():
    assert segment.tokenize_where(TEXT, lambda run: False) == []


def test_a_run_with_a_place_name_but_no_unit_ending_is_still_read():
    compiled = compile_lexicon(Lexicon.from_files())

    assert compiled.may_hold_name("甘肃天祝")
    assert not compiled.may_hold_name("大家都很高兴")


def test_gating_finds_a_place_named_without_its_suffix():
    page = "甘肃天祝：把好事办实\n\n近日，甘肃天祝组织志愿者开展文明实践志愿服务活动，服务群众200余人次。\n"

    article = extract_page(page, lexicon=Lexicon.from_files()).articles[0]

    assert any("天祝" in unit.name or "天祝" in " ".join(unit.aliases) for unit in article.units)
