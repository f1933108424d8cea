"""No 小计 column is assumed where zeros fit the sums either way (issue 10, found on the train family
``pdf>markitdown`` at ``-n 12``).

An office that received no application prints seven zeros a row in 表三. markitdown drops the header's words
(法人或其他组织, and with them any 小计), so the rules read the table both ways: the seven official columns,
or eight with an assumed 小计. Zeros fit every sum both ways, and the eight-column reading had scored a hair
better: it read every 自然人 cell blank, the sums all held, and the report was wrong without a flag. The
plain reading takes every printed number and invents no column; a 小计 is assumed only where the source shows
it (more numbers placed) or the sums fit clearly better (``tests/unit/test_tables.py`` keeps that case).
The real tool on a generated report (seed 1010).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gdr_nlp.scoring import score_tables
from tests.integration.route_reading import convert_route, read_rules

pytestmark = pytest.mark.issue(10)


def test_all_zero_applications_table_through_markitdown_reads_every_zero(tmp_path: Path) -> None:
    doc, path = convert_route("pdf>markitdown", 10, tmp_path)
    gold = doc.gold()["tables"]
    assert all(cell["value"] == 0 for cols in gold["applications"].values() for cell in cols.values())
    assert "法人或其他组织" not in path.read_text(encoding="utf-8")  # the header words the reading could go by
    read = read_rules(path)
    score = score_tables(read.tables, gold)
    assert score.exact, score.mismatches[:5]
    assert "legal_person_subtotal" not in read.tables["applications"]["new_received"]
