"""Evaluate narrative metrics: precision, recall, F1 (typed and type-blind) and per type.

Datasets: the seed gold (``annotations/seeds.jsonl``), the real development
reports (``../shared/realdev/*.pdf`` with ``*.gold.json``; their gold has no
spans, so matching there is value + unit within the same section), and generated
held-out reports (``gdr_nlp.synth.generate`` with a seed the classifier was not
trained on). Each is scored with the keyword rules alone and with the learned
classifier. Matching rule: see ``gdr_nlp.reconcile.metrics.evaluate_metrics``.

Usage::

    python training/eval_metrics.py                  # all datasets
    python training/eval_metrics.py --per-type       # also the per-type table
    python training/eval_metrics.py --json out.json  # machine-readable figures
    python training/eval_metrics.py --realprose      # ../shared/realprose: cross-validation by agency
    python training/eval_metrics.py --realprose --test-fold   # … and the untouched test fold

``--realprose`` (``training/realprose.py`` has the folds): for each cross-validation
fold, the classifier is trained on generated reports + templates + the other CV folds
(never the test fold) and scored on the fold; rules alone and the classifier trained on
generated text only are scored alongside. ``--test-fold`` trains on all CV folds and
scores the test fold, which no choice was made on.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "training"))

from train_metric_types import Doc, found_to_metric, load_seeds, synth_docs

from gdr_nlp.reconcile.metric_types import LinearTyper
from gdr_nlp.reconcile.metrics import evaluate_metrics, match_metrics
from gdr_nlp.tag.narrative import find_metrics

REALDEV = REPO.parent / "shared" / "realdev"


def _pdf_text(path: Path) -> str:
    try:
        from gdr_nlp.ingest import load

        return load(path).text
    except ImportError:
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)


def load_realdev(folder: Path = REALDEV) -> list[Doc]:
    docs = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        pdf = gold_path.with_name(gold_path.name.replace(".gold.json", ".pdf"))
        if pdf.is_file():
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            docs.append((pdf.stem, _pdf_text(pdf), gold.get("metrics", [])))
    return docs


def predict(docs: list[Doc], *, use_model: bool, typer: LinearTyper | None = None) -> list[list[dict[str, Any]]]:
    return [[found_to_metric(f) for f in find_metrics(text, use_model=use_model, typer=typer)] for _, text, _ in docs]


def score(docs: list[Doc], *, use_model: bool) -> tuple[dict[str, Any], float]:
    preds, golds, texts = [], [], []
    t0 = time.perf_counter()
    for _, text, gold in docs:
        preds.append([found_to_metric(f) for f in find_metrics(text, use_model=use_model)])
        golds.append(gold)
        texts.append(text)
    per_doc = (time.perf_counter() - t0) / max(1, len(docs))
    return evaluate_metrics(preds, golds, texts=texts), per_doc


def _row(name: str, typer: str, n: int, res: dict[str, Any], per_doc: float) -> str:
    t, u = res["typed"], res["untyped"]
    return (
        f"| {name} | {typer} | {n} | {u['gold']} | {u['precision']:.3f} | {u['recall']:.3f} | {u['f1']:.3f} | "
        f"{t['precision']:.3f} | {t['recall']:.3f} | {t['f1']:.3f} | {res['value_exact']:.3f} | "
        f"{'–' if res['subject_exact'] is None else format(res['subject_exact'], '.3f')} | {per_doc * 1000:.1f} |"
    )


def confusion(docs: list[Doc], preds: list[list[dict[str, Any]]]) -> dict[str, int]:
    """'gold -> predicted' counts of matched, required mentions typed wrongly, plus misses and false alarms."""
    out: dict[str, int] = {}
    for (_, text, gold), pred in zip(docs, preds, strict=True):
        pairs = match_metrics(pred, gold, text=text)
        for pi, gi in pairs:
            if not gold[gi].get("optional") and pred[pi]["type"] != gold[gi]["type"]:
                key = f"{gold[gi]['type']} -> {pred[pi]['type']}"
                out[key] = out.get(key, 0) + 1
        hit_p, hit_g = {pi for pi, _ in pairs}, {gi for _, gi in pairs}
        out["(missed)"] = out.get("(missed)", 0) + sum(
            1 for gi, g in enumerate(gold) if gi not in hit_g and not g.get("optional"))
        out["(false alarm)"] = out.get("(false alarm)", 0) + sum(1 for pi in range(len(pred)) if pi not in hit_p)
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def _realprose_typers(base: tuple[list[list[str]], list[str]], train: list[Doc], *, c: float,
                      real_weight: float, synth_weight: float) -> dict[str, LinearTyper | None]:
    from train_metric_types import build_examples, fit

    feats, labels = build_examples(train, skip_optional=True)
    weights = [synth_weight] * len(base[1]) + [real_weight] * len(labels)
    both = fit(base[0] + feats, base[1] + labels, c=c, min_count=2, weights=weights)
    typers: dict[str, LinearTyper | None] = {
        "rules": None,
        "classifier, generated only": LinearTyper.from_dict(fit(base[0], base[1], c=c, min_count=2)),
    }
    # how sure the classifier must be to overrule the rules: chosen on these folds
    for min_prob in MIN_PROBS:
        typers[f"classifier, + realprose folds, p>={min_prob}"] = LinearTyper.from_dict({**both, "min_prob": min_prob})
    return typers


MIN_PROBS = (0.6, 0.8, 0.9, 0.95)


def realprose_eval(args: argparse.Namespace) -> dict[str, Any]:
    """Cross-validation over realprose's agency folds (and, with --test-fold, the test fold)."""
    from realprose import N_FOLDS, TEST_FOLD, load_realprose, split
    from train_metric_types import build_examples, load_synth, load_templates

    cases = load_realprose()
    if not cases:
        print("realprose: ../shared/realprose not found, skipped")
        return {}
    base = build_examples(load_synth(600, 1) + load_templates(300, 1))
    rows: dict[str, list[dict[str, Any]]] = {}
    pooled: dict[str, tuple[list[Doc], list[list[dict[str, Any]]]]] = {}
    runs = [(k, *split(cases, k)) for k in range(N_FOLDS)]
    if args.test_fold:
        runs.append((TEST_FOLD, *split(cases, TEST_FOLD)))
    for fold, train, held in runs:
        for name, typer in _realprose_typers(
            base, train, c=args.c, real_weight=args.real_weight, synth_weight=args.synth_weight
        ).items():
            preds = predict(held, use_model=typer is not None, typer=typer)
            res = evaluate_metrics(preds, [g for _, _, g in held], texts=[t for _, t, _ in held])
            key = "test" if fold == TEST_FOLD else "cv"
            rows.setdefault(f"{key}/{name}", []).append({"fold": fold, "docs": len(held), **res})
            docs, ps = pooled.setdefault(f"{key}/{name}", ([], []))
            docs += held
            ps += preds
    figures: dict[str, Any] = {}
    print("| realprose | typer | folds | docs | F1 (type-blind) | F1 typed | P typed | R typed |")
    print("|---|---|---|---|---|---|---|---|")
    for key, folds in rows.items():
        split_name, name = key.split("/", 1)
        mean = {m: sum(f[m]["f1"] for f in folds) / len(folds) for m in ("untyped", "typed")}
        mp = sum(f["typed"]["precision"] for f in folds) / len(folds)
        mr = sum(f["typed"]["recall"] for f in folds) / len(folds)
        label = f"CV mean of {len(folds)}" if split_name == "cv" else f"test fold {TEST_FOLD}"
        print(f"| {label} | {name} | {len(folds)} | {sum(f['docs'] for f in folds)} | {mean['untyped']:.3f} | "
              f"{mean['typed']:.3f} | {mp:.3f} | {mr:.3f} |")
        docs, ps = pooled[key]
        figures[key] = {"folds": folds, "mean_f1_typed": mean["typed"], "mean_f1_untyped": mean["untyped"],
                        "pooled": evaluate_metrics(ps, [g for _, _, g in docs], texts=[t for _, t, _ in docs]),
                        "confusion": confusion(docs, ps)}
    if args.per_type:
        for key, fig in figures.items():
            if not key.endswith((f"p>={args.min_prob}", "rules")):
                continue
            print(f"\n{key} (pooled over its folds)\n| type | P | R | F1 | pred | gold |\n|---|---|---|---|---|---|")
            for t, r in fig["pooled"]["per_type"].items():
                print(f"| {t} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['pred']} | {r['gold']} |")
            print("confusion (gold -> predicted): " + ", ".join(f"{k} {v}" for k, v in fig["confusion"].items() if v))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--synth-n", type=int, default=400)
    parser.add_argument("--synth-seed", type=int, default=9001, help="held-out generator seed (training uses 1)")
    parser.add_argument("--per-type", action="store_true")
    parser.add_argument("--binary", type=int, default=0, help="also score N generated HTML/DOCX/PDF reports (slow)")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--realprose", action="store_true", help="cross-validate on ../shared/realprose instead")
    parser.add_argument("--test-fold", action="store_true", help="with --realprose: also score the test fold")
    parser.add_argument("--c", type=float, default=2.0, help="with --realprose: classifier regularization")
    parser.add_argument("--real-weight", type=float, default=3.0, help="with --realprose: weight of a real example")
    parser.add_argument("--min-prob", type=float, default=0.9, help="with --realprose --per-type: which classifier")
    parser.add_argument("--synth-weight", type=float, default=0.1, help="with --realprose: weight of a generated one")
    args = parser.parse_args(argv)
    if args.realprose:
        find_metrics("一、总体情况\n公开信息1条。")
        figures = realprose_eval(args)
        if args.json:
            args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
        return 0
    datasets = {
        "seeds": load_seeds(),
        "realdev": load_realdev(),
        # the generator's test split: whole held-out layout families plus a few in-family documents
        "synth-heldout": synth_docs(args.synth_n, args.synth_seed, splits=("test",)),
    }
    if args.binary:
        # HTML/DOCX/PDF families, read back through ingest; their gold has no spans
        binary_docs = synth_docs(args.synth_n, args.synth_seed, splits=("train", "dev", "test"), binary=True)
        datasets["synth-binary"] = [d for d in binary_docs if not any("span" in m for m in d[2])][: args.binary]
    figures: dict[str, Any] = {}
    find_metrics("一、总体情况\n公开信息1条。")  # warm-up: the one-time spaCy import stays out of ms/doc
    print(
        "| dataset | typer | docs | gold | P | R | F1 | P typed | R typed | F1 typed | value+qualifier exact | subject exact | ms/doc |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, docs in datasets.items():
        if not docs:
            print(f"| {name} | – | 0 | – | – | – | – | – | – | – | – | – | – |")
            continue
        for typer, use_model in (("rules", False), ("classifier", True)):
            res, per_doc = score(docs, use_model=use_model)
            figures[f"{name}/{typer}"] = res
            print(_row(name, typer, len(docs), res, per_doc))
    if args.per_type:
        for key, res in figures.items():
            print(f"\n{key}\n| type | P | R | F1 | pred | gold |\n|---|---|---|---|---|---|")
            for t, r in res["per_type"].items():
                print(f"| {t} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['pred']} | {r['gold']} |")
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
