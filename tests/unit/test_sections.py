"""Sections and report metadata from the rule tagger's headings and title."""

from __future__ import annotations

import pytest

from gdr_nlp.document import ReportDocument
from gdr_nlp.reconcile.sections import agency_from_title, parse_year, reconcile_sections
from gdr_nlp.tag.rules import RuleTagger

BODY = {
    "一": "一、总体情况\n本年度，我局认真贯彻条例。\n（一）主动公开\n全年公开信息20条。\n（二）主动公开政府信息情况\n按时公开。\n",
    "二": "二、主动公开政府信息情况\n\t第二十条第（一）项\n\t规章\n\t0\n",
    "三": "三、收到和处理政府信息公开申请情况\n\t一、本年新收政府信息公开申请数量\n\t0\n\t四、结转下年度继续办理\n\t0\n",
    "四": "四、政府信息公开行政复议、行政诉讼情况\n\t结果维持\n\t0\n",
    "五": "五、存在的主要问题及改进情况\n队伍不够稳定。\n",
    "六": "六、其他需要报告的事项\n无。\n",
}


def _doc(text: str) -> ReportDocument:
    doc = ReportDocument.from_text(text, path="t.txt")
    RuleTagger()(doc)
    reconcile_sections(doc)
    return doc


def _keys(doc: ReportDocument) -> list[str]:
    return [s["key"] for s in doc.sections]


ALL = ["overview", "proactive", "applications", "review_litigation", "problems", "other"]


def test_six_sections_offsets_and_ends() -> None:
    text = "某区人民政府2020年政府信息公开工作年度报告\n" + "".join(BODY.values())
    doc = _doc(text)
    assert _keys(doc) == ALL
    for section, nxt in zip(doc.sections, doc.sections[1:]):
        assert text[section["start"] :].startswith(section["heading"])
        assert section["end"] == len(text[: nxt["start"]].rstrip())
    assert doc.sections[-1]["end"] == len(text.rstrip())
    # （二）主动公开政府信息情况 under 一 is a sub-heading; 表三's 四、结转下年度继续办理 is a row label
    assert doc.sections[1]["heading"] == "二、主动公开政府信息情况"
    assert doc.sections[3]["heading"] == "四、政府信息公开行政复议、行政诉讼情况"
    assert not [w for w in doc.warnings if "section" in w]


def test_bare_heading_without_ordinal() -> None:
    text = "2020年某局\n\n政府信息公开工作年度报告\n" + "".join(BODY.values()).replace("二、主动公开政府信息情况", "主动公开政府信息情况")
    doc = _doc(text)
    assert _keys(doc) == ALL
    assert doc.sections[1]["heading"] == "主动公开政府信息情况"


def test_misnumbered_headings_keep_their_words() -> None:
    body = "".join(BODY.values()).replace("三、收到和处理", "二、收到和处理").replace("五、存在", "四、存在")
    doc = _doc("某县政府2020年政府信息公开工作年度报告\n" + body)
    assert _keys(doc) == ALL
    assert doc.sections[2]["heading"].startswith("二、收到和处理")


def test_heading_broken_over_two_lines_and_older_wording() -> None:
    body = "".join(BODY.values()).replace("四、政府信息公开行政复议、行政诉讼情况", "四、因政府信息公开申请提起行政复议、\n行政诉讼情况")
    doc = _doc("某县政府2020年政府信息公开工作年度报告\n" + body)
    assert _keys(doc) == ALL
    assert doc.sections[3]["heading"] == "四、因政府信息公开申请提起行政复议、 行政诉讼情况"


def test_missing_section_is_absent_and_warned() -> None:
    body = "".join(v for k, v in BODY.items() if k != "五")
    doc = _doc("某县政府2020年政府信息公开工作年度报告\n" + body)
    assert _keys(doc) == [k for k in ALL if k != "problems"]
    assert "section missing: 五、存在的主要问题及改进情况" in doc.warnings


@pytest.mark.parametrize(
    ("head", "title", "agency", "year"),
    [
        ("重庆市涪陵区人民政府机关\n2020年政府信息公开工作年度报告\n", "重庆市涪陵区人民政府机关2020年政府信息公开工作年度报告",
         "重庆市涪陵区人民政府机关", 2020),
        ("2020年环翠区信访局\n\n政府信息公开工作年度报告\n", "2020年环翠区信访局政府信息公开工作年度报告", "环翠区信访局", 2020),
        ("相山区渠沟镇政府2020年政府信息公开\n工作年度报告\n", "相山区渠沟镇政府2020年政府信息公开工作年度报告", "相山区渠沟镇政府", 2020),
        ("索引号：11320800/2025-00001\n淮安市人民政府 2024 年政府信息公开工作年度报告\n",
         "淮安市人民政府2024年政府信息公开工作年度报告", "淮安市人民政府", 2024),
        ("某市生态环境局关于二〇二一年度政府信息公开工作的报告\n", "某市生态环境局关于二〇二一年度政府信息公开工作的报告",
         "某市生态环境局", 2021),
    ],
)
def test_title_agency_year(head: str, title: str, agency: str, year: int) -> None:
    doc = _doc(head + "".join(BODY.values()))
    assert (doc.report["title"], doc.report["agency"], doc.report["year"]) == (title, agency, year)
    assert not [w for w in doc.warnings if "agency" in w or "year" in w or "title" in w]


def test_no_title_gives_nulls_and_warnings() -> None:
    doc = _doc("".join(BODY.values()))
    assert (doc.report["title"], doc.report["agency"], doc.report["year"]) == (None, None, None)
    assert "report title not found" in doc.warnings
    assert any("year not determinable" in w for w in doc.warnings)
    assert any("agency not determinable" in w for w in doc.warnings)


def test_year_from_the_opening_and_agency_from_the_signature() -> None:
    text = ("政府信息公开工作年度报告\n根据条例规定，现将本机关2021年度政府信息公开工作情况报告如下。\n" + "".join(BODY.values())
            + "\n某县市场监督管理局\n2022年1月20日\n")
    doc = _doc(text)
    assert doc.report["year"] == 2021
    assert doc.report["agency"] == "某县市场监督管理局"
    assert any("signature" in w for w in doc.warnings)


def test_helpers() -> None:
    assert agency_from_title("2020年政府信息公开工作年度报告") == ""
    assert agency_from_title("XX县人民政府办公室关于2020年政府信息公开工作年度报告") == "XX县人民政府办公室"
    assert parse_year("二〇二〇年度") == 2020
    assert parse_year("国办公开办函〔2019〕60号") is None


def test_agency_and_year_from_the_opening_sentence_when_there_is_no_title() -> None:
    text = ("根据《中华人民共和国政府信息公开条例》要求，现公布山东省信访局2025年度政府信息公开工作年度\n报告。\n"
            + "".join(BODY.values()))
    doc = _doc(text)
    assert (doc.report["agency"], doc.report["year"]) == ("山东省信访局", 2025)
    assert any("opening sentence" in w for w in doc.warnings)


@pytest.mark.issue(10)
@pytest.mark.parametrize("title", ["# 南平市信访局2023年政府信息公开工作年度报告",  # markitdown / pymupdf4llm heading
                                   "#南平市信访局#2023年政府信息公开工作年度报告",
                                   "**南平市信访局**2023年政府信息公开工作年度报告",
                                   "-1-南平市信访局2023年政府信息公开工作年度报告"])  # pdftotext -raw page number
def test_agency_without_the_marks_a_converter_left_in_the_title(title: str) -> None:
    assert agency_from_title(title) == "南平市信访局"


@pytest.mark.parametrize("title", ["某县东风街道街道办\n事处2022年政府信息公\n\n开工作年度报告",
                                   "某县东风街道街道办事处                 2022   年政府信息公开工\n作年度报告"])
def test_agency_of_a_title_wrapped_over_lines_comes_from_the_opening_sentence(title: str) -> None:
    """A narrow page wraps the title; the TITLE span may hold only its last pieces ('事处2022年…',
    '作年度报告'), whose words before the year name no agency: the opening sentence's agency is taken,
    with a warning, never the fragment."""
    text = (f"{title}\n根据《中华人民共和国政府信息公开条例》要求，现公布某县东风街道街道\n办事处2022年度政府信息公开"
            "工作年度报告。\n" + "".join(BODY.values()))
    doc = _doc(text)
    assert (doc.report["agency"], doc.report["year"]) == ("某县东风街道街道办事处", 2022), doc.report
    assert any("wrapped over lines" in w for w in doc.warnings)


def test_an_agency_the_title_names_whole_is_kept_over_the_opening_sentence() -> None:
    text = ("某县信访局2022年政府信息公开工作年度报告\n根据《中华人民共和国政府信息公开条例》要求，现公布某县人民政府"
            "信访局2022年度政府信息公开工作年度报告。\n" + "".join(BODY.values()))
    assert _doc(text).report["agency"] == "某县信访局"
