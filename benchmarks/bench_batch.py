"""Batch throughput by number of workers, CPU accounting, the Ray engine, and peak RSS by number of reports (#14).

Inputs are generated text reports (``gdr_nlp.synth``, the text layout families round-robin).
Each run is a fresh ``gdr extract DIR -o OUT --tagger rules -f csv -f parquet`` in a child
interpreter, timed wall-clock from start to exit (worker start-up and the final tables
included). Peak RSS is the batch process's own (``ru_maxrss``; with ``--workers 1`` the files
are processed in it, so it is the whole run's), read by a wrapper that runs the CLI in-process.

CPU accounting (local engine) depends far less on the machine's load than wall clock: the
batch process's CPU seconds (``RUSAGE_SELF``; ``run.json`` ``cpu_s`` splits off what it spent
alone, before the first file and after the last), each worker's (its own count, sent back when
it ends) and the fork server's (the imports the workers share, read with psutil while it is
still alive). From them: the ideal speed-up of the run on unlimited cores, total CPU / critical
path (the batch process alone + fork server + busiest worker, or the whole batch process if
more), and the speed-up over the first ``--workers`` run that this run's CPU allows on the
cores this machine has, first run's CPU / max(total / cores, critical path). Waiting is not CPU:
``run.json`` also has the seconds each worker waited for its next file (the batch process not
keeping up); disk waits are in neither, and the wall clock on a quiet machine has the last word.

    python benchmarks/bench_batch.py --throughput 1000 --workers 1 2 --memory 200 2000
    python benchmarks/bench_batch.py --throughput 1000 --workers 2 --engine ray --memory

``--engine ray`` runs the reports through Ray and through the local engine with the same
``--workers`` and says whether the outputs are the same (timings aside). Prints Markdown rows
for BENCHMARKS.md ("Batch throughput and memory", "Batch CPU accounting"). Say the machine's
load with the wall-clock figures: on a shared machine the ratio is a floor.
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
from typing import Any

REPO = Path(__file__).resolve().parent.parent

_WRAPPER = r"""
import json, resource, sys
from gdr_nlp.cli import main
rc = main(sys.argv[1:])
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
alive = 0.0  # the fork server lives until this interpreter exits: its own CPU is the shared imports
try:
    import psutil
    for child in psutil.Process().children():
        alive += sum(child.cpu_times()[:2])
except Exception:
    alive = None
print(json.dumps({
    "rc": rc, "peak_rss_mb": me.ru_maxrss / 1024, "cpu_self_s": me.ru_utime + me.ru_stime,
    "cpu_children_s": kids.ru_utime + kids.ru_stime, "cpu_alive_children_s": alive,
}))
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


def run(folder: Path, out: Path, workers: int, *extra: str) -> dict[str, Any]:
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
    return {**figures, "wall_s": wall, "files": manifest["files"], "cpu_s": manifest.get("cpu_s")}


def cpu_accounting(r: dict[str, Any], workers: int) -> dict[str, float]:
    """Where the CPU went in one local run (see the module doc)."""
    parent = r["cpu_self_s"]
    reported = (r.get("cpu_s") or {}).get("workers") or []
    server = r.get("cpu_alive_children_s") or 0.0
    if workers > 1 and len(reported) == workers:
        per_worker = reported
    elif workers > 1:  # no per-worker counts (a version before them): spawned children, split evenly
        per_worker = [r["cpu_children_s"] / workers] * workers
    else:  # one worker runs in the batch process (a --timeout child is counted as a worker)
        per_worker = reported
    total = parent + server + sum(per_worker)
    # the batch process works alone before the first file and after the last (the tables); the fork
    # server's imports come before any worker's first file
    cpu = r.get("cpu_s") or {}
    alone = (cpu.get("before_files") or 0.0) + (cpu.get("after_files") or 0.0)
    critical = max(parent, alone + server + max(per_worker, default=0.0))
    return {"parent": parent, "alone": alone, "server": server, "workers": per_worker, "total": total,
            "critical": critical, "waiting": cpu.get("workers_waiting") or []}  # fmt: skip


def differences(a: Path, b: Path) -> list[str]:
    from gdr_nlp.batch import differences as differ

    return differ(a, b)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--throughput", type=int, default=200, metavar="N", help="reports for the throughput runs (0: skip)"
    )
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--memory", type=int, nargs="*", default=[200, 2000], metavar="N", help="report counts for peak RSS (workers 1)"
    )
    parser.add_argument("--engine", default="local", help="ray: also compares Ray's outputs with the local engine's")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="gdr-bench-batch-"))
    cores = len(os.sched_getaffinity(0))
    try:
        print(f"cores available: {cores}, load average: {os.getloadavg()[0]:.1f}")
        if args.throughput:
            folder = make_reports(tmp / f"in{args.throughput}", args.throughput)
            print("| reports | engine | workers | wall s | reports/s | speed-up vs first |")
            print("|---|---|---|---|---|---|")
            base = None
            accounts = []
            for workers in args.workers:
                r = run(folder, tmp / "out", workers, "--engine", args.engine)
                rate = r["files"] / r["wall_s"]
                base = base or rate
                print(
                    f"| {r['files']} | {args.engine} | {workers} | {r['wall_s']:.1f} | {rate:.2f} | {rate / base:.2f} |",
                    flush=True,
                )
                if args.engine == "local":
                    accounts.append((workers, cpu_accounting(r, workers)))
                else:  # the same reports on the local engine: the outputs must be the same
                    shutil.move(tmp / "out", tmp / "out-ray")
                    local = run(folder, tmp / "out", workers)
                    found = differences(tmp / "out", tmp / "out-ray")
                    print(
                        f"| {local['files']} | local | {workers} | {local['wall_s']:.1f} |"
                        f" {local['files'] / local['wall_s']:.2f} | outputs vs {args.engine}:"
                        f" {'identical' if not found else '; '.join(found[:5])} |",
                        flush=True,
                    )
                    shutil.rmtree(tmp / "out-ray")
            if accounts:
                print()
                print(
                    "| workers | batch process CPU s (alone) | fork server CPU s | CPU s per worker | total CPU s |"
                    " ideal speed-up (total / critical path) | speed-up vs first on"
                    f" {cores} cores (CPU-bound) | s each worker waited for a file |"
                )
                print("|---|---|---|---|---|---|---|---|")
                first = accounts[0][1]["total"]
                for workers, a in accounts:
                    bound = first / max(a["total"] / cores, a["critical"])
                    each = " / ".join(f"{w:.1f}" for w in a["workers"]) or "(in the batch process)"
                    print(
                        f"| {workers} | {a['parent']:.1f} ({a['alone']:.1f}) | {a['server']:.1f} | {each} |"
                        f" {a['total']:.1f} |"
                        f" {a['total'] / a['critical']:.2f} | {bound:.2f} |"
                        f" {' / '.join(f'{w:.2f}' for w in a['waiting']) or '-'} |",
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
