"""A 表三 row whose label a converter split over two grid rows (issue 10, found on blind17's
``pdf_soffice_html>pymupdf4llm``, a renderer nobody had read through the pipeline).

LibreOffice prints the official HTML with narrow label columns, and pymupdf4llm writes the label's first
line as a markdown row of its own with blank cells (``2.申请人逾期未按收费通知|||||||||``), then the label's
rest beside the row's numbers (``要求缴纳费用、行政机关不再处理其政府信息公开申请|0|0|…``), a fragment of the
group label (其他处 / 理) before each part. The row took the blank cells and the second part's numbers were
dropped without a word: a wrong row that no sum could catch (the numbers were zeros). Now the numbers after
the label's rest are the row's; a row whose label stands again with other numbers is flagged.
The real tools on a generated report (seed 1010); gold from the generator.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.route_reading import convert_route, read_rules

pytestmark = pytest.mark.issue(10)


def test_the_numbers_beside_a_wrapped_labels_rest_are_its_rows(tmp_path: Path) -> None:
    doc, path = convert_route("pdf_soffice_html>pymupdf4llm", 3, tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "|2.申请人逾期未按收费通知|||" in text  # the label's first line over blank cells, as the tool wrote it
    gold = doc.gold()["tables"]["applications"]["other_overdue_fee"]
    read = read_rules(path).tables["applications"]["other_overdue_fee"]
    assert {c: (v["kind"], v["value"]) for c, v in read.items()} == {c: (v["kind"], v["value"]) for c, v in gold.items()}
