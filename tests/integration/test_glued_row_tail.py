"""A stacked group label's line glued to a row's last cell (issue 10, blind6 ``pymupdf_sorted``):
PyMuPDF's ``get_text(sort=True)`` on a LibreOffice PDF puts a line of the vertically written
三、本年度办理结果 on a 表三 row, with no space after the last number (``0    0理结``). Before, that
cell was text, the row had six numbers for seven columns, and the placement asked for review (one
cell left empty); now the number is the cell and the text a piece of its own."""

from __future__ import annotations

import pytest

from gdr_nlp.pipeline import process
from gdr_nlp.scoring import score_tables
from gdr_nlp.synth import BINARY_LAYOUTS, generate_one
from gdr_nlp.synth.convert import available
from gdr_nlp.synth.routes import renderer_available, run_route
from gdr_nlp.tag.layout import _split_flat

pytestmark = pytest.mark.issue(10)
SEED = 1010  # no training run or benchmark uses it


@pytest.mark.skipif(not available("pymupdf_sorted") or not renderer_available("pdf_libreoffice"),
                    reason="PyMuPDF or LibreOffice is not installed")
def test_pymupdf_sorted_row_tail(tmp_path) -> None:
    doc = generate_one(1, seed=SEED, layouts=BINARY_LAYOUTS)
    path = run_route("pdf_libreoffice>pymupdf_sorted", doc, tmp_path / "r")
    assert "0理结" in path.read_text(encoding="utf-8")  # the class is there
    read = process(path, tagger="rules")
    assert score_tables(read.tables, doc.gold()["tables"]).mismatches == []


def test_split_flat_cuts_the_glued_tail_only() -> None:
    texts = lambda piece: [(t.text, t.kind) for t in _split_flat(0, piece)]  # noqa: E731
    assert texts("1.信访举报投诉类申请  0    0    7理结")[-2:] == [("7", "number"), ("理结", "text")]
    assert texts("行政许可  3  0  12件")[-1][1] == "number"  # a number with its unit stays one cell
    assert texts("备注 见附件3说明") == [("备注 见附件3说明", "text")]  # no numbers before: prose, kept whole
