"""Converter families: rules vs model vs hybrid vs auto on what real converters make (issue 10).

    python benchmarks/eval_convert.py [--split dev] [-n 12] [--seed 3131] [--jobs 2] [--model DIR] [--json OUT]
    python benchmarks/eval_convert.py --split train --families markitdown,pdftotext_raw -n 4 --no-realdev
    python benchmarks/eval_convert.py --render out.json --compact     # a saved run's tables again

Generated reports (``gdr_nlp.synth``, gold known; both format versions and every table variant
among the first reports drawn, :func:`pick_reports`) go through every route of the split
(``routes.routes(split)``: a renderer, then a converter family, ``routes.run_route``), and the
realdev PDFs (``../shared/realdev``, gold tables in their JSON) through every PDF-reading family
of the split. Each result is loaded once, tagged once by both taggers and reconciled once per
layer set (``ablation.read_every_way``, the pipeline's own stages), so the four readings differ
only in the layers they read. Per converter family, per split and per tagger it prints: reports,
cell accuracy (``gdr_nlp.scoring``), exact reports, **silent-wrong** (not exact and
``review.needed`` false, the verdict ``check/review.py`` gives in the pipeline), **flagged-wrong**,
**flagged-exact** (false alarms; a report printing a wrong total is exact *and* rightly flagged,
so some are expected), errors (a ``GdrError`` refusal: counted as flagged-wrong, never silent),
agency and year read as the gold gives them (the TITLE span's use), seconds per report
(tagging and reconciling; ingest and conversion not included), and the narrative metrics read from the
prose against the gold's, type-blind (precision and recall; no review flag covers a metric, so a metric read
wrong is silent). It also
prints how many reports ``auto`` ran the model on, which layer the hybrid reading took each
table from, and the tables where another layer's reading was as whole and as consistent as the one
taken yet differed (``disputes``: the arithmetic cannot choose there, so which was right measures
the layer precedence).

A last table splits the default's figures by whether the converted text still holds the tables in
order (``Outcome.in_order``: every filled gold cell found as printed, in the grid's order, with no
other number between them but page numbers: ``projection.project_tables``). Where it does, a wrong
reading is the reader's own failure; where it does not, the converter joined, split, dropped,
repeated or reordered cells (or a running header put a number among them), and reading it takes
inference the arithmetic must confirm.

A family whose tool is missing here is a row ``skipped (tool)``; a family the split names that
this build does not have is ``skipped (not built)``. The test families are for the lead's one
final run: building rules or choosing models on them spoils the figure. The blind splits
``blind6`` to ``blind16`` (``routes.BY_NAME_ONLY``: tools nobody had read through the pipeline when they
were declared; each run once, then looked at, not trained on) are run only by name, never as part of ``all``. ``blind`` to ``blind5`` were each run
once, then looked at and built on: train families now (``routes.LOOKED_AT``), still runnable by name.

``blind17`` holds out PDF *renderers* (``routes.RENDERER_SPLITS``), not families: each held-out renderer's PDF
read directly by our own ingest (the route is the renderer alone; its row is ``<renderer> (gdr)``) and
through each of a fixed list of known families (rows ``<renderer>><family>``), with a ``<renderer> (every
route)`` row per renderer; the realdev PDFs are not rendered by those renderers, so it runs no realdev part.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from ablation import TAGGERS, read_every_way, tagger_seconds  # noqa: E402

from gdr_nlp.errors import GdrError  # noqa: E402
from gdr_nlp.scoring import score_tables  # noqa: E402
from gdr_nlp.synth import BINARY_LAYOUTS, generate_one  # noqa: E402
from gdr_nlp.synth.routes import (BY_NAME_ONLY, FAMILY_SPLITS, LOOKED_AT, RENDERER_SPLITS, RENDERERS,  # noqa: E402
                                  renderer_available, route_split, routes, run_route, split_of)

REALDEV = REPO.parent / "shared" / "realdev"
SPLITS = ("train", "dev", "test", "ocr")  # what "all" runs; BY_NAME_ONLY splits only by name
_WORKER: dict[str, Any] = {}
DEFAULT = "auto"  # the tagger `gdr extract` uses unless told otherwise


@dataclass
class Reading:
    """One tagger's reading of one report, scored."""

    cells: int = 0
    correct: int = 0
    exact: bool = False
    review: bool = False
    seconds: float = 0.0
    tables: dict[str, list[int]] = field(default_factory=dict)  # table -> [correct, total]
    report: bool = False  # agency and year as the gold gives them (what the TITLE span is read for)
    # narrative metrics, type-blind (value and unit in the gold's section: reconcile.metrics.evaluate_metrics):
    # [matched, read, gold]; empty where the gold has none
    metrics: list[int] = field(default_factory=list)


@dataclass
class Outcome:
    """One (report, route): the four readings, or why there are none."""

    source: str  # generated | realdev
    name: str
    route: str
    family: str
    split: str
    readings: dict[str, Reading] = field(default_factory=dict)
    auto_ran_model: bool = False
    hybrid_layers: dict[str, str] = field(default_factory=dict)  # table -> layer the hybrid reading took
    # tables where another layer's reading, complete and failing no check, differs from the one the
    # hybrid took (complete and failing none too): [table, layer, taken exact, other exact]
    disputes: list[list[Any]] = field(default_factory=list)
    # every filled cell of the gold tables stands in the ingested text as printed, in the grid's order
    # (projection.project_tables): what a reader needs no inference to read; None: not loaded
    in_order: bool | None = None
    error: str | None = None  # the tool refused the converted file (GdrError): flagged, not silent
    conversion_failed: str | None = None  # the converter failed on the rendered file: not a report


def pick_reports(n: int, seed: int) -> list[int]:
    """Indexes of ``n`` generated reports, the first of each (format version, variants) pair first,
    so even a small run has both versions and every table variant."""
    first, rest, seen = [], [], set()
    for i in range(max(60, 10 * n)):
        doc = generate_one(i, seed=seed, layouts=BINARY_LAYOUTS)
        key = (doc.version, tuple(sorted(doc.variants)))
        (rest if key in seen else first).append(i)
        seen.add(key)
        if len(first) >= n:
            break
    return sorted((first + rest)[:n])


def _worker_init(model: str) -> None:
    from gdr_nlp.pipeline import NarrativeTagger
    from gdr_nlp.tag.rules import RuleTagger
    from gdr_nlp.tag.tagger import ModelTagger

    _WORKER["taggers"] = [RuleTagger(), NarrativeTagger(), ModelTagger(Path(model))]


def _read(out: Outcome, path: Path, gold: dict[str, Any], report: dict[str, Any],
          gold_metrics: list[dict[str, Any]] | None = None) -> Outcome:
    from gdr_nlp.ingest import load
    from gdr_nlp.reconcile.metrics import evaluate_metrics
    from gdr_nlp.synth.projection import project_tables

    try:
        doc = load(path)
        out.in_order = project_tables(gold, doc.text).ok
        _, readings, needed, secs = read_every_way(doc, _WORKER["taggers"])
    except GdrError as exc:  # a clear one-line refusal: the user knows, so flagged, never silent
        out.error = str(exc).splitlines()[0]
        return out
    out.auto_ran_model = needed
    seconds = tagger_seconds(secs, needed)
    for name in TAGGERS:
        doc = readings[name]
        score = score_tables(doc.tables, gold)
        per_table = {t: [score_tables({t: doc.tables.get(t, {})}, {t: rows}).correct,
                         sum(len(c) for c in rows.values())] for t, rows in gold.items()}
        same = all(doc.report.get(k) == report.get(k) for k in ("agency", "year"))
        prose = evaluate_metrics(doc.metrics, gold_metrics)["untyped"] if gold_metrics else None
        out.readings[name] = Reading(score.total, score.correct, score.exact, bool(doc.review["needed"]),
                                     seconds[name], per_table, same,
                                     [prose["tp"], prose["pred"], prose["gold"]] if prose else [])
    for warning in readings["hybrid"].warnings:  # "<table>: read from the 'model' layer (…)"
        if ": read from the '" in warning:
            table, _, rest = warning.partition(": read from the '")
            out.hybrid_layers[table] = rest.split("'", 1)[0]
    out.disputes = disputes(readings["hybrid"], gold)
    return out


def disputes(doc: Any, gold: dict[str, Any]) -> list[list[Any]]:
    """Where two layers' readings of a table are both whole and consistent (every official cell,
    no failing check) yet differ: the arithmetic cannot tell them apart, so which one is right
    says whether the rules' precedence there is the right default (which tagger leads where)."""
    from gdr_nlp.check.completeness import missing_cells
    from gdr_nlp.check.rules import check_tables

    version = doc.report.get("format_version")

    def values(table: dict[str, Any]) -> dict[str, tuple[str, Any]]:
        return {f"{r}.{c}": (v["kind"], v["value"]) for r, cols in table.items() for c, v in cols.items()}

    def whole(key: str, table: dict[str, Any]) -> bool:
        return (bool(table) and not missing_cells(key, table, version)
                and all(c["status"] != "fail" for c in check_tables({key: table}, version)))

    found = []
    for key, rows in gold.items():
        taken = doc.tables.get(key) or {}
        if not whole(key, taken):
            continue
        for layer, tables in sorted(doc.layer_tables.items()):
            other = tables.get(key) or {}
            if values(other) != values(taken) and whole(key, other):
                found.append([key, layer, score_tables({key: taken}, {key: rows}).exact,
                              score_tables({key: other}, {key: rows}).exact])
    return found


def family_label(route: str) -> str:
    """The ``family`` column of a route's outcome: the converter family; for a route of a held-out
    renderer (``routes.RENDERER_SPLITS``) the route itself, ``<renderer> (gdr)`` where our own ingest
    reads the renderer's file directly, so each renderer and each renderer>family pair has its row."""
    renderer, _, family = route.partition(">")
    if route_split(route) not in RENDERER_SPLITS:
        return family
    return route if family else f"{renderer} (gdr)"


def _generated_task(task: tuple[int, int, str, str]) -> Outcome:
    index, seed, route, tmp = task
    doc = generate_one(index, seed=seed, layouts=BINARY_LAYOUTS)
    out = Outcome("generated", doc.id, route, family_label(route), route_split(route))
    try:
        with contextlib.redirect_stdout(sys.stderr):  # some converters print progress: keep stdout the table
            path = run_route(route, doc, Path(tmp) / f"{doc.id}-{route.replace('>', '_')}")
    except GdrError as exc:
        out.conversion_failed = str(exc).splitlines()[0]
        return out
    return _read(out, path, doc.gold()["tables"], doc.gold()["report"], doc.gold()["metrics"])


def _realdev_task(task: tuple[str, str, str]) -> Outcome:
    from gdr_nlp.synth.convert import convert

    gold_path, family, tmp = task
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    pdf = Path(gold_path).with_name(gold["file"])
    out = Outcome("realdev", pdf.stem, f"pdf>{family}", family, split_of(family))
    try:
        with contextlib.redirect_stdout(sys.stderr):
            path = Path(convert(family, pdf, Path(tmp) / f"realdev-{family}"))
    except GdrError as exc:
        out.conversion_failed = str(exc).splitlines()[0]
        return out
    return _read(out, path, gold["tables"], gold, gold.get("metrics"))


def _run(task: tuple[str, tuple[Any, ...]]) -> Outcome:
    kind, args = task
    return _generated_task(args) if kind == "generated" else _realdev_task(args)  # type: ignore[arg-type]


def _chosen(route: str, families: set[str] | None) -> bool:
    """Whether ``--families`` takes ``route``: by its family, or (a held-out renderer's route) by the
    renderer's name, the route itself or its row's label (``pdf_weasyprint (gdr)``)."""
    if families is None:
        return True
    renderer, _, family = route.partition(">")
    names = {family} | ({renderer, route, family_label(route)} if route_split(route) in RENDERER_SPLITS else set())
    return bool(names & families)


def skipped_families(split: str, families: set[str] | None) -> dict[str, str]:
    """Families of ``split`` with no route here: ``tool`` (not installed) or ``not built``; for a split of
    held-out renderers, its renderers and families whose tool is missing (``tool``)."""
    from gdr_nlp.synth.convert import FAMILIES, available

    if split in RENDERER_SPLITS:
        held = RENDERER_SPLITS[split]
        return {**{r: "tool" for r in held.renderers if (families is None or r in families) and not renderer_available(r)},
                **{f: "tool" for f in held.families if (families is None or f in families) and not available(f)}}
    names = list({**FAMILY_SPLITS, **LOOKED_AT}.get(split, ())) or [f for f in FAMILIES if split_of(f) == split]
    return {f: ("tool" if f in FAMILIES else "not built") for f in names
            if (families is None or f in families) and (f not in FAMILIES or not available(f))}


def plan(split: str, n: int, seed: int, tmp: str, *, families: set[str] | None = None,
         realdev: bool = True) -> list[tuple[str, tuple[Any, ...]]]:
    """One task per (report, route) of the split (``split`` ``all``: every split)."""
    from gdr_nlp.synth.convert import FAMILIES

    splits = SPLITS if split == "all" else (split,)
    chosen = [r for s in splits for r in routes(s) if _chosen(r, families)]
    tasks: list[tuple[str, tuple[Any, ...]]] = [("generated", (i, seed, r, tmp)) for i in pick_reports(n, seed) for r in chosen]
    # the realdev PDFs are no held-out renderer's: a renderer split has no realdev part
    if realdev and REALDEV.is_dir() and split not in RENDERER_SPLITS:
        pdf_families = sorted({r.partition(">")[2] for r in chosen if "pdf" in FAMILIES[r.partition(">")[2]].inputs})
        tasks += [("realdev", (str(g), f, tmp)) for g in sorted(REALDEV.glob("*.gold.json")) for f in pdf_families]
    return tasks


def evaluate(tasks: list[tuple[str, tuple[Any, ...]]], *, model: Path, jobs: int = 1) -> list[Outcome]:
    """Run the tasks, ``jobs`` processes (each loads the model once)."""
    if jobs <= 1:
        _worker_init(str(model))
        return [_run(t) for t in tasks]
    with multiprocessing.get_context("spawn").Pool(jobs, initializer=_worker_init, initargs=(str(model),)) as pool:
        outcomes = list(pool.imap(_run, tasks, chunksize=1))
        # workers that exit on their own run atexit, which quits their Chromium; the with-block's
        # terminate() alone can leave a browser behind (seen once after a run with the browser families)
        pool.close()
        pool.join()
    return outcomes


def summarize(outcomes: list[Outcome]) -> dict[str, dict[str, dict[str, Any]]]:
    """group (``split | family | source``, and ``split | all`` aggregates) → tagger → counts. A held-out
    renderer's routes also make ``split | <renderer> (every route) | source`` (before its own rows)."""
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups[f"{o.split} | {o.family} | {o.source}"].append(o)
        groups[f"{o.split} | all | {o.source}"].append(o)
        renderer = o.route.partition(">")[0]
        if o.source == "generated" and o.split in RENDERER_SPLITS and renderer in RENDERERS:
            groups[f"{o.split} | {renderer} (every route) | {o.source}"].append(o)
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for key in sorted(groups, key=lambda k: (k.split(" | ")[0], k.split(" | ")[2], " all " in k, k)):
        group = groups[key]
        scored = [o for o in group if o.conversion_failed is None]
        out[key] = {}
        for name in TAGGERS:
            reads = [o.readings[name] for o in scored if o.error is None]
            errors = len(scored) - len(reads)
            out[key][name] = {
                **_counts(reads),
                "reports": len(scored),
                "flagged_wrong": sum(not r.exact and r.review for r in reads) + errors,
                "flagged_exact": sum(r.exact and r.review for r in reads),
                "errors": errors,
                "agency_year": sum(r.report for r in reads),
                "s_per_report": sum(r.seconds for r in reads) / len(reads) if reads else None,
                "metrics": [sum(r.metrics[k] for r in reads if r.metrics) for k in range(3)],
            }
        out[key]["_"] = {"conversion_failed": len(group) - len(scored),
                         "in_order": {side: _counts([o.readings[DEFAULT] for o in scored
                                                     if o.error is None and o.in_order is (side == "yes")])
                                      for side in ("yes", "no")},
                         "auto_ran_model": sum(o.auto_ran_model for o in scored if o.error is None),
                         "hybrid_layers": dict(Counter(f"{t}:{layer}" for o in scored for t, layer in o.hybrid_layers.items())),
                         "disputes": dict(Counter(f"{t}:{layer}:{'taken' if a else '-'}/{'other' if b else '-'}"
                                                  for o in scored for t, layer, a, b in o.disputes))}
    return out


def _counts(reads: list[Reading]) -> dict[str, Any]:
    """Readings' reports, cell accuracy, exact and silent-wrong reports."""
    cells = sum(r.cells for r in reads)
    return {"reports": len(reads), "cells": sum(r.correct for r in reads) / cells if cells else None,
            "exact": sum(r.exact for r in reads), "silent_wrong": sum(not r.exact and not r.review for r in reads)}


def per_table(outcomes: list[Outcome]) -> dict[str, dict[str, dict[str, float]]]:
    """split → table → tagger → cell accuracy (which layer reads which table best)."""
    sums: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for o in outcomes:
        for name, r in o.readings.items():
            for table, (correct, total) in r.tables.items():
                for key in ((o.split, table, name), (f"{o.split} {o.source}", table, name)):
                    sums[key][0] += correct
                    sums[key][1] += total
    out: dict[str, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for (split, table, name), (correct, total) in sorted(sums.items()):
        out[split][table][name] = correct / total if total else 1.0
    return out


def _markdown(summary: dict[str, dict[str, dict[str, Any]]], skipped: dict[str, dict[str, str]],
              tables: dict[str, dict[str, dict[str, float]]]) -> str:
    lines = ["| split | family | source | tagger | reports | cells | exact | silent-wrong | flagged-wrong | flagged-exact | errors "
             "| agency+year | s/report |", "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for key, per in summary.items():
        split, family, source = key.split(" | ")
        bold = "**" if family == "all" else ""
        for name in TAGGERS:
            c = per[name]
            cells = f"{c['cells']:.4f}" if c["cells"] is not None else "–"
            secs = f"{c['s_per_report']:.2f}" if c["s_per_report"] is not None else "–"
            lines.append(f"| {split} | {bold}{family}{bold} | {source} | {name} | {c['reports']} | {bold}{cells}{bold} | "
                         f"{c['exact']}/{c['reports']} | {bold}{c['silent_wrong']}{bold} | {c['flagged_wrong']} | "
                         f"{c['flagged_exact']} | {c['errors']} | {c['agency_year']} | {secs} |")
    for split, fams in skipped.items():
        lines += [f"| {split} | {f} | | | skipped ({why}) | | | | | | | | |" for f, why in fams.items()]
    lines += ["", "| split | family | source | conversion failed | auto ran the model | hybrid took the table from "
              "| whole, consistent readings that differ (table:layer:which is right) |",
              "|---|---|---|---|---|---|---|"]
    for key, per in summary.items():
        extra = per["_"]
        layers = ", ".join(f"{k} ×{v}" for k, v in sorted(extra["hybrid_layers"].items()) if not k.endswith(":rule")) or "rule everywhere"
        disputed = ", ".join(f"{k} ×{v}" for k, v in sorted(extra.get("disputes", {}).items())) or "none"
        lines.append(f"| {key} | {extra['conversion_failed']} | {extra['auto_ran_model']}/{per['rules']['reports'] - per['rules']['errors']} "
                     f"| {layers} | {disputed} |")
    lines += ["", "| split | table | " + " | ".join(TAGGERS) + " |", "|---|---|" + "---|" * len(TAGGERS)]
    for split, per_t in tables.items():
        for table, accs in per_t.items():
            lines.append(f"| {split} | {table} | " + " | ".join(f"{accs.get(t, 0):.4f}" for t in TAGGERS) + " |")
    return "\n".join(lines + ["", *order_table(summary), "", *metrics_table(summary)])


def compact(summary: dict[str, dict[str, dict[str, Any]]], skipped: dict[str, dict[str, str]]) -> str:
    """One row per family: ``cells; exact/reports; silent-wrong; flagged-exact`` per tagger (for BENCHMARKS.md)."""
    lines = ["| split | family | source | reports | " + " | ".join(TAGGERS) + " | auto ran the model | s/report "
             + " / ".join(TAGGERS) + " |", "|---|---|---|---|" + "---|" * len(TAGGERS) + "---|---|"]
    for key, per in summary.items():
        split, family, source = key.split(" | ")
        b = "**" if family == "all" else ""
        cells = [f"{b}{c['cells']:.4f}{b}; {c['exact']}/{c['reports']}; {c['silent_wrong']}; {c['flagged_exact']}"
                 if (c := per[name])["cells"] is not None else "–" for name in TAGGERS]
        secs = " / ".join(f"{per[n]['s_per_report']:.2f}" if per[n]["s_per_report"] is not None else "–" for n in TAGGERS)
        read = per["rules"]["reports"] - per["rules"]["errors"]
        lines.append(f"| {split} | {b}{family}{b} | {source} | {per['rules']['reports']} | " + " | ".join(cells)
                     + f" | {per['_']['auto_ran_model']}/{read} | {secs} |")
    lines += [f"| {split} | {f} | | skipped ({why}) |" + " |" * (len(TAGGERS) + 2)
              for split, fams in skipped.items() for f, why in fams.items()]
    return "\n".join(lines + ["", *order_table(summary), "", *metrics_table(summary)])


def metrics_table(summary: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    """Narrative metrics read from the converted text, type-blind: precision (a metric read that the gold does
    not hold, at that value and unit in that section, is wrong or extra) and recall, per tagger. No review flag
    covers a metric, so precision is the prose's silent-wrong figure."""
    lines = ["| split | family | source | gold metrics | " + " | ".join(f"{n}: P; R" for n in TAGGERS) + " |",
             "|---|---|---|---|" + "---|" * len(TAGGERS)]
    for key, per in summary.items():
        if "metrics" not in per["rules"] or not per["rules"]["metrics"][2]:
            continue  # a saved run from before the column, or no gold metrics (a converter that keeps only tables)
        split, family, source = key.split(" | ")
        b = "**" if family == "all" else ""
        shown = []
        for name in TAGGERS:
            tp, pred, gold = per[name]["metrics"]
            shown.append(f"{b}{tp / pred if pred else 1.0:.4f}{b}; {tp / gold:.4f}")
        lines.append(f"| {split} | {b}{family}{b} | {source} | {per['rules']['metrics'][2]} | " + " | ".join(shown) + " |")
    return lines


def order_table(summary: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    """The default's figures split by whether the text holds the tables in order (``Outcome.in_order``):
    the first part is what a reader needs no inference for; the rest needs a joined number, a
    column order, a dropped or lost cell (each flagged or wrong)."""
    lines = [f"| split | family | source | text holds the tables in order | {DEFAULT} there: cells; exact; silent-wrong "
             f"| {DEFAULT} elsewhere: cells; exact; silent-wrong |", "|---|---|---|---|---|---|"]
    for key, per in summary.items():
        split, family, source = key.split(" | ")
        b = "**" if family == "all" else ""
        sides = per["_"].get("in_order")
        if sides is None:  # a saved run from before the column
            continue
        shown = [f"{b}{c['cells']:.4f}{b}; {c['exact']}/{c['reports']}; {c['silent_wrong']}" if c["cells"] is not None
                 else "–" for c in (sides["yes"], sides["no"])]
        total = sides["yes"]["reports"] + sides["no"]["reports"]
        lines.append(f"| {split} | {b}{family}{b} | {source} | {sides['yes']['reports']}/{total} | {shown[0]} | {shown[1]} |")
    return lines


def main(argv: list[str] | None = None) -> dict[str, Any]:
    from gdr_nlp.pipeline import default_model_dir

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="dev", choices=(*SPLITS, *BY_NAME_ONLY, *LOOKED_AT, "all"))
    parser.add_argument("-n", type=int, default=12, help="generated reports (each through every route of the split)")
    parser.add_argument("--seed", type=int, default=3131,
                        help="generator seed (issue 10p's converted training reports use 1010; nothing uses 3131)")
    parser.add_argument("--model", type=Path, default=default_model_dir(), help="tagger model folder")
    parser.add_argument("--families", default=None, help="comma-separated: only these families of the split")
    parser.add_argument("--jobs", type=int, default=1, help="processes; each task is one (report, route)")
    parser.add_argument("--no-realdev", action="store_true", help="leave out the realdev PDFs")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures and every outcome here")
    parser.add_argument("--compact", action="store_true", help="one row per family (cells; exact; silent-wrong; flagged-exact)")
    parser.add_argument("--render", type=Path, default=None, help="print the tables of a saved --json file; run nothing")
    args = parser.parse_args(argv)
    if args.render is not None:
        saved = json.loads(args.render.read_text(encoding="utf-8"))
        print(compact(saved["summary"], saved["skipped"]) if args.compact
              else _markdown(saved["summary"], saved["skipped"], saved["per_table"]))
        return saved
    from gdr_nlp.tag.tagger import require_model_files

    try:
        require_model_files(args.model)  # a bad --model fails now, not in every worker
    except GdrError as exc:
        parser.exit(2, f"{exc}\n")
    families = set(args.families.split(",")) if args.families else None
    splits = SPLITS if args.split == "all" else (args.split,)
    skipped = {s: fams for s in splits if (fams := skipped_families(s, families))}
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="eval_convert-") as tmp:
        tasks = plan(args.split, args.n, args.seed, tmp, families=families, realdev=not args.no_realdev)
        outcomes = evaluate(tasks, model=args.model, jobs=args.jobs)
    summary, tables = summarize(outcomes), per_table(outcomes)
    print(f"split={args.split} n={args.n} seed={args.seed} model={args.model} tasks={len(tasks)} "
          f"jobs={args.jobs} wall {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    print(compact(summary, skipped) if args.compact else _markdown(summary, skipped, tables))
    result = {"args": {k: str(v) for k, v in vars(args).items()}, "summary": summary, "per_table": tables,
              "skipped": skipped, "outcomes": [asdict(o) for o in outcomes]}
    if args.json is not None:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
