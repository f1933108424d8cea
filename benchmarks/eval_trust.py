"""Silent errors and false alarms: the trust benchmark of issue 9.

    python benchmarks/eval_trust.py [-n 1050] [--seed 9009] [--classes all] [--jobs 2] [--no-realdev]
    python benchmarks/eval_trust.py -n 70 --classes clean,a_dropped_blanks --jobs 1

Generated reports (``gdr_nlp.synth``, gold known) go through each fault class of
``gdr_nlp.synth.faults`` (document i of the run takes class i mod the number of classes, and its
route i mod the class's routes), and the realdev PDFs (``../shared/realdev``) go through every
converter family of ``gdr_nlp.synth.convert``; the real pipeline (``build_pipeline``, default
tagger) reads each result. Per class/route it prints: reports, cell accuracy
(``gdr_nlp.scoring``), exact reports, **silent-wrong** (not exact and ``review.needed`` false),
**false alarms** (exact and ``review.needed`` true), and wrong reports that at least a failing
table check points at; then a calibration table (cell confidence bucket → observed accuracy).

``review`` is read as the contract gives it (revision 1.1); a build without it counts as
``needed: false`` everywhere, which is the baseline. A report the tool refuses with a one-line
error (``GdrError``) counts as flagged, never as silent.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from gdr_nlp.errors import GdrError  # noqa: E402
from gdr_nlp.export.json import to_contract  # noqa: E402
from gdr_nlp.scoring import same_cell, score_tables  # noqa: E402
from gdr_nlp.synth import generate_one  # noqa: E402
from gdr_nlp.synth.convert import FAMILIES, available  # noqa: E402
from gdr_nlp.synth.routes import split_of  # noqa: E402
from gdr_nlp.synth.faults import CLASSES, inject, inject_file, layouts_for  # noqa: E402

REALDEV = REPO.parent / "shared" / "realdev"
BUCKETS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0001)
_PIPELINE: Any = None


@dataclass
class Outcome:
    """One report's reading, scored."""

    fault: str
    route: str
    source: str
    name: str
    cells: int = 0
    correct: int = 0
    exact: bool = False
    review: bool = False
    check_fails: bool = False
    error: str | None = None
    seconds: float = 0.0
    confidences: list[tuple[float, bool]] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)


def review_of(contract: dict[str, Any]) -> dict[str, Any]:
    """The contract's review verdict; absent (before revision 1.1 lands) reads as not needed."""
    return contract.get("review") or {"needed": False, "reasons": []}


def _score(out: Outcome, path: Path, gold: dict[str, Any], tagger: str) -> Outcome:
    global _PIPELINE
    from gdr_nlp.pipeline import build_pipeline

    if _PIPELINE is None:
        _PIPELINE = build_pipeline(tagger=tagger)  # type: ignore[arg-type]
    out.cells = sum(len(cols) for rows in gold.values() for cols in rows.values())
    t0 = time.perf_counter()
    try:
        doc = _PIPELINE.process(path)
    except GdrError as exc:  # a clear refusal: the user is told, so it is flagged, not silent
        out.error, out.review = str(exc), True
        return out
    except Exception as exc:  # noqa: BLE001 - a crash is scored as a flagged failure and listed
        out.error, out.review = f"crash {exc!r}", True
        return out
    out.seconds = time.perf_counter() - t0
    contract = to_contract(doc)
    score = score_tables(contract["tables"], gold)
    out.correct, out.exact = score.correct, score.exact
    out.mismatches = score.mismatches[:3]
    out.review = bool(review_of(contract)["needed"])
    out.check_fails = any(c["status"] == "fail" and not c["id"].startswith("narrative.") for c in contract["checks"])
    for table, rows in gold.items():
        for row, cols in rows.items():
            for col, gold_cell in cols.items():
                cell = contract["tables"].get(table, {}).get(row, {}).get(col)
                if cell is not None and cell.get("confidence") is not None:
                    out.confidences.append((float(cell["confidence"]), same_cell(cell, gold_cell)))
    return out


def _synth_task(task: tuple[str, str, int, int, str, str]) -> Outcome:
    fault, route, seed, index, tmp, tagger = task
    # no printed source errors (error_rate 0): a flagged report that is exact is then a false alarm
    doc = generate_one(index, seed=seed, error_rate=0.0, layouts=layouts_for(fault))
    work = Path(tmp) / f"{fault}-{index}"
    out = Outcome(fault, route, "synth", doc.id)
    try:
        injected = inject(fault, doc, work, route=route)
    except GdrError as exc:
        out.error = f"inject: {exc}"
        return out
    return _score(out, injected.path, injected.gold, tagger)


def _realdev_task(task: tuple[str, str, str, str, str]) -> Outcome:
    fault, route, pdf, tmp, tagger = task
    gold = json.loads(Path(pdf).with_suffix(".gold.json").read_text(encoding="utf-8"))["tables"]
    out = Outcome(fault, route, "realdev", Path(pdf).stem)
    work = Path(tmp) / f"realdev-{fault}-{route.replace('>', '_')}-{Path(pdf).stem}"
    try:
        path = inject_file(fault, pdf, work, route=route)
    except GdrError as exc:
        out.error = f"inject: {exc}"
        return out
    return _score(out, path, gold, tagger)


def _realdev_tasks(tmp: str, tagger: str) -> list[tuple[str, str, str, str, str]]:
    if not REALDEV.is_dir():
        return []
    tasks = []
    for gold in sorted(REALDEV.glob("*.gold.json")):
        pdf = str(gold.with_name(json.loads(gold.read_text(encoding="utf-8"))["file"]))
        # train families only: issue 10's held-out families (dev/test/ocr) are measured once, at the end
        routes = [("clean", "pdf")] + [("family", f"pdf>{name}") for name, fam in FAMILIES.items()
                                       if "pdf" in fam.inputs and split_of(name) == "train"]
        routes += [("c_markdown", "pdf>pymupdf4llm>disorder"), ("e_cjk_radicals", "pdf>pdftotext_layout")]
        for fault, route in routes:
            tasks.append((fault, route, pdf, tmp, tagger))
    return tasks


def _rows(outcomes: list[Outcome]) -> None:
    groups: dict[tuple[str, str, str], list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups[(o.source, o.fault, o.route)].append(o)
    print("| source | class | route | reports | cells | cell accuracy | exact | silent-wrong | false alarms | wrong, a check fails | errors | s/report |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    totals: dict[str, list[int]] = defaultdict(lambda: [0] * 7)
    for key in sorted(groups):
        os_ = groups[key]
        cells, correct = sum(o.cells for o in os_), sum(o.correct for o in os_)
        exact = sum(o.exact for o in os_)
        silent = sum(not o.exact and not o.review for o in os_)
        alarms = sum(o.exact and o.review for o in os_)
        caught = sum(not o.exact and o.check_fails for o in os_)
        errors = sum(o.error is not None for o in os_)
        secs = [o.seconds for o in os_ if o.error is None]
        print(f"| {key[0]} | {key[1]} | {key[2]} | {len(os_)} | {cells} | {correct / cells if cells else 1:.4f} | "
              f"{exact}/{len(os_)} | {silent} | {alarms} | {caught} | {errors} | {sum(secs) / max(1, len(secs)):.2f} |")
        t = totals[key[0]]
        for i, v in enumerate((len(os_), cells, correct, exact, silent, alarms, errors)):
            t[i] += v
    for source, (n, cells, correct, exact, silent, alarms, errors) in sorted(totals.items()):
        print(f"| **{source}, all** | | | {n} | {cells} | **{correct / cells if cells else 1:.4f}** | {exact}/{n} | "
              f"**{silent}** ({silent / n:.1%}) | **{alarms}** ({alarms / max(1, exact):.1%} of exact) | | {errors} | |")


def _calibration(outcomes: list[Outcome]) -> None:
    for source in sorted({o.source for o in outcomes}):
        pairs = [p for o in outcomes if o.source == source for p in o.confidences]
        missing = sum(o.cells for o in outcomes if o.source == source) - len(pairs)
        print(f"\ncalibration ({source}): confidence bucket → observed accuracy ({missing} gold cells had no cell)")
        print("| confidence | cells | observed accuracy |")
        print("|---|---|---|")
        for lo, hi in zip(BUCKETS, BUCKETS[1:]):
            got = [ok for c, ok in pairs if lo <= c < hi]
            if got:
                print(f"| [{lo:.2f}, {min(hi, 1.0):.2f}{']' if hi > 1 else ')'} | {len(got)} | {sum(got) / len(got):.4f} |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=1050, help="generated reports in all (split over the classes)")
    parser.add_argument("--seed", type=int, default=9009, help="generator seed (no training run uses 9009)")
    parser.add_argument("--classes", default="all", help=f"comma-separated, from: {', '.join(CLASSES)}")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--tagger", default="auto")
    parser.add_argument("--no-realdev", action="store_true", help="skip the realdev PDFs through the converters")
    parser.add_argument("--show", type=int, default=2, help="mismatches to print per class/route")
    args = parser.parse_args(argv)
    classes = tuple(CLASSES) if args.classes == "all" else tuple(args.classes.split(","))
    if unknown := [c for c in classes if c not in CLASSES]:
        parser.error(f"unknown class {', '.join(unknown)} (known: {', '.join(CLASSES)})")
    missing = sorted({r.split(">")[1] for c in classes for r in CLASSES[c] if ">" in r and not available(r.split(">")[1])})
    if missing:
        parser.error(f"converter families not installed: {', '.join(missing)} (pip install -e '.[synth]'; apt-get install poppler-utils)")
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        synth = []
        for i in range(args.n):  # document i: class i mod classes, then the class's routes in turn
            fault = classes[i % len(classes)]
            routes = CLASSES[fault]
            synth.append((fault, routes[(i // len(classes)) % len(routes)], args.seed, i, tmp, args.tagger))
        real = [] if args.no_realdev else _realdev_tasks(tmp, args.tagger)
        if args.jobs > 1:
            with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
                outcomes = pool.map(_synth_task, synth, chunksize=4) + pool.map(_realdev_task, real, chunksize=1)
        else:
            outcomes = [_synth_task(t) for t in synth] + [_realdev_task(t) for t in real]
    wall = time.perf_counter() - t0
    print(f"n={args.n} seed={args.seed} classes={','.join(classes)} tagger={args.tagger} jobs={args.jobs} "
          f"realdev={'no' if args.no_realdev else len(real)} wall={wall:.0f}s")
    _rows(outcomes)
    _calibration(outcomes)
    shown: dict[tuple[str, str], int] = defaultdict(int)
    for o in outcomes:
        key = (o.fault, o.route)
        if (o.mismatches or o.error) and shown[key] < args.show:
            shown[key] += 1
            print(f"  [{o.source} {o.fault} {o.route}] {o.name}: {o.error or '; '.join(o.mismatches)}")


if __name__ == "__main__":
    main()
