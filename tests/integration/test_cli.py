"""`gdr extract` end to end, in-process: outputs, the contract shape, bad input, batches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gdr_nlp.cli import main
from tests.conftest import SEED_FILES

TOP_KEYS = {"contract", "source", "report", "sections", "tables", "metrics", "checks", "review", "warnings"}  # review: contract 1.1
CELL_KEYS = {"value", "raw", "kind", "unit", "span", "page", "confidence"}


def test_extract_writes_contract_json_and_text(tmp_path: Path) -> None:
    seed = SEED_FILES[0]
    rc = main(["extract", str(seed), "-o", str(tmp_path), "--emit-text"])
    assert rc == 0
    result = json.loads((tmp_path / f"{seed.stem}.json").read_text(encoding="utf-8"))
    text = (tmp_path / f"{seed.stem}.txt").read_text(encoding="utf-8")
    assert set(result) == TOP_KEYS
    assert result["contract"] == "gdr-report/1"
    assert result["source"]["media_type"] == "text/plain"
    assert set(result["tables"]) == {"proactive", "applications", "review_litigation"}
    # Every cell is traceable: its span in the emitted text holds a source rendering of the value.
    for rows in result["tables"].values():
        for cols in rows.values():
            for cell in cols.values():
                assert CELL_KEYS <= set(cell)
                if cell["kind"] == "number":
                    start, end = cell["span"]
                    assert text[start:end].strip(), cell
    for section in result["sections"]:
        assert section["heading"].strip() in text[section["start"] : section["end"]]


def test_single_file_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["extract", str(SEED_FILES[1])])
    assert rc == 0
    result = json.loads(capsys.readouterr().out)
    assert result["report"]["format_version"] == "2019"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("empty.txt", b"", "E002"),
        ("blank.txt", b"   \n\n  ", "E002"),
        ("binary.txt", bytes(range(256)) * 20, "E008"),
        ("corrupt.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage", "E006"),
        ("corrupt.docx", b"PK\x03\x04 this is not a zip at all", "E006"),
        ("notes.txt", "今天天气很好，我们去公园散步。".encode(), "E009"),
        ("report.xyz", b"\x00\x01\x02\x03 binary blob", "E003"),
    ],
)
def test_bad_single_input_one_line_error_no_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, code: str
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    out = tmp_path / "out"
    rc = main(["extract", str(bad), "-o", str(out)])
    err = capsys.readouterr().err
    assert rc == 1
    first = err.strip().splitlines()[0]
    assert first.startswith(f"[{code}]") and name in first, err
    assert "Traceback" not in err
    # no output, not even a partial file: only the run manifest and the failure list
    assert sorted(p.name for p in out.iterdir()) == ["failures.json", "run.json"]
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert manifest["failed"] == 1 and manifest["reports"][0]["code"] == code


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rc = main(["extract", str(tmp_path / "nope.txt")])
    assert rc == 1
    assert capsys.readouterr().err.startswith("[E001]")


def test_batch_goes_on_after_a_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in SEED_FILES:
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.json").write_text("{}", encoding="utf-8")  # nothing already written is lost
    rc = main(["extract", str(folder), "-o", str(out), "--format", "json", "--format", "csv"])
    err = capsys.readouterr().err
    assert rc == 3
    assert sorted(p.stem for p in out.glob("0*.json")) == sorted(s.stem for s in SEED_FILES)
    failures = json.loads((out / "failures.json").read_text(encoding="utf-8"))
    assert [f["code"] for f in failures] == ["E006"] and failures[0]["path"].endswith("broken.pdf")
    assert (out / "keep.json").read_text(encoding="utf-8") == "{}"
    assert not list(out.glob("*.part")) and not list(out.glob(".*.part"))
    assert "4 files, 1 failed" in err
    assert (out / "cells.csv").read_text(encoding="utf-8").count("\n") > 3 * 40


def test_xlsx_export_readable(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    rc = main(["extract", str(SEED_FILES[0]), "-o", str(tmp_path), "--format", "xlsx"])
    assert rc == 0
    wb = load_workbook(tmp_path / f"{SEED_FILES[0].stem}.xlsx")
    assert wb.sheetnames[1:4] == ["表二 主动公开", "表三 依申请", "表四 复议诉讼"]
    rows = {r[0]: r[1:] for r in wb["表二 主动公开"].iter_rows(values_only=True)}
    assert rows["规范性文件"][:3] == (8, 8, 95)  # seed 000 as printed in its 表二
