"""Rows between bars with no delimiter row, and marks written onto a number (issue 10, the blind11
family ``pandoc_jira``, looked at after its one run).

``pandoc -t jira`` writes a table as rows between bars (``| 行政强制 | 2 | \\-2 | 0 |``) with no
``|---|`` delimiter row, and escapes a minus sign with a backslash. The escapes were taken off only in a
markdown pipe table (one with a delimiter row), so ``\\-2`` was read as a label piece ``\\-`` and the
cell ``2``: 表二's 本年增/减 lost its sign, with nothing in the review to say so (eight reports wrong
without a flag in blind11's one run). Now rows between bars are a pipe table too, and a mark written
onto a number that the tokenizer leaves apart from it asks for review.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gdr_nlp.pipeline import process
from gdr_nlp.scoring import score_tables
from gdr_nlp.synth import BINARY_LAYOUTS, generate_one
from gdr_nlp.synth.convert import available
from gdr_nlp.synth.routes import run_route

pytestmark = pytest.mark.issue(10)
SEED = 1010  # no benchmark uses it
_TITLE = "某局2019年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（六）项\n"


def _coercion(tmp_path: Path, rows: str) -> tuple[dict, dict]:
    path = tmp_path / "a.txt"
    path.write_text(_TITLE + rows + "三、收到和处理政府信息公开申请情况\n", encoding="utf-8")
    read = process(path, tagger="rules", ocr="never")
    return read.tables["proactive"]["coercion"], read.review


def test_escapes_off_rows_between_bars(tmp_path: Path) -> None:
    cells, _ = _coercion(tmp_path, "| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n"
                                   "| 行政处罚 | 0 | 0 | 0 |\n| 行政强制 | 2 | \\-2 | 0 |\n")
    assert [cells[c]["value"] for c in ("prev_items", "change", "decisions")] == [2, -2, 0]


def test_a_mark_written_onto_a_number_asks_for_review(tmp_path: Path) -> None:
    """Outside a table's bars nothing takes the escape off: the cell is read without it, and review says so."""
    _, review = _coercion(tmp_path, "信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政处罚\t0\t0\t0\n"
                                    "行政强制\t2\t\\-2\t0\n")
    assert review["needed"]
    assert any("is written onto the number '2'" in r for r in review["reasons"])


@pytest.mark.skipif(not available("pandoc_jira"), reason="pandoc is not installed")
@pytest.mark.parametrize("index", [8, 17, 25, 38])  # 2019-format reports with a negative 本年增/减
def test_pandoc_jira_keeps_the_sign(index: int, tmp_path: Path) -> None:
    doc = generate_one(index, seed=SEED, layouts=BINARY_LAYOUTS)
    read = process(run_route("html>pandoc_jira", doc, tmp_path / "r"), tagger="rules", ocr="never")
    gold = doc.gold()["tables"]["proactive"]
    score = score_tables({"proactive": read.tables["proactive"]}, {"proactive": gold})
    assert score.exact, score.mismatches[:3]
