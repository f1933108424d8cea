"""Train the metric-type classifier and export it as JSON (no pickle).

Examples: every metric the narrative tagger finds (rules only) that matches a
gold metric (``evaluate_metrics``' matching rule) gives one example: the
tagger's features for it, labelled with the gold type. Sources: generated
reports (``gdr_nlp.synth.generate``) and, on request, the seed gold
(``annotations/seeds.jsonl``, field ``gold.metrics``) — left out by default so
the seed figures stay an honest held-out measure.

Usage::

    python training/train_metric_types.py --synth-n 600 --synth-seed 1
    python training/train_metric_types.py --with-seeds   # also learn from the seeds
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from gdr_nlp.reconcile.metric_types import MODEL_PATH, features
from gdr_nlp.reconcile.metrics import match_metrics
from gdr_nlp.tag.narrative import Found, find_metrics

logger = logging.getLogger("train_metric_types")
SEEDS_PATH = REPO / "annotations" / "seeds.jsonl"


@dataclass
class TrainArguments:
    synth_n: int = field(default=600, metadata={"help": "generated reports to train on"})
    synth_seed: int = field(default=1, metadata={"help": "generator seed of the training reports"})
    with_seeds: bool = field(default=False, metadata={"help": "also train on annotations/seeds.jsonl"})
    c: float = field(default=2.0, metadata={"help": "inverse L2 regularization of the logistic regression"})
    min_count: int = field(default=2, metadata={"help": "drop features seen fewer times"})
    out: str = field(default=str(MODEL_PATH), metadata={"help": "where the JSON model goes"})


Doc = tuple[str, str, list[dict[str, Any]]]
"""(name, text, gold metrics) of one training or evaluation document."""


def _get(obj: Any, *names: str) -> Any:
    for name in names:
        if isinstance(obj, dict) and name in obj:
            return obj[name]
        if hasattr(obj, name):
            return getattr(obj, name)
    return None


def gold_metrics_of(record: Any) -> list[dict[str, Any]]:
    """Gold metrics of a seed record or generated document, whatever its exact shape."""
    gold = _get(record, "gold", "truth", "expected")
    metrics = _get(gold, "metrics") if gold is not None else None
    if metrics is None:
        metrics = _get(record, "metrics") or []
    return [dict(m) if isinstance(m, dict) else m.__dict__ for m in metrics]


def text_of(record: Any) -> str:
    return _get(record, "text", "normalized_text") or ""


def load_seeds(path: Path = SEEDS_PATH) -> list[Doc]:
    """Seed documents with gold metrics (empty when the file is absent)."""
    if not path.is_file():
        return []
    docs = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if line.strip():
            rec = json.loads(line)
            docs.append((str(rec.get("id") or rec.get("name") or n), text_of(rec), gold_metrics_of(rec)))
    return docs


def load_synth(n: int, seed: int, **kwargs: Any) -> list[Doc]:
    """``n`` generated reports (empty when gdr_nlp.synth is not available)."""
    try:
        from gdr_nlp.synth import generate
    except ImportError:
        logger.warning("gdr_nlp.synth is not available: no generated reports")
        return []
    out = []
    for i, rec in enumerate(generate(n, seed=seed, **kwargs)):
        text = text_of(rec)
        if text:
            out.append((f"synth-{seed}-{i}", text, gold_metrics_of(rec)))
    return out


def found_to_metric(f: Found) -> dict[str, Any]:
    q = f.quantity
    return {
        "type": f.type,
        "value": q.value,
        "unit": q.unit,
        "qualifier": q.qualifier,
        "section": f.context.section,
        "span": [q.num_start, q.end],
        "subject": f.context.subject,
    }


def build_examples(docs: list[Doc]) -> tuple[list[list[str]], list[str]]:
    """Features and gold types of every tagged metric that matches a gold metric."""
    feats: list[list[str]] = []
    labels: list[str] = []
    for _, text, gold in docs:
        found = find_metrics(text, use_model=False)
        preds = [found_to_metric(f) for f in found]
        for pi, gi in match_metrics(preds, gold, text=text):
            feats.append(features(found[pi].context, found[pi].rule_type))
            labels.append(gold[gi]["type"])
    return feats, labels


def fit(feats: list[list[str]], labels: list[str], *, c: float, min_count: int) -> dict[str, Any]:
    """Logistic regression over binary features; returns the JSON-ready model."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for fs in feats for f in set(fs))
    vocab = {f: i for i, f in enumerate(sorted(f for f, k in counts.items() if k >= min_count))}
    rows, cols = [], []
    for r, fs in enumerate(feats):
        for j in sorted({vocab[f] for f in fs if f in vocab}):
            rows.append(r)
            cols.append(j)
    x = csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(feats), len(vocab)))
    clf = LogisticRegression(C=c, max_iter=2000)
    clf.fit(x, labels)
    coef, intercept = clf.coef_, clf.intercept_
    classes = [str(k) for k in clf.classes_]
    if len(classes) == 2:  # binary: one row for classes[1]; store both rows so prediction is uniform
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    # keep only the features with any weight (the file stays small)
    keep = np.abs(coef).max(axis=0) > 1e-4
    new_index = {f: int(np.cumsum(keep)[i] - 1) for f, i in vocab.items() if keep[i]}
    return {
        "format": "gdr-metric-typer/1",
        "classes": classes,
        "vocabulary": new_index,
        "coef": np.round(coef[:, keep], 5).tolist(),
        "intercept": np.round(intercept, 5).tolist(),
        "n_examples": len(labels),
        "label_counts": dict(Counter(labels)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for name, f in TrainArguments.__dataclass_fields__.items():
        flag = "--" + name.replace("_", "-")
        if f.type in ("bool", bool):
            parser.add_argument(flag, action="store_true", help=f.metadata["help"])
        else:
            parser.add_argument(flag, type=type(f.default), default=f.default, help=f.metadata["help"])
    args = TrainArguments(**vars(parser.parse_args(argv)))
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    docs = load_synth(args.synth_n, args.synth_seed)
    if args.with_seeds:
        docs += load_seeds()
    feats, labels = build_examples(docs)
    if not labels:
        logger.error("no training examples (is gdr_nlp.synth available?)")
        return 1
    model = fit(feats, labels, c=args.c, min_count=args.min_count)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    logger.info(
        "%d documents, %d examples, %d classes, %d features -> %s",
        len(docs),
        len(labels),
        len(model["classes"]),
        len(model["vocabulary"]),
        args.out,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
