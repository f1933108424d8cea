"""roff text (issue 10, blind14's ``pandoc_ms``, looked at after its one run).

``pandoc -t ms`` writes a report as groff ms: ``.SH 2`` heading requests (the level a number among the
tables'), ``.pdfhref`` bookmarks, ``.nr LL 7.0n`` width settings inside the cells, and each table a tbl
block whose every cell is a ``T{`` … ``T}`` text block, a value a line. Read as text, the rules got the
values right but every report went to review (the requests' numbers fit no cell), and with the model run
the hybrid took its blank 表四 over the rules' numbers. ``ingest.roff`` takes the requests off and writes
each tbl row as tab-joined cells. The real tool on generated reports (seed 1010, no benchmark uses it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gdr_nlp.ingest.roff import roff_text
from gdr_nlp.scoring import score_tables
from tests.integration.route_reading import convert_route, read_rules

pytestmark = pytest.mark.issue(10)


@pytest.mark.parametrize("route", ["html_official>pandoc_ms", "docx_official>pandoc_ms"])
def test_groff_ms_reads_exactly_without_review(route: str, tmp_path: Path) -> None:
    doc, path = convert_route(route, 5, tmp_path)
    source = path.read_text(encoding="utf-8")
    assert ".TS" in source and "T{" in source and ".PP" in source  # tbl and requests as pandoc writes them
    read = read_rules(path)
    score = score_tables(read.tables, doc.gold()["tables"])
    assert score.exact, score.mismatches[:5]
    assert not read.review["needed"], read.review["reasons"]
    assert any("roff requests" in w for w in read.warnings)


def test_tbl_text_blocks_become_rows_and_plain_text_stays() -> None:
    """A tbl block's ``T{ … T}`` cells (a width request inside one, a merged cell's empty continuation)
    become one tab-joined row; request lines go, a man page heading's Chinese words stay; a text with
    a line or two that merely start with a dot is no roff and stays byte for byte."""
    roff = (".TH 报告\n.SH 2\n二、主动公开政府信息情况\n.PP\n.TS\ndelim(@@) tab(\t);\nl l l l.\nT{\n.nr LL 7.0n\n规章\nT}\tT{\n2\n"
            "T}\tT{\nT}\tT{\n0\nT}\n行政许可\t3\t\t1\n.TE\n.SH \"五、存在的主要问题\"\n.LP\n无\\-1\\&。\n")
    text, tables = roff_text(roff)
    assert tables == 1
    assert text.split("\n") == ["报告", "二、主动公开政府信息情况", "", "规章\t2\t0", "行政许可\t3\t1", "",
                                "五、存在的主要问题", "无-1。", ""]
    plain = "一、总体情况\n.NET平台上线运行。\n全年公开信息12条。\n"
    assert roff_text(plain) == (plain, 0)
