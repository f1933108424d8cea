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

from gdr_nlp.reconcile.metrics import evaluate_metrics
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--synth-n", type=int, default=400)
    parser.add_argument("--synth-seed", type=int, default=9001, help="held-out generator seed (training uses 1)")
    parser.add_argument("--per-type", action="store_true")
    parser.add_argument("--binary", type=int, default=0, help="also score N generated HTML/DOCX/PDF reports (slow)")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
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
