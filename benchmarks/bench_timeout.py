"""Cost of ``--timeout`` (#11): the same batch in-process and in the killable child process.

    python benchmarks/bench_timeout.py [--copies 10] [--tagger rules]

Copies the seed reports ``--copies`` times into a temp folder and runs ``gdr extract`` on it
twice, without and with ``--timeout``; prints the wall time of each run and the mean per-file
seconds from ``run.json``. The difference is the child's start-up (imports, a warm-up report)
plus a pipe round trip per file.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(folder: Path, out: Path, tagger: str, timeout: float | None) -> tuple[float, float]:
    cmd = [sys.executable, "-m", "gdr_nlp.cli", "extract", str(folder), "-o", str(out), "-q", "--tagger", tagger]
    if timeout:
        cmd += ["--timeout", str(timeout)]
    started = time.time()
    subprocess.run(cmd, check=True, cwd=ROOT)
    wall = time.time() - started
    reports = json.loads((out / "run.json").read_text(encoding="utf-8"))["reports"]
    return wall, sum(r["seconds"] for r in reports) / len(reports)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--tagger", default="rules")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gdr-timeout-"))
    for i in range(args.copies):
        for seed in sorted((ROOT / "tests" / "fixtures").glob("0*_*.txt")):
            shutil.copy(seed, work / f"{i:03d}_{seed.name}")
    n = len(list(work.iterdir()))
    for label, timeout in (("in-process", None), ("--timeout 60", 60.0)):
        wall, per_file = run(work, work.parent / f"{work.name}-out-{bool(timeout)}", args.tagger, timeout)
        print(f"{label:>13}: {n} files, {wall:.1f} s wall, {per_file:.3f} s per file (run.json)")


if __name__ == "__main__":
    main()
