"""The review page: how far an unreviewed reading, saved as an annotation, is from hand gold; and its speed.

For each seed report (``annotations/seeds.jsonl`` holds their hand gold, written without
the tagger or reconciler), ``gdr extract --emit-text --tagger rules`` is run, then the
review store writes the annotation document it would write on a first save with no
correction. Compared with the hand gold: table cells (``gdr_nlp.scoring``) and exact
spans per label. This is the label noise a reviewer accepts by saving without looking
further, i.e. what the review page must make visible. Speed: report page render and save
(median of ``--runs``), through the in-process app, no HTTP.

    python benchmarks/bench_review.py [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from gdr_nlp.annotations.io import load_docs
from gdr_nlp.cli import main
from gdr_nlp.review import Batch, ReviewApp
from gdr_nlp.review.annotation import annotation_doc
from gdr_nlp.scoring import score_tables

REPO = Path(__file__).resolve().parent.parent


def _span_scores(pred: list[dict], gold: list[dict]) -> dict[str, tuple[int, int, int]]:
    """Per label: (true positives, predicted, gold) for exact (start, end, label) matches."""
    p = Counter((s["label"], s["start"], s["end"]) for s in pred)
    g = Counter((s["label"], s["start"], s["end"]) for s in gold)
    out: dict[str, tuple[int, int, int]] = {}
    for label in sorted({k[0] for k in p} | {k[0] for k in g}):
        tp = sum(min(n, g[k]) for k, n in p.items() if k[0] == label)
        out[label] = (tp, sum(n for k, n in p.items() if k[0] == label), sum(n for k, n in g.items() if k[0] == label))
    return out


def main_bench(runs: int) -> None:
    gold_docs = {d["id"]: d for d in load_docs(REPO / "annotations" / "seeds.jsonl")}
    tmp = Path(tempfile.mkdtemp(prefix="bench-review-"))
    try:
        inputs = tmp / "in"
        inputs.mkdir()
        for doc_id in gold_docs:
            shutil.copy(REPO / "tests" / "fixtures" / f"{doc_id}.txt", inputs)
        out = tmp / "out"
        main(["extract", str(inputs), "-o", str(out), "--emit-text", "--tagger", "rules"])
        batch = Batch(out)
        app = ReviewApp(batch)
        totals: dict[str, list[int]] = {}
        cells_ok = cells_all = 0
        render, save = [], []
        for name in batch.names():
            text = batch.text(name) or ""
            doc = annotation_doc(name, name, text, batch.corrected(name), batch._structure_spans())
            gold = gold_docs[name]
            score = score_tables(doc["gold"]["tables"], gold["gold"]["tables"])
            cells_ok, cells_all = cells_ok + score.correct, cells_all + score.total
            for label, (tp, np_, ng) in _span_scores(doc["spans"], gold["spans"]).items():
                acc = totals.setdefault(label, [0, 0, 0])
                acc[0] += tp
                acc[1] += np_
                acc[2] += ng
            for _ in range(runs):
                t0 = time.perf_counter()
                app.report_page(name, {"cell": "applications.granted.total"})
                render.append(time.perf_counter() - t0)
            cell = batch.contract(name)["tables"]["applications"]["granted"]["total"]
            for i in range(runs):
                form = {"key": "applications.granted.total", "start": str(cell["span"][0]), "end": str(cell["span"][1]),
                        "version": str(i)}
                t0 = time.perf_counter()
                status, _, msg = app.correct(name, "cell", form)
                save.append(time.perf_counter() - t0)
                assert status == 303, msg
        print(f"seed reports: {len(gold_docs)}; table cells equal to hand gold: {cells_ok}/{cells_all}")
        print("| label | precision | recall | F1 | gold spans |\n| --- | --- | --- | --- | --- |")
        for label, (tp, np_, ng) in totals.items():
            p, r = tp / np_ if np_ else 0.0, tp / ng if ng else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            print(f"| {label} | {p:.3f} | {r:.3f} | {f:.3f} | {ng} |")
        print(f"report page render: median {statistics.median(render) * 1000:.0f} ms; "
              f"save (log + corrected JSON + validated annotation): median {statistics.median(save) * 1000:.0f} ms "
              f"({runs} runs per report, first save's tagger load excluded)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    main_bench(parser.parse_args().runs)
