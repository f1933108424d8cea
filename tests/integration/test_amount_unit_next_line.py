"""A 表二 amount whose money unit a converter put on the next line (issue 10): LibreOffice's HTML
export of a report's DOCX, read as text, writes the cell ``4627200元`` as ``4627200`` and ``元`` on
lines of their own. The amount is given in 万元 as the unit after it says, by either tagger; before,
the rules kept 4627200 with no unit and the model's reading (which assumes the 2021 header's
万元) read ten thousand times the amount with no flag (blind5 ``soffice_html_text``)."""

from __future__ import annotations

import pytest

from gdr_nlp.pipeline import process
from gdr_nlp.synth import BINARY_LAYOUTS, generate_one
from gdr_nlp.synth.convert import available
from gdr_nlp.synth.routes import renderer_available, run_route

pytestmark = pytest.mark.issue(10)
SEED, INDEX = 1010, 8  # the first seed-1010 report whose procurement amount is printed in 元 (4627200元)


def _amount(read) -> tuple[float, str]:
    cell = read.tables["proactive"]["procurement"]["amount"]
    return cell["value"], cell["unit"]


@pytest.mark.skipif(not available("soffice_html_text") or not renderer_available("docx_official"),
                    reason="LibreOffice or BeautifulSoup is not installed")
def test_libreoffice_html_text_unit_on_the_next_line(tmp_path) -> None:
    doc = generate_one(INDEX, seed=SEED, layouts=BINARY_LAYOUTS)
    path = run_route("docx_official>soffice_html_text", doc, tmp_path / "r")
    assert "4627200\n元" in path.read_text(encoding="utf-8")  # the class is there
    gold = doc.gold()["tables"]["proactive"]["procurement"]["amount"]["value"]
    assert (gold, "万元") == _amount(process(path, tagger="rules"))


@pytest.mark.parametrize("between", ["\n", "\n\n", " \n\t"])
def test_unit_after_a_line_break_in_text(between: str, tmp_path) -> None:
    doc = generate_one(INDEX, seed=SEED, layouts=("tab_cells",))
    text, _ = doc.text_and_spans()
    assert "\t4627200元\n" in text
    path = tmp_path / "unit_next_line.txt"
    path.write_text(text.replace("\t4627200元\n", f"\t4627200{between}元\n"), encoding="utf-8")
    read = process(path, tagger="rules")
    assert _amount(read) == (462.72, "万元")


def test_a_unit_three_lines_down_is_not_the_amounts(tmp_path) -> None:
    """Two blank lines between number and unit: too far to be the cell's own; kept as printed."""
    doc = generate_one(INDEX, seed=SEED, layouts=("tab_cells",))
    text, _ = doc.text_and_spans()
    path = tmp_path / "unit_far.txt"
    path.write_text(text.replace("\t4627200元\n", "\t4627200\n\n\n元\n"), encoding="utf-8")
    assert _amount(process(path, tagger="rules"))[0] == 4627200
