"""Grids drawn with inner borders only (issue 10, blind16, looked at after its one run).

The Rust html2text crate (PyPI ``html2text-rs``, ``text_plain``) draws a table with no frame: rules of ``─``
with ``┬┼┴`` where the column borders meet them, a row's cells apart by ``│``, a cell's text wrapped inside its
column over the row's lines (``自`` / ``然`` / ``人``), a sub-table's caption a line with no bar, and the rows under
a row span a column short. No reader took it: the blind run read 0.22 of the cells with the rules (the model
alone 0.97). The real tool on generated reports (seed 1010, which no benchmark uses), and the reader on its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gdr_nlp.ingest.drawn_tables import rewrite_drawn_tables
from gdr_nlp.scoring import score_tables
from tests.integration.route_reading import convert_route, read_rules

pytestmark = pytest.mark.issue(10)


@pytest.mark.parametrize("route", ["html>html2text_rs_text", "html_official>html2text_rs_text"])
def test_html2text_rs_grids_read_exactly_without_review(route: str, tmp_path: Path) -> None:
    doc, path = convert_route(route, 9, tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "┼" in text and "│" in text and "┌" not in text  # the class as the tool writes it: no frame
    read = read_rules(path)
    score = score_tables(read.tables, doc.gold()["tables"])
    assert score.exact, score.mismatches[:5]
    assert not read.review["needed"], read.review["reasons"]


GRID = """二、主动公开政府信息情况

──────────────────────────
第二十条第（一）项
──────────────┬───────┬───
信息内容      │本年制 │现 
              │发件数 │行 
──────────────┼───────┼───
规章          │12     │3  
──────────────┴───────┴───
（三）不予公开│1.属于国家秘密│4
──────────────┼──────────────┼───
2.其他法律行政│0             │5
法规禁止公开  │              │
──────────────┴──────────────┴───

完
"""


def test_an_open_grid_read_as_rows() -> None:
    text, count, notes = rewrite_drawn_tables(GRID)
    assert (count, notes) == (1, [])
    rows = text.split("\n\n")[1].split("\n")
    assert rows == ["第二十条第（一）项", "信息内容\t本年制发件数\t现行", "规章\t12\t3",
                    "（三）不予公开\t1.属于国家秘密\t4", "2.其他法律行政法规禁止公开\t0\t5"]
    assert text.startswith("二、主动公开政府信息情况\n\n") and text.endswith("\n\n完\n")


def test_an_open_grid_whose_row_lines_disagree_is_left_as_it_was() -> None:
    short = GRID.replace("法规禁止公开  │              │", "法规禁止公开  │")  # a bar short on a row's line
    text, count, notes = rewrite_drawn_tables(short)
    assert (text, count) == (short, 0) and len(notes) == 1
    ruled = "说明\n──────────\n一是健全工作机制。\n──────────\n"  # rules around prose, no bar: no table
    assert rewrite_drawn_tables(ruled) == (ruled, 0, [])
