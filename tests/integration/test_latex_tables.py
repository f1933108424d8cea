"""LaTeX tables (issue 10, the blind12 family ``pandoc_latex``, looked at after its one run).

``pandoc -t latex`` writes a table as a ``longtable``: rows end with ``\\\\``, cells apart by ``&``,
``\\multicolumn``/``\\multirow`` their spans, a cell of several paragraphs in a ``minipage``. The rules
read ``规章 & 2 & 0 & 0 \\\\`` well enough, but not a value inside ``\\multicolumn{3}{l}{34}`` nor the
empty place a ``\\multirow`` leaves in the rows under it (0.91 of cells, every report flagged in the
blind run). Such a table is now rewritten as the tab-joined rows the HTML backend writes, and a
heading's ``\\hypertarget{ux4e09ux6536…}`` anchor (its title's code points: numbers to the rules) is
read as the title alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gdr_nlp.ingest.drawn_tables import rewrite_drawn_tables
from gdr_nlp.pipeline import build_pipeline
from gdr_nlp.scoring import score_tables
from gdr_nlp.synth import BINARY_LAYOUTS, generate_one
from gdr_nlp.synth.convert import available
from gdr_nlp.synth.routes import run_route

pytestmark = pytest.mark.issue(10)
SEED = 1010  # no benchmark uses it


@pytest.mark.parametrize("route", ["html_official>pandoc_latex", "docx_official>pandoc_latex", "docx>pandoc_latex"])
def test_pandoc_latex_tables_read_exactly(route: str, tmp_path: Path) -> None:
    if not available("pandoc_latex"):
        pytest.skip("pandoc is not installed here")
    doc = generate_one(4, seed=SEED, layouts=BINARY_LAYOUTS)
    path = run_route(route, doc, tmp_path)
    assert "\\begin{longtable}" in path.read_text(encoding="utf-8")
    read = build_pipeline(tagger="rules").process(path)
    score = score_tables(read.tables, doc.gold()["tables"])
    assert score.exact, score.mismatches[:5]
    assert not read.review["needed"], read.review["reasons"]


def test_multirow_places_and_multicolumn_values() -> None:
    text = ("表格前\n\\begin{tabular}{lll}\n\\hline\n"
            "\\multirow{2}{*}{（三）不予公开} & 1.属于国家秘密 & 5 \\\\\n"
            " & 2.其他法律行政法规禁止公开 & \\multicolumn{1}{r}{\\textbf{7}} \\\\\n"
            "行政事业性收费 & \\multicolumn{2}{l}{64.12} \\\\\n"
            "\\hline\n\\end{tabular}\n表格后\n")
    out, count, notes = rewrite_drawn_tables(text)
    assert count == 1 and not notes
    assert out.split("\n")[2:5] == ["（三）不予公开\t1.属于国家秘密\t5", "（三）不予公开\t2.其他法律行政法规禁止公开\t7",
                                    "行政事业性收费\t64.12"]
    assert out.startswith("表格前\n\n") and out.endswith("\n\n表格后\n")
