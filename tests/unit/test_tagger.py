"""ModelTagger on a tiny random BERT (gdr_nlp.tag.tagger): loading, windows, span decoding."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from gdr_nlp.document import ReportDocument, Span
from gdr_nlp.errors import ModelLoadError
from gdr_nlp.tag.labels import load_label_types
from tests.conftest import REPO, SEED_FILES

TYPES = load_label_types(REPO / "annotations" / "labels.json")


def make_doc(text: str) -> ReportDocument:
    return ReportDocument.from_text(text, path="x.txt")


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    from gdr_nlp.tag.labels import label_maps
    from gdr_nlp.tag.tagger import TaggerConfig
    from gdr_nlp.train import build_tiny_base, save_model_folder

    root = tmp_path_factory.mktemp("tagger")
    build_tiny_base(root / "base", [p.read_text(encoding="utf-8") for p in SEED_FILES])
    id2label, label2id = label_maps(TYPES)
    model = AutoModelForTokenClassification.from_pretrained(root / "base", num_labels=len(id2label),
                                                            id2label=id2label, label2id=label2id)
    cfg = TaggerConfig(max_length=64, stride=16)
    save_model_folder(model, AutoTokenizer.from_pretrained(root / "base"), root / "model", cfg=cfg, types=TYPES)
    return root / "model"


@pytest.fixture(scope="module")
def tagger(model_dir: Path):
    from gdr_nlp.tag.tagger import ModelTagger

    return ModelTagger(model_dir)


def test_missing_folder_is_e020(tmp_path: Path) -> None:
    from gdr_nlp.tag.tagger import ModelTagger

    with pytest.raises(ModelLoadError) as err:
        ModelTagger(tmp_path / "nope")
    assert str(err.value).startswith("[E020]") and "nope" in str(err.value) and "\n" not in str(err.value)


def test_corrupt_weights_are_e020(model_dir: Path, tmp_path: Path) -> None:
    import shutil

    from gdr_nlp.tag.tagger import ModelTagger

    bad = tmp_path / "bad"
    shutil.copytree(model_dir, bad)
    (bad / "model.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(ModelLoadError) as err:
        ModelTagger(bad)
    assert str(err.value).startswith("[E020]") and "\n" not in str(err.value)


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_predict_merges_windows_into_one_row_per_token(tagger, path: Path) -> None:
    from gdr_nlp.tag.windows import encode

    text = path.read_text(encoding="utf-8")
    ids, offsets = encode(tagger.tokenizer, text, tagger.cfg.markers)
    assert len(ids) > 5 * tagger.cfg.max_length  # several windows
    (scores,) = tagger.predict([text])
    assert scores.offsets == offsets
    assert scores.probs.shape == (len(ids), len(tagger.id2label))
    assert np.allclose(scores.probs.sum(axis=1), 1.0, atol=1e-4)


def test_batch_predict_equals_single(tagger) -> None:
    texts = [p.read_text(encoding="utf-8")[:800] for p in SEED_FILES]
    batch = tagger.predict(texts)
    single = tagger.predict(texts[1:2])[0]
    assert np.allclose(batch[1].probs, single.probs, atol=1e-5)


def test_int8_tags_of_a_text_do_not_depend_on_the_texts_passed_with_it(model_dir: Path) -> None:
    """int8 dynamic quantization takes one activation scale per forward pass: windows of other texts
    in the same batch used to move a text's probabilities (and a few argmax tags)."""
    from gdr_nlp.tag.tagger import ModelTagger

    quantized = ModelTagger(model_dir, quantize=True, batch_size=4)
    texts = [p.read_text(encoding="utf-8")[:1500] for p in SEED_FILES]
    alone = [quantized.predict([t])[0].probs for t in texts]
    together = [s.probs for s in quantized.predict(texts)]
    assert all(np.array_equal(a, b) for a, b in zip(alone, together))


@pytest.mark.parametrize("path", SEED_FILES[:1], ids=lambda p: p.name)
def test_call_adds_model_layer_of_valid_spans(tagger, path: Path) -> None:
    doc = make_doc(path.read_text(encoding="utf-8"))
    doc.spans["rule"] = [Span(start=0, end=2, label="TITLE")]
    doc = tagger(doc)
    assert doc.spans["rule"] == [Span(start=0, end=2, label="TITLE")]
    spans = doc.spans["model"]
    assert spans, "a random model still predicts some non-O tokens"
    for span in spans:
        piece = doc.text[span.start : span.end]
        assert 0 <= span.start < span.end <= len(doc.text)
        assert piece == piece.strip() and span.label in TYPES and span.attrs == {}
        assert 0.0 < span.score <= 1.0


def test_decode_follows_argmax(tagger) -> None:
    from gdr_nlp.tag.tagger import TokenScores

    text = "一、总体情况\n共8件"
    offsets = [(0, 2), (2, 6), (6, 7), (7, 8), (8, 10)]
    label2id = {v: k for k, v in tagger.id2label.items()}
    probs = np.full((5, len(label2id)), 0.01, dtype=np.float32)
    for row, tag in enumerate(["B-SECTION_HEADING", "I-SECTION_HEADING", "O", "O", "B-METRIC"]):
        probs[row, label2id[tag]] = 0.9
    spans = tagger.decode(text, TokenScores(offsets=offsets, probs=probs))
    assert [(s.start, s.end, s.label) for s in spans] == [(0, 6, "SECTION_HEADING"), (8, 10, "METRIC")]


def test_empty_text(tagger) -> None:
    doc = tagger(make_doc(""))
    assert doc.spans["model"] == []


def test_plain_torch_bert_matches_transformers(model_dir: Path, tagger) -> None:
    import torch
    from transformers import AutoModelForTokenClassification

    from gdr_nlp.tag.tagger import ModelTagger

    hf = AutoModelForTokenClassification.from_pretrained(model_dir).eval()
    ours = ModelTagger(model_dir, quantize=False).model
    ids = torch.randint(5, hf.config.vocab_size, (2, 40))
    mask = torch.ones_like(ids)
    mask[1, 25:] = 0
    with torch.inference_mode():
        expected = hf(input_ids=ids, attention_mask=mask).logits
        got = ours(ids, mask)
    assert torch.allclose(got[0], expected[0], atol=1e-4)
    assert torch.allclose(got[1, :25], expected[1, :25], atol=1e-4)


@pytest.mark.model
def test_released_model_finds_gold_table_cells_of_seed_reports() -> None:
    """The committed model against the hand-made seed gold (annotations/seeds.jsonl)."""
    import json

    from gdr_nlp.tag.tagger import ModelTagger

    tagger = ModelTagger(REPO / "models" / "gdr-tagger")
    lines = (REPO / "annotations" / "seeds.jsonl").read_text(encoding="utf-8").splitlines()
    for record in map(json.loads, lines):
        doc = tagger(make_doc(record["text"]))
        gold = {(s["start"], s["end"]) for s in record["spans"] if s["label"] == "CELL" and s["end"] > s["start"]}
        found = {(s.start, s.end) for s in doc.spans["model"] if s.label == "CELL"}
        assert len(gold & found) >= 0.9 * len(gold), record["id"]


def test_auto_runs_the_model_only_on_troubled_reports(model_dir: Path) -> None:
    """--tagger auto: a clean rules reading skips the model; a failing check or missing section runs it."""
    from gdr_nlp.pipeline import ModelWhenNeeded, build_pipeline
    from tests.unit.table_layouts import HEAD, LAYOUTS, TAIL, Tables

    clean = HEAD + LAYOUTS["one_per_line"](Tables("2019")) + TAIL
    wrong_total = clean.replace("\t（七）总计\n\t10\n", "\t（七）总计\n\t11\n", 1)
    no_heading = clean.replace("三、收到和处理政府信息公开申请情况\n", "", 1)
    assert wrong_total != clean and no_heading != clean
    pipeline = build_pipeline(tagger="auto", model_dir=model_dir)
    stage = next(s for s in pipeline.stages if isinstance(s, ModelWhenNeeded))
    rules = build_pipeline(tagger="rules")
    doc = pipeline(make_doc(clean))
    assert stage.runs == 0 and "model" not in doc.spans
    assert doc.tables == rules(make_doc(clean)).tables
    # prose that contradicts its table is the report's own inconsistency: no reason to run the model
    contradicted = clean.replace("全年主动公开信息120条。\n", "全年主动公开信息120条。本年度共收到政府信息公开申请99件。\n")
    doc = pipeline(make_doc(contradicted))
    assert [c["id"] for c in doc.checks if c["status"] == "fail"] == ["narrative.applications.received"]
    assert stage.runs == 0
    garbled = clean.replace("一、本年新收政府信息公开申请数量", "一、本牟新收政府信息公开甲清数重")  # OCR look-alikes
    for troubled, why in ((wrong_total, "failing checks: applications."), (no_heading, "sections missing: 三、"),
                          (garbled, "official cells not read: applications 7 of 161 (new_received.natural_person")):
        doc = pipeline(make_doc(troubled))
        assert "model" in doc.spans
        assert any(w.startswith("auto: the model tagger was run (") and why in w for w in doc.warnings), doc.warnings
    assert stage.runs == 3


def test_auto_with_a_missing_model_fails_at_start(tmp_path: Path) -> None:
    from gdr_nlp.pipeline import build_pipeline

    with pytest.raises(ModelLoadError, match=r"^\[E020\]"):
        build_pipeline(tagger="auto", model_dir=tmp_path / "nope")
