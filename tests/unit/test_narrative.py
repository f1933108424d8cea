"""tag_metrics on the seed reports: expectations written by hand from reading the seeds."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from gdr_nlp.document import ReportDocument
from gdr_nlp.tag.narrative import find_metrics, table_ranges, tag_metrics

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# (value, unit, type) of every metric in each seed's prose, in text order.
SEED_EXPECTED = {
    "000_78cf330bb6c558ff.txt": [
        (124, "条", "proactive_items"),
        (21, "条", "proactive_category_items"),
        (7, "条", "proactive_category_items"),
        (66, "条", "proactive_category_items"),
        (6, "条", "proactive_category_items"),
        (21, "条", "proactive_category_items"),
        (3, "条", "proactive_category_items"),  # goes on listing published items after the breakdown
        (8, "件", "applications_received"),
        (100, "%", "reply_rate"),
        (1, "件", "admin_reviews"),
        (100, "%", "other"),
        (23, "项", "tasks"),
        (44, "个", "new_media_accounts"),
    ],
    "002_8da0703449234f71.txt": [
        (95, "条", "proactive_items"),
        (1, "条", "proactive_category_items"),
        (2, "条", "proactive_category_items"),
        (91, "条", "proactive_category_items"),
        (1, "条", "proactive_category_items"),
    ],
    "004_e13168e6f2a5bcda.txt": [
        (1176, "条", "proactive_items"),
        (1, "名", "staff"),
        (4, "次", "training_sessions"),
    ],
}


def make_doc(text: str) -> ReportDocument:
    return ReportDocument.from_text(text, path="t.txt")


@pytest.mark.parametrize("name", sorted(SEED_EXPECTED))
def test_seed_metrics(name: str) -> None:
    doc = make_doc((FIXTURES / name).read_text(encoding="utf-8"))
    spans = [s for s in tag_metrics(doc) if s.label == "METRIC"]
    got = [(s.attrs["value"], s.attrs["unit"], s.attrs["type"]) for s in spans]
    assert got == SEED_EXPECTED[name]


def test_spans_point_at_the_number_and_unit() -> None:
    doc = make_doc((FIXTURES / "004_e13168e6f2a5bcda.txt").read_text(encoding="utf-8"))
    spans = [s for s in tag_metrics(doc) if s.label == "METRIC"]
    assert [doc.text[s.start : s.end] for s in spans] == ["1176条", "1名", "4次"]


def test_subject_spans_name_what_is_counted() -> None:
    doc = make_doc((FIXTURES / "004_e13168e6f2a5bcda.txt").read_text(encoding="utf-8"))
    spans = tag_metrics(doc)
    subjects = [doc.text[s.start : s.end] for s in spans if s.label == "METRIC_SUBJECT"]
    assert subjects == ["主动公开各类信息", "指定政府信息公开工作专职人员", "组织全镇政府信息公开培训"]
    assert all(s.attrs == {} for s in spans if s.label == "METRIC_SUBJECT")
    assert {tuple(sorted(s.attrs)) for s in spans if s.label == "METRIC"} == {("qualifier", "type", "unit", "value")}


def test_spans_never_overlap() -> None:
    doc = make_doc((FIXTURES / "000_78cf330bb6c558ff.txt").read_text(encoding="utf-8"))
    spans = sorted(tag_metrics(doc), key=lambda s: s.start)
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))
    assert all(doc.text[s.start] not in " \n" and doc.text[s.end - 1] not in " \n" for s in spans)


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("完成围绕政务公开的六大方面23项工作。", "工作"),
        ("全年开设3个专栏。", "专栏"),
        ("全年组织 4 次政府信息公开栏目全覆盖检查。", "政府信息公开栏目全覆盖检查"),
        ("区政府办通过门户网站主动公开政府信息124条。", "主动公开政府信息"),
        ("因政府信息依申请公开引起行政复议1件。", "引起行政复议"),
        ("涪陵区人民政府办公室共受理政府信息公开申请8件。", "受理政府信息公开申请"),
        ("对现行有效的86件规范性文件进行了清理。", "规范性文件进行了清理"),
        ("计划开展培训不少于4次。", "开展培训"),
    ],
)
def test_subject_phrase(sentence: str, subject: str) -> None:
    doc = make_doc("一、总体情况\n" + sentence + "\n")
    spans = tag_metrics(doc)
    assert [doc.text[s.start : s.end] for s in spans if s.label == "METRIC_SUBJECT"] == [subject]


def test_no_metric_from_the_tables() -> None:
    text = (FIXTURES / "000_78cf330bb6c558ff.txt").read_text(encoding="utf-8")
    table_start = text.index("二、主动公开政府信息情况")
    prose_end = text.index("五、存在的主要问题")
    found = find_metrics(text)
    assert found
    assert not any(table_start <= f.quantity.start < prose_end for f in found)


def test_exclude_ranges_are_skipped() -> None:
    text = "一、总体情况\n本年主动公开信息12条，发布政策解读3篇。\n"
    doc = make_doc(text)
    assert len([s for s in tag_metrics(doc) if s.label == "METRIC"]) == 2
    start = text.index("12")
    spans = tag_metrics(doc, exclude=[(start, start + 3)])
    assert [doc.text[s.start : s.end] for s in spans if s.label == "METRIC"] == ["3篇"]


def test_tab_rows_are_table_regions() -> None:
    text = "一、总体情况\n公开信息5条。\n\t规章\t0\t3\n"
    ranges = table_ranges(text, [])
    assert ranges == [(text.index("\t规章"), len(text) - 1)]


def test_pdf_wrapped_prose_is_read_across_lines() -> None:
    text = (
        "一、总体情况\n（二）依申请公开情况。2024 年，全市共受理政府信息公开申请 3119 件，答\n"
        "复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度\n答复），均在法定期限内予以答复。\n"
    )
    got = [(f.quantity.value, f.type) for f in find_metrics(text, use_model=False)]
    assert got == [
        (3119, "applications_received"),
        (3050, "applications_answered"),
        (34, "applications_received"),
        (103, "other"),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("组织召开新闻发布会12场。", "press_conferences"),
        ("编发舆情快报24期。", "opinion_bulletins"),
        ("回应社会关切15件。", "opinion_responses"),
        ("全区共有政务新媒体账号32个。", "new_media_accounts"),
        ("通过政务微信公众号发布信息560条。", "new_media_posts"),
        ("举办政务公开业务培训3期，培训人员210人次。", "training_sessions"),
        ("制作《区政府公报》12期。", "gazette_issues"),
        ("开展意见征集活动8次。", "opinion_solicitations"),
        ("区长信箱收到来信120件，均已办结。", "mailbox_messages"),
        ("门户网站总访问量达到356万人次。", "page_views"),
        ("开展在线访谈6次。", "interactions"),
        ("新开设专栏5个。", "columns"),
        ("发布政策解读42篇。", "policy_interpretations"),
        ("共收取信息处理费200元。", "info_fees"),
        ("依申请公开答复及时率100%。", "reply_rate"),
        ("政务新媒体检查合格率为100%。", "other"),
        ("已办结115件，结转下年度办理5件。", "applications_answered"),
        ("年内组织开展业务培训2期，对照考核指标开展自查3轮。", "training_sessions"),
        ("全年累计发布各类信息12,345条。", "proactive_items"),
    ],
)
def test_rule_types(sentence: str, expected: str) -> None:
    found = find_metrics("一、总体情况\n" + sentence + "\n", use_model=False)
    assert found[0].type == expected


def test_sections_found_despite_wrong_numerals() -> None:
    from gdr_nlp.reconcile.metric_types import section_bounds

    text = (
        "二、总体情况\n公开信息5条。\n二、主动公开政府信息情况\n行政事业性收费 0万元\n"
        "四、结转下年度继续办理 1 0 0 0 0 0 1\n四、政府信息公开行政复议、行政诉讼情况\n"
        "六、存在的主要问题及改进情况\n二是新增专题专栏十三个。\n"
    )
    assert [s["key"] for s in section_bounds(text)] == ["overview", "proactive", "review_litigation", "problems"]
    found = find_metrics(text, use_model=False)
    assert [(f.quantity.value, f.context.section) for f in found] == [(5, "overview"), (13, "problems")]
