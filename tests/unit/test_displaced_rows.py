"""表三 rows whose labels and numbers a PDF reader wrote out of step (issue 10, PDF box order).

PyMuPDF's sorted blocks put a label wrapped over lines after the numbers of the rows below it;
pdftotext's reading order on a browser's PDF writes a run of labels and then all their numbers.
The texts are written here from hand-chosen values (``table_layouts``), one value a line as
those readers write them; the reading must give every row its own numbers, and ask for review
where the sums cannot tell which run is whose and the runs differ.
"""

from __future__ import annotations

import pytest

from gdr_nlp.document import ReportDocument
from gdr_nlp.reconcile.units import parse_cell
from tests.unit.table_layouts import HEAD, LAYOUTS, TAIL, Tables, read_with_rules

pytestmark = pytest.mark.issue(10)


def _full(t: Tables) -> Tables:
    """The same values with every cell printed (blank and / cells as 0): each row is whole."""
    rows = [(g, label, key, [c if c.isdigit() else "0" for c in cells]) for g, label, key, cells in t.applications]
    return Tables(t.version, t.other, t.subtotal, applications=rows)


def _text(t: Tables, order: list[tuple[str, str]]) -> str:
    """The report with 表三 written as ``order`` says: ("label", key) or ("cells", key), one value a line."""
    rows = {key: (group, label, cells) for group, label, key, cells in t.applications}
    base = LAYOUTS["one_per_line"](t)
    head, rest = base.split("三、收到和处理政府信息公开申请情况", 1)
    tail = rest[rest.index("四、政府信息公开行政复议"):]
    out = ["三、收到和处理政府信息公开申请情况", *t.applicant_header]
    for what, key in order:
        group, label, cells = rows[key]
        if what == "label":
            out += ([group] if group else []) + [label]
        else:
            out += cells
    return HEAD + head + "\n".join(out) + "\n" + tail + TAIL


def _lagging(t: Tables, rows: set[str]) -> list[tuple[str, str]]:
    """Every row's label then its cells, except that the labels of ``rows`` come after their cells
    (a wrapped label sorted by its bottom): the row before them then holds their numbers too."""
    order: list[tuple[str, str]] = []
    for _, _, key, _ in t.applications:
        order += [("cells", key), ("label", key)] if key in rows else [("label", key), ("cells", key)]
    return order


def _ahead(t: Tables, first: str, count: int) -> list[tuple[str, str]]:
    """Every row's label then its cells, except ``count`` rows from ``first``: their labels first, then their cells."""
    keys = [key for _, _, key, _ in t.applications]
    i = keys.index(first)
    block = keys[i : i + count]
    order: list[tuple[str, str]] = []
    for key in keys:
        if key == first:
            order += [("label", k) for k in block] + [("cells", k) for k in block]
        elif key not in block:
            order += [("label", key), ("cells", key)]
    return order


_read = read_with_rules


def _wrong(doc: ReportDocument, t: Tables) -> list[tuple[str, str]]:
    wrong = []
    for row, cols in t.expected()["applications"].items():
        for col, text in cols.items():
            cell = doc.tables["applications"].get(row, {}).get(col)
            want = parse_cell(text)
            if cell is None or (cell["kind"], cell["value"]) != (want.kind, want.value):
                wrong.append((row, col))
    return wrong


def _placement_notes(doc: ReportDocument) -> list[str]:
    return [n for n in doc.review_notes if "PDF reader's box order" in n]


def test_labels_written_after_their_numbers_runs_in_reading_order_flagged() -> None:
    """Labels after their own numbers (a wrapped label sorted by its bottom): 予以公开 holds its run and
    部分公开's, and 1.属于国家秘密 holds none; the runs go to the rows in order. The runs differ and
    no sum tells two result rows' runs apart, so review asks."""
    t = _full(Tables("2019"))
    doc = _read(_text(t, _lagging(t, {"partial", "denied_state_secret"})))
    assert _wrong(doc, t) == []
    assert _placement_notes(doc), doc.review_notes


def test_zero_rows_out_of_step_are_read_without_a_placement_note() -> None:
    """Runs that are all zeros: any placement gives the same values, so nothing is in doubt."""
    t = _full(Tables("2019"))
    doc = _read(_text(t, _lagging(t, {"unprocessed_publication", "unprocessed_excessive"})))
    assert _wrong(doc, t) == []
    assert not _placement_notes(doc)
    assert any("box order" in w and "no other placement" in w for w in doc.warnings), doc.warnings


def test_labels_ahead_of_their_numbers_read_row_by_row() -> None:
    """pdftotext on a browser's PDF: four labels, then the four rows' numbers."""
    t = _full(Tables("2019"))
    doc = _read(_text(t, _ahead(t, "granted", 4)))
    assert _wrong(doc, t) == []
    assert _placement_notes(doc)


def test_the_balance_decides_between_anchor_rows() -> None:
    """（七）总计 and 四、结转 written label, label, numbers: swapped, the balance and the column sums
    fail, so the placement is confirmed (no note); the runs differ, so it was the sums that said so."""
    t = _full(Tables("2019"))
    doc = _read(_text(t, _ahead(t, "total_processed", 2)))
    assert _wrong(doc, t) == []
    assert not _placement_notes(doc)


def test_a_surplus_run_without_a_label_to_take_it_stays_flagged() -> None:
    """A row with two rows of numbers and no row left without numbers: not this class; the
    surplus is not placed and review says the row is in doubt (never silent)."""
    t = _full(Tables("2019"))
    order = _lagging(t, set())
    order.insert(order.index(("cells", "granted")) + 1, ("cells", "partial"))
    doc = _read(_text(t, order))
    assert not _placement_notes(doc)
    assert _wrong(doc, t) and any(n.startswith("applications") for n in doc.review_notes)


def test_a_label_broken_by_a_page_header_with_no_number_after_it() -> None:
    """2021 split （六）: the wrapped 2.申请人逾期… label cut by a running page header, its numbers
    under the row before: its pieces name the row (no name matches one alone) and the runs go in order."""
    t = _full(Tables("2021", "split"))
    text = _text(t, _lagging(t, {"other_overdue_fee"})).replace("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                                   "2.申请人逾期未按收费通知要\n某县人民政府2022年政府信息公开工作年度报告\n求缴纳费用、行政机关不再处理\n其政府信息公开申请")
    doc = _read(text.replace("2020年", "2022年"))
    assert _wrong(doc, t) == []


def test_a_group_heading_fragment_before_the_ordinal_on_the_labels_line() -> None:
    """``无法提 2.没有现成信息需要另行制`` (a stacked （四）无法提供 beside the row's first line): the
    label is still that row's, its numbers its own."""
    t = _full(Tables("2019"))
    text = _text(t, _lagging(t, set())).replace("2.没有现成信息需要另行制作", "无法提 2.没有现成信息需要另行制\n供\n作")
    doc = _read(text)
    assert _wrong(doc, t) == []


def test_a_row_whose_own_label_follows_its_numbers_keeps_its_confidence(tmp_path) -> None:
    """The whole pipeline on the zero runs above: 3.要求提供公开出版物's label is the first after its
    numbers and the tagger named it, so its cells keep their confidence (check/review.py); the last
    label of the stretch stands straight before the next row's label, the tagger names only one of
    the two, and that row's cells still read as low confidence (a false alarm left, BENCHMARKS.md)."""
    from gdr_nlp.pipeline import process

    t = _full(Tables("2019"))
    path = tmp_path / "r.txt"
    path.write_text(_text(t, _lagging(t, {"unprocessed_publication", "unprocessed_excessive"})), encoding="utf-8")
    read = process(path, tagger="rules")
    cells = read.tables["applications"]
    assert {c: x["value"] for c, x in cells["unprocessed_publication"].items()} == dict.fromkeys(t.applicant_columns, 0)
    assert all(c["confidence"] >= 0.9 for c in cells["unprocessed_publication"].values())
