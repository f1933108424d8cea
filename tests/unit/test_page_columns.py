"""表三 with every number a text box of its own, each page's part written column after column (issue 10,
the pdfminer class, fourth part: pdfminer.six on a PDF from Chromium or a PDF library, where every cell
is a box). Read so only when every sum confirms it and no other reading does.

Generated reports get their 表三 written the way pdfminer writes such a PDF (seen on
``pdf_chromium>pdfminer`` and ``pdf>pdfminer``): the row labels, the header cells, then every number
between blank lines,
page by page; the first page holds the table's first row with its cells out of the printed order (the
header boxes pull them about), the second page holds the rest column after column, a form feed and a
page number between; 表四's heading and, in one case, 表四's header boxes and numbers amid 表三's last
column. One generated report goes through Chromium and pdfminer itself.
"""

from __future__ import annotations

import pytest

from gdr_nlp.check.completeness import completeness_checks
from gdr_nlp.check.review import assess_review
from gdr_nlp.scoring import score_tables
from gdr_nlp.synth import BINARY_LAYOUTS, SynthDoc, generate_one
from tests.unit.test_column_order import DOCS, HEADERS, _label, _read

_REVIEW_HEADERS = ["行政复议", "", "行政诉讼", "", "结果", "维持", "", "结果", "纠正", "", "其他", "结果", "", "尚未",
                   "审结", ""]


def _page_text(doc: SynthDoc, *, first_last: bool = False, review_amid: bool = False, swap: bool = False) -> str:
    """``doc``'s text with 表三 as single-cell boxes: page 1 its first row (the first two cells exchanged),
    page 2 the other rows column after column. ``first_last``: page 2 writes the first column last (as
    pdfminer does where that column's boxes join the labels'); ``review_amid``: 表四's header boxes and
    numbers stand before the last column's last two cells (its other numbers stay after 表四's heading
    line as usual); ``swap``: two different numbers of one column on page 2 exchanged."""
    gold = doc.gold()["tables"]["applications"]
    review = doc.gold()["tables"]["review_litigation"]
    rows = list(gold)
    columns = list(gold[rows[0]])
    first = [str(gold[rows[0]][c]["value"]) for c in columns]
    first[0], first[1] = first[1], first[0]
    order = [*columns[1:], columns[0]] if first_last else columns
    page2 = [[str(gold[r][c]["value"]) for r in rows[1:]] for c in order]
    if swap:
        column = next(col for col in page2 if len(set(col)) > 1)
        i = next(i for i in range(len(column) - 1) if column[i] != column[i + 1])
        column[i], column[i + 1] = column[i + 1], column[i]
    review_cells = [str(review[g][c]["value"]) for g in review for c in review[g]]
    out = [_label(rows[0]), "", "申请人情况", ""]
    for c in columns:  # the header cells, boxes of their own
        out += [HEADERS[c], ""]
    for value in first:
        out += [value, ""]
    out += ["- 1 -", "\f" + _label(rows[1]), *(_label(r) for r in rows[2:]), ""]
    cells = [v for col in page2 for v in col]
    tail = cells[-2:] if review_amid else []
    for value in cells[: len(cells) - len(tail)]:
        out += [value, ""]
    lines = doc.text_and_spans()[0].splitlines()
    start = next(i for i, line in enumerate(lines) if "收到和处理" in line)
    end = next(i for i, line in enumerate(lines) if i > start and "行政复议" in line and line.endswith("情况"))
    after = next(i for i, line in enumerate(lines) if i > end and line.startswith("五、"))
    if review_amid:
        out += [lines[end], "", *_REVIEW_HEADERS]
        for value in [*review_cells, *tail]:
            out += [value, ""]
        body = lines[after:]
    else:
        body = lines[end:]
    return "\n".join([*lines[: start + 1], *out, *body]) + "\n"


def _distinct_columns(doc: SynthDoc) -> bool:
    gold = doc.gold()["tables"]["applications"]
    rows = list(gold)
    return len({tuple(gold[r][c]["value"] for r in rows) for c in gold[rows[0]]}) > 2


@pytest.mark.parametrize("doc", DOCS, ids=[f"{d.version}-{'+'.join(d.variants) or 'plain'}" for d in DOCS])
def test_single_cell_boxes_page_by_page_read_as_the_gold(doc: SynthDoc) -> None:
    read = _read(_page_text(doc))
    gold = doc.gold()["tables"]
    score = score_tables({"applications": read.tables["applications"]}, {"applications": gold["applications"]})
    assert score.mismatches == [] and score.correct == score.total
    assert any("page's part of the table written column after column" in w for w in read.warnings)


def test_review_numbers_amid_the_last_column_stay_the_review_tables() -> None:
    doc = DOCS[0]
    read = _read(_page_text(doc, review_amid=True))
    gold = doc.gold()["tables"]
    for key in ("applications", "review_litigation"):
        score = score_tables({key: read.tables[key]}, {key: gold[key]})
        assert score.mismatches == [] and score.correct == score.total, key


def test_columns_named_by_their_order_ask_for_review() -> None:
    doc = next(d for d in DOCS if _distinct_columns(d))
    read = _read(_page_text(doc, first_last=True))
    # the first column written last is named by its place, which nothing checks: said, never silent
    assert any("named in the order their cells came" in r for r in read.review["reasons"])
    assert read.review["needed"]


def test_a_swap_that_breaks_a_sum_is_not_taken() -> None:
    doc = DOCS[0]
    read = _read(_page_text(doc, swap=True))
    assert not any("page's part of the table" in w for w in read.warnings)
    read.checks += completeness_checks(read.tables, read.report.get("format_version"))
    assess_review(read)
    assert read.review["needed"]


def test_chromium_pdf_through_pdfminer_reads_its_table(tmp_path) -> None:
    pytest.importorskip("pdfminer")
    from gdr_nlp.ingest import load
    from gdr_nlp.reconcile.sections import reconcile_sections
    from gdr_nlp.reconcile.tables import reconcile_tables
    from gdr_nlp.synth.routes import renderer_available, run_route
    from gdr_nlp.tag.rules import RuleTagger

    if not renderer_available("pdf_chromium"):
        pytest.skip("Chromium not installed")
    doc = generate_one(1, seed=3131, layouts=BINARY_LAYOUTS)  # its 表三 breaks over two pages, 表四 amid
    read = load(run_route("pdf_chromium>pdfminer", doc, tmp_path))
    RuleTagger()(read)
    reconcile_sections(read)
    reconcile_tables(read)
    gold = doc.gold()["tables"]
    for key in ("applications", "review_litigation"):
        score = score_tables({key: read.tables[key]}, {key: gold[key]})
        assert score.mismatches == [] and score.correct == score.total, key
    assert any("page's part of the table written column after column" in w for w in read.warnings)


def test_library_pdf_through_pdfminer_reads_its_table(tmp_path) -> None:
    """A reportlab PDF through pdfminer: its 表三's first row on one page, cells out of order, the rest on
    the next page column after column."""
    pytest.importorskip("pdfminer")
    from gdr_nlp.ingest import load
    from gdr_nlp.reconcile.sections import reconcile_sections
    from gdr_nlp.reconcile.tables import reconcile_tables
    from gdr_nlp.synth.routes import renderer_available, run_route
    from gdr_nlp.tag.rules import RuleTagger

    if not renderer_available("pdf"):
        pytest.skip("reportlab not installed")
    for index in (1,):
        doc = generate_one(index, seed=3131, layouts=BINARY_LAYOUTS)
        read = load(run_route("pdf>pdfminer", doc, tmp_path / str(index)))
        RuleTagger()(read)
        reconcile_sections(read)
        reconcile_tables(read)
        gold = doc.gold()["tables"]["applications"]
        score = score_tables({"applications": read.tables["applications"]}, {"applications": gold})
        assert score.mismatches == [] and score.correct == score.total == 175, index
