"""Reports with dropped blank cells: cells read, tables flagged, and the placement solver (DP vs MILP).

    python benchmarks/bench_placement.py [-n 60] [--seed 9191] [--no-solvers]

Generates reports with ``gdr_nlp.synth.dropped_blanks`` (a seed no test uses), in two regimes
(every zero printed blank; the four totals rows printed in full) and two ways of dropping the
blanks (HTML without its empty <td>s; a browser paste), runs the rules pipeline, and prints per
regime: cells read, tables decided (all cells found, no review note) and their cell accuracy,
tables flagged (a review note, or cells not found: the completeness check), and silent errors
(a wrong cell in a table without either; must be 0).

Every 表三 placement problem met on the way is then solved again by the dynamic programme alone
(``placement.place_applications`` with its state cap raised to 100k) and by the MILP of the same model
(``placement.solve_milp``, SciPy/HiGHS), and the two are compared: agreement and time. The
library runs the DP and hands a table to the MILP once the DP's states pass ``MAX_STATES``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import gdr_nlp.reconcile.tables as tables_module
from gdr_nlp.pipeline import build_pipeline
from gdr_nlp.reconcile.readings import Piece
from gdr_nlp.scoring import score_tables
from gdr_nlp.synth.dropped_blanks import HOW, TOTALS_ROWS, generate_dropped, write_dropped

Problem = tuple[dict[str, list[Piece]], dict[str, dict[str, Piece]], list[str], list[str]]


def run(n: int, seed: int, *, solvers: bool = True) -> None:
    pipeline = build_pipeline(tagger="rules")
    problems: list[Problem] = []
    original = getattr(tables_module, "place_applications", None)

    def recording(short: Any, fixed: Any, columns: Any, results: Any) -> Any:
        problems.append((short, fixed, list(columns), list(results)))
        return original(short, fixed, columns, results)

    solver = hasattr(tables_module, "place_applications")  # not before issue 9: --before runs the old code
    if solver:
        tables_module.place_applications = recording
    print(f"n={n} per regime, seed={seed}, rules tagger (machine shared by other jobs: times are upper bounds)\n")
    print("| regime | dropped by | tables | cells read | tables decided (no note) | cells read there | flagged "
          "| flagged though exact | silent errors |")
    print("|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, keep in (("every zero blank", ()), ("totals rows printed", TOTALS_ROWS)):
            docs = generate_dropped(n, seed=seed, keep=keep)
            for how in HOW:
                s: dict[str, int] = defaultdict(int)
                for d in docs:
                    doc = pipeline.process(write_dropped(d, Path(tmp), how))
                    gold = d.gold()["tables"]
                    for table in ("applications", "review_litigation"):
                        score = score_tables({table: doc.tables.get(table, {})}, {table: gold[table]})
                        wrong = [m for m in score.mismatches if not m.endswith("got None")]
                        # a review note on the table, or an official cell not found (the completeness
                        # check of CONTRACT 1.1 fails then)
                        flagged = (any(note.startswith(table) for note in getattr(doc, "review_notes", []))
                                   or len(wrong) < len(score.mismatches))
                        s["tables"] += 1
                        s["cells"] += score.total
                        s["read"] += score.correct
                        s["flagged"] += flagged
                        s["flag_exact"] += flagged and score.correct == score.total
                        s["silent"] += bool(wrong) and not flagged
                        if not flagged and score.correct == score.total:
                            s["decided"] += 1
                        if not flagged:
                            s["dcells"] += score.total
                            s["dread"] += score.correct
                print(f"| {name} | {how} | {s['tables']} | {s['read'] / s['cells']:.4f} | {s['decided']} | "
                      f"{s['dread'] / max(1, s['dcells']):.4f} | {s['flagged']} | {s['flag_exact']} | {s['silent']} |")
    if solver:
        tables_module.place_applications = original
        if solvers:
            compare(problems)


def compare(problems: list[Problem]) -> None:
    from gdr_nlp.reconcile import placement

    dp_times, milp_times, agree, statuses = [], [], 0, defaultdict(int)
    for short, fixed, columns, results in problems:
        cap, placement.MAX_STATES = placement.MAX_STATES, 100_000  # the DP alone, up to 100k states
        t = time.perf_counter()
        dp = placement.place_applications(short, fixed, columns, results)
        dp_times.append(time.perf_counter() - t)
        placement.MAX_STATES = cap
        t = time.perf_counter()
        mp = placement.solve_milp(short, fixed, columns, results)
        milp_times.append(time.perf_counter() - t)
        statuses[dp.status if dp.states <= 100_000 else "over 100k DP states (MILP took over)"] += 1
        same = {r: {c: p.start for c, p in cells.items()} for r, cells in dp.cells.items()} == \
               {r: {c: p.start for c, p in cells.items()} for r, cells in mp.cells.items()}
        agree += mp.status == dp.status and (mp.status != "unique" or same)
    print(f"\n表三 placement problems: {len(problems)} ({dict(statuses)})")
    print("| solver | mean s/table | median | max | agrees with the other |")
    print("|---|---|---|---|---|")
    for name, times in (("DP (library)", dp_times), ("MILP (scipy/HiGHS)", milp_times)):
        print(f"| {name} | {statistics.mean(times):.4f} | {statistics.median(times):.4f} | {max(times):.4f} | "
              f"{agree}/{len(problems)} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=60)
    parser.add_argument("--seed", type=int, default=9191)
    parser.add_argument("--no-solvers", action="store_true", help="skip the DP vs MILP comparison (minutes)")
    args = parser.parse_args()
    run(args.n, args.seed, solvers=not args.no_solvers)


if __name__ == "__main__":
    main()
