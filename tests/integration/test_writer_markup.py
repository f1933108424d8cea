"""Tables in writers' markup and marks on every line (issue 10, blind15, looked at after its one run).

Read as text, each of these lost its tables to numbers in the markup or rows cut apart:

- ``pandoc -t context``: ``\\startxcell[width={0.07\\textwidth},nc=3] … \\stopxcell``, the widths' numbers among the
  cells (the blind run read 0.10 of the cells);
- ``pandoc -t bbcode``: ``[tr][td]…[/td][/tr]``, a merged cell's other places empty ``[td][/td]``, headings in
  ``[b]``/``[u]``;
- calibre's Textile: ``|=\\3/3. label|=. 258|``, a cell's span and alignment before its ``. ``; from a DOCX each
  cell's paragraph a ``p.`` block on a line of its own;
- ``pandoc -t ansi``: colour escapes, and each table laid out between two ``─`` rules with no line between rows,
  a label wrapped inside its column over the lines under its numbers;
- edbrowse: ``h2 三、…``, the heading level's digit read as a number of the table above;
- @opendocsg/pdf2md: ``#### `` before nearly every line, rows read with low confidence.

The real tools on generated reports (seed 1010, which no benchmark uses).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gdr_nlp.ingest.drawn_tables import rewrite_drawn_tables
from gdr_nlp.ingest.txt import (
    bbcode_tags,
    heading_level_marks,
    heading_marks_everywhere,
    terminal_escapes,
    textile_blocks,
)
from gdr_nlp.scoring import score_tables
from tests.integration.route_reading import convert_route, read_rules

pytestmark = pytest.mark.issue(10)


@pytest.mark.parametrize("route", ["html_official>pypandoc_context", "docx>pypandoc_context", "html>pypandoc_bbcode",
                                   "html>calibre_textile", "docx_official>calibre_textile", "html>pypandoc_ansi",
                                   "docx_official>pypandoc_ansi", "html_official>edbrowse_dump",
                                   "pdf_libreoffice>pdf2md_js"])
def test_writer_markup_read_exactly_without_review(route: str, tmp_path: Path) -> None:
    doc, path = convert_route(route, 9, tmp_path)
    read = read_rules(path)
    score = score_tables(read.tables, doc.gold()["tables"])
    assert score.exact, score.mismatches[:5]
    assert not read.review["needed"], read.review["reasons"]


def test_a_context_xtable_with_spans_and_settings() -> None:
    """Cells over lines or on one, ``nc=``/``nr=`` spans, the settings' numbers no cell's, escapes kept; the
    head's ``\\stopxtablehead`` does not end the table; a table that does not end stays as it was."""
    context = ("\\startxtable\n\\startxtablehead[head]\n\\stopxtablehead\n\\startxtablebody[body]\n\\startxrow\n"
               "\\startxcell[width={0.30\\textwidth},nr=2] （三）不予公开 \\stopxcell\n"
               "\\startxcell[width={0.40\\textwidth}]\n1.属于国家秘密 \\stopxcell\n"
               "\\startxcell[width={0.30\\textwidth}] {\\bf 12}\\% \\stopxcell\n\\stopxrow\n\\startxrow\n"
               "\\startxcell[width={0.40\\textwidth}] 2.其他法律行政法规禁止公开 \\stopxcell\n"
               "\\startxcell[width={0.30\\textwidth}] 0 \\stopxcell\n\\stopxrow\n\\stopxtablebody\n\\stopxtable\n")
    text, count, notes = rewrite_drawn_tables("表三\n" + context + "完\n")
    assert (count, notes) == (1, [])
    assert text.split("\n")[1:-1] == ["", "（三）不予公开\t1.属于国家秘密\t12%", "（三）不予公开\t2.其他法律行政法规禁止公开\t0",
                                      "", "完"]
    open_ended = "\\startxtable\n\\startxrow\n\\startxcell a \\stopxcell\n"
    assert rewrite_drawn_tables(open_ended)[0] == open_ended


def test_a_bbcode_table_and_its_inline_tags() -> None:
    """Inline tags off only in a text that is BBCode; rows from ``[tr]``, empty merged places dropped, a
    dialect's ``colspan=`` kept."""
    assert bbcode_tags("[b]一、总体情况[/b]\n正文[1]")[1] == 0  # one closing tag: not BBCode
    page = "[u][b]年度报告[/b][/u]\n\n[b]二、主动公开[/b]\n\n[table]\n[tr][th]信息内容[/th][th][/th][/tr]\n" \
           "[tr][td]规章[/td][td][/td][td][b]2[/b][/td][td]0[/td][/tr]\n[tr][td colspan=2]合计[/td][td]5[/td][/tr]\n[/table]\n"
    text, tags = bbcode_tags(page)
    assert tags == 8 and "[b]" not in text and "[table]" in text
    rows, count, _ = rewrite_drawn_tables(text)
    assert count == 1
    assert rows.split("\n")[3:8] == ["", "信息内容", "规章\t2\t0", "合计\t合计\t5", ""]


def test_a_textile_table_over_lines_and_its_block_marks() -> None:
    """calibre's DOCX layout: a cell's ``p.`` paragraph on the line under its bar, a bar alone ending the row;
    spans from ``\\N``/``/N``; a plain ``|a|b|`` pipe table is not taken for Textile."""
    page = ("h3. 三、收到和处理政府信息公开申请情况\n\n |^\\2.\np. 一、本年新收政府信息公开申请数量\n |^.\np. 258\n |^.\np. \n |\n"
            " |^/2.\np. （三）不予公开\n |^.\np. 1.属于国家秘密\n |^.\np. 4\n |\n |^.\np. 2.其他\n |^.\np. 0\n |\n\np. 完\n")
    text, marks = textile_blocks(page)
    assert marks == 10 and text.startswith("三、收到")
    rows, count, _ = rewrite_drawn_tables(text)
    assert count == 1
    body = [line for line in rows.split("\n") if "\t" in line]
    assert body == ["一、本年新收政府信息公开申请数量\t一、本年新收政府信息公开申请数量\t258",
                    "（三）不予公开\t1.属于国家秘密\t4", "（三）不予公开\t2.其他\t0"]
    plain = "|a|1|\n|b|2|\n"
    assert rewrite_drawn_tables(plain)[0] == plain


def test_a_terminal_table_with_wrapped_and_centred_labels() -> None:
    """Columns from the ``─`` rule by display width; a number starts a row, a label's other lines under it
    continue its cell, also where the label is centred in a wider cell, and a text too wide for its column is
    a spanned cell; escapes are off before."""
    rule = "─────── ─────── ─────── ─────── ───────"
    table = "\n".join([
        rule,
        "                申请人情况",
        "                自然人  商      科",
        "                        业企业  研机构",
        "      一        258     403     0",
        "、本年新收政府信",
        "息公开申请数量",
        "二、            0       0       0",
        "上年结转政府信",
        "息公开申请数量",
        rule])
    text, escapes = terminal_escapes("\x1b[1m\x1b[4m三、收到和处理\x1b[0m\n\n" + table + "\n\n完\n")
    assert escapes == 3 and text.startswith("三、收到和处理\n")
    rows, count, notes = rewrite_drawn_tables(text)
    assert (count, notes) == (1, [])
    body = [line for line in rows.split("\n") if "\t" in line]
    assert body == ["申请人情况\t申请人情况", "自然人\t商业企业\t科研机构",
                    "一、本年新收政府信息公开申请数量\t一、本年新收政府信息公开申请数量\t258\t403\t0",
                    "二、上年结转政府信息公开申请数量\t二、上年结转政府信息公开申请数量\t0\t0\t0"]


def test_marks_before_lines_taken_off_only_where_they_say_nothing() -> None:
    """Heading marks on most lines go; a Markdown file's real headings stay. A browser's ``h2 `` level marks go
    once a text has several; ``h2`` in a sentence stays."""
    marked = "\n".join(f"#### 第{k}行 {k} 0" for k in range(30))
    assert heading_marks_everywhere(marked)[1] == 30
    real = "# 标题\n\n" + "\n".join(f"正文{k}" for k in range(30)) + "\n## 二、主动公开\n"
    assert heading_marks_everywhere(real) == (real, 0)
    browsed = "h1 年度报告\n\nh2 一、总体情况\n正文h2 不动\nh2 二、主动公开\n行政强制 0\nh2 三、收到\n"
    text, marks = heading_level_marks(browsed)
    assert marks == 4 and "正文h2 不动" in text and "\n三、收到" in text
