"""Every gold cell of the seeds (hand transcription) and realdev (verified values), end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gdr_nlp.pipeline import build_pipeline
from gdr_nlp.scoring import score_tables
from tests.conftest import FIXTURES, REALDEV, REPO

SEED_GOLD = [json.loads(line) for line in (REPO / "annotations/seeds.jsonl").read_text(encoding="utf-8").splitlines()]
REALDEV_GOLD = sorted(REALDEV.glob("*.gold.json")) if REALDEV.is_dir() else []


@pytest.fixture(scope="module")
def pipeline():
    return build_pipeline(tagger="rules")


def _assert_doc(doc, tables, report) -> None:
    score = score_tables(doc.tables, tables)
    assert score.mismatches == [] and score.extra == 0
    assert doc.report["format_version"] == report["format_version"]
    assert sorted(doc.report["variants"]) == sorted(report["variants"])
    # the sources are consistent, so every assessable check passes
    assert [c["id"] for c in doc.checks if c["status"] == "fail"] == []
    assert sum(c["status"] == "pass" for c in doc.checks) >= 25


@pytest.mark.parametrize("gold", SEED_GOLD, ids=[g["id"] for g in SEED_GOLD])
def test_seed_tables_match_hand_transcription(pipeline, gold) -> None:
    doc = pipeline.process(FIXTURES / gold["source"])
    assert doc.text == gold["text"]
    _assert_doc(doc, gold["gold"]["tables"], gold["gold"]["report"])
    assert doc.report["agency"] == gold["gold"]["report"]["agency"]
    assert doc.report["year"] == gold["gold"]["report"]["year"]
    assert [(s["key"], s["start"]) for s in doc.sections] == [(s["key"], s["start"]) for s in gold["gold"]["sections"]]


@pytest.mark.parametrize("gold_path", REALDEV_GOLD, ids=[p.stem for p in REALDEV_GOLD])
def test_realdev_every_gold_cell(pipeline, gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    doc = pipeline.process(gold_path.with_name(gold["file"]))
    _assert_doc(doc, gold["tables"], gold)
    assert doc.report["year"] == gold["year"]
    assert doc.report["agency"] == gold["agency"]
    assert [s["key"] for s in doc.sections] == ["overview", "proactive", "applications", "review_litigation", "problems", "other"]


def test_realdev_present_or_skipped(realdev: Path) -> None:
    assert len(REALDEV_GOLD) >= 2
