"""Batch throughput by number of workers, and the batch process's peak RSS by number of reports (#14).

Inputs are generated text reports (``gdr_nlp.synth``, the text layout families round-robin).
Each run is a fresh ``gdr extract DIR -o OUT --tagger rules -f csv -f parquet`` in a child
interpreter, timed wall-clock from start to exit (worker start-up and the final tables
included). Peak RSS is the batch process's own (``ru_maxrss``; with ``--workers 1`` the files
are processed in it, so it is the whole run's), read by a wrapper that runs the CLI in-process.

    python benchmarks/bench_batch.py --throughput 200 --workers 1 2 --memory 200 2000

Prints Markdown rows for BENCHMARKS.md ("Batch throughput and memory"). Say the machine's
load with the figures: on a shared machine the ratio is a floor.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_WRAPPER = r"""
import json, resource, sys
from gdr_nlp.cli import main
rc = main(sys.argv[1:])
print(json.dumps({"rc": rc, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def make_reports(folder: Path, n: int) -> Path:
    from gdr_nlp.synth import BINARY_LAYOUTS, LAYOUTS, generate

    text_layouts = tuple(layout for layout in LAYOUTS if layout not in BINARY_LAYOUTS)
    folder.mkdir(parents=True, exist_ok=True)
    i, seed = 0, 0
    while i < n:  # in chunks: a generated document depends only on (seed, index)
        for doc in generate(min(500, n - i), seed=1400 + seed, layouts=text_layouts):
            (folder / f"r{i:05d}.txt").write_text(doc.raw, encoding="utf-8")
            i += 1
        seed += 1
    return folder


def run(folder: Path, out: Path, workers: int, *extra: str) -> dict[str, float]:
    shutil.rmtree(out, ignore_errors=True)
    argv = ["extract", str(folder), "-o", str(out), "--tagger", "rules", "-f", "csv", "-f", "parquet", "-q",
            "--workers", str(workers), *extra]  # fmt: skip
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *argv], capture_output=True, text=True, cwd=REPO, check=False
    )
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"gdr extract failed ({proc.returncode}): {proc.stderr[-2000:]}")
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert manifest["failed"] == 0, manifest["failed"]
    return {"wall_s": wall, "peak_rss_mb": figures["peak_rss_mb"], "files": manifest["files"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--throughput", type=int, default=200, metavar="N", help="reports for the throughput runs (0: skip)"
    )
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--memory", type=int, nargs="*", default=[200, 2000], metavar="N", help="report counts for peak RSS (workers 1)"
    )
    parser.add_argument("--engine", default="local")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="gdr-bench-batch-"))
    try:
        print(f"cores available: {len(os.sched_getaffinity(0))}, load average: {os.getloadavg()[0]:.1f}")
        if args.throughput:
            folder = make_reports(tmp / f"in{args.throughput}", args.throughput)
            print("| reports | engine | workers | wall s | reports/s | speed-up vs first |")
            print("|---|---|---|---|---|---|")
            base = None
            for workers in args.workers:
                r = run(folder, tmp / "out", workers, "--engine", args.engine)
                rate = r["files"] / r["wall_s"]
                base = base or rate
                print(
                    f"| {r['files']} | {args.engine} | {workers} | {r['wall_s']:.1f} | {rate:.2f} | {rate / base:.2f} |",
                    flush=True,
                )
        if args.memory:
            print("| reports | workers | wall s | batch process peak RSS MB |")
            print("|---|---|---|---|")
            for n in args.memory:
                folder = make_reports(tmp / f"in{n}", n)
                r = run(folder, tmp / "out", 1)
                print(f"| {r['files']} | 1 | {r['wall_s']:.1f} | {r['peak_rss_mb']:.0f} |", flush=True)
                shutil.rmtree(folder)
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
