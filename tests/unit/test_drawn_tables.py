"""Tables drawn in text (issue 10): box/ASCII grids, dash-ruled tables and HTML fragments become
the HTML backend's tab-joined rows; everything else, pipe tables included, is left as it was."""

from __future__ import annotations

import functools
import json
import shutil
from pathlib import Path

import pytest

from gdr_nlp.cli import main
from gdr_nlp.ingest import load
from gdr_nlp.ingest.drawn_tables import rewrite_drawn_tables
from gdr_nlp.ingest.html import html_to_text
from gdr_nlp.scoring import score_tables
from gdr_nlp.synth import BINARY_LAYOUTS, SynthDoc, generate_one
from gdr_nlp.synth.routes import run_route
from tests.conftest import SEED_FILES

BOX = """前文一行。
┌──────────┬──────┬──────┐
│          │申请人│总计  │
│          ├──────┤      │
│          │自然人│      │
├────┬─────┼──────┼──────┤
│（三│1.属 │2     │2     │
│）不│于国 │      │      │
│予公├─────┼──────┼──────┤
│开  │2.重 │0     │0     │
│    │复   │      │      │
└────┴─────┴──────┴──────┘
后文一行。"""


def test_box_grid_reads_cells_with_row_and_column_spans() -> None:
    text, count, notes = rewrite_drawn_tables(BOX)
    assert (count, notes) == (1, [])
    lines = text.split("\n")
    assert lines[0] == "前文一行。" and lines[1] == "" and lines[-2] == "" and lines[-1] == "后文一行。"
    # spanned labels are repeated on each row and column they span (the blank corner over two
    # columns, 总计 over two rows, the group label), wrapped lines joined without a space
    assert lines[2:6] == ["\t\t申请人\t总计", "\t\t自然人\t总计",
                          "（三）不予公开\t1.属于国\t2\t2", "（三）不予公开\t2.重复\t0\t0"]


def test_ascii_grid_and_ambiguous_width_box_lines() -> None:
    ascii_grid = "+------+------+\n| 项目 | 数量 |\n+======+======+\n| 规章 | 2    |\n+------+------+"
    assert rewrite_drawn_tables(ascii_grid)[0] == "项目\t数量\n规章\t2"
    # box lines two columns wide (an East Asian terminal): the grid is read with that width
    wide = "┌──┬──┐\n│规章│2   │\n└──┴──┘"
    assert rewrite_drawn_tables(wide)[:2] == ("规章\t2", 1)


# padded by characters, not display columns (links2, a plain str.ljust): a CJK character takes one
# column of the drawing; links2 also marks no junction where a border starts below a rule
BY_CHARACTER = """+-----------------+
| 第二十条第（五）项       |
|-----------------|
| 信息内容 | 本年处理决定数量 |
|------+----------|
| 行政许可 | 0        |
|-----------------|
| 总计   | 3        |
+-----------------+"""


def test_grid_padded_by_characters_with_unmarked_junctions() -> None:
    text, count, notes = rewrite_drawn_tables(BY_CHARACTER)
    assert (count, notes) == (1, [])
    assert text.split("\n") == ["第二十条第（五）项\t第二十条第（五）项", "信息内容\t本年处理决定数量", "行政许可\t0",
                                 "总计\t3"]


def test_a_negative_number_flush_against_its_bar_is_a_cell_not_a_rule() -> None:
    grid = "\n".join(["+--------------+",
                      "|第二十条第（六）项     |",
                      "|--------------|",
                      "|信息内容|上一年|本年增减 |",
                      "|----+---+-----|",
                      "|行政强制|2  |-2   |",
                      "+--------------+"])
    assert rewrite_drawn_tables(grid)[:2] == (
        "第二十条第（六）项\t第二十条第（六）项\t第二十条第（六）项\n信息内容\t上一年\t本年增减\n行政强制\t2\t-2", 1)


def test_a_tiling_that_leaves_border_strokes_in_cells_is_refused() -> None:
    """A drawing read with the wrong widths can still tile, with bars and rules inside its cells
    (links2's grids did, before their unmarked junctions were read): such a reading is refused."""
    from gdr_nlp.ingest.drawn_tables import DISPLAY, _grid_cells

    assert _grid_cells(["+-----+-----+", "| 规章 | 2   |", "+-----+-----+"], DISPLAY) is None  # 规章 is 4 wide
    assert _grid_cells(["+------+-----+", "| a--- | 2   |", "+------+-----+"], DISPLAY) is None
    assert [c[4] for c in _grid_cells(["+------+-----+", "| a-b  | 2   |", "+------+-----+"], DISPLAY)] == ["a-b", "2"]


def test_ragged_grid_is_left_as_it_was_with_a_note() -> None:
    ragged = "┌────┬────┐\n│规章│2   │\n├────┼──┤\n│行政│0   │\n└────┴────┘"
    text, count, notes = rewrite_drawn_tables(ragged)
    assert (text, count) == (ragged, 0)
    assert notes and "line 1" in notes[0]


MULTILINE = """表四

  ---------- ---------- ----------
  行政复议               行政诉讼

  结果\\      尚未审结   结果维持
  纠正

  3          0          12
  ---------- ---------- ----------

后文。"""


def test_pandoc_multiline_table_with_cjk_wrapped_cells() -> None:
    text, count, _ = rewrite_drawn_tables(MULTILINE)
    assert count == 1
    assert text.split("\n")[2:5] == ["行政复议\t\t行政诉讼", "结果纠正\t尚未审结\t结果维持", "3\t0\t12"]
    assert text.startswith("表四\n\n") and text.endswith("\n\n后文。")


def test_pandoc_multiline_table_with_a_header_and_rst_simple_table() -> None:
    header = ("  ------------------------\n  项目       本年\n  新收\n  ---------- -------------\n"
              "  规章       2\n\n  规范性文件 0\n  ------------------------\n")
    assert rewrite_drawn_tables(header)[0].split("\n")[:3] == ["项目新收\t本年", "规章\t2", "规范性文件\t0"]
    rst = "\n".join(["======  ====", "项目    数量", "======  ====", "规章    2", "许可    0", "        件",
                     "======  ====", ""])
    assert rewrite_drawn_tables(rst)[0].split("\n")[:3] == ["项目\t数量", "规章\t2", "许可\t0件"]


def test_text_across_a_column_edge_is_left_with_a_note() -> None:
    crossing = "  -------- --------\n  规章制度文件 2\n  -------- --------\n"
    text, count, notes = rewrite_drawn_tables(crossing)
    assert (text, count) == (crossing, 0) and notes


HTML = """前文。

<table>
<tbody>
<tr><td rowspan="2"><p>结果</p>
<p>纠正</p></td><td colspan="2">行政诉讼</td></tr>
<tr><td>3</td><td>0</td></tr>
</tbody>
</table>

后文。"""


def test_html_fragment_is_written_as_the_html_backend_writes_it() -> None:
    text, count, _ = rewrite_drawn_tables(HTML)
    assert count == 1
    assert text == "前文。\n\n结果纠正\t行政诉讼\t行政诉讼\n结果纠正\t3\t0\n\n后文。"
    # the same rows the HTML backend makes of the table (a paragraph break inside a CJK cell aside)
    assert html_to_text(HTML.replace("</p>\n<p>", "</p><p>")).split("\n")[2:4] == text.split("\n")[2:4]


@pytest.mark.parametrize(
    "text",
    [
        "| 项目 | 数量 |\n|------|------|\n| 规章 | 2    |\n",  # a markdown pipe table already reads
        "第一段。\n\n----------\n\n第二段。\n",  # a row of dashes in prose
        "标题\n------\n\n正文。\n",  # a setext heading
        "项目      本年      上年\n--        --        --\n",  # dashes under a heading with no rows
        "签名：________  日期：----  ----\n",
    ],
)
def test_text_that_is_not_a_drawn_table_is_unchanged(text: str) -> None:
    assert rewrite_drawn_tables(text) == (text, 0, [])


def test_seed_reports_are_unchanged() -> None:
    for seed in SEED_FILES:
        text = seed.read_text(encoding="utf-8")
        assert rewrite_drawn_tables(text)[0] == text, seed.name


@functools.cache
def _doc(index: int) -> SynthDoc:
    return generate_one(index, seed=3131, layouts=BINARY_LAYOUTS)


def _converted(route: str, index: int, tmp_path: Path) -> tuple[SynthDoc, Path]:
    tool = {"pandoc_markdown": "pandoc", "pandoc_rst": "pandoc", "w3m_dump": "w3m",
            "pdftotext_layout": "pdftotext"}[route.partition(">")[2]]
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed here")
    doc = _doc(index)
    return doc, run_route(route, doc, tmp_path / route.replace(">", "_"))


def test_pdftotext_layout_text_is_unchanged(tmp_path: Path) -> None:
    _, path = _converted("pdf>pdftotext_layout", 0, tmp_path)
    text = path.read_text(encoding="utf-8")
    assert rewrite_drawn_tables(text) == (text, 0, [])


@pytest.mark.parametrize(
    "route,index",
    [("html_official>w3m_dump", 0), ("html>w3m_dump", 1), ("docx_official>pandoc_markdown", 0),
     ("html_official>pandoc_markdown", 0), ("docx>pandoc_markdown", 2),
     # pandoc's reStructuredText grid: one-column boxes a CJK character overflows, the bars out of line
     ("html_official>pandoc_rst", 7), ("docx_official>pandoc_rst", 10)],
)
def test_generated_reports_read_exactly_by_the_rules(route: str, index: int, tmp_path: Path) -> None:
    doc, path = _converted(route, index, tmp_path)
    assert load(path).warnings and "rewritten as tab-joined rows" in load(path).warnings[-1]
    out = tmp_path / "out"
    assert main(["extract", str(path), "-o", str(out), "--tagger", "rules"]) == 0
    result = json.loads((out / f"{path.stem}.json").read_text(encoding="utf-8"))
    score = score_tables(result["tables"], doc.gold()["tables"])
    assert score.exact, score.mismatches[:3]


def test_a_string_given_to_the_api_is_read_as_the_same_text_file(tmp_path: Path) -> None:
    """``extract_text`` (pasted text) rewrites drawn tables as ``gdr extract`` does for the file."""
    from gdr_nlp import extract_text

    doc, path = _converted("html>w3m_dump", 1, tmp_path)
    result = extract_text(path.read_text(encoding="utf-8"), tagger="rules")
    assert any("rewritten as tab-joined rows" in w for w in result["warnings"])
    assert score_tables(result["tables"], doc.gold()["tables"]).exact


def test_a_number_wrapped_inside_its_box_is_one_number() -> None:
    """``pandoc -t rst`` gives a narrow column ``1`` over ``4`` over ``1``: the box says the lines
    are one cell, so they are one number (not three to be proposed as a join, issue 9)."""
    grid = "\n".join(["+------+---+---+", "| 规章 | 1 | 2 |", "|      | 4 |   |", "|      | 1 |   |",
                      "+------+---+---+", "| 许可 | 0 | 2 |", "|      |   | 2 |", "+------+---+---+"])
    assert rewrite_drawn_tables(grid)[0] == "规章\t141\t2\n许可\t0\t22"
    # a value with a note under it stays text the reader splits ("22（其中修订16件）")
    noted = "+------+------+\n| 规章 | 22   |\n|      | （其 |\n|      | 中修 |\n+------+------+"
    assert rewrite_drawn_tables(noted)[0] == "规章\t22（其中修"


def test_a_grid_whose_bars_are_out_of_line_is_read_by_their_order() -> None:
    """pandoc lets a CJK character overflow a three-column box, so the bars stop lining up with the
    corners under any width count; with no merged cell (every rule alike) and one bar per corner on
    every line, the n-th bar is the n-th border, so the cells are read by the bars' order."""
    skewed = "\n".join(["+---+---+---+", "| 维 | 纠 |  |", "+---+---+---+", "| 1 | 0 | 1 |", "| 5 |   | 5 |",
                        "+---+---+---+"])
    review: list[str] = []
    text, count, notes = rewrite_drawn_tables(skewed, review)
    assert (count, notes, review) == (1, [], [])
    assert text == "维\t纠\n15\t0\t15"


def test_an_unparsed_grid_with_numbers_wrapped_in_a_row_asks_for_review() -> None:
    """A skewed grid with a bar missing on a line (or rules that differ: merged cells) cannot be
    read by the bars' order either; it is left as text, and read line by line ``1`` over ``5``
    would be the value 1 with nothing to show it. The block's note then goes to review."""
    skewed = "\n".join(["+---+---+---+", "| 维 | 纠 |  |", "+---+---+---+", "| 1 | 0 | 1 |", "| 5 |     5 |",
                        "+---+---+---+"])
    review: list[str] = []
    text, count, notes = rewrite_drawn_tables(skewed, review)
    assert (text, count) == (skewed, 0) and len(notes) == 1
    assert len(review) == 1 and "numbers on several lines" in review[0]
    merged = skewed.replace("| 5 |     5 |", "| 5 |   | 5 |").replace("+---+---+---+\n| 1", "+---+---+   +\n| 1")
    review = []
    assert rewrite_drawn_tables(merged, review)[1] == 0 and len(review) == 1
    one_line = skewed.replace("| 5 |     5 |\n", "")  # each row on one line: nothing is cut by reading it so
    review = []
    assert rewrite_drawn_tables(one_line, review)[1] == 1 and review == []
