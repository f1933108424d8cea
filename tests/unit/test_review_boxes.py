"""表四 read from the header words in its numbers' text boxes (issue 10, pdfminer's box tree): a box
holding a header cell and the value under it names that value's column, whatever the text order.

The texts are 表四 written the way pdfminer.six writes a LibreOffice PDF's (seen on
``pdf_libreoffice>pdfminer``): 行政复议's five values as single boxes after its header row, the
direct lawsuits' three side-by-side header cells interleaved line by line in one box with their
values, the other boxes ``header / value`` in pdfminer's order, 总计 of the last group at the end.
"""

from __future__ import annotations

from gdr_nlp.scoring import score_tables
from gdr_nlp.synth import SynthDoc
from tests.unit.test_column_order import DOCS, _read


def _review_boxes_text(doc: SynthDoc, gold: dict) -> str:
    """``doc``'s text with its 表四 (``gold``'s values) written as pdfminer's boxes."""
    v = {g: {c: str(cell["value"]) for c, cell in row.items()} for g, row in gold.items()}
    d, a, r = v["litigation_direct"], v["litigation_after_review"], v["review"]
    assert d["corrected"] == d["other"] == d["pending"]  # one interleaved box: only equal values tell nothing of order
    boxes = [
        ["行政复议"], ["结果", "维持"], ["结果", "纠正"], ["其他", "结果"], ["尚未", "审结"], ["总计"],
        *([x] for x in r.values()),
        ["未经复议直接起诉", "尚未", "其他", "结果", "审结", "结果", "纠正", d["pending"], d["other"], d["corrected"]],
        ["结果", "维持", d["upheld"]],
        ["行政诉讼"], ["总计"], [d["total"]],
        ["结果", "维持", a["upheld"]],
        # the after-review group's boxes out of the columns' order: the labels, not the order, place them
        ["复议后起诉", "尚未", "审结", a["pending"]], ["结果", "纠正", a["corrected"]], ["其他", "结果", a["other"]],
        [a["total"]],
    ]
    lines = doc.text_and_spans()[0].splitlines()
    start = next(i for i, line in enumerate(lines) if "行政复议" in line and line.endswith("情况"))
    five = next(i for i, line in enumerate(lines) if i > start and line.startswith("五、"))
    body = [line for box in boxes for line in (*box, "")]
    return "\n".join([*lines[: start + 1], "", *body, *lines[five:]]) + "\n"


def _gold_with(doc: SynthDoc, **after: int) -> dict:
    table = doc.gold()["tables"]["review_litigation"]
    gold = {g: {c: dict(cell) for c, cell in row.items()} for g, row in table.items()}
    for g in gold.values():
        for cell in g.values():
            cell.update(kind="number")
    values = {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, **after}
    for c, n in values.items():
        gold["litigation_after_review"][c]["value"] = n
    gold["litigation_after_review"]["total"]["value"] = sum(values.values())
    for c in ("upheld", "corrected", "other", "pending", "total"):
        gold["litigation_direct"][c]["value"] = 0
    return gold


def test_boxes_name_their_columns_where_text_order_would_misplace_them() -> None:
    doc = DOCS[0]
    gold = _gold_with(doc, corrected=3)
    read = _read(_review_boxes_text(doc, gold))
    score = score_tables({"review_litigation": read.tables["review_litigation"]}, {"review_litigation": gold})
    assert score.mismatches == [] and score.correct == score.total == 15
    assert any("header words in its numbers' text boxes" in w for w in read.warnings)


def test_boxes_whose_sums_fail_are_not_taken() -> None:
    doc = DOCS[0]
    gold = _gold_with(doc, corrected=3)
    text = _review_boxes_text(doc, gold)
    # the after-review group's 维持 box says 2: its 总计 (3) no longer adds up under any reading
    text = text.replace("行政诉讼\n\n总计\n\n0\n\n结果\n维持\n0", "行政诉讼\n\n总计\n\n0\n\n结果\n维持\n2")
    read = _read(text)
    assert not any("header words in its numbers' text boxes" in w for w in read.warnings)
    assert read.review["needed"]


def test_a_table_written_row_by_row_is_read_as_before() -> None:
    doc = DOCS[0]
    read = _read(doc.text_and_spans()[0])
    gold = doc.gold()["tables"]["review_litigation"]
    assert score_tables({"review_litigation": read.tables["review_litigation"]},
                        {"review_litigation": gold}).mismatches == []
    assert not any("header words in its numbers' text boxes" in w for w in read.warnings)
