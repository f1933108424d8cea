"""Markdown backslash escapes outside tables (issue 10, blind6 ``mammoth_markdown``): a markdown
writer that puts each table cell in a paragraph of its own escapes a row label's ordinal (``1\\.属于
国家秘密``) and an amount's point (``64\\.12``). Before, the label read as a number glued to a label
(every report flagged) and the amount as two numbers (表二's fee cell lost). In a .md file the escapes
of ASCII punctuation are now taken off every line (CommonMark), not only off table cells."""

from __future__ import annotations

import pytest

from gdr_nlp.ingest import load
from gdr_nlp.pipeline import process
from gdr_nlp.scoring import score_tables
from gdr_nlp.synth import BINARY_LAYOUTS, generate_one
from gdr_nlp.synth.convert import available
from gdr_nlp.synth.routes import run_route

pytestmark = pytest.mark.issue(10)
SEED = 1010  # no training run or benchmark uses it


@pytest.mark.skipif(not available("mammoth_markdown"), reason="mammoth is not installed")
@pytest.mark.parametrize("index", [2, 9])
def test_mammoth_markdown_reads_exact_and_unflagged(index: int, tmp_path) -> None:
    doc = generate_one(index, seed=SEED, layouts=BINARY_LAYOUTS)
    path = run_route("docx>mammoth_markdown", doc, tmp_path / "r")
    raw = path.read_text(encoding="utf-8")
    assert "1\\.属于国家秘密" in raw  # the class is there
    read = process(path, tagger="rules")
    score = score_tables(read.tables, doc.gold()["tables"])
    assert score.mismatches == []
    assert not read.review["needed"], read.review["reasons"]


def test_escapes_off_outside_tables_code_and_pipes_kept(tmp_path) -> None:
    md = tmp_path / "escaped.md"
    md.write_text("某局政府信息公开工作年度报告\n\n收取费用64\\.12万元，\\*注\\*。\n\n```\nC:\\path\\.x\n```\n\n| 项目 | 值 |\n|---|---|\n"
                  "| a\\|b | 3 |\n\n行尾硬换行\\\n下一行\n", encoding="utf-8")
    text = load(str(md)).text
    assert "收取费用64.12万元，*注*。" in text
    assert "C:\\path\\.x" in text  # fenced code: a backslash is literal
    assert "a\\|b" in text  # a pipe table's escaped pipe is not a new cell
    assert "行尾硬换行\\\n" in text  # a hard line break is no escape


def test_a_txt_file_keeps_its_backslashes(tmp_path) -> None:
    txt = tmp_path / "escaped.txt"
    txt.write_text("某局政府信息公开工作年度报告\n\n收取费用64\\.12万元。\n", encoding="utf-8")
    assert "64\\.12" in load(str(txt)).text
