"""Rows whose numbers stand on the line above their label (issue 10, blind7 ``pymupdf_words_rows`` on
the real PDFs): PyMuPDF's words grouped into lines by their rounded top edge put a row's numbers,
set higher in their cells than the label, on a line of their own before it. Read row by row, every
run went to the label before it and the first row's numbers were taken for the header's. Now, where a
table's first row label has a run of numbers before it and none on its line, and its last label
none after it, each label takes the numbers on its own line, else those since the label before it
(``readings.numbers_lead``, ``tables._lead_groups``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gdr_nlp.document import ReportDocument
from gdr_nlp.pipeline import build_pipeline, process
from gdr_nlp.scoring import score_tables
from gdr_nlp.synth.convert import available, convert

pytestmark = pytest.mark.issue(10)
REALDEV = Path(__file__).resolve().parents[2].parent / "shared" / "realdev"

PROACTIVE = "\n".join([
    "二、主动公开政府信息情况",
    "第二十条第（一）项",
    "信息内容 本年制发件数 本年废止件数 现行有效件数",
    "1 0 11",
    "规章",
    "8 26 66",
    "行政规范性文件",
    "第二十条第（五）项",
    "信息内容 本年处理决定数量",
    "447",
    "行政许可",
    "第二十条第（六）项",
    "信息内容 本年处理决定数量",
    "398",
    "行政处罚",
    "88",
    "行政强制",
    "第二十条第（八）项",
    "信息内容 本年收费金额（单位：万元）",
    "96.5",
    "行政事业性收费",
    "三、收到和处理政府信息公开申请情况",
]) + "\n"


def _read(text: str) -> ReportDocument:
    return build_pipeline(tagger="rules")(ReportDocument.from_text(text))


def test_numbers_above_their_labels_are_the_next_labels() -> None:
    doc = _read(PROACTIVE)
    assert any(w.startswith("proactive: each row's numbers stand on the line before its label") for w in doc.warnings)
    table = doc.tables["proactive"]
    assert {r: [c["value"] for c in cols.values()] for r, cols in table.items()} == {
        "regulations": [1, 0, 11], "normative_documents": [8, 26, 66], "licensing": [447], "penalty": [398],
        "coercion": [88], "fees": [96.5]}


def test_numbers_after_their_labels_still_read_so() -> None:
    """The same table written row by row, with a page number in the header area: no run before the
    first label (one number is no row), numbers after the last: read as before."""
    lines = PROACTIVE.split("\n")
    trailing = [lines[0], lines[1], lines[2], "- 2 -", "规章", "1 0 11", "行政规范性文件", "8 26 66", *lines[7:9], "行政许可",
                "447", *lines[11:13], "行政处罚", "398", "行政强制", "88", *lines[17:19], "行政事业性收费", "96.5", lines[21]]
    doc = _read("\n".join(trailing) + "\n")
    table = doc.tables["proactive"]
    assert table["regulations"]["in_force"]["value"] == 11 and table["fees"]["amount"]["value"] == 96.5
    assert not any("stand on the line before its label" in w for w in doc.warnings)


@pytest.mark.skipif(not (REALDEV / "huaian2024.pdf").exists(), reason="../shared/realdev is not here")
@pytest.mark.skipif(not available("pymupdf_words_rows"), reason="PyMuPDF is not installed")
def test_real_pdfs_through_pymupdf_words_rows(tmp_path: Path) -> None:
    huaian = json.loads((REALDEV / "huaian2024.gold.json").read_text(encoding="utf-8"))["tables"]
    read = process(convert("pymupdf_words_rows", REALDEV / "huaian2024.pdf", tmp_path / "h"), tagger="rules")
    assert score_tables(read.tables, huaian).mismatches == []  # 表二's numbers led their labels
    # hongze's 表三 leads too, but its PDF text layer lost characters of a label (2.其他法律行政止公开),
    # whose row then runs into the one above it: that row is unread, and the report flagged
    hongze = json.loads((REALDEV / "hongze2024.gold.json").read_text(encoding="utf-8"))["tables"]
    read = process(convert("pymupdf_words_rows", REALDEV / "hongze2024.pdf", tmp_path / "z"), tagger="rules")
    assert score_tables({"proactive": read.tables["proactive"]}, {"proactive": hongze["proactive"]}).mismatches == []
    assert read.review["needed"]
