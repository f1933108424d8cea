"""A ``<br>`` between two numbers outside a pipe table (issue 10, found on the train family ``web_paste``).

pymupdf4llm joins the values of cells a merged cell ran together with ``<br>`` (``0<br>0``, after a page break
splits 表三), and a web form the Markdown is pasted into drops the pipes and collapses the spaces. The tag then
stood between two cells with nothing to say so: its letters cut the row, two zeros went missing and two blank
cells took their places, every sum still holding, so one report of the train split was wrong without a flag.
The tag is read as the space it stood for, outside pipe rows only. The real tools on generated reports (seed
1010, which no benchmark uses).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gdr_nlp.ingest.txt import breaks_between_numbers
from gdr_nlp.scoring import score_tables
from tests.integration.route_reading import convert_route, read_rules

pytestmark = pytest.mark.issue(10)


@pytest.mark.parametrize("index", [4, 6])
def test_web_paste_rows_with_br_read_exactly(index: int, tmp_path: Path) -> None:
    doc, path = convert_route("pdf>web_paste", index, tmp_path)
    assert "0<br>0" in path.read_text(encoding="utf-8")  # the class as the tools write it
    read = read_rules(path)
    score = score_tables(read.tables, doc.gold()["tables"])
    assert score.exact, score.mismatches[:5]
    assert not read.review["needed"], read.review["reasons"]


def test_only_tags_between_numbers_outside_pipe_rows() -> None:
    text = "（二）部分公开 0<br>0 7 0<BR/>0<br >0 7\n| 3<br>4 | 5 |\n获取信<br>息 2<br>\n"
    out, tags = breaks_between_numbers(text)
    assert tags == 3 and len(out) == len(text)  # offsets kept
    assert out.split("\n")[0] == "（二）部分公开 0    0 7 0     0     0 7"
    assert out.split("\n")[1:] == text.split("\n")[1:]  # a pipe row's cell, a wrapped label, a tag after a number
    blocks = "7</p><p>8 1<span>1</span> 9</td><td>2\n"  # a paragraph's edge separates; a <span>-split 11 stays one
    assert breaks_between_numbers(blocks) == ("7       8 1<span>1</span> 9</td><td>2\n", 1)
