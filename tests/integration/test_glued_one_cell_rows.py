"""A table whose cells a converter wrote with nothing between them (issue 10, blind8
``html2text_no_tables``: html2text with ``ignore_tables=True`` writes a row as its label and cells run
together, ``行政许可0``, ``…数量0111000021``, each row ending in markdown's hard break). Two classes
read now:

* a one-cell row of 表二 glued to its label (``行政许可0``) and an amount glued between its label
  and its unit (``行政事业性收费0万元``): a whole official label with one digit after it is that
  label and a cell (no official label ends in a digit); before, the digit stayed in the label and
  the row was unread;
* a glued row followed by a line of spaces (the hard break's line): that line is no blank cell
  of a row written with no separator; before, it stopped the run from being cut."""

from __future__ import annotations

import pytest

from gdr_nlp.document import ReportDocument
from gdr_nlp.pipeline import build_pipeline, process
from gdr_nlp.scoring import score_tables
from gdr_nlp.synth import BINARY_LAYOUTS, generate_one
from gdr_nlp.synth.convert import available
from gdr_nlp.synth.routes import run_route
from gdr_nlp.tag.rules import _table_tokens

pytestmark = pytest.mark.issue(10)
SEED = 1010  # no training run or benchmark uses it


def test_a_whole_label_and_one_digit_are_a_label_and_a_cell() -> None:
    text = "信息内容本年处理决定数量\n行政许可0\n行政处罚7\n信息内容本年收费金额（单位：万元）\n行政事业性收费3万元\n"
    tokens = [(t.text, t.kind) for t in _table_tokens(text, 0, len(text), "proactive")]
    assert ("行政许可", "text") in tokens and ("0", "number") in tokens and ("7", "number") in tokens
    assert ("3", "number") in tokens and ("万元", "text") in tokens
    # a digit after words that are no whole row label stays in them (a header's footnote, a page's number)
    odd = "信息内容本年处理决定数量\n附件说明3\n行政强制5\n"
    assert ("3", "number") not in [(t.text, t.kind) for t in _table_tokens(odd, 0, len(odd), "proactive")]


@pytest.mark.skipif(not available("html2text_no_tables"), reason="html2text is not installed")
@pytest.mark.parametrize("index", [0, 1])
def test_html2text_no_tables_rows_are_read(tmp_path, index: int) -> None:
    doc = generate_one(index, seed=SEED, layouts=BINARY_LAYOUTS)
    path = run_route("html>html2text_no_tables", doc, tmp_path / "r")
    text = path.read_text(encoding="utf-8")
    assert "行政许可" in text and "\n  \n" in text  # the class: glued rows, hard-break lines
    read = process(path, tagger="rules")
    gold = doc.gold()["tables"]
    one_cell = {row: gold["proactive"][row] for row in ("licensing", "penalty", "coercion", "fees")}
    assert score_tables({"proactive": read.tables["proactive"]}, {"proactive": one_cell}).mismatches == []
    # 表三's rows are cut by its sums: every cell read (the run before a line of spaces too)
    assert score_tables({"applications": read.tables["applications"]},
                        {"applications": gold["applications"]}).mismatches == []
    assert read.review["needed"]  # runs cut by the sums go to review (issue 9)


def test_a_placeholder_word_inside_a_label_wrapped_a_character_a_line_is_the_labels() -> None:
    """PyMuPDF's HTML of a narrow label column puts a line break after almost every character
    (blind8 ``pymupdf_html_text``): ``（四）`` / ``无`` / ``法提供`` and ``4.`` / ``无`` / ``正当理由…``. 无 alone
    is also a blank cell's placeholder; between two pieces of one label it is the label's."""
    from gdr_nlp.tag.rules import _tag_table

    cells = "\n".join(["0"] * 7)
    text = "\n".join(["（", "四", "）", "无", "法提", "供", "1.本", "机关不掌握相关", "政府信息", cells,
                      "4.", "无", "正", "当", "理", "由大", "量", "反复申请", cells,
                      "2.重复申请", "无", "3.要求提供公开出版物", cells]) + "\n"
    spans = _tag_table(text, 0, len(text), "applications", "2021")
    placeholders = [s for s in spans if s.label == "CELL" and text[s.start:s.end] == "无"]
    assert len(placeholders) == 1 and text.rfind("\n无\n") + 1 == placeholders[0].start  # the one after 2.重复申请
    rows = [s.attrs.get("row") for s in spans if s.label == "ROW_LABEL" and s.attrs.get("row")]
    assert "unable_not_held" in rows and "unprocessed_excessive" in rows


@pytest.mark.parametrize("run", ["012055000500000", "012035000500000"])
def test_a_review_table_of_fifteen_digits_is_one_digit_a_cell_as_printed(run: str) -> None:
    """表四 run together into fifteen digits (html2text_no_tables) has one cut only, one digit a
    cell: it is read as printed, a misprinted 总计 (0+1+2+0 ≠ 5) too, and the checks flag that one;
    before, a cut no group sum held was left unread."""
    text = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议行政诉讼\n未经复议直接起诉复议后起诉\n"
            + "结果维持结果纠正其他结果尚未审结总计" * 3 + f"\n{run}\n五、存在的主要问题及改进情况\n无\n")
    read = build_pipeline(tagger="rules")(ReportDocument.from_text(text))
    table = read.tables["review_litigation"]
    values = [table[g][c]["value"] for g in ("review", "litigation_direct", "litigation_after_review")
              for c in ("upheld", "corrected", "other", "pending", "total")]
    assert values == [int(d) for d in run]
    failed = [c["id"] for c in read.checks if c["status"] == "fail" and c["id"].startswith("review_litigation")]
    assert failed == ([] if run[4] == "3" else ["review_litigation.group_sum.review"])
