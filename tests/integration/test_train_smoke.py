"""`gdr train --smoke` plumbing: seed gold + a few generated reports -> tiny model folder + metrics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import REPO

pytest.importorskip("gdr_nlp.synth")


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    from gdr_nlp.train import train

    out = tmp_path_factory.mktemp("smoke")
    return out, train(REPO / "annotations", out=out, smoke=True)


def test_model_folder_is_complete_and_loads(smoke_run: tuple[Path, dict]) -> None:
    from gdr_nlp.tag.tagger import ModelTagger

    _out, result = smoke_run
    model_dir = Path(result["model_dir"])
    for name in ("config.json", "model.safetensors", "tokenizer.json", "tagger.json", "labels.json", "train_info.json"):
        assert (model_dir / name).is_file(), name
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    assert config["id2label"]["0"] == "O" and len(config["id2label"]) == 19
    assert ModelTagger(model_dir).id2label[1] == "B-TITLE"


def test_seed_gold_is_in_train_split(smoke_run: tuple[Path, dict]) -> None:
    _, result = smoke_run
    seeds = sum(1 for line in (REPO / "annotations" / "seeds.jsonl").read_text(encoding="utf-8").splitlines() if line)
    assert result["train"]["documents"]["train"] > seeds
    assert result["train"]["steps"] == 30


@pytest.mark.parametrize("split", ["dev", "test"])
def test_metrics_files_have_span_scores(smoke_run: tuple[Path, dict], split: str) -> None:
    out, _ = smoke_run
    metrics = json.loads((out / "metrics" / f"{split}.json").read_text(encoding="utf-8"))
    assert {"n_docs", "span_f1", "seqeval_f1", "per_label", "by_layout", "seqeval"} <= set(metrics)
    assert metrics["n_docs"] > 0 and 0.0 <= metrics["span_f1"] <= 1.0
    assert "micro avg" in metrics["seqeval"]


def test_bad_annotation_line_is_e030(tmp_path: Path) -> None:
    from gdr_nlp.errors import AnnotationError
    from gdr_nlp.train import train

    (tmp_path / "mine.jsonl").write_text('{"id": "x", "text": "abc", "spans": [{"start": 0, "end": 9, "label": "CELL"}]}\n',
                                         encoding="utf-8")
    with pytest.raises(AnnotationError) as err:
        train(tmp_path, out=tmp_path / "out", smoke=True)
    assert str(err.value).startswith("[E030]") and "line 1" in str(err.value)
