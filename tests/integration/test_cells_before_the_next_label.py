"""A row's cells run together and written straight before the next row's label (issue 10, the blind10
family ``docx2txt_deb``, looked at).

Debian's docx2txt 1.4 breaks a line only at a paragraph tag with attributes; python-docx writes bare
ones, so a plain DOCX's table comes out as runs of digits glued to the labels on both sides, and a
line may start with the row before's cells: ``3.其他`` / ``01040000104104（七）总计1203000000300420``,
``7.属于行政执法案卷`` / ``40000000408.属于行政查询事项``, ``本年处理决定数量行政处罚`` / ``279行政强制``.
The run at a line's start was read as part of the label after it, so that row had no cells and no
column sum held: the rules read 35 to 49 of 表三's 161–200 cells.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gdr_nlp.pipeline import process
from gdr_nlp.reconcile.schema import MATCH_TABLES, compact, match_row_label
from gdr_nlp.scoring import score_tables
from gdr_nlp.synth import BINARY_LAYOUTS, generate_one
from gdr_nlp.synth.convert import available
from gdr_nlp.synth.routes import run_route
from gdr_nlp.tag.layout import Token, _label_runs

pytestmark = pytest.mark.issue(10)
SEED = 1010  # no benchmark uses it


def _cut(text: str, table: str = "applications") -> list[tuple[str, str]]:
    def whole_label(label: str) -> bool:
        match = match_row_label(label, MATCH_TABLES[table], "any")
        return match is not None and match[2] == len(compact(label))

    return [(t.text, t.kind) for t in _label_runs(Token(0, len(text), text, "text"), whole_label=whole_label)]


def test_a_run_before_the_next_label() -> None:
    assert _cut("01040000104104（七）总计1203000000300420") == [
        ("01040000104104", "number"), ("（七）总计", "text"), ("1203000000300420", "number")]
    # the digit before the dot is the next label's ordinal, not a cell
    assert _cut("40000000408.属于行政查询事项") == [("4000000040", "number"), ("8.属于行政查询事项", "text")]
    assert _cut("279行政强制", "proactive") == [("279", "number"), ("行政强制", "text")]
    assert _cut("55第二十条第（八）项", "proactive") == [("55", "number"), ("第二十条第（八）项", "text")]


def test_a_number_before_words_that_are_no_label_stays() -> None:
    """A year before 年, or a count before its noun, is prose, not a row's cells."""
    for text in ("2021年共收到申请", "2021年共收到申请30件", "3项年度工作任务", "8.属于行政查询事项"):
        assert _cut(text) == [(text, "text")], text


@pytest.mark.skipif(not available("docx2txt_deb"), reason="Debian's docx2txt is not installed")
@pytest.mark.parametrize("index", [1, 2, 4, 5, 6])
def test_plain_docx_through_debian_docx2txt(index: int, tmp_path: Path) -> None:
    doc = generate_one(index, seed=SEED, layouts=BINARY_LAYOUTS)
    read = process(run_route("docx>docx2txt_deb", doc, tmp_path / "r"), tagger="rules", ocr="never")
    gold = doc.gold()["tables"]
    for key in ("proactive", "applications", "review_litigation"):
        score = score_tables({key: read.tables[key]}, {key: gold[key]})
        assert score.exact, (key, score.mismatches[:3])
