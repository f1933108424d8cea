"""Two columns camelot writes in one CSV field (issue 10, blind16, looked at after its one run).

camelot's network flavor (``flavor="network"``) finds a table's columns from text that lines up, and where it
finds no border between two columns it writes both in one field, a line each: the header's two names over each
row's two numbers (``"本年制发件数\\n本年废止件数"`` over ``"2\\n0"``). Joined as a wrapped label is, the field read
``20`` under one column, one cell short. A header field of k names over a run of fields of k numbers, a line each,
is k columns; a label wrapped over lines stays one. The real tool on generated reports (seed 1010), and the
rewrite on its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gdr_nlp.ingest.delimited import rewrite_csv_tables
from gdr_nlp.scoring import score_tables
from tests.integration.route_reading import convert_route, read_rules

pytestmark = pytest.mark.issue(10)


@pytest.mark.parametrize("index", [0, 3])
def test_camelot_network_merged_columns_read_as_columns(index: int, tmp_path: Path) -> None:
    doc, path = convert_route("pdf_libreoffice>camelot_network_csv", index, tmp_path)
    assert '"本年制发件数\n本年废止件数"' in path.read_text(encoding="utf-8")  # the class as the tool writes it
    read = read_rules(path)
    gold = doc.gold()["tables"]
    score = score_tables({"proactive": read.tables["proactive"]}, {"proactive": gold["proactive"]})
    assert score.exact, score.mismatches[:5]


def test_a_header_of_two_names_over_two_numbers_splits_and_a_wrapped_label_does_not() -> None:
    csv = ('"","第二十条第（一）项",""\n"信息内容","本年制发件数\n本年废止件数","现行有效件数"\n"规章","12\n0","3"\n'
           '"行政规范性文件","0\n-1","7"\n"（二）部分公开（区分处理的，只计这一情\n形，不计其他情形）","4","5"\n')
    text, count = rewrite_csv_tables(csv)
    assert count == 1
    assert text.split("\n") == ["第二十条第（一）项", "信息内容\t本年制发件数\t本年废止件数\t现行有效件数", "规章\t12\t0\t3",
                                "行政规范性文件\t0\t-1\t7", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t4\t5", ""]
