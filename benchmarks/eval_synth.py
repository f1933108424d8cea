"""End-to-end cell accuracy on generated reports, per layout family.

    python benchmarks/eval_synth.py [-n 240] [--seed 7] [--tagger rules] [--split test]
    python benchmarks/eval_synth.py -n 90 --seed 1001 --layouts stress --tagger hybrid

Generates reports with gdr_nlp.synth (a seed no training run uses by default),
runs the full pipeline on the written files (so HTML/DOCX/PDF go through
ingestion), and compares every gold cell. Prints a Markdown table for
BENCHMARKS.md and the first mismatches of each family.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import defaultdict
from pathlib import Path

from gdr_nlp.errors import GdrError
from gdr_nlp.pipeline import build_pipeline
from gdr_nlp.scoring import CellScore, score_tables
from gdr_nlp.synth import generate, layout_families, write_dataset


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=240)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--tagger", default="rules")
    parser.add_argument("--split", default=None, help="only documents of this split (train/dev/test)")
    parser.add_argument("--layouts", default="all",
                        help="comma-separated families; 'all' = the training families, 'stress' = the never-trained ones")
    parser.add_argument("--model", default=None, help="model folder for --tagger model/hybrid (default: the released one)")
    parser.add_argument("--show", type=int, default=3, help="mismatches to print per family")
    args = parser.parse_args()

    try:
        layouts = layout_families(args.layouts)
    except ValueError as exc:
        parser.error(str(exc))
    pipeline = build_pipeline(tagger=args.tagger, model_dir=args.model)
    per_layout: dict[str, CellScore] = defaultdict(CellScore)
    docs_per_layout: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # docs, exact, version right
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = write_dataset(generate(args.n, seed=args.seed, layouts=layouts), Path(tmp))
        for line in (Path(out) / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            if args.split and entry.get("split") != args.split:
                continue
            gold = json.loads((Path(out) / "gold" / f"{entry['id']}.json").read_text(encoding="utf-8"))
            layout = entry["layout"]
            try:
                doc = pipeline.process(Path(out) / entry["file"])
            except Exception as exc:  # noqa: BLE001 - a crash scores the document's cells as wrong
                failures.append(f"{entry['id']} ({layout}): {exc if isinstance(exc, GdrError) else repr(exc)}")
                gold_cells = sum(len(c) for rows in gold["tables"].values() for c in rows.values())
                per_layout[layout].add(CellScore(total=gold_cells))
                docs_per_layout[layout][0] += 1
                continue
            score = score_tables(doc.tables, gold["tables"])
            score.mismatches = [f"{entry['id']}: {m}" for m in score.mismatches]
            per_layout[layout].add(score)
            stats = docs_per_layout[layout]
            stats[0] += 1
            stats[1] += score.exact
            stats[2] += doc.report.get("format_version") == gold["report"]["format_version"]
    total = CellScore()
    print(f"n={args.n} seed={args.seed} tagger={args.tagger} layouts={args.layouts} split={args.split or 'all'}")
    print("| layout | docs | cells | cell accuracy | exact reports | format version right |")
    print("|---|---|---|---|---|---|")
    for layout in sorted(per_layout):
        s, (docs, exact, version) = per_layout[layout], docs_per_layout[layout]
        total.add(s)
        print(f"| {layout} | {docs} | {s.total} | {s.accuracy:.4f} | {exact}/{docs} | {version}/{docs} |")
    docs = sum(v[0] for v in docs_per_layout.values())
    exact = sum(v[1] for v in docs_per_layout.values())
    print(f"| **all** | {docs} | {total.total} | **{total.accuracy:.4f}** | {exact}/{docs} | |")
    for layout in sorted(per_layout):
        for m in per_layout[layout].mismatches[: args.show]:
            print(f"  [{layout}] {m}")
    for f in failures[:10]:
        print(f"  failed: {f}")


if __name__ == "__main__":
    main()
