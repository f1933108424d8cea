"""Made-up column names in a pipe table's header row (issue 10, blind13 ``pymupdf_tables_markdown``):
PyMuPDF's ``to_markdown`` names the columns of a table with no header cell ``Col1``, ``Col2``, …
(pandas ``Unnamed: 0``, spreadsheet tools ``Column1``). Read as labels they were label pieces holding a
number (``Col10``: every report sent to review for numbers glued to labels, 表三's column header lost).
They are blank header cells now (``markdown_inline.blank_placeholder_headers``, same length)."""

from __future__ import annotations

import pytest

from gdr_nlp.ingest.markdown_inline import blank_placeholder_headers
from gdr_nlp.pipeline import process
from gdr_nlp.synth import BINARY_LAYOUTS, generate_one
from gdr_nlp.synth.convert import available
from gdr_nlp.synth.routes import run_route

pytestmark = pytest.mark.issue(10)


def test_placeholder_names_blank_only_in_a_header_row() -> None:
    table = "|第二十条第（一）项|Col2|Col3|Unnamed: 3|\n|---|---|---|---|\n|规章|2|0|Col2|\n"
    text, rows = blank_placeholder_headers(table)
    assert rows == 1 and len(text) == len(table)
    assert text.split("\n")[0] == "|第二十条第（一）项|    |    |          |"
    assert text.split("\n")[2] == "|规章|2|0|Col2|"  # a body cell is what the source says
    prose = "见附表Col2列。\n| a | b |\n"
    assert blank_placeholder_headers(prose) == (prose, 0)


@pytest.mark.skipif(not available("pymupdf_tables_markdown"), reason="PyMuPDF is not installed")
@pytest.mark.parametrize("index", [0, 1])
def test_pymupdf_tables_markdown_headers_are_no_labels(index: int, tmp_path) -> None:  # type: ignore[no-untyped-def]
    doc = generate_one(index, seed=1010, layouts=BINARY_LAYOUTS)
    path = run_route("pdf>pymupdf_tables_markdown", doc, tmp_path / "r")
    assert "|Col2|" in path.read_text(encoding="utf-8")  # the class is there
    read = process(path, tagger="rules")
    assert not [r for r in read.review["reasons"] if "'Col" in r], read.review["reasons"]
    assert any("made-up column names" in w for w in read.warnings)
