"""Tables whose cells run together (lxml ``text_content()``): the cutting search's time and outcome.

    python benchmarks/bench_glued.py [-n 24] [--seed 5151] [--scale 1000]

Generated reports (a seed no test or evaluation uses) rendered as the official HTML grid and read by
lxml ``text_content()``, twice: as generated (counts mostly below 10), and with every 表三 count
redrawn up to ``--scale`` (the sums kept: result rows drawn, （七）总计 their sum, 结转 drawn, 上年结转
what the balance leaves), so each row's run is long and has many cuts (C(L-1, 6) per row). Prints,
per regime: 表三 cells read right, wrong, unread; reports whose 表三 is wrong without a review flag
(must be 0); and the time of ``glued.place_glued_rows`` (the cutting and the search across the table)
per report, median and largest.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import gdr_nlp.reconcile.tables as tables_module
from gdr_nlp.pipeline import build_pipeline
from gdr_nlp.reconcile.schema import APPLICANT_KEYS
from gdr_nlp.synth import BINARY_LAYOUTS, generate_one
from gdr_nlp.synth.routes import RENDERERS

_PARTS = APPLICANT_KEYS[:-1]
_ANCHORS = ("new_received", "carried_over", "total_processed", "carried_forward")


def _redraw(data, rng: random.Random, scale: int) -> bool:  # type: ignore[no-untyped-def]
    """Every 表三 count of ``data`` (``synth.tables.TableData``) redrawn up to ``scale``, every row and
    column sum kept (gold and printed text both). False where the report has no plain 表三 to redraw."""
    cells = {(r, c): k for k in data.gold if k[0] == "applications" for r, c in [k[1:]]}
    rows = sorted({r for r, _ in cells}, key=lambda r: [d.key for d in data.app_rows].index(r))
    if data.source_errors or any(data.gold[k]["kind"] != "number" for k in cells.values()):
        return False
    value: dict[tuple[str, str], int] = {}
    results = [r for r in rows if r not in _ANCHORS and not (r == "other_handling" and "other_reasons" in rows)]
    for c in _PARTS:
        for r in results:
            value[(r, c)] = rng.choice([0, 0, rng.randint(1, scale)])
        value[("total_processed", c)] = sum(value[(r, c)] for r in results)
        value[("carried_forward", c)] = rng.randint(0, scale // 10)
        carried = rng.randint(0, min(value[("total_processed", c)] + value[("carried_forward", c)], scale // 10))
        value[("carried_over", c)] = carried
        value[("new_received", c)] = value[("total_processed", c)] + value[("carried_forward", c)] - carried
    for r in rows:
        value[(r, "total")] = sum(value[(r, c)] for c in _PARTS)
        value[(r, "legal_person_subtotal")] = sum(value[(r, c)] for c in _PARTS[1:])
    for (r, c), key in cells.items():
        if (r, c) not in value:
            return False
        data.gold[key] = {**data.gold[key], "value": value[(r, c)]}
        data.printed[key] = str(value[(r, c)])
    return True


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=24)
    ap.add_argument("--seed", type=int, default=5151)
    ap.add_argument("--scale", type=int, default=1000)
    args = ap.parse_args()
    import lxml.html

    pipeline = build_pipeline(tagger="rules")
    timings: list[float] = []
    original = tables_module.place_glued_rows

    def timed(*a, **k):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        out = original(*a, **k)
        timings[-1] += time.perf_counter() - t0
        return out

    tables_module.place_glued_rows = timed
    try:
        for regime in ("as generated", f"redrawn up to {args.scale}"):
            rng = random.Random(args.seed)
            right = wrong = unread = silent = 0
            per_report: list[float] = []
            with tempfile.TemporaryDirectory() as tmp:
                for i in range(args.n):
                    doc = generate_one(i, seed=args.seed, layouts=BINARY_LAYOUTS)
                    if regime != "as generated" and not _redraw(doc.tables, rng, args.scale):
                        continue
                    html = RENDERERS["html_official"].run(doc, Path(tmp)).read_text(encoding="utf-8")
                    path = Path(tmp) / f"{i}.txt"
                    path.write_text(str(lxml.html.fromstring(html).text_content()), encoding="utf-8")
                    gold = doc.gold()["tables"]["applications"]
                    timings.append(0.0)
                    out = pipeline.process(path)
                    per_report.append(timings[-1])
                    got = out.tables.get("applications", {})
                    bad = 0
                    for r, cols in gold.items():
                        for c, cell in cols.items():
                            mine = got.get(r, {}).get(c)
                            if mine is None:
                                unread += 1
                            elif (mine["kind"], mine["value"]) == (cell["kind"], cell["value"]):
                                right += 1
                            else:
                                wrong += 1
                                bad += 1
                    silent += bool(bad) and not out.review["needed"]
            print(f"{regime}: {len(per_report)} reports; 表三 cells right {right}, wrong {wrong}, unread {unread}; "
                  f"silent-wrong reports {silent}; place_glued_rows median {statistics.median(per_report) * 1000:.1f} ms, "
                  f"largest {max(per_report) * 1000:.1f} ms")
    finally:
        tables_module.place_glued_rows = original


if __name__ == "__main__":
    main()
