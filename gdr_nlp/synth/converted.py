"""Converted reports with projected labels, split by converter family (issue 10, DVC stage ``convert``).

Report ``i`` of generator seed ``seed`` is made distinct (:func:`~gdr_nlp.synth.tables.make_distinct`),
rendered and converted along route ``routes()[i % len(routes())]``, ingested as a user's file
would be (``gdr_nlp.ingest.load``), and its gold projected and verified
(:mod:`gdr_nlp.synth.projection`). Its split is its converter family's
(:func:`gdr_nlp.synth.routes.split_of`): train families train, dev families select models, test
and ocr families are written for the final measurement and never trained on or looked at.

Writes under ``out``: ``hf/`` (a DatasetDict per split: id, text, spans with JSON attrs, layout,
family, renderer, route, split), ``files/<split>/`` (the converted file and ``.gold.json``, for
evaluating the whole pipeline), ``yield.json`` (projected / attempted per family and route, drop
reasons) and ``failures.jsonl``.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import random
import shutil
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

Record = dict[str, Any]
"""One attempted document: ``id``, ``route``, ``family``, ``renderer``, ``split``, ``layout`` and
either ``text`` + ``spans`` (projected) or ``reason`` (dropped)."""


def _reason_class(reason: str) -> str:
    """A drop reason without its particulars, for the yield table."""
    for key in ("not found in order", "zero/placeholder", "not distinct", "convert failed", "ingest failed",
                "title", "heading", "METRIC", "no CELL span", "out of reading order", "metrics read back"):
        if key in reason:
            return key
    return reason[:40]


def convert_one(index: int, *, seed: int, route: str, files: str | None = None) -> Record:
    """Attempt report ``index`` along ``route`` (a process-pool task; every failure becomes a ``reason``)."""
    from gdr_nlp import ingest
    from gdr_nlp.errors import GdrError
    from gdr_nlp.synth import LAYOUTS, generate_one
    from gdr_nlp.synth.projection import project
    from gdr_nlp.synth.routes import run_route, split_of
    from gdr_nlp.synth.tables import make_distinct

    renderer, _, family = route.partition(">")
    family = family or renderer
    doc = generate_one(index, seed=seed, layouts=LAYOUTS)
    rec: Record = {"id": f"{doc.id}:{route}", "route": route, "family": family, "renderer": renderer,
                   "split": split_of(family), "layout": doc.layout}
    if not make_distinct(doc.tables, random.Random(f"distinct:{doc.id}")):
        return {**rec, "reason": "values not distinct (a total-only or blank layout leaves no leaf to move)"}
    work = Path(tempfile.mkdtemp(prefix="gdr-convert-"))
    try:
        try:
            path = run_route(route, doc, work)
        except (GdrError, OSError, ValueError, RuntimeError) as e:  # a converter's own failure is data
            return {**rec, "reason": f"convert failed: {str(e)[:200]}"}
        try:
            text = ingest.load(path).text
        except GdrError as e:
            return {**rec, "reason": f"ingest failed: {str(e)[:200]}"}
        proj = project(doc, text)
        if files is not None:
            dest = Path(files) / rec["split"]
            dest.mkdir(parents=True, exist_ok=True)
            stem = f"{doc.id}.{route.replace('>', '.')}"
            shutil.copyfile(path, dest / f"{stem}{path.suffix}")
            (dest / f"{stem}.gold.json").write_text(json.dumps(doc.gold(), ensure_ascii=False), encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if not proj.ok:
        return {**rec, "reason": proj.reason}
    return {**rec, "text": text, "label_coverage": round(proj.label_coverage, 4),
            "spans": [dict(s, attrs=json.dumps(s["attrs"], ensure_ascii=False, sort_keys=True)) for s in proj.spans]}


def _task(args: tuple[int, int, str, str | None]) -> Record:
    index, seed, route, files = args
    return convert_one(index, seed=seed, route=route, files=files)


def yield_table(records: Sequence[Record]) -> dict[str, Any]:
    """Projected / attempted per family and per route, with the drop reasons counted."""
    out: dict[str, Any] = {}
    for group in ("family", "route"):
        rows: dict[str, Counter[str]] = defaultdict(Counter)
        for r in records:
            rows[r[group]]["attempted"] += 1
            if "reason" in r:
                rows[r[group]][f"dropped: {_reason_class(r['reason'])}"] += 1
            else:
                rows[r[group]]["projected"] += 1
        out[f"by_{group}"] = {k: {"split": records[[x[group] for x in records].index(k)]["split"],
                                  "yield": round(v["projected"] / v["attempted"], 4), **dict(v)}
                              for k, v in sorted(rows.items())}
    done = [r for r in records if "reason" not in r]
    out["total"] = {"attempted": len(records), "projected": len(done),
                    "label_coverage": round(sum(r["label_coverage"] for r in done) / len(done), 4) if done else None}
    return out


def build_converted(out: str | Path, *, n_docs: int, seed: int, workers: int = 2,
                    route_list: Sequence[str] | None = None, keep_files: bool = True) -> dict[str, Any]:
    """Convert, project and verify ``n_docs`` reports; write the DatasetDict, files and yield.

    Args:
        out: output folder (replaced).
        n_docs: reports attempted, one route each, round-robin over ``route_list``.
        seed: generator seed (one no other split uses).
        workers: processes (each runs renderers, converters and ingest for one report at a time).
        route_list: default ``routes()`` (every installed renderer>family pair) without OCR.
        keep_files: also write each converted file and its gold under ``files/<split>/``.

    Returns:
        The yield table (also ``out/yield.json``) with ``seconds`` and ``routes``.
    """
    import datasets

    from gdr_nlp.synth.routes import routes, split_of

    out = Path(out)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    # OCR reads far below text converters and takes seconds a page: measured on its own, not here
    rs = list(route_list or [r for r in routes() if split_of(r.partition(">")[2] or r) != "ocr"])
    started = time.monotonic()
    files = str(out / "files") if keep_files else None
    tasks = [(i, seed, rs[i % len(rs)], files) for i in range(n_docs)]
    if workers > 1:
        # spawned workers exit through sys.exit, so the converters' atexit hooks run (the shared
        # headless Chromium is closed, not orphaned)
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            records = list(pool.map(_task, tasks, chunksize=2))
    else:
        records = [_task(t) for t in tasks]
    table = {**yield_table(records), "seconds": round(time.monotonic() - started, 1), "routes": rs,
             "n_docs": n_docs, "seed": seed, "workers": workers, "cpus": os.cpu_count()}
    (out / "yield.json").write_text(json.dumps(table, ensure_ascii=False, indent=1), encoding="utf-8")
    with open(out / "failures.jsonl", "w", encoding="utf-8") as fh:
        for r in records:
            if "reason" in r:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    feats = datasets.Features({
        **{k: datasets.Value("string") for k in ("id", "text", "layout", "family", "renderer", "route", "split")},
        "spans": [{"start": datasets.Value("int32"), "end": datasets.Value("int32"), "label": datasets.Value("string"),
                   "attrs": datasets.Value("string")}],
    })
    by_split: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        if "reason" not in r:
            by_split[r["split"]].append(r)
    dd = datasets.DatasetDict({s: datasets.Dataset.from_dict({f: [r[f] for r in rows] for f in feats}, features=feats)
                               for s, rows in sorted(by_split.items())})
    dd.save_to_disk(str(out / "hf"))
    return table


def format_yield(table: dict[str, Any]) -> str:
    """The yield per family as a plain-text table (what ``prepare.py convert`` prints)."""
    lines = [f"{'family':<22} {'split':<6} {'projected':>9} {'attempted':>9} {'yield':>6}  drops"]
    for fam, row in table["by_family"].items():
        drops = ", ".join(f"{k.removeprefix('dropped: ')} {v}" for k, v in row.items() if k.startswith("dropped"))
        lines.append(f"{fam:<22} {row['split']:<6} {row.get('projected', 0):>9} {row['attempted']:>9} {row['yield']:>6.3f}  {drops}")
    t = table["total"]
    lines.append(f"{'all':<22} {'':<6} {t['projected']:>9} {t['attempted']:>9}   ({table['seconds']} s, {table['workers']} workers)")
    return "\n".join(lines)


__all__ = ["build_converted", "convert_one", "format_yield", "yield_table"]
