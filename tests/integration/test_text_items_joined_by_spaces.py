"""A page written as one line of text items a space apart (issue 10, the blind10 family
``pdfjs_items_joined``: pdf.js ``getTextContent()`` items joined by ``" "``, a page a line).

A PDF writer starts a new text item wherever the font changes, so a character set in a fallback font
is an item of its own and, joined, stands between spaces: ``四、政府信息公开行政复 议 、行政诉讼情况``,
``五、 存在 的主要 问题 及 改进 情况``. Those headings were not found. With 表四's heading lost, its
table was placed by its anchor (``结果维持``) from the start of that anchor's line, which on such a
page is the page's start: 表四 swallowed 表三's rows on that page. A page's footer number opens the
next page's line (``- 5 -  法提供…``) and was read as the last row's eighth cell.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gdr_nlp.ingest import from_string
from gdr_nlp.pipeline import process
from gdr_nlp.reconcile.tables import _Pages
from gdr_nlp.scoring import score_tables
from gdr_nlp.synth import BINARY_LAYOUTS, generate_one
from gdr_nlp.synth.convert import available
from gdr_nlp.synth.routes import renderer_available, run_route
from gdr_nlp.tag.rules import find_section_headings

pytestmark = pytest.mark.issue(10)
SEED = 1010  # no benchmark uses it
SECTION_KEYS = ["overview", "proactive", "applications", "review_litigation", "problems", "other"]


def test_headings_with_spaces_between_their_characters() -> None:
    text = ("某局2022年政府信息公开工作年度报告 一、总体情况 文字。 二、主动公开政府信息情况 第二十条第（一）项 规章 0 0 0 "
            "三、收到和处理政府信息公开申请情况 申请人情况 四、政府信息公开行政复 议 、行政诉讼情况 行政复 议 0 0 "
            "五、 存在 的主要 问题 及 改进 情况 文字。 六、其他需要报告的事项 文字。")
    assert [key for key, *_ in find_section_headings(text)] == SECTION_KEYS


def test_a_spaced_word_is_not_a_heading_without_its_ordinal_or_a_name() -> None:
    """Only the official name with a space here and there counts, not any words a space apart."""
    text = "本年 存在 问题 较多 ，改进 情况 良好 。"
    assert find_section_headings(text) == []


def test_a_page_number_opening_a_page_line_is_furniture() -> None:
    """A page written as one line starts with its footer's number where the reader met it (pdf.js:
    ``- 5 -  法提供…``; pdfminer without layout analysis: ``\\f-4-信息内容…``); the row before it ended
    the previous line, and took that number as its eighth cell."""
    text = ("某局政府信息公开工作年度报告\n1.本机关不掌握相关政府信息   746   12   0   0   10   1   769\n- 5 -  法提供   2.没有现成信息需要另行制作   11   0\n"
            "行政处罚   3\f-4-信息内容 本年处理决定数量\n"
            "3.其他   - 5 -   0\n"  # placeholders and a cell inside a row: cells
            "- 6 -\n")  # a page number alone on its line: the line rule's, not this one's
    pages = _Pages(from_string(text))
    five = text.index("- 5 -")
    assert pages.page_mark(five, five + 1) and pages.pageish(five + 2, five + 3, 5)
    four = text.index("-4-")
    assert pages.pageish(four + 1, four + 2, 4)
    inside = text.index("- 5 -   0")
    assert not pages.page_mark(inside, inside + 1) and not pages.pageish(inside + 2, inside + 3, 5)
    six = text.index("- 6 -")
    assert not pages.page_mark(six, six + 1)


@pytest.mark.skipif(not available("pdfjs_items_joined") or not renderer_available("pdf_libreoffice"),
                    reason="pdfjs-dist (npm) or the LibreOffice renderer is not installed")
@pytest.mark.parametrize("index", [0, 1, 2, 3, 4])
def test_libreoffice_pdf_through_pdfjs_items_joined(index: int, tmp_path: Path) -> None:
    doc = generate_one(index, seed=SEED, layouts=BINARY_LAYOUTS)
    path = run_route("pdf_libreoffice>pdfjs_items_joined", doc, tmp_path / "r")
    read = process(path, tagger="rules", ocr="never")
    assert [s["key"] for s in read.sections] == SECTION_KEYS
    gold = doc.gold()["tables"]
    for key in ("applications", "review_litigation"):
        score = score_tables({key: read.tables[key]}, {key: gold[key]})
        assert score.exact, (key, score.mismatches[:3])
