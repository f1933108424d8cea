"""Rows whose cells a converter wrote together after a space (issue 10, blind6 ``pypdf2_legacy``):
PyPDF2 3.0.1 writes each table row as its label, a space, then every cell with nothing between
(``一、本年新收政府信息公开申请数量 0111000021``), a wrapped label's last line with the cells
straight after it (``形，不计其他情形）0000000``), and 表四 as runs that may be broken by a space
(``7264…116 20``). Before, only runs glued to their label were cut: these rows were left unread, and
rows whose digits stayed in a label piece could be read as blank with no flag. Now a run after a
space is cut when no cell could hold it as one value (a leading zero; as many digits as 表三's or
表四's cells), a run ending a label piece is a run, spaces between 表四's runs are cell boundaries,
and digits left in any label piece ask for review."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gdr_nlp.pipeline import process
from gdr_nlp.scoring import score_tables
from gdr_nlp.synth import BINARY_LAYOUTS, generate_one
from gdr_nlp.synth.convert import available, convert
from gdr_nlp.synth.routes import renderer_available, run_route
from tests.conftest import REALDEV

pytestmark = [pytest.mark.issue(10),
              pytest.mark.skipif(not available("pypdf2_legacy"), reason="PyPDF2 is not installed")]
SEED = 1010  # no training run or benchmark uses it


@pytest.fixture(scope="module")
def libreoffice_pypdf2(tmp_path_factory: pytest.TempPathFactory):
    if not renderer_available("pdf_libreoffice"):
        pytest.skip("LibreOffice is not installed")
    doc = generate_one(4, seed=SEED, layouts=BINARY_LAYOUTS)  # its （二） row is all zeros: blank would fit the sums
    return doc, run_route("pdf_libreoffice>pypdf2_legacy", doc, tmp_path_factory.mktemp("pypdf2"))


def test_rows_written_together_are_cut(libreoffice_pypdf2) -> None:
    doc, path = libreoffice_pypdf2
    text = path.read_text(encoding="utf-8")
    assert "数量 0" in text and "情形）0" in text  # the class is there: a run after a space, after a wrapped label
    read = process(path, tagger="rules")
    assert score_tables(read.tables, doc.gold()["tables"]).mismatches == []
    # here every run is one digit a cell, which is certain: nothing asks for review (a cut only the
    # sums chose does: the realdev test below)
    assert not read.review["needed"], read.review["reasons"]


def test_digits_left_in_a_label_piece_ask_for_review(libreoffice_pypdf2, monkeypatch: pytest.MonkeyPatch) -> None:
    """Were the run at a wrapped label's end not cut, the row must not read as blank silently."""
    from gdr_nlp.tag import layout

    monkeypatch.setattr(layout, "_label_runs", lambda tok, **_: [tok])
    doc, path = libreoffice_pypdf2
    read = process(path, tagger="rules")
    assert score_tables(read.tables, doc.gold()["tables"]).mismatches
    assert read.review["needed"]
    assert any("the label piece" in r and "情形）" in r for r in read.review["reasons"])


@pytest.mark.skipif(not (REALDEV / "hongze2024.pdf").exists(), reason="../shared/realdev is not here")
def test_realdev_through_pypdf2(tmp_path: Path) -> None:
    out = convert("pypdf2_legacy", REALDEV / "hongze2024.pdf", tmp_path)
    gold = json.loads((REALDEV / "hongze2024.gold.json").read_text(encoding="utf-8"))
    read = process(out, tagger="rules")
    assert score_tables(read.tables, gold.get("tables", gold)).mismatches == []
    assert read.review["needed"]  # the sums chose the cuts (95|0|0|0|0|0|95): a person checks them


@pytest.mark.skipif(not (REALDEV / "huaian2024.pdf").exists(), reason="../shared/realdev is not here")
def test_realdev_review_runs_broken_by_a_space(tmp_path: Path) -> None:
    """表四 as ``726417837351134812612116 20``: the space is a boundary, and the group sums leave three
    cuts of the last group (12|1|1|6, 1|2|1|16, 1|2|11|6 before its 20), so it stays unread, flagged."""
    out = convert("pypdf2_legacy", REALDEV / "huaian2024.pdf", tmp_path)
    gold = json.loads((REALDEV / "huaian2024.gold.json").read_text(encoding="utf-8"))
    gold = gold.get("tables", gold)
    read = process(out, tagger="rules")
    wrong = score_tables(read.tables, gold).mismatches
    assert wrong and all(m.startswith("review_litigation.") for m in map(str, wrong))
    assert all(cell["value"] is None for row in read.tables["review_litigation"].values() for cell in row.values())
    assert any("'726417837351134812612116', '20'" in r and "one way only" in r for r in read.review["reasons"])


def test_review_runs_a_space_broke_read_whole(libreoffice_pypdf2, tmp_path: Path) -> None:
    """表四 written as ``10001100011000 1`` (a space before its last cell, as PyPDF2 leaves in huaian's
    ``…116 20``): the space is a cell boundary, the run one digit a cell, and every cell is kept."""
    doc, path = libreoffice_pypdf2
    text = path.read_text(encoding="utf-8")
    assert "\n100011000110001\n" in text
    broken = tmp_path / path.name
    broken.write_text(text.replace("\n100011000110001\n", "\n10001100011000 1\n"), encoding="utf-8")
    read = process(broken, tagger="rules")
    wrong = [str(m) for m in score_tables(read.tables, doc.gold()["tables"]).mismatches]
    assert not [m for m in wrong if m.startswith("review_litigation.")], wrong
