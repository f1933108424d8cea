"""表三 written column by column in pieces (issue 10, the pdfminer class, second part): each column
comes out as several text boxes, every column with the same box sizes, neighbouring columns'
boxes interleaved, 表四's heading ahead of the numbers. Read so only when every sum confirms it.

Generated reports get their 表三 written the way pdfminer.six's ``extract_text`` writes a
LibreOffice PDF of them (seen on ``pdf_libreoffice>pdfminer``): the row labels, 表四's heading,
then per column its header and its pieces, a blank line between pieces, the 其他 and 总计
columns' pieces interleaved. One generated report goes through LibreOffice and pdfminer itself.
"""

from __future__ import annotations

import pytest

from gdr_nlp.check.completeness import completeness_checks
from gdr_nlp.check.review import assess_review
from gdr_nlp.scoring import score_tables
from gdr_nlp.synth import BINARY_LAYOUTS, SynthDoc, generate_one
from tests.unit.test_column_order import DOCS, HEADERS, _label, _read


def _pattern(rows: int) -> list[int]:
    """Box sizes of a column: the row groups whose labels wrap (3, 1, the long middle, 1, 3)."""
    return [3, 1, rows - 8, 1, 3]


def _pieces_text(doc: SynthDoc, *, swap: bool = False) -> str:
    """``doc``'s text with its 表三 written in pieces after 表四's heading (``swap``: two pieces of
    one column exchanged)."""
    gold = doc.gold()["tables"]["applications"]
    rows = list(gold)
    columns = list(gold[rows[0]])
    pattern = _pattern(len(rows))
    cuts = [sum(pattern[:n]) for n in range(len(pattern) + 1)]
    pieces = {c: [[str(gold[r][c]["value"]) for r in rows[a:b]] for a, b in zip(cuts, cuts[1:])] for c in columns}
    if swap:  # a column's first and last boxes (three rows each) exchanged: its balance breaks
        column = next(c for c in columns if pieces[c][0] != pieces[c][-1])
        pieces[column][0], pieces[column][-1] = pieces[column][-1], pieces[column][0]
    lines = doc.text_and_spans()[0].splitlines()
    start = next(i for i, line in enumerate(lines) if "收到和处理" in line)
    end = next(i for i, line in enumerate(lines) if i > start and "行政复议" in line and line.endswith("情况"))
    out = [*lines[: start + 1], *(_label(r) for r in rows), "", lines[end], ""]
    last_two = columns[-2:]
    for c in columns[:-2]:
        out += [HEADERS[c], ""]
        for piece in pieces[c]:
            out += [*piece, ""]
    # the last two columns' boxes interleave: 其他's first three, 总计's, then the rest of each
    out += [HEADERS[last_two[0]], ""]
    for c, span in ((last_two[0], slice(0, 3)), (last_two[1], slice(0, 3)), (last_two[0], slice(3, None)),
                    (last_two[1], slice(3, None))):
        for piece in pieces[c][span]:
            out += [*piece, ""]
    return "\n".join([*out, *lines[end + 1 :]]) + "\n"


@pytest.mark.parametrize("doc", DOCS, ids=[f"{d.version}-{'+'.join(d.variants) or 'plain'}" for d in DOCS])
def test_table_written_in_pieces_reads_as_the_gold(doc: SynthDoc) -> None:
    read = _read(_pieces_text(doc))
    gold = doc.gold()["tables"]
    score = score_tables({"applications": read.tables["applications"]}, {"applications": gold["applications"]})
    assert score.mismatches == [] and score.correct == score.total
    assert any("column after column in pieces" in w for w in read.warnings)
    # the numbers after 表四's heading that 表三 took are not 表四's
    review = score_tables({"review_litigation": read.tables["review_litigation"]},
                          {"review_litigation": gold["review_litigation"]})
    assert review.mismatches == [] and review.correct == review.total


@pytest.mark.parametrize("doc", DOCS[:2], ids=[f"{d.version}-{'+'.join(d.variants) or 'plain'}" for d in DOCS[:2]])
def test_swapped_pieces_that_break_a_sum_are_not_taken(doc: SynthDoc) -> None:
    read = _read(_pieces_text(doc, swap=True))
    assert not any("in pieces" in w for w in read.warnings)
    gold = doc.gold()["tables"]["applications"]
    assert score_tables({"applications": read.tables["applications"]}, {"applications": gold}).correct == 0
    # nothing read: the pipeline's completeness checks send it to review
    read.checks += completeness_checks(read.tables, read.report.get("format_version"))
    assess_review(read)
    assert read.review["needed"]


def test_row_by_row_text_is_not_read_in_pieces() -> None:
    doc = DOCS[0]
    read = _read(doc.text_and_spans()[0])
    assert score_tables(read.tables, doc.gold()["tables"]).mismatches == []
    assert not any("in pieces" in w for w in read.warnings)


def test_libreoffice_pdf_through_pdfminer_reads_its_table(tmp_path) -> None:
    pytest.importorskip("pdfminer")
    from gdr_nlp.ingest import load
    from gdr_nlp.reconcile.sections import reconcile_sections
    from gdr_nlp.reconcile.tables import reconcile_tables
    from gdr_nlp.synth.routes import renderer_available, run_route
    from gdr_nlp.tag.rules import RuleTagger

    if not renderer_available("pdf_libreoffice"):
        pytest.skip("LibreOffice not installed")
    doc = generate_one(2, seed=3131, layouts=BINARY_LAYOUTS)  # 2021, the single （六） row
    read = load(run_route("pdf_libreoffice>pdfminer", doc, tmp_path))
    RuleTagger()(read)
    reconcile_sections(read)
    reconcile_tables(read)
    gold = doc.gold()["tables"]["applications"]
    score = score_tables({"applications": read.tables["applications"]}, {"applications": gold})
    assert score.mismatches == [] and score.correct == score.total == 161
    assert any("column after column in pieces" in w for w in read.warnings)
