"""Training and evaluation of the token-classification tagger (``gdr train`` / ``gdr evaluate``).

Data: gold JSONL documents (``annotations/*.jsonl``: id, text, spans) plus
generated reports (:mod:`gdr_nlp.synth`, a DatasetDict with train/dev/test whose
dev/test hold out layout families). Each document is tokenized once with layout
markers, cut into overlapping windows and labelled per token
(:mod:`gdr_nlp.tag.labels`); ``transformers.Trainer`` fine-tunes
``AutoModelForTokenClassification``. Evaluation runs the released inference path
(:class:`gdr_nlp.tag.tagger.ModelTagger`) and scores spans with seqeval (token
BIO, entity level) and by exact character span match.

Hyper-parameters come from ``training/params.yaml`` (one source for DVC and the CLI).
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from gdr_nlp.errors import AnnotationError
from gdr_nlp.tag.labels import bio_labels, label_maps, load_label_types, token_tags, trimmed_spans
from gdr_nlp.tag.tagger import TAGGER_CONFIG, ModelTagger, TaggerConfig
from gdr_nlp.tag.windows import LayoutMarkers, choose_markers, encode, make_windows, window_input_ids

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PARAMS = REPO / "training" / "params.yaml"
DEFAULT_LABELS = REPO / "annotations" / "labels.json"
Doc = dict[str, Any]
"""A document record: ``id``, ``text``, ``spans`` (dicts with start/end/label[/attrs]), optional ``layout``, ``split``."""


@dataclass
class TrainParams:
    """Hyper-parameters (``train:``, ``synth:`` and ``convert:`` sections of params.yaml)."""

    base_model: str = field(default="build/base", metadata={"help": "HF folder of the base encoder"})
    layers: int = field(default=4, metadata={"help": "encoder layers kept from the base (speed vs accuracy)"})
    max_length: int = field(default=256, metadata={"help": "tokens per window incl. the 2 special tokens"})
    stride: int = field(default=64, metadata={"help": "tokens shared by consecutive windows"})
    epochs: float = field(default=3.0, metadata={"help": "training epochs"})
    learning_rate: float = field(default=1e-4, metadata={"help": "peak AdamW learning rate"})
    batch_size: int = field(default=16, metadata={"help": "windows per training step"})
    weight_decay: float = field(default=0.01, metadata={"help": "AdamW weight decay"})
    warmup_ratio: float = field(default=0.06, metadata={"help": "linear warm-up share of the steps"})
    gold_repeat: int = field(default=3, metadata={"help": "times each gold (non-generated) document is repeated"})
    seed: int = field(default=13, metadata={"help": "training seed (transformers.set_seed)"})
    quantize: bool = field(default=True, metadata={"help": "int8 dynamic quantization at inference"})
    n_synth: int = field(default=240, metadata={"help": "generated reports (all splits)"})
    synth_seed: int = field(default=7, metadata={"help": "seed of the report generator"})
    n_markup: int = field(default=0, metadata={"help": "generated reports in random markup dialects, train only"})
    max_steps: int = field(default=-1, metadata={"help": "stop after this many steps (-1: epochs decide)"})
    max_seconds: float = field(default=0.0, metadata={"help": "stop after this many seconds of training (0: no limit; a "
                                                           "time-boxed run is not reproducible step for step)"})
    n_convert: int = field(default=0, metadata={"help": "converted reports attempted (synth.converted; 0: none)"})
    convert_seed: int = field(default=1010, metadata={"help": "generator seed of the converted reports"})
    convert_workers: int = field(default=2, metadata={"help": "processes converting reports"})


def load_params(path: str | Path = DEFAULT_PARAMS, **overrides: Any) -> TrainParams:
    """``TrainParams`` from params.yaml (``train`` and ``synth`` sections), then ``overrides``."""
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) if Path(path).is_file() else {}
    flat = dict(data.get("train", {}))
    synth = data.get("synth", {})
    flat.update({"n_synth": synth.get("n_docs", TrainParams.n_synth), "synth_seed": synth.get("seed", TrainParams.synth_seed),
                 "n_markup": synth.get("n_markup", TrainParams.n_markup)})
    conv = data.get("convert", {})
    flat.update({"n_convert": conv.get("n_docs", TrainParams.n_convert), "convert_seed": conv.get("seed", TrainParams.convert_seed),
                 "convert_workers": conv.get("workers", TrainParams.convert_workers)})
    known = {f.name for f in fields(TrainParams)}
    flat.update({k: v for k, v in overrides.items() if v is not None})
    return TrainParams(**{k: v for k, v in flat.items() if k in known})


# ---------------------------------------------------------------- data


def read_annotations(path: str | Path, *, types: Sequence[str]) -> list[Doc]:
    """Gold documents from a JSONL file or a folder of ``*.jsonl`` (sorted by file name).

    Raises:
        AnnotationError: ``[E030]`` for a line that is not a valid document.
    """
    path = Path(path)
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    docs: list[Doc] = []
    for file in files:
        for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                docs.append(_parse_doc(line, file, n, types))
    return docs


def _parse_doc(line: str, file: Path, n: int, types: Sequence[str]) -> Doc:
    try:
        doc = json.loads(line)
    except json.JSONDecodeError as e:
        raise AnnotationError("E030", path=str(file), line=n, detail=f"not JSON ({e.msg})") from e
    if not isinstance(doc, dict) or not isinstance(doc.get("text"), str) or not isinstance(doc.get("spans"), list):
        raise AnnotationError("E030", path=str(file), line=n, detail="needs 'text' (string) and 'spans' (list)")
    for s in doc["spans"]:
        ok = isinstance(s, dict) and isinstance(s.get("start"), int) and isinstance(s.get("end"), int)
        if not ok or not 0 <= s["start"] <= s["end"] <= len(doc["text"]):
            raise AnnotationError("E030", path=str(file), line=n, detail=f"bad span offsets {s!r:.80}")
        if s.get("label") not in types:
            raise AnnotationError("E030", path=str(file), line=n, detail=f"unknown label {s.get('label')!r}")
    doc.setdefault("id", f"{file.stem}:{n}")
    return doc


MARKUP_SEED_OFFSET = 7919
"""The markup augmentation's reports draw from seed + this, so their ids never meet the main draw's."""


def generate_synth(out_dir: str | Path, *, n_docs: int, seed: int, n_markup: int = 0) -> Path:
    """Write ``n_docs`` generated reports, plus ``n_markup`` in random markup dialects (train only,
    ``synth.render.MarkupCells``), as a DatasetDict under ``out_dir/hf``."""
    from gdr_nlp.synth import AUGMENT, generate, write_dataset

    docs = generate(n_docs, seed=seed)
    if n_markup:
        docs += generate(n_markup, seed=seed + MARKUP_SEED_OFFSET, layouts=AUGMENT)
    write_dataset(docs, Path(out_dir))
    return Path(out_dir) / "hf"


CONVERT_SPLITS = {"train": "train", "dev": "dev_families"}
"""Converted-report splits (``synth.converted``) taken into the dataset, and where they go. Test and
ocr families are left out: they are measured once, at the end, and never trained on or scored here."""


def build_dataset(gold: Sequence[Doc], synth_hf: str | Path | None, out_dir: str | Path, *,
                  convert_hf: str | Path | None = None) -> dict[str, list[Doc]]:
    """Document-level splits: gold docs go to ``train`` unless they carry ``split``; synth keeps its splits;
    converted reports go by converter family (:data:`CONVERT_SPLITS`).

    Writes ``out_dir`` as a DatasetDict (id, text, spans as JSON strings, layout, source, family).
    """
    import datasets

    splits: dict[str, list[Doc]] = defaultdict(list)
    for doc in gold:
        splits[doc.get("split") or "train"].append({**doc, "layout": doc.get("layout", "gold"), "source": "gold"})
    for path, source in ((synth_hf, "synth"), (convert_hf, "convert")):
        if not path:
            continue
        for split, ds in datasets.load_from_disk(str(path)).items():
            target = CONVERT_SPLITS.get(split) if source == "convert" else split
            if target is None:
                continue
            for row in ds:
                spans = [{k: s[k] for k in ("start", "end", "label")} for s in row["spans"]]
                splits[target].append({"id": row["id"], "text": row["text"], "spans": spans, "layout": row.get("layout", ""),
                                       "source": source, "family": row.get("family", "")})
    rows = {split: {"id": [d["id"] for d in docs], "text": [d["text"] for d in docs],
                    "spans": [json.dumps([{k: s[k] for k in ("start", "end", "label")} for s in d["spans"]],
                                         ensure_ascii=False) for d in docs],
                    "layout": [str(d.get("layout", "")) for d in docs], "source": [d["source"] for d in docs],
                    "family": [str(d.get("family", "")) for d in docs]}
            for split, docs in splits.items()}
    datasets.DatasetDict({k: datasets.Dataset.from_dict(v) for k, v in rows.items()}).save_to_disk(str(out_dir))
    return dict(splits)


def load_dataset_docs(path: str | Path) -> dict[str, list[Doc]]:
    """Splits written by :func:`build_dataset`, as document dicts."""
    import datasets

    dd = datasets.load_from_disk(str(path))
    return {split: [{**row, "spans": json.loads(row["spans"])} for row in ds] for split, ds in dd.items()}


def window_features(docs: Iterable[Doc], tokenizer: Any, *, cfg: TaggerConfig, types: Sequence[str],
                    repeat_gold: int = 1) -> dict[str, list[list[int]]]:
    """Training examples: one per window, ``labels`` -100 on special tokens (ignored by the loss)."""
    _, label2id = label_maps(types)
    feats: dict[str, list[list[int]]] = {"input_ids": [], "attention_mask": [], "labels": []}
    for doc in docs:
        ids, offsets = encode(tokenizer, doc["text"], cfg.markers)
        tags = token_tags(offsets, doc["spans"], doc["text"], types=types, skip_chars=cfg.markers.chars)
        labels = [label2id[t] if t is not None else -100 for t in tags]
        times = repeat_gold if doc.get("source") == "gold" else 1
        for window in make_windows(len(ids), max_tokens=cfg.max_length - 2, stride=cfg.stride) * times:
            x = window_input_ids(ids, window, cls_id=tokenizer.cls_token_id, sep_id=tokenizer.sep_token_id)
            feats["input_ids"].append(x)
            feats["attention_mask"].append([1] * len(x))
            feats["labels"].append([-100, *labels[window[0] : window[1]], -100])
    return feats


# ---------------------------------------------------------------- model


def build_tiny_base(out_dir: str | Path, texts: Sequence[str], *, hidden: int = 32, layers: int = 2,
                    vocab_size: int = 1500) -> Path:
    """A tiny random BERT with a unigram tokenizer trained on ``texts`` (smoke runs and tests; offline).

    The layout markers are in its alphabet so they stay single pieces.
    """
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    markers = LayoutMarkers()
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    tok = Tokenizer(models.Unigram())
    tok.pre_tokenizer = pre_tokenizers.Metaspace()
    tok.decoder = decoders.Metaspace()
    trainer = trainers.UnigramTrainer(vocab_size=vocab_size, special_tokens=specials, unk_token="[UNK]",
                                      initial_alphabet=list(markers.chars), max_piece_length=4)
    tok.train_from_iterator([markers.apply(t) for t in texts], trainer)
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, pad_token="[PAD]", unk_token="[UNK]", cls_token="[CLS]",
                                   sep_token="[SEP]", mask_token="[MASK]")
    fast.save_pretrained(str(out_dir))
    config = BertConfig(vocab_size=len(fast), hidden_size=hidden, num_hidden_layers=layers, num_attention_heads=2,
                        intermediate_size=hidden * 2, max_position_embeddings=512, pad_token_id=fast.pad_token_id)
    BertModel(config).save_pretrained(str(out_dir))
    return Path(out_dir)


def fit(splits: dict[str, list[Doc]], out: str | Path, *, params: TrainParams, types: Sequence[str],
        base_model: str | Path) -> dict[str, Any]:
    """Fine-tune ``base_model`` on ``splits["train"]`` and save a complete model folder to ``out``.

    Returns:
        Training info (seconds, steps, windows, documents), also written to ``out/train_info.json``.
    """
    import torch
    from datasets import Dataset
    from transformers import (
        AutoModelForTokenClassification,
        AutoTokenizer,
        DataCollatorForTokenClassification,
        Trainer,
        TrainingArguments,
        set_seed,
    )

    started = time.monotonic()
    set_seed(params.seed)
    tokenizer = AutoTokenizer.from_pretrained(str(base_model))
    cfg = TaggerConfig(markers=choose_markers(tokenizer), max_length=params.max_length, stride=params.stride,
                       quantize=params.quantize)
    id2label, label2id = label_maps(types)
    model = AutoModelForTokenClassification.from_pretrained(
        str(base_model), num_labels=len(id2label), id2label=id2label, label2id=label2id,
        num_hidden_layers=params.layers, dtype=torch.float32)
    feats = window_features(splits["train"], tokenizer, cfg=cfg, types=types, repeat_gold=params.gold_repeat)
    args = TrainingArguments(
        output_dir=str(Path(out) / "_trainer"), per_device_train_batch_size=params.batch_size,
        num_train_epochs=params.epochs, max_steps=params.max_steps, learning_rate=params.learning_rate,
        weight_decay=params.weight_decay, warmup_steps=float(params.warmup_ratio), lr_scheduler_type="linear",
        logging_steps=20, save_strategy="no", eval_strategy="no", report_to=[], seed=params.seed,
        use_cpu=True, dataloader_num_workers=0, disable_tqdm=True)
    trainer = Trainer(model=model, args=args, train_dataset=Dataset.from_dict(feats),
                      data_collator=DataCollatorForTokenClassification(tokenizer), processing_class=tokenizer,
                      callbacks=[_time_box(params.max_seconds)] if params.max_seconds else None)
    result = trainer.train()
    save_model_folder(trainer.model, tokenizer, out, cfg=cfg, types=types)
    shutil.rmtree(Path(out) / "_trainer", ignore_errors=True)
    info = {"seconds": round(time.monotonic() - started, 1), "steps": result.global_step,
            "train_loss": round(result.training_loss, 4), "windows": len(feats["input_ids"]),
            "documents": {k: len(v) for k, v in splits.items()},
            "sources": {k: dict(Counter(str(d.get("source", "gold")) for d in v)) for k, v in splits.items()},
            "layouts": {k: sorted({str(d.get("layout", "")) for d in v}) for k, v in splits.items()},
            "params": asdict(params),
            "base_model": _portable(base_model), "markers": cfg.markers.to_dict()}
    (Path(out) / "train_info.json").write_text(json.dumps(info, indent=2, ensure_ascii=False), encoding="utf-8")
    logger.info("trained %s steps in %.0f s (loss %.4f)", result.global_step, info["seconds"], info["train_loss"])
    return info


def _time_box(seconds: float) -> Any:
    """A callback that ends training once ``seconds`` have passed (a shared machine's deadline)."""
    from transformers import TrainerCallback

    class TimeBox(TrainerCallback):  # type: ignore[misc]
        def __init__(self) -> None:
            self.start = time.monotonic()

        def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> Any:
            if time.monotonic() - self.start > seconds:
                logger.warning("time box of %.0f s reached at step %d: training stops", seconds, state.global_step)
                control.should_training_stop = True
            return control

    return TimeBox()


def _portable(path: str | Path) -> str:
    """A path as recorded in model metadata: relative to the repository when inside it (no machine paths)."""
    resolved = Path(path).resolve()
    return str(resolved.relative_to(REPO)) if resolved.is_relative_to(REPO) else str(path)


def save_model_folder(model: Any, tokenizer: Any, out: str | Path, *, cfg: TaggerConfig, types: Sequence[str],
                      half: bool = False) -> None:
    """Weights (fp16 on disk when ``half``; loaded back as fp32), tokenizer, ``tagger.json``, ``labels.json``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    specials = {"cls": tokenizer.cls_token, "sep": tokenizer.sep_token, "pad": tokenizer.pad_token,
                "unk": tokenizer.unk_token}
    cfg = replace(cfg, special_tokens=specials)
    if half:
        model = model.half()
    model.save_pretrained(str(out))
    if half:
        model.float()
    tokenizer.save_pretrained(str(out))
    (out / TAGGER_CONFIG).write_text(json.dumps(cfg.to_dict(), indent=2, ensure_ascii=False), encoding="utf-8")
    labels = {"types": list(types), "bio": bio_labels(types), "scheme": "BIO over tokens; spans in doc.text chars"}
    (out / "labels.json").write_text(json.dumps(labels, indent=2, ensure_ascii=False), encoding="utf-8")


# ---------------------------------------------------------------- evaluation


def score_docs(tagger: ModelTagger, docs: Sequence[Doc], *, types: Sequence[str]) -> dict[str, Any]:
    """seqeval (token BIO, entity level) and exact character-span scores of ``tagger`` on ``docs``."""
    from seqeval.metrics import classification_report

    gold_seqs, pred_seqs = [], []
    exact: dict[str, Counter[str]] = defaultdict(Counter)
    by_layout: dict[str, Counter[str]] = defaultdict(Counter)
    for doc, scores in zip(docs, tagger.predict([d["text"] for d in docs])):
        gold_tags = token_tags(scores.offsets, doc["spans"], doc["text"], types=types,
                               skip_chars=tagger.cfg.markers.chars)
        pred_tags = [tagger.id2label[i] for i in tagger.best_ids(scores)]
        keep = [i for i, t in enumerate(gold_tags) if t is not None]
        gold_seqs.append([gold_tags[i] for i in keep])
        pred_seqs.append([pred_tags[i] for i in keep])
        gold = {(s.start, s.end, s.label) for s in trimmed_spans(doc["spans"], doc["text"], types=types)}
        pred = {(s.start, s.end, s.label) for s in tagger.decode(doc["text"], scores)}
        for key, n in (("tp", gold & pred), ("fp", pred - gold), ("fn", gold - pred)):
            for _, _, label in n:
                exact[label][key] += 1
                by_layout[str(doc.get("family") or doc.get("layout", ""))][key] += 1
    report = classification_report(gold_seqs, pred_seqs, output_dict=True, zero_division=0)
    seq = {k: {m: round(float(v[m]), 4) for m in ("precision", "recall", "f1-score", "support")}
           for k, v in report.items()}
    total: Counter[str] = sum(exact.values(), Counter())
    return {"n_docs": len(docs), "span_f1": _prf(total)["f1"], "seqeval_f1": seq.get("micro avg", {}).get("f1-score", 0.0),
            "per_label": {label: _prf(exact[label]) for label in types if exact[label]},
            "by_layout": {k: _prf(v) for k, v in sorted(by_layout.items())}, "seqeval": seq}


def _prf(c: Counter[str]) -> dict[str, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": c["tp"] + c["fn"]}


def evaluate_model(model_dir: str | Path, *, dataset: str | Path = REPO / "build" / "dataset",
                   splits: Sequence[str] = ("dev", "test", "dev_families"), metrics_dir: str | Path | None = None,
                   labels: str | Path = DEFAULT_LABELS) -> dict[str, dict[str, Any]]:
    """Score a model folder on dataset splits; write ``metrics_dir/<split>.json`` when given.

    Args:
        model_dir: model folder (``ModelTagger`` loads it; ``[E020]`` if unusable).
        dataset: DatasetDict written by :func:`build_dataset` (or ``gdr train``).
        splits: splits to score (missing ones are skipped).
        metrics_dir: where to write one JSON per split.
        labels: labels.json of the span label set.
    """
    tagger = ModelTagger(model_dir)
    types = load_label_types(labels)
    docs = load_dataset_docs(dataset)
    out: dict[str, dict[str, Any]] = {}
    for split in splits:
        if docs.get(split):
            out[split] = score_docs(tagger, docs[split], types=types)
            if metrics_dir is not None:
                Path(metrics_dir).mkdir(parents=True, exist_ok=True)
                text = json.dumps(out[split], indent=2, ensure_ascii=False)
                (Path(metrics_dir) / f"{split}.json").write_text(text, encoding="utf-8")
    return out


# ---------------------------------------------------------------- one-shot


def train(annotations: str | Path, *, out: str | Path, base_model: str | Path | None = None, smoke: bool = False,
          params_path: str | Path = DEFAULT_PARAMS, labels: str | Path = DEFAULT_LABELS) -> dict[str, Any]:
    """Everything ``gdr train`` does: generate reports, build the dataset, fine-tune, evaluate.

    Writes ``out/model/`` (a model folder :class:`ModelTagger` loads), ``out/dataset/``,
    ``out/synth/`` and ``out/metrics/{dev,test}.json``.

    Args:
        annotations: a gold JSONL file or a folder of ``*.jsonl`` (seed gold plus user annotations).
        out: output folder.
        base_model: HF base encoder folder; default ``params.base_model`` (``build/base``).
            With ``smoke`` and no base model, a tiny random BERT is built from the data.
        smoke: a tiny run (few documents, few steps) that checks the plumbing in minutes.
        params_path: params.yaml.
        labels: labels.json of the span label set.

    Returns:
        ``{"train": info, "metrics": {split: scores}, "model_dir": str}``.

    Raises:
        AnnotationError: ``[E030]`` for a bad annotation line.
    """
    out = Path(out)
    types = load_label_types(labels)
    params = load_params(params_path)
    if smoke:
        params = load_params(params_path, n_synth=min(params.n_synth, 12), n_markup=min(params.n_markup, 4), max_steps=30, batch_size=8,
                             max_length=128, stride=32, gold_repeat=1)
    gold = read_annotations(annotations, types=types)
    synth_hf = generate_synth(out / "synth", n_docs=params.n_synth, seed=params.synth_seed,
                              n_markup=params.n_markup) if params.n_synth else None
    splits = build_dataset(gold, synth_hf, out / "dataset")
    base = Path(base_model) if base_model else REPO / params.base_model
    if smoke and base_model is None:
        base = build_tiny_base(out / "tiny_base", [d["text"] for d in splits["train"]])
    info = fit(splits, out / "model", params=params, types=types, base_model=base)
    metrics = evaluate_model(out / "model", dataset=out / "dataset", metrics_dir=out / "metrics", labels=labels)
    return {"train": info, "metrics": metrics, "model_dir": str(out / "model")}
