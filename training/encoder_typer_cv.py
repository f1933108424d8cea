"""Experiment (issue 12): does the released tagger's encoder help type narrative metrics?

For every metric the rules find in ``../shared/realprose`` that matches a required gold
mention, the sentence is run through the encoder of ``models/gdr-tagger`` (plain-torch
``BertTagger`` without its classification layer); the features are the mean hidden state of
the tokens of the number and of the clause before it, plus the rule type (one-hot). A
logistic regression on them is cross-validated over the same agency folds as
``eval_metrics.py --realprose`` (the test fold is never used) and compared with the rules,
alone and as a classifier that overrules the rules only at p >= 0.6 / 0.8 / 0.9.

The figures are type accuracy over matched mentions (type-blind detection is the same for
every variant). Nothing here ships; the result is recorded in BENCHMARKS.md.

Usage::

    python training/encoder_typer_cv.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import torch

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "training"))

from realprose import N_FOLDS, TEST_FOLD, load_realprose
from train_metric_types import found_to_metric

from gdr_nlp.reconcile.metric_types import METRIC_TYPES
from gdr_nlp.reconcile.metrics import match_metrics
from gdr_nlp.tag.narrative import find_metrics
from gdr_nlp.tag.tagger import ModelTagger
from gdr_nlp.tag.windows import encode


def _hidden(tagger: ModelTagger, text: str) -> tuple[np.ndarray, list[tuple[int, int]]]:
    ids, offsets = encode(tagger.tokenizer, text, tagger.cfg.markers)
    ids = ids[: tagger.cfg.max_length - 2]
    m = tagger.model
    with torch.inference_mode():
        x = torch.tensor([[tagger.tokenizer.cls_token_id, *ids, tagger.tokenizer.sep_token_id]])
        h = m.emb_norm(m.word(x) + m.pos.weight[: x.shape[1]] + m.token_type.weight[0])
        mask = torch.ones_like(x).bool()[:, None, None, :]
        for layer in m.layers:
            h = layer(h, mask)
    return h[0, 1:-1].numpy(), offsets[: len(ids)]


def _pool(h: np.ndarray, offsets: list[tuple[int, int]], a: int, b: int) -> np.ndarray:
    rows = [i for i, (s, e) in enumerate(offsets) if s < b and a < e]
    return h[rows].mean(axis=0) if rows else np.zeros(h.shape[1], dtype=np.float32)


def examples(tagger: ModelTagger) -> list[tuple[int, np.ndarray, str, str]]:
    """(fold, features, rule type, gold type) of every matched required mention of the CV folds."""
    out = []
    for fold, (_, text, gold) in load_realprose():
        if fold == TEST_FOLD:
            continue
        found = find_metrics(text, use_model=False)
        preds = [found_to_metric(f) for f in found]
        for pi, gi in match_metrics(preds, gold, text=text):
            if gold[gi].get("optional"):
                continue
            f = found[pi]
            s0, _ = f.sentence_span
            sent = text[s0 : f.sentence_span[1]]
            h, offsets = _hidden(tagger, sent)
            num = (f.quantity.num_start - s0, f.quantity.end - s0)
            clause = (num[0] - len(f.context.clause_left), num[0])
            rule = np.array([t == f.rule_type for t in METRIC_TYPES], dtype=np.float32)
            feats = np.concatenate([_pool(h, offsets, *num), _pool(h, offsets, *clause), rule * 3])
            out.append((fold, feats, f.rule_type, gold[gi]["type"]))
    return out


def main() -> int:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    tagger = ModelTagger(REPO / "models" / "gdr-tagger")
    data = examples(tagger)
    if not data:
        print("realprose: ../shared/realprose not found, skipped")
        return 0
    rows: dict[str, list[float]] = {}
    for k in range(N_FOLDS):
        train = [d for d in data if d[0] != k]
        held = [d for d in data if d[0] == k]
        scaler = StandardScaler().fit(np.stack([d[1] for d in train]))
        clf = LogisticRegression(C=0.5, max_iter=3000)
        clf.fit(scaler.transform(np.stack([d[1] for d in train])), [d[3] for d in train])
        proba = clf.predict_proba(scaler.transform(np.stack([d[1] for d in held])))
        labels = clf.classes_[proba.argmax(axis=1)]
        top = proba.max(axis=1)
        gold = [d[3] for d in held]
        rule = [d[2] for d in held]
        rows.setdefault("rules", []).append(np.mean([r == g for r, g in zip(rule, gold, strict=True)]))
        for p in (0.0, 0.6, 0.8, 0.9):
            typed = [lab if q >= p else r for lab, q, r in zip(labels, top, rule, strict=True)]
            rows.setdefault(f"encoder+rule features, p>={p}", []).append(
                np.mean([t == g for t, g in zip(typed, gold, strict=True)]))
    print(f"| typer | CV mean type accuracy over matched mentions ({N_FOLDS} folds, {len(data)} mentions) |")
    print("|---|---|")
    for name, accs in rows.items():
        print(f"| {name} | {np.mean(accs):.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
