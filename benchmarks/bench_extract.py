"""Speed and memory of `gdr extract` per report: median of N runs, peak RSS.

Each file is measured in a fresh subprocess so the peak RSS belongs to that file
(plus the interpreter and libraries). Prints a Markdown table for BENCHMARKS.md.

    python benchmarks/bench_extract.py [--runs 5] [--tagger auto] [FILES...]

Besides the seed and the realdev PDFs, a generated report whose tables have no section
headings is measured: one that ``--tagger auto`` sends to the model.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_FILES = [
    REPO / "tests/fixtures/000_78cf330bb6c558ff.txt",
    REPO.parent / "shared/realdev/hongze2024.pdf",
    REPO.parent / "shared/realdev/huaian2024.pdf",
]

_CHILD = r"""
import json, resource, statistics, sys, time
t0 = time.perf_counter()
from gdr_nlp.pipeline import build_pipeline
pipe = build_pipeline(tagger=sys.argv[3])
t_load = time.perf_counter() - t0
path, runs = sys.argv[1], int(sys.argv[2])
times = []
for _ in range(runs):
    t = time.perf_counter()
    doc = pipe.process(path)
    times.append(time.perf_counter() - t)
print(json.dumps({"median_s": statistics.median(times), "min_s": min(times), "first_s": times[0],
                  "load_s": t_load, "chars": len(doc.text), "pages": doc.source.pages,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tagger", default="auto")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    files = [f for f in (args.files or [*DEFAULT_FILES, _troubled_report(Path(tmp.name))]) if f.exists()]
    print(f"tagger={args.tagger}, runs={args.runs}")
    print("| file | chars | pages | pipeline load s | first run s | median s | peak RSS MB |")
    print("|---|---|---|---|---|---|---|")
    for path in files:
        out = subprocess.run([sys.executable, "-c", _CHILD, str(path), str(args.runs), args.tagger],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"| {path.name} | {r['chars']} | {r['pages'] or '-'} | {r['load_s']:.2f} | {r['first_s']:.3f} | "
              f"{r['median_s']:.3f} | {r['peak_rss_mb']:.0f} |")


def _troubled_report(folder: Path) -> Path:
    from gdr_nlp.synth import generate

    doc = generate(1, seed=1, layouts=("no_table_headings",))[0]
    path = folder / "generated_no_table_headings.txt"
    path.write_text(doc.raw, encoding="utf-8")
    return path


if __name__ == "__main__":
    main()
