"""Page furniture a converter broke at its number (issue 10, blind5 ``mutool_html_text``): MuPDF's
HTML of a Chromium-printed PDF, read as text, writes the running header ``某区人民政府2025年政府信息
公开工作年度报告`` as three lines (agency / ``2025`` / ``年政府信息公开工作年度报告``) and the footer
``第1页`` as ``第`` / ``1`` / ``页``, inside the tables where a page breaks. Those lone numbers are page
furniture, left out with a warning, not source numbers "no cell took" that send an exact report to
review. A lone number with anything else around it still does."""

from __future__ import annotations

import pytest

from gdr_nlp.pipeline import process
from gdr_nlp.scoring import score_tables
from gdr_nlp.synth import BINARY_LAYOUTS, generate_one
from gdr_nlp.synth.convert import available
from gdr_nlp.synth.routes import renderer_available, run_route

pytestmark = pytest.mark.issue(10)
SEED = 1010  # no benchmark uses it; the fix was written on seed-3131 reports


@pytest.mark.skipif(not available("mutool_html_text") or not renderer_available("pdf_chromium"),
                    reason="mutool or Chromium is not installed")
@pytest.mark.parametrize("index", [0, 1])
def test_mutool_html_text_of_a_browser_pdf(index: int, tmp_path) -> None:
    doc = generate_one(index, seed=SEED, layouts=BINARY_LAYOUTS)
    path = run_route("pdf_chromium>mutool_html_text", doc, tmp_path / "r")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert any(a.strip() == "第" and c.strip() == "页" for a, c in zip(lines, lines[2:]))  # the class is there
    read = process(path, tagger="rules")
    assert score_tables(read.tables, doc.gold()["tables"]).mismatches == []
    assert not read.review["needed"], read.review["reasons"]


def _with_furniture(tmp_path, furniture: str):
    doc = generate_one(0, seed=SEED, layouts=("blank_line_cells",))
    text, _ = doc.text_and_spans()
    row = "\n（三）不予公开\n1.属于国家秘密\n"
    assert row in text
    path = tmp_path / "furniture.txt"
    path.write_text(text.replace(row, f"\n{furniture}\n{row}"), encoding="utf-8")
    return doc, process(path, tagger="rules")


@pytest.mark.parametrize("furniture", ["南岸县新华街道街道办事处\n2021\n年政府信息公开工作年度报告",
                                       "第\n3\n页", "南岸县新华街道街道办事处\n2021\n年度政府信息公开工作年度报告\n\n第\n3\n页"])
def test_broken_header_and_footer_in_a_table_are_furniture(furniture: str, tmp_path) -> None:
    doc, read = _with_furniture(tmp_path, furniture)
    assert score_tables(read.tables, doc.gold()["tables"]).mismatches == []
    assert not read.review["needed"], read.review["reasons"]
    assert any("page furniture" in w for w in read.warnings)


def test_a_lone_number_that_is_no_furniture_still_asks(tmp_path) -> None:
    """The same number between lines that are no title: a source number like any other (here the
    reading takes it into a row, whose sums then fail); the report goes to review, never quietly."""
    doc, read = _with_furniture(tmp_path, "南岸县新华街道街道办事处\n2021\n工作要点")
    assert read.review["needed"]
    assert not any("page furniture" in w for w in read.warnings)


def test_a_footer_left_as_a_list_item_costs_nothing(tmp_path) -> None:
    """``- 3`` between blank lines inside 表三 (a page footer a PDF-to-markdown converter made a list item;
    test_list_item_numbers has the same line where it stood for a fee): furniture, the report exact and unflagged."""
    doc, read = _with_furniture(tmp_path, "\n- 3\n")
    assert score_tables(read.tables, doc.gold()["tables"]).mismatches == []
    assert not read.review["needed"], read.review["reasons"]
