"""Every paragraph written twice in a row (issue 10, the blind12 family ``soffice_pdf_docx2txt``,
looked at after its one run).

LibreOffice opens a PDF as a drawing of text boxes, a line a box; saved as DOCX, each box is a
DrawingML text box with its VML fallback, and docx2txt reads both: every line comes twice, a blank
line between. A row's cells ``258``/``258``/``0``/``0`` were read as four cells (0.75 of the blind
run's cells, every report flagged). Where nearly every paragraph with Chinese words is doubled, the
repeats are taken off, pairs left to right (so a row's zeros stay as many as written once).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gdr_nlp.ingest.txt import undouble
from gdr_nlp.pipeline import process
from gdr_nlp.scoring import score_tables
from gdr_nlp.synth.convert import available, convert

pytestmark = pytest.mark.issue(10)
REALDEV = Path(__file__).resolve().parents[2] / ".." / "shared" / "realdev"


def test_a_real_pdf_opened_in_libreoffice_and_read_by_docx2txt(tmp_path: Path) -> None:
    gold_path = REALDEV / "huaian2024.gold.json"
    if not gold_path.exists():
        pytest.skip("../shared/realdev is not here")
    if not available("soffice_pdf_docx2txt"):
        pytest.skip("LibreOffice or docx2txt is not installed here")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    path = convert("soffice_pdf_docx2txt", gold_path.with_name(gold["file"]), tmp_path)
    paras = path.read_text(encoding="utf-8").split("\n\n")
    assert sum(a == b for a, b in zip(paras, paras[1:])) > len(paras) // 3  # the tool's mess: lines twice
    read = process(path, tagger="auto", ocr="never")
    score = score_tables(read.tables, gold["tables"])
    assert score.exact, score.mismatches[:5]
    assert not read.review["needed"], read.review["reasons"]
    assert any("written twice in a row" in w for w in read.warnings)


def test_undouble_pairs_left_to_right_and_leaves_other_text() -> None:
    rows = [f"第{n}项政府信息公开内容" for n in range(12)]
    once = "\n\n".join(f"{label}\n\n0\n\n0\n\n0\n\n0" for label in rows)
    twice = "\n\n".join(f"{label}\n\n{label}\n\n0\n\n0\n\n0\n\n0\n\n0\n\n0\n\n0\n\n0" for label in rows)
    assert undouble(twice) == (once, 12 * 5)
    # a report whose cells are a paragraph each (blank_line_cells): zeros in a row, nothing doubled
    assert undouble(once) == (once, 0)
    # a few doubled paragraphs are the report's own: left alone
    some = "\n\n".join(rows[:3] + rows[2:])
    assert undouble(some) == (some, 0)
