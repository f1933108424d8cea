"""Text quoted as an e-mail reply quotes it (issue 10, blind8 ``markdown_email_wrap``): a page's
markdown pasted into a plain-text mail, every line wrapped at 72 display columns and put after
"> ". Two classes of mess, each read now:

* the quote marks: quoted, a markdown heading's underline (``> -----``) and a table's lines start
  with ``>``; ingest takes the marks off when nearly every line has them (``txt.unquote``);
* a pipe row the wrapper broke: its tail (``0 |``) on a line of its own with one pipe, whose number
  was read as a label (``layout._split_line``)."""

from __future__ import annotations

import pytest

from gdr_nlp.ingest.txt import unquote
from gdr_nlp.pipeline import process
from gdr_nlp.scoring import score_tables
from gdr_nlp.synth import generate_one
from gdr_nlp.synth.convert import available
from gdr_nlp.synth.routes import run_route

pytestmark = pytest.mark.issue(10)
SEED = 1010  # no training run or benchmark uses it


def test_a_wrapped_pipe_rows_tail_is_its_cells() -> None:
    from gdr_nlp.tag.layout import tokenize_region

    text = "| （四）无法提供 | 1.本机关不掌握相关政府信息 | 0 | 0 | 0 |\n0 |\n| 2.没有现成信息需要另行制作 | 0 | 0 | 0 | 0 |\n"
    values = [t.text for t in tokenize_region(text, 0, len(text)) if t.is_value]
    assert values == ["0"] * 8
    # prose with one pipe inside, not at an end, stays one piece
    prose = "主动公开信息124条，其中 | 号为分隔\n"
    assert [t.text for t in tokenize_region(prose, 0, len(prose))] == ["主动公开信息124条，其中 | 号为分隔"]


def test_only_a_text_quoted_throughout_loses_its_marks() -> None:
    assert unquote("> 一、总体情况\n>\n> > 主动公开信息124条\n>>其他\n") == ("一、总体情况\n\n主动公开信息124条\n其他\n", 4)
    # a blockquote inside a page (a quoted regulation) stays as written
    page = "一、总体情况\n> 《条例》第五十条规定\n主动公开信息124条\n二、主动公开\n"
    assert unquote(page) == (page, 0)


@pytest.mark.skipif(not available("markdown_email_wrap"), reason="markdownify is not installed")
@pytest.mark.parametrize("renderer", ["html", "html_official"])
def test_markdown_email_wrap_reports_are_read(tmp_path, renderer: str) -> None:
    doc = generate_one(3, seed=SEED)
    path = run_route(f"{renderer}>markdown_email_wrap", doc, tmp_path / "r")
    read = process(path, tagger="rules")
    assert score_tables(read.tables, doc.gold()["tables"]).mismatches == []
