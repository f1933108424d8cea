"""The review page: how far an unreviewed reading, saved as an annotation, is from hand gold; and its speed.

For each seed report (``annotations/seeds.jsonl`` holds their hand gold, written without
the tagger or reconciler), ``gdr extract --emit-text --tagger rules`` is run, then the
review store writes the annotation document it would write on a first save with no
correction. Compared with the hand gold: table cells (``gdr_nlp.scoring``) and exact
spans per label. This is the label noise a reviewer accepts by saving without looking
further, i.e. what the review page must make visible. Speed: report page render and save
(median of ``--runs``), through the in-process app, no HTTP.

    python benchmarks/bench_review.py [--runs 5] [--synth 40 --layouts stress] [--batch 200]

``--synth N`` adds the same span comparison on N generated reports of ``--layouts``
(default ``stress``: families no rule or model was tuned on) against the generator's own
spans, for the reports whose extracted text equals the generated text (text layouts).
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


def _print_spans(title: str, totals: dict[str, list[int]]) -> None:
    print(title)
    print("| label | precision | recall | F1 | gold spans |\n| --- | --- | --- | --- | --- |")
    for label, (tp, np_, ng) in sorted(totals.items()):
        p, r = tp / np_ if np_ else 0.0, tp / ng if ng else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"| {label} | {p:.3f} | {r:.3f} | {f:.3f} | {ng} |")


def _add(totals: dict[str, list[int]], scores: dict[str, tuple[int, int, int]]) -> None:
    for label, counts in scores.items():
        acc = totals.setdefault(label, [0, 0, 0])
        for i, n in enumerate(counts):
            acc[i] += n


def synth_bench(n: int, layouts: str, tmp: Path) -> None:
    import json

    from datasets import load_from_disk

    synth, out = tmp / "synth", tmp / "synth-out"
    main(["synth", "-n", str(n), "--seed", "4242", "--layouts", layouts, "-o", str(synth)])
    main(["extract", str(synth / "files"), "-o", str(out), "--emit-text", "--tagger", "rules"])
    dd = load_from_disk(str(synth / "hf"))
    gold = {row["id"]: row for split in dd.values() for row in split}
    batch = Batch(out)
    totals: dict[str, list[int]] = {}
    used = 0
    for name in batch.names():
        text = batch.text(name) or ""
        row = gold.get(name)
        if row is None or row["text"] != text:
            continue
        used += 1
        spans = row["spans"] if isinstance(row["spans"], list) else json.loads(row["spans"])
        doc = annotation_doc(name, name, text, batch.corrected(name), batch.structure_spans())
        _add(totals, _span_scores(doc["spans"], spans))
    _print_spans(f"generated reports ({layouts}, seed 4242): {used} of {n} with the generated text; spans vs generator gold", totals)


def batch_bench(n: int, runs: int, tmp: Path) -> None:
    """Batch list render time over ``n`` generated reports (every list request reads every JSON)."""
    synth, out = tmp / "batch-synth", tmp / "batch-out"
    main(["synth", "-n", str(n), "--seed", "99", "-o", str(synth)])
    main(["extract", str(synth / "files"), "-o", str(out), "--emit-text", "--tagger", "rules"])
    app = ReviewApp(Batch(out))
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        app.batch_page({})
        times.append(time.perf_counter() - t0)
    print(f"batch list over {len(app.batch.names())} reports: first request {times[0] * 1000:.0f} ms, then median "
          f"{statistics.median(times[1:] or times) * 1000:.0f} ms (rows cached until a report's JSON or log changes)")


def main_bench(runs: int, synth_n: int, layouts: str, batch_n: int = 0) -> None:
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
            doc = annotation_doc(name, name, text, batch.corrected(name), batch.structure_spans())
            gold = gold_docs[name]
            score = score_tables(doc["gold"]["tables"], gold["gold"]["tables"])
            cells_ok, cells_all = cells_ok + score.correct, cells_all + score.total
            _add(totals, _span_scores(doc["spans"], gold["spans"]))
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
        _print_spans(f"seed reports: {len(gold_docs)}; table cells equal to hand gold: {cells_ok}/{cells_all}", totals)
        print(f"report page render: median {statistics.median(render) * 1000:.0f} ms; "
              f"save (log + corrected JSON + validated annotation): median {statistics.median(save) * 1000:.0f} ms "
              f"({runs} runs per report, first save's tagger load excluded)")
        if synth_n:
            synth_bench(synth_n, layouts, tmp)
        if batch_n:
            batch_bench(batch_n, runs, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--synth", type=int, default=0, help="also compare on N generated reports")
    parser.add_argument("--layouts", default="stress")
    parser.add_argument("--batch", type=int, default=0, help="also time the batch list over N generated reports")
    args = parser.parse_args()
    main_bench(args.runs, args.synth, args.layouts, args.batch)
