"""A page's footer number over the next page's running header is no table cell (issue 10, found on blind17's
``pdf_fpdf2`` renderer, through every converter).

fpdf2 prints the page number at the foot of a page and the report's title at the head of the next; a text
converter writes them as two lines in the middle of 表三 (``…数量 0 0 0 0 0 0 0`` / ``1`` / ``某局2022年政府
信息公开工作年度报告``). The ``1`` was taken for a cell: a 总计 read wrong (flagged), or a number left out that
sent an exact report to review. A number alone on its line right before a line holding only the running
title, where such numbers count pages, is page furniture now. The real tools on a generated report (seed 1010).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gdr_nlp.scoring import score_tables
from tests.integration.route_reading import convert_route, read_rules

pytestmark = pytest.mark.issue(10)


def test_a_footer_number_over_the_running_title_is_not_read_as_a_cell(tmp_path: Path) -> None:
    doc, path = convert_route("pdf_fpdf2>pypdf", 3, tmp_path)
    lines = path.read_text(encoding="utf-8").split("\n")
    title = f"{doc.agency}{doc.year}年政府信息公开工作年度报告"
    k = next(k for k in range(1, len(lines)) if lines[k].strip() == title and lines[k - 1].strip() == "1")
    assert lines[k - 2].startswith("二、上年结转")  # the footer stands inside 表三, as the tool wrote it
    read = read_rules(path)
    assert score_tables(read.tables, doc.gold()["tables"]).exact
    assert not read.review["needed"], read.review["reasons"]
