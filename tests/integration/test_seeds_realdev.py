"""Every gold cell of the seeds (hand transcription) and realdev (verified values), end to end.

Runs ingest → RuleTagger → reconcile_sections → reconcile_tables → run_table_checks, the
table path only, so a problem in another stage does not hide one here (test_cli covers
the whole pipeline).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gdr_nlp.check.rules import run_table_checks
from gdr_nlp.document import ReportDocument
from gdr_nlp.ingest import load
from gdr_nlp.reconcile.sections import reconcile_sections
from gdr_nlp.reconcile.tables import reconcile_tables
from gdr_nlp.scoring import score_tables
from gdr_nlp.tag.rules import RuleTagger
from tests.conftest import FIXTURES, REALDEV, REPO

SEED_GOLD = [json.loads(line) for line in (REPO / "annotations/seeds.jsonl").read_text(encoding="utf-8").splitlines()]
REALDEV_GOLD = sorted(REALDEV.glob("*.gold.json")) if REALDEV.is_dir() else []
SECTION_ORDER = ["overview", "proactive", "applications", "review_litigation", "problems", "other"]


def _process(path: Path) -> ReportDocument:
    doc = load(path)
    RuleTagger()(doc)
    reconcile_sections(doc)
    reconcile_tables(doc)
    doc.checks = run_table_checks(doc)
    return doc


@pytest.fixture(scope="module")
def seeds() -> dict[str, ReportDocument]:
    return {p.name[:3]: _process(p) for p in sorted(FIXTURES.glob("0*_*.txt"))}


def _assert_doc(doc: ReportDocument, tables: dict, report: dict) -> None:
    score = score_tables(doc.tables, tables)
    assert score.mismatches == [] and score.extra == 0
    assert doc.report["format_version"] == report["format_version"]
    assert sorted(doc.report["variants"]) == sorted(report["variants"])
    # the sources are consistent, so every assessable check passes
    assert [c["id"] for c in doc.checks if c["status"] == "fail"] == []
    assert sum(c["status"] == "pass" for c in doc.checks) >= 25


@pytest.mark.parametrize("gold", SEED_GOLD, ids=[g["id"] for g in SEED_GOLD])
def test_seed_tables_match_hand_transcription(gold: dict) -> None:
    doc = _process(FIXTURES / gold["source"])
    assert doc.text == gold["text"]
    _assert_doc(doc, gold["gold"]["tables"], gold["gold"]["report"])
    for field in ("title", "agency", "year"):
        assert doc.report[field] == gold["gold"]["report"][field]
    got = [(s["key"], s["heading"], s["start"], s["end"]) for s in doc.sections]
    assert got == [(s["key"], s["heading"], s["start"], s["end"]) for s in gold["gold"]["sections"]]
    for key, rows in gold["gold"]["tables"].items():
        for row, cols in rows.items():
            for col, cell in cols.items():
                assert doc.tables[key][row][col]["span"] == cell["span"], (key, row, col)


def _v(doc: ReportDocument, table: str, row: str, col: str) -> object:
    cell = doc.tables[table][row][col]
    return cell["value"] if cell["kind"] == "number" else cell["kind"]


def test_seed_000_cells_read_off_the_text(seeds: dict[str, ReportDocument]) -> None:
    doc = seeds["000"]
    assert [_v(doc, "proactive", "normative_documents", c) for c in ("new_made", "new_published", "total_published")] == [8, 8, 95]
    assert _v(doc, "proactive", "procurement", "projects") == 1
    amount = doc.tables["proactive"]["procurement"]["amount"]
    assert (amount["value"], amount["unit"], amount["raw"]) == (91.82, "万元", "91.82万元")
    assert _v(doc, "applications", "new_received", "natural_person") == 8
    assert _v(doc, "applications", "new_received", "total") == 8
    assert _v(doc, "review_litigation", "review", "corrected") == 1
    assert _v(doc, "review_litigation", "review", "total") == 1
    assert doc.report["agency"] == "重庆市涪陵区人民政府机关"


def test_seed_002_blank_cells_and_total_only_rows(seeds: dict[str, ReportDocument]) -> None:
    doc = seeds["002"]
    apps = doc.tables["applications"]
    assert _v(doc, "applications", "new_received", "total") == 0
    assert [_v(doc, "applications", "new_received", c) for c in ("natural_person", "commercial", "other_org")] == ["empty"] * 3
    assert all(cell["kind"] == "empty" for cell in apps["granted"].values())
    assert doc.sections[1]["heading"] == "主动公开政府信息情况"  # the bare heading, not （二） under 一
    assert doc.report["agency"] == "环翠区信访局"
    assert any("procurement.amount" in w for w in doc.warnings)  # no unit in the source


def test_seed_004_zeros_and_truncated_header(seeds: dict[str, ReportDocument]) -> None:
    doc = seeds["004"]
    assert "本年新" in doc.text and "本年新制作数量" not in doc.text
    assert [_v(doc, "proactive", "regulations", c) for c in ("new_made", "new_published", "total_published")] == [0, 0, 0]
    numbers = [c["value"] for t in doc.tables.values() for row in t.values() for c in row.values() if c["kind"] == "number"]
    assert len(numbers) > 150 and set(numbers) == {0}


@pytest.mark.parametrize("gold_path", REALDEV_GOLD, ids=[p.stem for p in REALDEV_GOLD])
def test_realdev_every_gold_cell(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    doc = _process(gold_path.with_name(gold["file"]))
    _assert_doc(doc, gold["tables"], gold)
    assert doc.report["year"] == gold["year"]
    assert doc.report["agency"] == gold["agency"]
    assert [s["key"] for s in doc.sections] == SECTION_ORDER
    pages = {c["page"] for t in doc.tables.values() for row in t.values() for c in row.values()}
    assert None not in pages


def test_realdev_present_or_skipped(realdev: Path) -> None:
    assert len(REALDEV_GOLD) >= 2
