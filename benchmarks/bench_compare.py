"""Time of `gdr compare` on a generated multi-year series, and what it finds against the planted gold.

    python benchmarks/bench_compare.py [--agencies 50] [--seed 14] [--layouts text|all|stress] [--tagger rules]

Generates the series (``gdr_nlp.synth.series``), runs ``gdr extract`` over its files and
``gdr compare`` over the output, each in-process through the CLI, and prints a Markdown
table: reports, times, checks by status, planted breaks found, failures not planted.
Seeds other than the test's (14) are series nothing was tuned on.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from gdr_nlp.cli import main
from gdr_nlp.compare import agency_key
from gdr_nlp.synth import LAYOUTS, STRESS
from gdr_nlp.synth.render import TEXT_LAYOUTS
from gdr_nlp.synth.series import generate_series, write_series


def run(agencies: int, seed: int, layouts: tuple[str, ...], tagger: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        series = generate_series(agencies, seed=seed, layouts=layouts)
        write_series(series, root / "series")
        t1 = time.perf_counter()
        if main(["extract", str(root / "series" / "files"), "-o", str(root / "out"), "--tagger", tagger]) != 0:
            raise SystemExit("gdr extract failed")
        t2 = time.perf_counter()
        main(["compare", str(root / "out"), "-o", str(root / "cmp")])
        t3 = time.perf_counter()
        result = json.loads((root / "cmp" / "compare.json").read_text(encoding="utf-8"))
    failed = {(c["id"], agency_key(c["agency"]), tuple(c["years"])) for c in result["checks"] if c["status"] == "fail"}
    expected = series.expected_failures()
    return {
        "agencies": agencies, "seed": seed, "reports": len(series.docs), "generate_s": round(t1 - t0, 1),
        "extract_s": round(t2 - t1, 1), "compare_s": round(t3 - t2, 2), "checks": result["summary"]["checks"],
        "planted": len(expected), "found": len(expected & failed), "not_planted": len(failed - expected),
        "unreadable_planted": sum(len(b["unassessable"]) for b in series.breaks),
        "load": os.getloadavg()[0],
    }


def main_() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agencies", type=int, default=50)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--layouts", choices=("text", "all", "stress"), default="text")
    parser.add_argument("--tagger", default="rules")
    args = parser.parse_args()
    layouts = {"text": tuple(TEXT_LAYOUTS), "all": LAYOUTS, "stress": STRESS}[args.layouts]
    r = run(args.agencies, args.seed, layouts, args.tagger)
    print("| agencies | seed | layouts | reports | generate s | extract s | compare s | checks | planted (found) | failures not planted | load avg |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    print(f"| {r['agencies']} | {r['seed']} | {args.layouts} | {r['reports']} | {r['generate_s']} | {r['extract_s']} | "
          f"**{r['compare_s']}** | {r['checks']} | {r['planted']} ({r['found']}) | {r['not_planted']} | {r['load']:.1f} |")


if __name__ == "__main__":
    main_()
