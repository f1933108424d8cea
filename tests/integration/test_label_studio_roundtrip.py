"""Label Studio round trip of unedited proposals (#11): export with predictions, accept them all, import, validate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gdr_nlp.annotations.label_studio import export_label_studio, import_label_studio, pipeline_predictor
from gdr_nlp.annotations.validate import validate
from tests.conftest import REALDEV, SEED_FILES

pytestmark = pytest.mark.issue(11)
REPORTS = [*SEED_FILES, *sorted(REALDEV.glob("*.pdf"))]


@pytest.fixture(scope="module")
def predict():  # type: ignore[no-untyped-def]
    return pipeline_predictor(tagger="rules")


@pytest.mark.parametrize("report", REPORTS, ids=[p.name for p in REPORTS])
def test_accepted_proposals_validate_cleanly(report: Path, tmp_path: Path, predict) -> None:  # type: ignore[no-untyped-def]
    tasks_path = tmp_path / "tasks.json"
    assert export_label_studio(report, tasks_path, predict=predict, model_version="gdr-rules") == 1
    tasks = json.loads(tasks_path.read_text(encoding="utf-8"))
    prediction = tasks[0]["predictions"][0]
    assert 0.0 < prediction["score"] <= 1.0
    assert all("score" in r for r in prediction["result"] if r["type"] == "labels")
    # what Label Studio exports when a person accepts every proposal unchanged
    tasks[0]["annotations"] = [{"result": prediction["result"], "was_cancelled": False}]
    tasks_path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "back.jsonl"
    assert import_label_studio(tasks_path, out) == 1
    assert validate(out) == []
    doc = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert len(doc["spans"]) == sum(1 for r in prediction["result"] if r["type"] == "labels")


def test_hybrid_proposals_validate_cleanly(tmp_path: Path) -> None:
    """The model tags spans without attributes; its proposals get the required ones or are left out."""
    tasks_path = tmp_path / "tasks.json"
    export_label_studio(SEED_FILES[0], tasks_path, predict=pipeline_predictor(tagger="hybrid"), model_version="gdr-hybrid")
    tasks = json.loads(tasks_path.read_text(encoding="utf-8"))
    tasks[0]["annotations"] = [{"result": tasks[0]["predictions"][0]["result"]}]
    tasks_path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    assert import_label_studio(tasks_path, tmp_path / "back.jsonl") == 1
    assert validate(tmp_path / "back.jsonl") == []
