"""Fuzz benchmark (#11): ``gdr extract`` over ≥ 2,000 broken, hostile and mutated inputs.

Generates the cases with ``gdr_nlp.fuzz`` (seeded) from the seed fixtures and ``gdr synth``
reports in every format, runs ONE ``gdr extract IN -o OUT --timeout T`` over the folder
(as a user would) and reads back ``run.json``, ``failures.json``, stderr and every output
JSON. Prints, per class: cases, read, clean errors, internal errors (E099/E015), timeouts
(E013), cases against expectation, tracebacks, invalid JSON outputs, the slowest file and
the peak RSS of the worst file (the worker's VmHWM, reset before each file).

    python benchmarks/fuzz_bench.py -n 2000 --seed 11 --timeout 60
    python benchmarks/fuzz_bench.py -n 200 --scale 0.05   # quick look

Exit status 1 when any internal error, traceback, hang (a file running past its timeout by
more than 10 s), invalid JSON, stray stderr line or per-file peak RSS over 2 GB was seen
(the issue's "done when"). A timeout itself is a clean failure: the file was stopped in time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gdr_nlp.fuzz import generate, load_base, write_cases  # noqa: E402

_LINE = re.compile(r"^\[E\d{3}\] ")
_SUMMARY = re.compile(r"^\d+ files, \d+ failed")
RSS_LIMIT_MB = 2048


def base_files(work: Path, seed: int) -> list[Path]:
    """The seed fixtures and a few generated reports in every format (txt, html, docx, pdf)."""
    from gdr_nlp.synth import generate as synth, write_dataset

    folder = write_dataset(synth(12, seed=seed, layouts=("tab_cells", "html", "docx", "pdf")), work / "synth")
    files = sorted((folder / "files").iterdir()) + sorted((ROOT / "tests" / "fixtures").glob("*.txt"))
    return [f for f in files if f.suffix in (".txt", ".html", ".docx", ".pdf")]


def run(cases_dir: Path, out_dir: Path, timeout: float, tagger: str) -> tuple[int, str, float, float]:
    """One ``gdr extract`` over the folder: (exit code, stderr, seconds, peak RSS of any child in MB)."""
    cmd = [sys.executable, "-m", "gdr_nlp.cli", "extract", str(cases_dir), "-o", str(out_dir), "-q",
           "--timeout", str(timeout), "--tagger", tagger, "-f", "csv", "-f", "xlsx"]
    started = time.time()
    proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace", cwd=ROOT)
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return proc.returncode, proc.stderr, time.time() - started, rss


def klass_of(path: str) -> str:
    for part in Path(path).parts[::-1]:
        m = re.match(r"^\d{5}_(.+)$", part)
        if m:
            return m.group(1)
    return "?"


def summarize(cases: list, out_dir: Path, stderr: str, timeout: float) -> tuple[dict[str, Counter], dict[str, dict[str, float]]]:
    manifest = json.loads((out_dir / "run.json").read_text(encoding="utf-8"))
    by_path = {}
    for case, path in cases:
        by_path[os.fsdecode(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")] = case
    counts: dict[str, Counter] = defaultdict(Counter)
    worst: dict[str, dict[str, float]] = defaultdict(lambda: {"rss": 0.0, "seconds": 0.0})
    for case, _ in cases:
        counts[case.klass]["cases"] += 1
    for entry in manifest["reports"]:
        klass = klass_of(entry["path"])
        case = by_path.get(entry["path"])
        c = counts[klass]
        c["records"] += 1
        if entry["status"] == "ok":
            c["read"] += 1
            c["review"] += bool(entry.get("review", {}).get("needed"))
            try:
                data = json.loads((out_dir / entry["output"]).read_text(encoding="utf-8"))
                c["invalid_json"] += data.get("contract") != "gdr-report/1"
            except (OSError, ValueError, TypeError):
                c["invalid_json"] += 1
            c["unexpected"] += case is not None and case.expect == "error"
        else:
            code = entry["code"]
            c["internal"] += code in ("E099", "E015")
            c["timeout"] += code == "E013"
            c["hang"] += (entry.get("seconds") or 0.0) > timeout + 10
            c["clean_error"] += code not in ("E099", "E015", "E013")
            c["unexpected"] += case is not None and case.expect == "ok"
        worst[klass]["rss"] = max(worst[klass]["rss"], entry.get("peak_rss_mb") or 0.0)
        worst[klass]["seconds"] = max(worst[klass]["seconds"], entry.get("seconds") or 0.0)
    for line in stderr.splitlines():
        if "Traceback" in line:
            counts["(stderr)"]["traceback"] += 1
        elif line.strip() and not (_LINE.match(line) or _SUMMARY.match(line)):
            counts["(stderr)"]["stray_line"] += 1
    return counts, worst


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--scale", type=float, default=1.0, help="size of the bombs (1.0: the issue's sizes)")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--tagger", default="auto")
    parser.add_argument("--work", type=Path, default=None, help="folder for cases and outputs (default: a temp folder)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="gdr-fuzz-"))
    shutil.rmtree(work / "in", ignore_errors=True)
    shutil.rmtree(work / "out", ignore_errors=True)
    t0 = time.time()
    base = load_base(base_files(work, args.seed))
    cases = write_cases(list(generate(args.n, seed=args.seed, base=base, scale=args.scale)), work / "in")
    print(f"generated {len(cases)} cases in {time.time() - t0:.0f} s under {work}", file=sys.stderr)
    rc, stderr, seconds, rss = run(work / "in", work / "out", args.timeout, args.tagger)
    (work / "stderr.txt").write_text(stderr, encoding="utf-8")
    counts, worst = summarize(cases, work / "out", stderr, args.timeout)
    cols = ("cases", "records", "read", "review", "clean_error", "internal", "timeout", "hang", "unexpected",
            "invalid_json")
    print(f"| class | {' | '.join(cols)} | slowest s | peak RSS MB |")
    print("|" + "---|" * (len(cols) + 3))
    total: Counter = Counter()
    for klass in sorted(counts):
        if klass == "(stderr)":
            continue
        c = counts[klass]
        total.update(c)
        print(f"| {klass} | {' | '.join(str(c[k]) for k in cols)} | {worst[klass]['seconds']:.1f} | {worst[klass]['rss']:.0f} |")
    print(f"| **all** | {' | '.join(str(total[k]) for k in cols)} | {max(w['seconds'] for w in worst.values()):.1f} |"
          f" {max(w['rss'] for w in worst.values()):.0f} |")
    s = counts["(stderr)"]
    print(f"\nexit {rc}; {seconds:.0f} s for the batch; tracebacks on stderr: {s['traceback']}; stray stderr lines: "
          f"{s['stray_line']}; largest process RSS (parent or worker): {rss:.0f} MB")
    bad = (total["internal"] or total["hang"] or total["invalid_json"] or total["cases"] != total["records"] or s["traceback"] or s["stray_line"]
           or max(w["rss"] for w in worst.values()) > RSS_LIMIT_MB)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
