"""`gdr extract` then `gdr compare` on generated multi-year series with planted breaks (issue 14 done-when).

The reports are generated text (every text layout family, noise included) and read by the
real pipeline; the gold is what ``synth.series`` planted, never the output of the checks.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from gdr_nlp.cli import main
from gdr_nlp.compare import agency_key
from gdr_nlp.synth import BINARY_LAYOUTS
from gdr_nlp.synth.render import TEXT_LAYOUTS
from gdr_nlp.synth.series import Series, generate_series, write_series


def _extract_and_compare(series: Series, tmp_path: Path) -> tuple[dict, int]:
    write_series(series, tmp_path / "series")
    assert main(["extract", str(tmp_path / "series" / "files"), "-o", str(tmp_path / "out"), "--tagger", "rules"]) == 0
    rc = main(["compare", str(tmp_path / "out"), "-o", str(tmp_path / "cmp")])
    return json.loads((tmp_path / "cmp" / "compare.json").read_text(encoding="utf-8")), rc


def _failures(result: dict) -> set[tuple[str, str, tuple[int, int]]]:
    return {(c["id"], agency_key(c["agency"]), (c["years"][0], c["years"][1])) for c in result["checks"] if c["status"] == "fail"}


@pytest.mark.issue(14)
def test_fifty_agencies_every_planted_break_found_and_nothing_else(tmp_path: Path) -> None:
    series = generate_series(50, seed=14, layouts=tuple(TEXT_LAYOUTS))
    kinds = {b["kind"] for b in series.breaks if b["checks"]}
    assert kinds == {"continuity", "stock", "narrative"} and len(series.expected_failures()) >= 40
    result, rc = _extract_and_compare(series, tmp_path)
    assert rc == 0
    assert result["summary"]["agencies"] == 50  # 人民政府/政府 and 街道/街道办事处 spellings grouped
    assert any(len(a["names"]) > 1 for a in result["agencies"])
    assert result["summary"]["reports"] == len(series.docs) and not result["unplaced"]
    assert _failures(result) == series.expected_failures()
    # the true year-over-year sentences are found and pass
    passed = {(c["id"], agency_key(c["agency"]), tuple(c["years"])) for c in result["checks"] if c["status"] == "pass"}
    assert series.expected_passing_claims() and series.expected_passing_claims() <= passed


@pytest.mark.issue(14)
def test_binary_formats_series_and_outputs(tmp_path: Path) -> None:
    """HTML, DOCX and PDF reports of a few agencies; then the CSV (BOM) and the per-agency sheets."""
    series = generate_series(4, seed=3, break_rate=0.5, layouts=BINARY_LAYOUTS)
    assert series.expected_failures()
    result, rc = _extract_and_compare(series, tmp_path)
    assert rc == 0
    assert _failures(result) == series.expected_failures()
    raw = (tmp_path / "cmp" / "compare.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert len(rows) == len(result["checks"]) and {r["status"] for r in rows} >= {"pass", "fail"}
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "cmp" / "compare.xlsx")
    assert len(wb.sheetnames) == 1 + 4  # checks + one per agency
    for entry in result["agencies"]:
        sheet = next(wb[n] for n in wb.sheetnames if n != "checks" and wb[n]["B1"].value == entry["agency"])
        years = [c.value for c in sheet[2][1:]]
        assert years == sorted(int(y) for y in entry["years"])
        carried = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "表三 结转下年度 总计")
        doc = {d.year: d for d in series.docs if agency_key(d.agency) == agency_key(entry["agency"])}
        assert list(carried[1:]) == [doc[y].tables.gold[("applications", "carried_forward", "total")]["value"] for y in years]
