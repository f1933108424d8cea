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


# --- pdfminer's box tree (issue 10, third part): columns out of printed order, some ahead of the row
# labels, some past the next headings and between the paragraphs that follow the tables ------------

_SPLIT_HEADERS = {"natural_person": ["自然", "人"], "commercial": ["商业", "企业"], "research": ["科研", "机构"],
                  "social_org": ["社会", "公益", "组织"], "legal_service": ["法律", "服务", "机构"],
                  "legal_person_subtotal": ["小计"], "other_org": ["其他"], "total": ["总计"]}


def _box_tree_text(doc: SynthDoc, *, headed: bool, header_apart: tuple[str, ...] = ()) -> str:
    """``doc``'s text with 表三's columns as whole boxes in the order pdfminer's tree can give them: 其他
    and 总计 right after the section heading, ahead of the row labels; 自然人, 商业企业, 科研机构 after
    表四's table; 社会公益组织 after the next heading (五、); the remaining columns after that section's
    first paragraph. ``headed``: every column's header words stand right before its first box (the
    header cell and the column's first cells make one box), else only 其他's and 总计's do;
    ``header_apart``: these columns' headers are boxes of their own (a blank line before the numbers)."""
    gold = doc.gold()["tables"]["applications"]
    rows = list(gold)
    columns = list(gold[rows[0]])
    pattern = _pattern(len(rows))
    cuts = [sum(pattern[:n]) for n in range(len(pattern) + 1)]

    def boxes(c: str, head: bool) -> list[str]:
        out = [*(_SPLIT_HEADERS[c] if head else []), *([""] if head and c in header_apart else [])]
        for a, b in zip(cuts, cuts[1:]):
            out += [*(str(gold[r][c]["value"]) for r in rows[a:b]), ""]
        return out

    lines = doc.text_and_spans()[0].splitlines()
    start = next(i for i, line in enumerate(lines) if "收到和处理" in line)
    review = next(i for i, line in enumerate(lines) if i > start and "行政复议" in line and line.endswith("情况"))
    five = next(i for i, line in enumerate(lines) if i > review and line.startswith("五、"))
    ahead, after_review, after_five = columns[-2:], columns[:3], columns[3:4]
    rest = [c for c in columns if c not in (*ahead, *after_review, *after_five)]
    out = [*lines[: start + 1], "总计", ""]
    for c in ahead:
        out += boxes(c, c != "total")  # 总计's header stands first, away from its boxes
    out += [_label(r) for r in rows]
    out += ["", *lines[review:five], ""]
    for c in after_review:
        out += boxes(c, headed)
    out += [lines[five], ""]
    for c in after_five:
        out += boxes(c, True)
    out += [lines[five + 1], ""]  # the section's first paragraph
    for c in rest:
        out += boxes(c, True)
    return "\n".join([*out, *lines[five + 2 :]]) + "\n"


@pytest.mark.parametrize("doc", DOCS[:3], ids=[f"{d.version}-{'+'.join(d.variants) or 'plain'}" for d in DOCS[:3]])
def test_box_tree_order_with_headers_reads_as_the_gold(doc: SynthDoc) -> None:
    read = _read(_box_tree_text(doc, headed=True))
    gold = doc.gold()["tables"]
    score = score_tables({"applications": read.tables["applications"]}, {"applications": gold["applications"]})
    assert score.mismatches == [] and score.correct == score.total
    assert any("column after column in pieces" in w for w in read.warnings)
    # every column named by its header or the sums: nothing rests on pdfminer's order
    assert not any("in the order their pieces came" in r for r in read.review["reasons"])
    # 表四 keeps its own numbers: the boxes past the tables that 表三 did not take
    review = score_tables({"review_litigation": read.tables["review_litigation"]},
                          {"review_litigation": gold["review_litigation"]})
    assert review.mismatches == [] and review.correct == review.total


def test_box_tree_order_naming_columns_by_order_asks_for_review() -> None:
    doc = next(d for d in DOCS if len({tuple(v["value"] for v in col) for col in
                                       _columns_of(d.gold()["tables"]["applications"])[:3]}) > 1)
    read = _read(_box_tree_text(doc, headed=False))
    gold = doc.gold()["tables"]["applications"]
    assert score_tables({"applications": read.tables["applications"]}, {"applications": gold}).mismatches == []
    # 自然人, 商业企业 and 科研机构 differ and nothing but their order tells them apart: said, not guessed silently
    assert any("in the order their pieces came" in r for r in read.review["reasons"])
    assert read.review["needed"]


def _columns_of(table: dict) -> list[list[dict]]:
    rows = list(table)
    return [[table[r][c] for r in rows] for c in table[rows[0]]]


def test_a_lone_number_in_prose_after_the_tables_is_no_box() -> None:
    from gdr_nlp.tag.rules import _spill

    prose = "五、存在的主要问题及改进情况\n全年组织培训\n2\n场，群众满意度不断提高。\n"
    assert _spill(prose, 0) == []
    boxes = "五、存在的主要问题及改进情况\n\n社会\n公益\n组织\n0\n0\n0\n\n5\n\n全年组织培训2场。\n"
    (start, end), = _spill(boxes, 0)
    assert boxes[start:end].split() == ["社会", "公益", "组织", "0", "0", "0", "5"]


def test_a_header_in_a_box_of_its_own_names_a_column_but_asks_for_review() -> None:
    """A header box apart from its column's numbers may name it (pdfminer put it just before), but its
    tree need not keep a header box beside its column's: where two such columns differ no sum checks
    which is which, so review is asked (one alone is named by elimination)."""
    doc = next(d for d in DOCS if len({tuple(v["value"] for v in col) for col in
                                       _columns_of(d.gold()["tables"]["applications"])[:3]}) > 1)
    columns = list(next(iter(doc.gold()["tables"]["applications"].values())))
    for apart in (("commercial",), tuple(columns[:3])):
        read = _read(_box_tree_text(doc, headed=True, header_apart=apart))
        gold = doc.gold()["tables"]["applications"]
        assert score_tables({"applications": read.tables["applications"]}, {"applications": gold}).mismatches == []
        asked = any("in the order their pieces came or by a header box" in r for r in read.review["reasons"])
        assert asked == (len(apart) > 1), apart
    assert read.review["needed"]
