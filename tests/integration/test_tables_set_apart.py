"""Tables set apart from their sections (issue 10, blind7 ``python_docx_tables_last``): the common
python-docx idiom prints every paragraph, then every table, so 表二 to 表四 stand after section 五
and sections 二 to 四 are bare headings. Before, each table was sought in its own section only, so
the rules read none of the 200 cells (flagged, "no table cell holds a number"); now a table whose
section holds none of its own header words is read where those words stand outside every table
section."""

from __future__ import annotations

import pytest

from gdr_nlp.pipeline import process
from gdr_nlp.scoring import score_tables
from gdr_nlp.synth import BINARY_LAYOUTS, generate_one
from gdr_nlp.synth.convert import available
from gdr_nlp.synth.routes import run_route
from gdr_nlp.tag.rules import RuleTagger, _regions, find_section_headings

pytestmark = pytest.mark.issue(10)
SEED = 1010  # no training run or benchmark uses it


def _region(text: str, key: str) -> tuple[int, int]:
    """The (start, end) of a table's first region, as the rule tagger draws it."""
    return next((s, e) for k, s, e in _regions(text, find_section_headings(text)) if k == key)


@pytest.mark.skipif(not available("python_docx_tables_last"), reason="python-docx is not installed")
@pytest.mark.parametrize(("index", "renderer"), [(1, "docx"), (2, "docx_official"), (5, "docx")])
def test_tables_after_the_last_section_are_read(tmp_path, index: int, renderer: str) -> None:
    doc = generate_one(index, seed=SEED, layouts=BINARY_LAYOUTS)
    path = run_route(f"{renderer}>python_docx_tables_last", doc, tmp_path / "r")
    text = path.read_text(encoding="utf-8")
    # the class: every table after the last section's heading
    assert find_section_headings(text)[-1][1] < text.index("\t")
    read = process(path, tagger="rules")
    assert score_tables(read.tables, doc.gold()["tables"]).mismatches == []
    # the place is said, so that it can be checked
    assert sum("stands outside its section" in w for w in read.warnings) == 3


SECTIONS = ("一、总体情况\n本机关依据《条例》第二十条主动公开信息，全年本年新收申请12件。\n"
            "二、主动公开政府信息情况\n{two}"
            "三、收到和处理政府信息公开申请情况\n{three}"
            "四、政府信息公开行政复议、行政诉讼情况\n"
            "五、存在的主要问题及改进情况\n无。\n"
            "六、其他需要报告的事项\n无。\n{tail}")
TABLE_TWO = "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t1\t0\t5\n"


def test_a_table_in_its_section_stays_there() -> None:
    text = SECTIONS.format(two=TABLE_TWO, three="", tail=TABLE_TWO)
    s, e = _region(text, "proactive")
    assert text.index("二、主动公开") < s < e <= text.index("三、收到")
    from gdr_nlp.document import ReportDocument

    assert not any("outside its section" in w for w in RuleTagger()(ReportDocument.from_text(text)).warnings)


def test_prose_citing_the_article_does_not_move_a_table() -> None:
    """Only a table's own header words move it: 《条例》第二十条 and 本年新收 in section 一's prose
    (general anchors) neither take 表二's place nor 表三's."""
    text = SECTIONS.format(two="", three="", tail="")
    assert text.index("二、主动公开") < _region(text, "proactive")[0] < text.index("三、收到")
    assert text.index("三、收到") < _region(text, "applications")[0] < text.index("四、政府")


def test_a_table_set_apart_is_read_where_it_stands() -> None:
    text = SECTIONS.format(two="", three="", tail=TABLE_TWO)
    s, e = _region(text, "proactive")
    assert text[s:e] == TABLE_TWO
    from gdr_nlp.document import ReportDocument

    doc = RuleTagger()(ReportDocument.from_text(text))
    cells = [text[sp.start:sp.end] for sp in doc.spans["rule"] if sp.label == "CELL"]
    assert cells == ["1", "0", "5"]


REVIEW_HEAD = "行政复议\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n"


def test_a_section_holding_numbers_keeps_its_table() -> None:
    """pdfminer interleaves 表四's header words (结 果 / 尚 未 / 维持 / 审结): its section holds
    no anchor, but its numbers are there, so the table is sought there and not where 结果维持 stands whole elsewhere."""
    text = SECTIONS.format(two="", three="", tail="附表\n" + REVIEW_HEAD).replace(
        "四、政府信息公开行政复议、行政诉讼情况\n", "四、政府信息公开行政复议、行政诉讼情况\n结 果\n尚 未\n维持\n审结\n72\n64\n")
    s, e = _region(text, "review_litigation")
    assert text.index("四、政府") < s < e <= text.index("五、存在")


def test_prose_stating_a_tables_figures_is_not_a_table() -> None:
    """A bare section whose table's words stand only in prose (其中结果维持72件，…): the prose's
    figures can satisfy the table's sums in another order, so the table is not sought there."""
    prose = "政府信息公开行政复议351件，其中结果维持72件，结果纠正64件，其他结果178件，尚未审结37件。\n"
    text = SECTIONS.format(two="", three="", tail="").replace("全年本年新收申请12件。\n", "全年本年新收申请12件。\n" + prose)
    s, e = _region(text, "review_litigation")
    assert text.index("四、政府") < s < e <= text.index("五、存在")
