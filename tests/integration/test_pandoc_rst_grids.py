"""reStructuredText grid tables (issue 10, blind6 ``pandoc_rst``): pandoc draws the official grid with
one-character columns, so 表三's numbers wrap inside their boxes (``1`` over ``4`` over ``1``), and
a CJK character overflowing a box skews a grid (its bars out of line with its corners). Before, wrapped
numbers were read as numbers broken by a space (joins only proposed, cells lost), and a skewed 表四
read line by line gave ``1`` for a cell printed ``1`` over ``5``, unflagged once the rest read right;
then such a grid was left as text with a review note; now it is read by its bars' order."""

from __future__ import annotations

import pytest

from gdr_nlp.pipeline import process
from gdr_nlp.scoring import score_tables
from gdr_nlp.synth import BINARY_LAYOUTS, generate_one
from gdr_nlp.synth.convert import available
from gdr_nlp.synth.routes import renderer_available, run_route

pytestmark = [pytest.mark.issue(10),
              pytest.mark.skipif(not available("pandoc_rst") or not renderer_available("docx_official"),
                                 reason="pandoc or LibreOffice is not installed")]
SEED = 1010  # no training run or benchmark uses it


def test_skewed_grid_is_read_by_its_bars(tmp_path) -> None:
    """The skewed 表四 (no merged cell, one bar per corner on every line) is read by the bars' order:
    ``1`` over ``5`` is 15 again, and the report reads exactly with nothing to review."""
    doc = generate_one(9, seed=SEED, layouts=BINARY_LAYOUTS)
    path = run_route("docx_official>pandoc_rst", doc, tmp_path / "r")
    read = process(path, tagger="rules")
    assert score_tables(read.tables, doc.gold()["tables"]).exact
    assert not any("could not be parsed into cells" in r for r in read.review["reasons"])
