"""Typst tables and Texinfo multitables (issue 10, blind14's ``pypandoc_typst`` and ``pandoc_texinfo``,
looked at after its one run).

``pandoc -t typst`` writes each table as ``#table(columns: …, …)``: the cells fill the grid row after row,
a cell ``[…]`` or ``table.cell(rowspan: …, colspan: …)[…]``, a header in ``table.header(…)``, rules as
``table.hline()``. Read as text, ``table.cell(colspan: 2)[一、本年新收…], [0], [11]`` put the span's 2 in
the label and ``],[`` before every number: no report of the blind run was exact. ``drawn_tables`` now
reads the markup as the grid it describes. ``pandoc -t texinfo`` writes a ``@multitable``, a row from each
``@item``, a cell an `` @tab `` line, merged places as empty cells and the widest cells as the opening line's
column prototypes (``{300} {420}``): read as text, 表三's 小计 column went missing in 2021 reports. The real
tools on generated reports (seed 1010).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gdr_nlp.ingest.drawn_tables import rewrite_drawn_tables
from gdr_nlp.scoring import score_tables
from tests.integration.route_reading import convert_route, read_rules

pytestmark = pytest.mark.issue(10)


@pytest.mark.parametrize("route", ["html>pypandoc_typst", "docx_official>pypandoc_typst", "html>pandoc_texinfo",
                                   "html_official>pandoc_texinfo"])
def test_typeset_tables_read_exactly_without_review(route: str, tmp_path: Path) -> None:
    typst = route.endswith("typst")
    # a 2021 report whose 表三 has 2019's single （六） row, and one with the 小计 column
    doc, path = convert_route(route, 7 if typst else 2, tmp_path)
    assert ("#table(" if typst else "@multitable") in path.read_text(encoding="utf-8")
    read = read_rules(path)
    score = score_tables(read.tables, doc.gold()["tables"])
    assert score.exact, score.mismatches[:5]
    assert not read.review["needed"], read.review["reasons"]


def test_a_typst_grid_with_spans_headers_and_escapes() -> None:
    """Row and column spans place the cells after them; a header group's cells, a rule, markup in a cell
    (an escaped bracket, a line break, a function call) and commas inside a cell's text are read as the
    grid says; a table that does not close stays as it was."""
    typst = ("#table(\n  columns: (20%, 1fr, 1fr, 1fr),\n  align: (auto,auto,auto,auto,),\n"
             "  table.header(table.cell(colspan: 4)[信息内容, 说明 \\[注\\]],),\n  table.hline(),\n"
             "  table.cell(rowspan: 2)[（三）#linebreak()不予公开], [1.属于国家秘密], [1], [2],\n"
             "  [2.其他法律行政法规禁止公开], [#strong[0]], [3],\n)\n")
    text, count, notes = rewrite_drawn_tables("表三\n" + typst + "完\n")
    assert (count, notes) == (1, [])
    assert text.split("\n")[1:-1] == ["", "信息内容, 说明 [注]\t信息内容, 说明 [注]\t信息内容, 说明 [注]\t信息内容, 说明 [注]",
                                      "（三）不予公开\t1.属于国家秘密\t1\t2",
                                      "（三）不予公开\t2.其他法律行政法规禁止公开\t0\t3", "", "完"]
    open_ended = "#table(\n  columns: 2,\n  [a], [1],\n"
    assert rewrite_drawn_tables(open_ended)[0] == open_ended


def test_a_texinfo_multitable_a_cell_a_line() -> None:
    """Rows from ``@headitem``/``@item``, cells apart by ``@tab`` on one line or a cell a line, markup off,
    empty places dropped; the prototypes line is no row; a multitable that does not end stays as it was."""
    texinfo = ("@multitable {（二）部分公开} {300} {420}\n@headitem 信息内容 @tab 本年制发件数 @tab @strong{现行有效件数}\n"
               "@item\n规章\n @tab\n @tab 2\n @tab 1@@0\n@item 行政许可 @tab 3 @tab 0\n@end multitable\n")
    text, count, notes = rewrite_drawn_tables("表二\n" + texinfo + "完\n")
    assert (count, notes) == (1, [])
    assert text.split("\n")[1:-1] == ["", "信息内容\t本年制发件数\t现行有效件数", "规章\t2\t1@0", "行政许可\t3\t0", "",
                                      "完"]
    open_ended = "@multitable @columnfractions .5 .5\n@item a @tab 1\n"
    assert rewrite_drawn_tables(open_ended)[0] == open_ended
