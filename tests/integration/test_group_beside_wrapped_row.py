"""A stacked group label beside its first row's label, that label cut by its wrap (issue 10, blind7
``pymupdf_words_rows``): words grouped into rows by their top edge put 表三's group label and the
first line of its first row on one line, ``（六）其他处理 1.申请人无正当理由逾期不补 0 0 0 0 0 0 0``.
The line named the group ((六) in 2021 is a heading with no cells of its own; (三) names no row at
all), so the row's seven numbers went nowhere and the report was flagged. Now the words after the group's name, which start with an
ordinal and name one of its rows, take the numbers."""

from __future__ import annotations

import pytest

from gdr_nlp.document import ReportDocument
from gdr_nlp.pipeline import process
from gdr_nlp.scoring import score_tables
from gdr_nlp.synth import BINARY_LAYOUTS, generate_one
from gdr_nlp.synth.convert import available
from gdr_nlp.synth.routes import run_route
from gdr_nlp.tag.rules import RuleTagger

pytestmark = pytest.mark.issue(10)
SEED = 1010  # no training run or benchmark uses it


@pytest.mark.skipif(not available("pymupdf_words_rows"), reason="PyMuPDF is not installed")
@pytest.mark.parametrize("index", [10, 11])
def test_words_in_rows_group_line(tmp_path, index: int) -> None:
    doc = generate_one(index, seed=SEED, layouts=BINARY_LAYOUTS)
    path = run_route("pdf>pymupdf_words_rows", doc, tmp_path / "r")
    assert "（六）其他处理 1.申请人无正当理由逾期不补 0" in path.read_text(encoding="utf-8")  # the class
    read = process(path, tagger="rules")
    assert score_tables(read.tables, doc.gold()["tables"]).mismatches == []


def _row_of(line: str) -> str | None:
    text = ("三、收到和处理政府信息公开申请情况\n自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n"
            f"{line}\n四、政府信息公开行政复议、行政诉讼情况\n")
    doc = RuleTagger()(ReportDocument.from_text(text))
    start = text.index(line)
    rows = [sp.attrs.get("row") for sp in doc.spans["rule"] if sp.label == "ROW_LABEL" and sp.start >= start]
    return rows[0] if rows else None


def test_the_words_after_a_group_name_name_its_row() -> None:
    assert _row_of("（六）其他处理 1.申请人无正当理由逾期不补 0 0 0 0 0 0 0") == "other_overdue_correction"
    assert _row_of("（三）不予公开 1.属于国家 0 0 0 0 0 0 0") == "denied_state_secret"
    # a group's name alone, or followed by words too few to name one of its rows, stays the group's
    assert _row_of("（六）其他处理 0 0 0 0 0 0 0") == "other_handling"
    assert _row_of("（六）其他处理 1.其他 0 0 0 0 0 0 0") == "other_handling"
