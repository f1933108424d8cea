"""Outputs an analyst opens (#11): the xlsx in the official grid, CSVs Excel and csv.DictReader read alike."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from gdr_nlp.cli import main
from tests.conftest import SEED_FILES

pytestmark = pytest.mark.issue(11)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("out")
    assert main(["extract", *map(str, SEED_FILES), "-o", str(folder), "-f", "csv", "-f", "xlsx", "--tagger", "rules"]) == 0
    return folder


def _merged(ws) -> set[str]:  # type: ignore[no-untyped-def]
    return {str(r) for r in ws.merged_cells.ranges}


def test_xlsx_is_the_official_grid(out: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(out / f"{SEED_FILES[0].stem}.xlsx")
    assert wb.sheetnames == ["复核 review", "表二 主动公开", "表三 依申请", "表四 复议诉讼", "检查 checks", "指标 metrics"]
    for ws in wb.worksheets:  # agency and year on every sheet, the review verdict near the top
        assert ws["A2"].value == "机关 Agency" and ws["B2"].value == "重庆市涪陵区人民政府机关" and ws["D2"].value == 2020
        assert ws["A3"].value == "需要复核 Review" and ws["B3"].value in ("no",) or ws["B3"].value.startswith("yes")
        assert ws["A1"].font.bold
    # 表二: each 第二十条第（X）项 group heads its own header row and rows (seed 000 is the 2019 format)
    t2 = wb["表二 主动公开"]
    col_a = [c.value for c in t2["A"]]
    for caption in ("第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项", "第二十条第（九）项"):
        at = col_a.index(caption) + 1
        assert f"A{at}:D{at}" in _merged(t2) and t2.cell(at, 1).font.bold
        assert t2.cell(at + 1, 1).value == "信息内容" and t2.cell(at + 1, 2).font.bold
    assert [c.value for c in t2[col_a.index("规范性文件") + 1]][:4] == ["规范性文件", 8, 8, 95]
    # 表三: 三、本年度办理结果 spans every result row; （三）不予公开 spans its eight items
    t3 = wb["表三 依申请"]
    a = {c.value: c.row for c in t3["A"] if c.value}
    b = {c.value: c.row for c in t3["B"] if c.value}
    first, total = a["三、本年度办理结果"], b["（七）总计"]
    assert f"A{first}:A{total}" in _merged(t3)
    g3 = b["（三）不予公开"]
    assert f"B{g3}:B{g3 + 7}" in _merged(t3) and t3.cell(g3 + 7, 3).value == "8.属于行政查询事项"
    assert t3.cell(a["一、本年新收政府信息公开申请数量"], 10).value == 8  # 总计 column
    assert t3.column_dimensions["C"].width > 30
    # 表四: 行政复议 5 + 行政诉讼 (未经复议直接起诉 5 + 复议后起诉 5), one row of 15 values
    t4 = wb["表四 复议诉讼"]
    assert {"A5:E5", "F5:O5", "F6:J6", "K6:O6"} <= _merged(t4)
    assert [c.value for c in t4[6]][:6] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉"]
    values = [c.value for c in t4[8]]
    assert len(values) == 15 and all(isinstance(v, int) for v in values)
    # checks in Chinese and English
    checks = wb["检查 checks"]
    header = [c.value for c in checks[5]]
    assert header[:4] == ["编号 id", "状态 status", "规则 rule (中文)", "rule (English)"]
    balance = next(r for r in checks.iter_rows(min_row=6, values_only=True) if r[0].startswith("applications.balance"))
    assert balance[1] == "通过 pass" and "勾稽关系" in balance[2] and "new_received" in balance[3]


def test_xlsx_bytes_are_reproducible(out: Path, tmp_path: Path) -> None:
    assert main(["extract", str(SEED_FILES[0]), "-o", str(tmp_path), "-f", "xlsx", "--tagger", "rules"]) == 0
    name = f"{SEED_FILES[0].stem}.xlsx"
    assert (tmp_path / name).read_bytes() == (out / name).read_bytes()


@pytest.mark.parametrize("name", ["cells.csv", "metrics.csv"])
def test_csvs_one_encoding_with_bom_and_one_span_style(out: Path, name: str) -> None:
    raw = (out / name).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the Chinese only with it
    with open(out / name, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and list(rows[0])[0] == "file"  # no \ufefffile
    assert {"start", "end"} <= set(rows[0]) and "span" not in rows[0]
    assert {Path(r["file"]).name for r in rows} == {p.name for p in SEED_FILES}


def test_cells_csv_has_chinese_labels_and_review(out: Path) -> None:
    with open(out / "cells.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_key = {(r["table"], r["row"], r["column"]): r for r in rows if r["file"].endswith(SEED_FILES[0].name)}
    cell = by_key[("applications", "denied_state_secret", "natural_person")]
    assert cell["row_label"] == "（三）不予公开 1.属于国家秘密" and cell["column_label"] == "自然人"
    assert cell["table_label"].startswith("表三")
    assert by_key[("review_litigation", "litigation_direct", "upheld")]["row_label"] == "未经复议直接起诉"
    assert {r["review"] for r in rows} <= {"no"} | {r["review"] for r in rows if r["review"].startswith("yes: ")}
