"""Tagger ablation: rules vs model vs hybrid vs auto, span F1 per label, table cells, metrics.

    python benchmarks/ablation.py [--model models/gdr-tagger] [--n-held-out 30] [--n-stress 60] [--seed 2002]

Each document is tagged once by both taggers (the hybrid pipeline's stages); the
reconciler then reads the tables three times: from the rule layer, from the model
layer, and from both (hybrid). Data: (a) the three hand-annotated seeds and the
realdev PDFs (tables only: their gold has no spans); (b) generated reports of the
layout families no training split contains: the dev/test held-out families and the
stress families (``gdr_nlp.synth.STRESS``), with a seed no training run uses.

Hybrid spans: the rules' spans, except that the row labels, headers and cells of a table
the reconciler read from the model layer (what that reading is built from) are the model's.
``auto`` is hybrid on the reports where the rules' own reading shows trouble
(``ModelWhenNeeded.trouble``), rules elsewhere. Prints Markdown for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from gdr_nlp.document import ReportDocument, Span
from gdr_nlp.ingest import load
from gdr_nlp.pipeline import LAYER_SETS, ModelWhenNeeded, NarrativeTagger, Reconciler, default_model_dir
from gdr_nlp.reconcile.metrics import evaluate_metrics
from gdr_nlp.reconcile.tables import TABLE_KEYS, _assign_tables
from gdr_nlp.scoring import CellScore, score_tables
from gdr_nlp.synth import HELD_OUT, STRESS, generate
from gdr_nlp.tag.labels import load_label_types, trimmed_spans
from gdr_nlp.tag.rules import RuleTagger

REPO = Path(__file__).resolve().parent.parent
REALDEV = REPO.parent / "shared" / "realdev"
TAGGERS = ("rules", "model", "hybrid", "auto")
LAYERS = LAYER_SETS
STRUCTURE = {"ROW_LABEL", "CELL", "COL_HEADER", "TABLE_CAPTION"}
READ = {"ROW_LABEL", "CELL", "COL_HEADER"}  # the spans a table reading is built from


Item = tuple[str, str, "ReportDocument | Path", dict[str, Any], "list[dict] | None"]


def _docs(args: argparse.Namespace) -> list[Item]:
    """(set, family, document or file, gold with tables and metrics, span gold or None)."""
    out: list[Item] = []
    for line in (REPO / "annotations" / "seeds.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        out.append(("seeds", "seed", ReportDocument.from_text(d["text"], path=d["source"]), d["gold"], d["spans"]))
    for gold_path in sorted(REALDEV.glob("*.gold.json")) if REALDEV.is_dir() else []:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        out.append(("realdev", "pdf", gold_path.with_name(gold["file"]), gold, None))
    held = tuple(f for fams in HELD_OUT.values() for f in fams)
    for set_name, layouts, n in (("held-out", held, args.n_held_out), ("stress", STRESS, args.n_stress)):
        for d in generate(n, seed=args.seed, layouts=layouts):
            text, spans = d.text_and_spans()
            out.append((set_name, d.layout, ReportDocument.from_text(text, path=f"{d.id}.txt"), d.gold(), spans))
    return out


def _hybrid_spans(doc: ReportDocument, hybrid: ReportDocument) -> list[Span]:
    """The rules' spans, with the model's structure spans in the tables read from the model layer."""
    from_model = {k for k in TABLE_KEYS if any(w.startswith(f"{k}: read from the 'model' layer") for w in hybrid.warnings)}
    if not from_model:
        return list(doc.spans["rule"])
    rule_tables = _assign_tables(doc, [s for s in doc.spans["rule"] if s.label in STRUCTURE])
    model_tables = _assign_tables(doc, [s for s in doc.spans["model"] if s.label in STRUCTURE])
    dropped = {id(s) for k in from_model for s in rule_tables.get(k, []) if s.label in READ}
    return [s for s in doc.spans["rule"] if id(s) not in dropped] + [
        s for k in from_model for s in model_tables.get(k, []) if s.label in READ]


def read_every_way(doc: ReportDocument, taggers: list[Any]) -> tuple[ReportDocument, dict[str, ReportDocument], bool, dict[str, float]]:
    """Tag ``doc`` once with both taggers and reconcile it once per layer set.

    ``taggers`` is ``[RuleTagger(), NarrativeTagger(), ModelTagger(...)]``. Returns the tagged
    document, the reading of every name in ``TAGGERS`` (``auto`` is the hybrid reading where
    ``ModelWhenNeeded.trouble`` finds trouble in the rules' reading, else the rules' reading,
    which is what ``--tagger auto`` returns), whether auto ran the model, and the seconds each
    piece took (``rule``, ``model`` tagging; ``rules``/``model``/``hybrid`` reconciling;
    ``trouble``), from which a tagger's time is summed (:func:`tagger_seconds`).
    """
    secs: dict[str, float] = {}
    t0 = time.perf_counter()
    for tagger in taggers[:2]:
        doc = tagger(doc)
    t1 = time.perf_counter()
    # what --tagger auto decides from the rules' reading (reconciled exactly as the pipeline does)
    rules_reading = Reconciler(layers=LAYERS["rules"])(doc.model_copy(deep=True))
    needed = ModelWhenNeeded.trouble(rules_reading) is not None
    t2 = time.perf_counter()
    doc = taggers[2](doc)
    t3 = time.perf_counter()
    secs.update(rule=t1 - t0, rules=t2 - t1, model_tag=t3 - t2)
    readings = {"rules": rules_reading}
    for name in ("model", "hybrid"):
        t = time.perf_counter()
        readings[name] = Reconciler(layers=LAYERS[name])(doc.model_copy(deep=True))
        secs[name] = time.perf_counter() - t
    readings["auto"] = readings["hybrid" if needed else "rules"]
    return doc, readings, needed, secs


def tagger_seconds(secs: dict[str, float], needed: bool) -> dict[str, float]:
    """Seconds each tagger choice would take on this document (ingest not included)."""
    rules = secs["rule"] + secs["rules"]
    return {"rules": rules, "model": secs["model_tag"] + secs["model"],
            "hybrid": secs["rule"] + secs["model_tag"] + secs["hybrid"],
            "auto": rules + (secs["model_tag"] + secs["hybrid"] if needed else 0.0)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=default_model_dir())
    parser.add_argument("--n-held-out", type=int, default=30, help="generated reports of the dev/test held-out families")
    parser.add_argument("--n-stress", type=int, default=60, help="generated reports of the stress families")
    parser.add_argument("--seed", type=int, default=2002, help="generator seed (no training run uses it)")
    args = parser.parse_args()

    from gdr_nlp.tag.tagger import ModelTagger

    types = load_label_types(REPO / "annotations" / "labels.json")
    taggers = [RuleTagger(), NarrativeTagger(), ModelTagger(args.model)]
    cells: dict[tuple[str, str, str], CellScore] = defaultdict(CellScore)
    exact: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    spans: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)  # (set, tagger, label) -> tp/fp/fn
    metrics: dict[tuple[str, str], tuple[list, list, list]] = defaultdict(lambda: ([], [], []))  # pred, gold, texts
    seconds: Counter[str] = Counter()
    runs: Counter[str] = Counter()  # reports where auto ran the model
    for set_name, family, source, gold, gold_spans in _docs(args):
        doc = load(source) if isinstance(source, Path) else source
        t0 = time.perf_counter()
        doc, readings, needed, _ = read_every_way(doc, taggers)
        seconds["tag"] += time.perf_counter() - t0
        runs[set_name] += needed
        for name in TAGGERS:
            copy = readings[name]
            score = score_tables(copy.tables, gold["tables"])
            if gold.get("metrics") is not None:
                pred, gold_m, texts = metrics[(set_name, name)]
                pred.append(copy.metrics)
                gold_m.append(gold["metrics"])
                texts.append(copy.text if gold_spans is not None else None)
            for key in ((set_name, family, name), (set_name, "all", name)):
                cells[key].add(CellScore(score.correct, score.total, score.extra))
                exact[key][0] += 1
                exact[key][1] += score.exact
        if gold_spans is None:
            continue
        gold = {(s.start, s.end, s.label) for s in trimmed_spans(gold_spans, doc.text, types=types)}
        predicted = {"rules": doc.spans["rule"], "model": doc.spans.get("model", []),
                     "hybrid": _hybrid_spans(doc, readings["hybrid"])}
        predicted["auto"] = predicted["hybrid" if needed else "rules"]
        for name, pred_spans in predicted.items():
            pred = {(s.start, s.end, s.label) for s in pred_spans if s.label in types}
            for kind, found in (("tp", gold & pred), ("fp", pred - gold), ("fn", gold - pred)):
                for _, _, label in found:
                    spans[(set_name, name, label)][kind] += 1
                    spans[(set_name, name, "all")][kind] += 1

    print(f"model={args.model} seed={args.seed} n_held_out={args.n_held_out} n_stress={args.n_stress} "
          f"tagging {seconds['tag']:.0f} s; auto ran the model on {dict(runs)}", file=sys.stderr)
    print("### Table cells (cell accuracy; exact reports)\n")
    print("| set | family | " + " | ".join(TAGGERS) + " |")
    print("|---|---|" + "---|" * len(TAGGERS))
    for set_name, family in sorted({(k[0], k[1]) for k in cells}, key=lambda k: (k[0], k[1] != "all", k[1])):
        row = [f"{cells[(set_name, family, t)].accuracy:.4f}; {exact[(set_name, family, t)][1]}/{exact[(set_name, family, t)][0]}"
               for t in TAGGERS]
        print(f"| {set_name} | {family} | " + " | ".join(row) + " |")
    print("\n### Narrative metrics (F1 typed; type-blind)\n")
    print("| set | " + " | ".join(TAGGERS) + " |")
    print("|---|" + "---|" * len(TAGGERS))
    for set_name in sorted({k[0] for k in metrics}):
        row = []
        for t in TAGGERS:
            m = evaluate_metrics(*metrics[(set_name, t)][:2], texts=metrics[(set_name, t)][2])
            row.append(f"{m['typed']['f1']:.3f}; {m['untyped']['f1']:.3f}")
        print(f"| {set_name} | " + " | ".join(row) + " |")
    print("\n### Span F1 per label (exact character spans)\n")
    sets = sorted({k[0] for k in spans})
    print("| label | " + " | ".join(f"{s} {t}" for s in sets for t in TAGGERS) + " |")
    print("|---|" + "---|" * (len(sets) * len(TAGGERS)))
    for label in [*types, "all"]:
        row = []
        for s in sets:
            for t in TAGGERS:
                c = spans.get((s, t, label))
                row.append(_f1(c) if c and (c["tp"] + c["fn"]) else "–")
        if any(v != "–" for v in row):
            print(f"| {label} | " + " | ".join(row) + " |")


def _f1(c: Counter[str]) -> str:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    return f"{2 * p * r / (p + r) if p + r else 0.0:.3f}"


if __name__ == "__main__":
    main()
