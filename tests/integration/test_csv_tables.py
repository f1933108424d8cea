"""Tables written as comma-separated values (issue 10, the blind12 families, looked at after its one run).

People pull a report's tables out as CSV: camelot's and pdfplumber's tables through ``csv.writer``,
``pandas.read_html(...).to_csv()``, python-docx rows through ``csv.writer``, a page opened in
LibreOffice Calc and saved as CSV. Read as text, ``规章,2,0,0`` was one label glued to ``2,0,0``: the
blind run read 0.00 to 0.57 of those families' cells (every report flagged). ``ingest.delimited`` now
rewrites CSV blocks as tab-joined rows. Real tools on generated reports and on the real PDFs here.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from gdr_nlp.ingest import from_string
from gdr_nlp.ingest.delimited import rewrite_csv_tables
from gdr_nlp.pipeline import build_pipeline, process
from gdr_nlp.reconcile.schema import REVIEW_COLUMN_KEYS, REVIEW_GROUPS, TABLES
from gdr_nlp.scoring import score_tables
from gdr_nlp.synth import BINARY_LAYOUTS, generate_one
from gdr_nlp.synth.convert import available, convert
from gdr_nlp.synth.routes import renderer_available, run_route

pytestmark = pytest.mark.issue(10)
SEED = 1010  # no benchmark uses it
REALDEV = Path(__file__).resolve().parents[2] / ".." / "shared" / "realdev"
ROUTES = ["html_official>pandas_read_html_csv", "pdf>pdfplumber_tables_csv", "docx_official>python_docx_tables_csv",
          "html_official>calc_csv", "pdf_libreoffice>camelot_lattice_csv"]


@pytest.fixture(scope="module")
def pipeline():  # noqa: ANN201
    return build_pipeline(tagger="rules")


@pytest.mark.parametrize("route", ROUTES)
def test_csv_of_a_tables_tool_reads_exactly(pipeline, route: str, tmp_path: Path) -> None:  # noqa: ANN001
    renderer, _, family = route.partition(">")
    if not (available(family) and renderer_available(renderer)):
        pytest.skip(f"{route} is not installed here")
    doc = generate_one(3, seed=SEED, layouts=BINARY_LAYOUTS)
    path = run_route(route, doc, tmp_path)
    assert "," in path.read_text(encoding="utf-8")  # CSV as the tool writes it
    read = pipeline.process(path)
    score = score_tables(read.tables, doc.gold()["tables"])
    assert score.exact, score.mismatches[:5]
    assert not read.review["needed"], read.review["reasons"]
    assert any("comma-separated values rewritten" in w for w in read.warnings)


@pytest.mark.parametrize("family", ["pdfplumber_tables_csv", "camelot_lattice_csv", "tabula_csv"])
@pytest.mark.parametrize("name", ["hongze2024", "huaian2024"])
def test_real_pdf_tables_as_csv(family: str, name: str, tmp_path: Path) -> None:
    gold_path = REALDEV / f"{name}.gold.json"
    if not gold_path.exists():
        pytest.skip("../shared/realdev is not here")
    if not available(family):
        pytest.skip(f"{family} is not installed here")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    read = process(convert(family, gold_path.with_name(gold["file"]), tmp_path), tagger="auto", ocr="never")
    score = score_tables(read.tables, gold["tables"])
    assert score.exact, score.mismatches[:5]
    assert not read.review["needed"], read.review["reasons"]


def test_what_is_not_csv_stays_as_it_is() -> None:
    """Prose with ASCII commas, a spaced row of numbers with thousands separators and a two-field
    sentence stay byte for byte; a CSV block is rewritten, its padding fields and quotes gone."""
    prose = ("据统计,全年共受理申请12件,办结11件。\n" * 4
             + "行政事业性收费    1,234.5    2,345.6    3,456.7\n" * 3
             + "一是加强组织领导,明确责任分工。\n二是完善制度建设,规范工作流程。\n三是强化监督检查,确保落实到位。\n")
    assert rewrite_csv_tables(prose) == (prose, 0)
    table = '信息内容,本年制发件数,本年废止件数,现行有效件数\n规章,2,0,0\n"行政规范性文件",73,,"1,365"\n'
    assert rewrite_csv_tables(prose + table) == (
        prose + "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t2\t0\t0\n行政规范性文件\t73\t1,365\n", 1)


def test_two_counts_in_one_field_are_a_table_row_but_spaced_thousands_are_not() -> None:
    """tabula's CSV puts two cells in one field where it guessed a column too wide (``数量,0 11,10,…``): still
    a table's record, the field kept for the reconciler. A row of numbers with thousands separators
    parted by single spaces, split at its commas, stays text: its fields start with a three-digit group."""
    spaced = ("行政事业性收费 1,234 5,678 9,012\n" * 3 + "采购总金额 12 3 1,234\n" * 3)
    assert rewrite_csv_tables(spaced) == (spaced, 0)
    tabula = ('"",申请人情况,,,,,\n一、本年新收政府信息公开申请数量,0 11,10,0,0,0,21\n'
              "二、上年结转政府信息公开申请数量,0,0 1,0,0,0,1\n三、本年度办理结果(一)予以公开,0,3 1,0,0,0,4\n")
    text, blocks = rewrite_csv_tables(tabula)
    assert blocks == 1
    assert "一、本年新收政府信息公开申请数量\t0 11\t10\t0\t0\t0\t21\n" in text
    # 表四's numbers as tabula writes them, two counts in a field beside a three-digit one: the commas
    # group no thousands (``25,112,9``), so they are the writer's
    review = ("行政复议,,,,行政诉讼,,,,,,\n\"\",,,,未经复议直接起诉,,,复议后起诉,,,\n"
              "30 25,112,9,176,5 2 1,0,8,3 1,0,2,6\n")
    text, blocks = rewrite_csv_tables(review)
    assert blocks == 1
    assert "30 25\t112\t9\t176\t5 2 1\t0\t8\t3 1\t0\t2\t6\n" in text


def test_a_header_over_many_lines_and_a_row_set_apart_are_csv() -> None:
    """pdfplumber's CSV of 表四 after 表三's: its narrow columns' headers wrap a character a line, so one header
    record spans some forty lines, and the numbers' row, on the next page, comes as a table of its own with
    no label. Both are the table's; a lone number with thousands separators after it stays as it is."""
    review = ("3.其他,,0,0,1,0,0,0,1\r\n（七）总计,,0,0,1,0,0,0,1\r\n四、结转下年度继续办理,,0,0,0,0,0,0,0\r\n\r\n"
              "行政复议,,,,,行政诉讼,,,,,,,,,\r\n,,,,,未经复议直接起诉,,,,,复议后起诉,,,,\r\n"
              + ",".join('"' + "\n".join(word) + '"' for word in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3)
              + "\r\n\r\n0,0,0,1,1,0,0,0,0,0,0,3,0,0,3\r\n\r\n1,234,567\r\n")
    text, blocks = rewrite_csv_tables(review)
    assert blocks == 3  # 表三's last rows, 表四's header, its numbers
    assert "\t".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3) + "\r\n" in text
    assert "\n0\t0\t0\t1\t1\t0\t0\t0\t0\t0\t0\t3\t0\t0\t3\r\n" in text
    assert text.endswith("\n1,234,567\r\n")


def test_a_row_lost_with_its_label_leaves_the_next_table_its_numbers() -> None:
    """A table tool that loses one 表三 row, its label with it (tabula and pdfplumber do at a page break),
    leaves every other row's numbers beside its label. With every number 0 the grid filled in text order
    took the missing row's seven from 表四's row of numbers, which no sum could catch. The rows stand
    beside their labels, so the row is the conversion's loss: 表三 says so, and 表四 keeps its numbers."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"])
    for row in TABLES["2019"]["applications"].rows:
        if row.key != "unable_not_held":
            writer.writerow([row.group if row.group and row.label.startswith("1.") else "", row.label] + ["0"] * 7)
    numbers = [0] * 10 + [5, 0, 0, 1, 6]
    writer.writerow(["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9)
    writer.writerow([""] * 5 + ["未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""])
    writer.writerow(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3)
    writer.writerow(numbers)
    table3, _, table4 = out.getvalue().partition("行政复议")
    text = ("某区某局2020年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n" + table3
            + "四、政府信息公开行政复议、行政诉讼情况\n行政复议" + table4 + "五、存在的主要问题及改进情况\n无。\n")
    read = build_pipeline(tagger="rules")(from_string(text))
    review = read.tables["review_litigation"]
    assert [review[g][c]["value"] for g in REVIEW_GROUPS for c in REVIEW_COLUMN_KEYS] == numbers
    applications = read.tables["applications"]
    assert all(cell["value"] == 0 for row, cells in applications.items() if row != "unable_not_held"
               for cell in cells.values())
    assert not any(cell.get("value") is not None for cell in applications.get("unable_not_held", {}).values())
    assert any("unable_not_held" in r and "conversion lost" in r for r in read.review["reasons"]), read.review["reasons"]
