"""The review verdict and cell confidence (CONTRACT.md 1.1) on the seeds, realdev and damaged seeds.

The damage is what real copies do to a report: a row lost, a total mistyped, a row label
garbled, a table cut off. Each must either read right or say so in ``review``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gdr_nlp.check.review import LOW_CONFIDENCE
from gdr_nlp.document import ReportDocument
from gdr_nlp.pipeline import build_pipeline
from gdr_nlp.scoring import score_tables
from tests.conftest import FIXTURES, REALDEV, REPO

SEED_GOLD = {json.loads(line)["source"]: json.loads(line)
             for line in (REPO / "annotations/seeds.jsonl").read_text(encoding="utf-8").splitlines()}
SEED = FIXTURES / "000_78cf330bb6c558ff.txt"
REAL = [*sorted(FIXTURES.glob("0*_*.txt")), *(sorted(REALDEV.glob("*.pdf")) if REALDEV.is_dir() else [])]


@pytest.fixture(scope="module")
def pipeline():  # type: ignore[no-untyped-def]
    return build_pipeline(tagger="rules")


def _cells(doc: ReportDocument) -> dict[str, dict]:
    return {f"{t}.{r}.{c}": cell for t, rows in doc.tables.items() for r, cols in rows.items() for c, cell in cols.items()}


def _gold(path: Path) -> dict:
    if path.suffix == ".pdf":
        return json.loads(path.with_suffix("").with_suffix(".gold.json").read_text(encoding="utf-8"))["tables"]
    return SEED_GOLD[path.name]["gold"]["tables"]


def _damaged(pipeline, text: str, tmp_path: Path) -> ReportDocument:  # type: ignore[no-untyped-def]
    path = tmp_path / "damaged.txt"
    path.write_text(text, encoding="utf-8")
    return pipeline.process(path)


@pytest.mark.parametrize("path", REAL, ids=[p.name for p in REAL])
def test_real_reports_read_right_complete_and_unflagged(path: Path) -> None:
    doc = build_pipeline(tagger="auto").process(path)
    assert score_tables(doc.tables, _gold(path)).mismatches == []
    assert doc.review == {"needed": False, "reasons": []}
    completeness = {c["id"]: c for c in doc.checks if c["id"].startswith("completeness.")}
    assert sorted(completeness) == ["completeness.applications", "completeness.proactive", "completeness.review_litigation"]
    assert all(c["status"] == "pass" and c["lhs"] == c["rhs"] > 0 and c["cells"] == [] for c in completeness.values())
    assert min(cell["confidence"] for cell in _cells(doc).values()) >= LOW_CONFIDENCE


def test_a_lost_row_fails_completeness_and_no_check_passes_without_its_cells(pipeline, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = SEED.read_text(encoding="utf-8")
    # the （一）予以公开 label line and its seven one-per-line numbers, gone as a careless copy loses them
    damaged = re.sub(r"\t（一）予以公开\n(?:\t\d+\n){7}", "", text, count=1)
    assert damaged != text
    doc = _damaged(pipeline, damaged, tmp_path)
    check = next(c for c in doc.checks if c["id"] == "completeness.applications")
    assert check["status"] == "fail" and check["rhs"] - check["lhs"] == 7
    assert sorted(check["cells"]) == sorted(f"applications.granted.{c}" for c in
                                            ("natural_person", "commercial", "research", "social_org",
                                             "legal_service", "other_org", "total"))
    cells = _cells(doc)
    for c in doc.checks:
        if c["status"] == "pass" and not c["id"].startswith("completeness."):
            assert all(ref in cells for ref in c["cells"]), c["id"]
    assert doc.review["needed"]
    assert any("表三 (applications): 7 of" in r and "granted.natural_person" in r for r in doc.review["reasons"])
    # the label went with the numbers: the reason says the conversion lost that text
    assert any("labels are not in the text either (granted)" in r for r in doc.review["reasons"])


def test_a_row_whose_numbers_alone_are_lost_is_not_said_to_have_lost_its_label(pipeline, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = SEED.read_text(encoding="utf-8")
    damaged, n = re.subn(r"(\t（一）予以公开\n)(?:\t\d+\n){7}", r"\g<1>", text, count=1)
    assert n == 1
    doc = _damaged(pipeline, damaged, tmp_path)
    reason = next(r for r in doc.review["reasons"] if r.startswith("表三 (applications)"))
    assert "granted.natural_person" in reason
    assert not any(word in reason for word in ("not in the text either", "placeholder", "run together"))


def test_a_converters_table_placeholder_is_named_as_the_reason(pipeline, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """pandoc -t plain writes "[TABLE]" for a table it cannot draw: the user is told to use another converter."""
    text = SEED.read_text(encoding="utf-8")
    start, end = text.index("四、政府信息公开行政复议"), text.index("五、存在的主要问题")
    heading = text[start:].split("\n", 1)[0]
    doc = _damaged(pipeline, text[:start] + heading + "\n\n[TABLE]\n\n" + text[end:], tmp_path)
    reason = next(r for r in doc.review["reasons"] if r.startswith("表四 (review_litigation) not found"))
    assert "placeholder '[TABLE]' under its heading" in reason and "another converter" in reason
    assert not any("placeholder" in r for r in doc.review["reasons"] if not r.startswith("表四"))


def test_a_mistyped_total_is_kept_flagged_and_its_cell_loses_confidence(pipeline, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = SEED.read_text(encoding="utf-8")
    # 一、本年新收: 8 0 0 0 0 0 8 → total printed as 9
    damaged, n = re.subn(r"(一、本年新收政府信息公开申请数量\n\t8\n(?:\t0\n){5})\t8\n", r"\g<1>\t9\n", text, count=1)
    assert n == 1
    doc = _damaged(pipeline, damaged, tmp_path)
    cell = doc.tables["applications"]["new_received"]["total"]
    assert (cell["value"], cell["raw"]) == (9, "9")  # the source's value stays
    failing = [c for c in doc.checks if c["status"] == "fail"]
    assert "applications.row_sum.new_received" in {c["id"] for c in failing}
    assert doc.review["needed"]
    assert any("table check(s) fail" in r and "applications.row_sum.new_received" in r for r in doc.review["reasons"])
    suggested = {c["suggestion"]["cell"] for c in failing if c.get("suggestion")}
    cells = _cells(doc)
    assert all(cells[ref]["confidence"] <= 0.3 for ref in suggested)
    untouched = cells["applications.carried_over.natural_person"]
    assert untouched["confidence"] >= 0.9


def test_a_garbled_row_label_lowers_its_rows_confidence_only(pipeline, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = SEED.read_text(encoding="utf-8")
    damaged = text.replace("（一）予以公开\n", "（一）予以公幵\n", 1)  # an OCR look-alike, matched by row order
    doc = _damaged(pipeline, damaged, tmp_path)
    assert score_tables(doc.tables, SEED_GOLD[SEED.name]["gold"]["tables"]).mismatches == []
    granted = [c["confidence"] for c in doc.tables["applications"]["granted"].values()]
    partial = [c["confidence"] for c in doc.tables["applications"]["partial"].values()]
    assert max(granted) < min(partial)
    assert min(granted) >= LOW_CONFIDENCE  # the arithmetic and the row order agree: not worth a person's minute
    assert not doc.review["needed"]


def test_a_table_cut_off_is_named(pipeline, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = SEED.read_text(encoding="utf-8")
    start = text.index("四、政府信息公开行政复议")
    cut = text[:start].rsplit("\n", 1)[0] + "\n"  # the copy ends where 表四 would begin
    doc = _damaged(pipeline, cut, tmp_path)
    assert doc.review["needed"]
    assert any(r.startswith("表四 (review_litigation) not found") for r in doc.review["reasons"])


def test_taggers_disagreeing_on_a_cell_lower_its_confidence(tmp_path: Path) -> None:
    from gdr_nlp.check.review import assess_review

    doc = build_pipeline(tagger="rules").process(SEED)
    other = json.loads(json.dumps(doc.tables))
    other["applications"]["granted"]["total"]["value"] = 7  # the model's reading of one cell
    doc.layer_tables = {"rule": doc.tables, "model": other}
    for cols in (c for rows in doc.tables.values() for c in rows.values()):
        for cell in cols.values():
            cell["confidence"] = 0.98
    assess_review(doc)
    assert doc.tables["applications"]["granted"]["total"]["confidence"] == 0.75
    assert doc.tables["applications"]["granted"]["natural_person"]["confidence"] > 0.9
    assert not doc.review["needed"]  # the arithmetic holds for the kept reading: lower, not flagged


@pytest.mark.parametrize("name", ["hongze2024", "huaian2024"])
def test_pymupdf4llm_markdown_of_realdev_reads_right_unflagged(name: str, tmp_path: Path) -> None:
    """pymupdf4llm repeats a merged cell's text in every column it spans (|行政许可|9487|9487|9487|)
    and turns the "- 2 -" footer into a list item "- 2": one cell, and no cell at all."""
    pymupdf4llm = pytest.importorskip("pymupdf4llm")
    if not hasattr(pymupdf4llm, "to_markdown"):
        pytest.skip("pymupdf4llm is an empty stub here")
    pdf = REALDEV / f"{name}.pdf"
    if not pdf.is_file():
        pytest.skip("../shared/realdev is absent")
    md = tmp_path / f"{name}.md"
    md.write_text(pymupdf4llm.to_markdown(str(pdf)), encoding="utf-8")
    doc = build_pipeline(tagger="auto").process(md)
    assert score_tables(doc.tables, _gold(pdf)).mismatches == []
    assert doc.review == {"needed": False, "reasons": []}


def _converted(route: str, tmp_path: Path, index: int = 1) -> tuple[Path, dict]:
    """A generated report (seed 1010, which no benchmark uses) through a real converter route."""
    from gdr_nlp.synth import BINARY_LAYOUTS, generate_one
    from gdr_nlp.synth.convert import available
    from gdr_nlp.synth.routes import renderer_available, run_route

    renderer, _, family = route.partition(">")
    if not available(family) or not renderer_available(renderer):
        pytest.skip(f"{route}: a tool is not installed here")
    doc = generate_one(index, seed=1010, layouts=BINARY_LAYOUTS)
    return run_route(route, doc, tmp_path), doc.gold()["tables"]


def test_docx2python_repeated_merged_cells_read_once_without_false_alarms(pipeline, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """docx2python writes a merged cell's text in every grid position it covers, one cell a line:
    表二's single-value rows under a header repeated as often. One cell, taken once, no note; a
    repeated copy changed to another number is still a number that fits no cell."""
    path, gold = _converted("docx_official>docx2python_text", tmp_path)
    text = path.read_text(encoding="utf-8")
    header = re.search(r"(本年处理决定数量\n+){3}行政许可\n+(\d+)\n+(\d+)\n+(\d+)\n", text)
    assert header is not None and header.group(2) == header.group(3) == header.group(4)  # the converter's repeat
    doc = pipeline.process(path)
    assert score_tables(doc.tables, gold).mismatches == []
    assert not [r for r in doc.review["reasons"] if r.startswith("proactive.")]

    value = header.group(4)
    changed = text[: header.start(4)] + str(int(value) + 7) + text[header.end(4) :]
    doc = _damaged(pipeline, changed, tmp_path)
    assert any(r.startswith("proactive.licensing:") and "fit no cell" in r and repr(str(int(value) + 7)) in r
               for r in doc.review["reasons"])
    # the same values without the header repeated the same way: nothing says a converter repeated them
    once = re.sub(r"(本年处理决定数量\n+){3}行政许可", "本年处理决定数量\n\n行政许可", text, count=1)
    doc = _damaged(pipeline, once, tmp_path)
    assert any(r.startswith("proactive.licensing:") and "fit no cell" in r for r in doc.review["reasons"])


def test_cells_run_together_are_cut_by_the_sums_or_named_as_the_reason(pipeline, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """lxml's text_content() joins table cells with nothing between (…数量0111000021二、…): cut into
    cells where the arithmetic leaves one cut (every cell here); a 表二 run longer than its row's
    cells is not cut, and the reasons say the cells run together instead of calling the report a
    blank template (tests/integration/test_glued_cells.py has the rest)."""
    path, gold = _converted("html_official>lxml_text", tmp_path)
    doc = pipeline.process(path)
    assert score_tables(doc.tables, gold).mismatches == []
    text = path.read_text(encoding="utf-8")
    run = re.search(r"规章(\d{3})行政规范性文件", text)
    assert run is not None
    doc = _damaged(pipeline, text[: run.start(1)] + "2010" + text[run.end(1) :], tmp_path)
    reasons = doc.review["reasons"]
    assert any(r.startswith("表二 (proactive)") and "run together with no separator" in r for r in reasons)
    assert not any("blank template" in r for r in reasons)


def test_a_table_catdoc_loses_is_said_to_be_lost_in_conversion(pipeline, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """catdoc drops text of LibreOffice's Word 97 file (LibreOffice reads the file back whole): the
    rows it lost are missing from the text, labels and all, and the reason says so."""
    path, _ = _converted("docx>catdoc_doc", tmp_path)
    doc = pipeline.process(path)
    assert any(r.startswith("表二 (proactive)") and "labels are not in the text either" in r for r in doc.review["reasons"])


def test_docx2python_2019_grid_with_one_column_merged_over_two_reads_each_once(pipeline, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A 2019 表二 row of two columns whose second is merged over two grid positions (上一年项目数量
    本年增/减 本年增/减 over ``0 2 2``): the header's grid places both, with no note; the second
    position holding another number is no repeat and stays flagged."""
    path, gold = _converted("docx_official>docx2python_text", tmp_path, index=26)
    text = path.read_text(encoding="utf-8")
    row = re.search(r"(本年增/减\n+){2}行政事业性收费\n+(\d+)\n+(\d+)\n+(\d+)\n", text)
    assert row is not None and row.group(3) == row.group(4) != row.group(2)
    doc = pipeline.process(path)
    assert score_tables(doc.tables, gold).mismatches == []
    assert not [r for r in doc.review["reasons"] if r.startswith("proactive.")]

    changed = text[: row.start(4)] + str(int(row.group(4)) + 3) + text[row.end(4) :]
    doc = _damaged(pipeline, changed, tmp_path)
    assert any(r.startswith("proactive.fees:") for r in doc.review["reasons"])
