"""Properties: the pipeline never crashes, and every evidence is a slice of its article."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.extraction import Lexicon, decode_page, extract_page
from articles.extraction.page_decoding import PageError

LEXICON = Lexicon.from_files()

# Pieces of newspaper language, so generated pages reach the grammar and not just the splitter.
FRAGMENTS = [
    "近日，",
    "3月13日，",
    "2023年",
    "去年以来，",
    "市委办公室",
    "临沂市文明办",
    "联合",
    "区总工会",
    "、",
    "在",
    "人民广场",
    "开展",
    "志愿服务活动",
    "。",
    "被授予",
    "“全国文明单位”",
    "称号",
    "先后获得",
    "“青年文明号”",
    "等荣誉称号",
    "累计志愿服务时长超",
    "1.2万小时",
    "520余人次",
    "注册志愿者",
    "86名",
    "该局",
    "继续保留",
    "第六届",
    "\n",
    "\n\n",
    "记者 张三",
    "——",
    "本报讯（记者 李四）",
    "# ",
    "## ",
    "讲文明 树新风",
    "| 富强 | 民主 |",
    "通讯员 王五 摄",
    "2024年13月40日",
    "十余名志愿者",
    "镇",
    "街道",
    "新时代文明实践所",
    "组织",
    "我们",
    "，",
    "；",
    "…",
]

pages = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=40).map("".join),
)


def check(page):
    for article in page.articles:
        records = list(article.honours) + list(article.activities) + list(article.volunteer_service)
        for record in records:
            evidence = record.evidence
            assert evidence is not None
            assert article.text[evidence.start : evidence.end] == evidence.sentence
            assert evidence.sentence in article.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages)
def test_the_pipeline_never_crashes_and_evidence_is_a_slice_of_its_article(text):
    check(extract_page(text, lexicon=LEXICON))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_decoding_any_bytes_gives_text_or_a_page_error(data):
    try:
        text, encoding = decode_page(data)
    except PageError:
        return
    assert isinstance(text, str) and encoding
    check(extract_page(text, lexicon=LEXICON))
