"""Batch extraction: files in, contract JSON (and CSV/XLSX/text) out, failures recorded as they happen.

The work on one file is one function, :func:`process_file` (path + :class:`ExtractOptions` →
:class:`FileRecord`), which a process pool can call as it is. :func:`extract` runs it over a
batch, in this process or, with a timeout, in a child process that is killed and replaced
when a file takes too long (``gdr_nlp.worker``); whoever runs a file writes its outputs
(``gdr_nlp.batch.write_record``), and this process writes ``failures.json`` and the run
manifest ``run.json`` as files finish, so a killed batch still says what failed.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from gdr_nlp import __version__
from gdr_nlp.batch import (
    BatchOptions,
    clear_rows,
    options_key,
    previous_run,
    remove_partials,
    resumed_record,
    run_files,
    write_tables,
)
from gdr_nlp.export.json import CONTRACT, dumps, write_atomic
from gdr_nlp.inputs import InputError, collect_inputs, display_path
from gdr_nlp.record import ExtractOptions, FileRecord, process_file

logger = logging.getLogger(__name__)

FORMATS = ("json", "csv", "xlsx", "parquet")
MANIFEST = "run.json"
FAILURES = "failures.json"
_MANIFEST_EVERY_S = 2.0  # run.json is rewritten at most this often (and on failures, and at the end)
# ... and at most this share of the batch process's time: a rewrite lists every report so far, so
# fixed intervals would make a 10,000-report batch quadratic in the manifest
_MANIFEST_SHARE = 0.02
_MANIFEST_QUICK_S = 0.01  # a failure is on disk at once while a rewrite takes less (a few thousand reports)

__all__ = ["FORMATS", "BatchSummary", "ExtractOptions", "FileRecord", "InputError", "extract", "process_file"]


@dataclass
class BatchSummary:
    files: int = 0
    failures: list[FileRecord] = field(default_factory=list)
    failed_checks: int = 0
    review_needed: int = 0
    results: list[dict[str, Any]] = field(default_factory=list)
    records: list[FileRecord] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        return (
            f"{self.files} files, {len(self.failures)} failed, {self.review_needed} need review,"
            f" {self.failed_checks} failed checks ({self.seconds:.1f} s)"
        )


def output_stem(path: Path, taken: set[str]) -> str:
    """``a.pasted.txt`` → ``a.pasted``; a clash within one batch keeps the extension (``a.pdf``).

    A name too long for the file system once ``.json`` is added is cut, with a short hash kept
    so two long names stay apart.
    """
    stem = path.stem if path.stem not in taken else path.name
    if len(os.fsencode(stem)) > 200:
        import hashlib

        digest = hashlib.sha256(os.fsencode(stem)).hexdigest()[:10]
        stem = os.fsencode(stem)[:180].decode("utf-8", errors="ignore") + "~" + digest  # whole characters only
    base, n = stem, 2
    while stem in taken:  # the same name in several folders (2020/report.pdf, 2021/report.pdf)
        stem, n = f"{base}~{n}", n + 1
    taken.add(stem)
    return stem


def planned_outputs(files: list[Path], out_dir: Path, options: ExtractOptions) -> list[tuple[Path, str]]:
    """(input, output stem) per file; raises E017 when any output would land on an input."""
    taken: set[str] = set()
    plan = [(path, output_stem(path, taken)) for path in files]
    inputs = {os.path.realpath(p) for p in files}
    suffixes = [".json"] + [".xlsx"] * ("xlsx" in options.formats) + [".txt"] * options.emit_text
    shared = ["cells.csv", "metrics.csv"] * ("csv" in options.formats) + [FAILURES, MANIFEST]
    shared += ["cells.parquet", "metrics.parquet"] * ("parquet" in options.formats)
    outputs = [out_dir / f"{stem}{suffix}" for _, stem in plan for suffix in suffixes] + [out_dir / n for n in shared]
    for output in outputs:
        if os.path.realpath(output) in inputs:
            raise InputError("E017", None, output=display_path(str(output)))
    return plan


def prepare_out_dir(out_dir: Path) -> None:
    """Create ``out_dir`` and make sure files can be written there (E016 otherwise), before any work."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError("E016", None, detail=f"-o {display_path(str(out_dir))} is a file, not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(out_dir / ".gdr-write-test", b"")
        (out_dir / ".gdr-write-test").unlink()
    except OSError as e:
        raise InputError("E016", None, detail=f"{display_path(str(out_dir))}: {e.strerror or e}") from e


def _remove_stale(out_dir: Path, stem: str, options: ExtractOptions, inputs: set[str]) -> None:
    """A file that fails now must not leave the outputs of an earlier success beside its failure."""
    old_json = out_dir / f"{stem}.json"
    candidates = [out_dir / f"{stem}.xlsx"] * ("xlsx" in options.formats) + [out_dir / f"{stem}.txt"] * options.emit_text
    try:
        if json.loads(old_json.read_text(encoding="utf-8")).get("contract") == CONTRACT:
            candidates.append(old_json)
    except (OSError, ValueError, AttributeError):
        pass  # not there, or not ours: left alone
    for path in candidates:
        if path.is_file() and os.path.realpath(path) not in inputs:
            path.unlink()


class _Manifest:
    """``run.json``: what ran, with which model and options, and each file's outcome."""

    def __init__(self, out_dir: Path, options: ExtractOptions, model_sha256: str | None) -> None:
        self.path = out_dir / MANIFEST
        self.started = time.time()
        self.head = {
            "tool": "gdr-nlp",
            "version": __version__,
            "contract": CONTRACT,
            "model_sha256": model_sha256,
            "options": {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(options).items()},
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.started)),
        }
        self.last_write = 0.0
        self.cost = 0.0  # seconds the last rewrite took
        self.cpu: dict[str, Any] | None = None  # CPU seconds, set before the final write

    def due(self, *, force: bool = False) -> bool:
        """Whether to rewrite now: every ``_MANIFEST_EVERY_S``, or at once when forced (a failure),
        but within ``_MANIFEST_SHARE`` of the time once a rewrite takes over ``_MANIFEST_QUICK_S``."""
        since = time.time() - self.last_write
        if force and self.cost < _MANIFEST_QUICK_S:
            return True
        return since >= self.cost / _MANIFEST_SHARE and (force or since >= _MANIFEST_EVERY_S)

    def write(self, summary: BatchSummary, *, finished: bool, force: bool = False) -> None:
        if not (finished or self.due(force=force)):
            return
        begun = time.perf_counter()
        now = time.time()
        data = {
            **self.head,
            "finished": finished,
            "seconds": round(now - self.started, 3),
            "files": summary.files,
            "ok": summary.files - len(summary.failures),
            "failed": len(summary.failures),
            "review_needed": summary.review_needed,
            "failed_checks": summary.failed_checks,
            "reports": [r.manifest_entry() for r in summary.records],
        }
        if self.cpu is not None:
            data["cpu_s"] = self.cpu
        write_atomic(self.path, dumps(data) + "\n")
        self.last_write, self.cost = time.time(), time.perf_counter() - begun


def _write_failures(out_dir: Path, summary: BatchSummary) -> None:
    write_atomic(out_dir / FAILURES, dumps([f.failure_entry() for f in summary.failures]) + "\n")


def extract(
    paths: list[Path],
    *,
    options: ExtractOptions,
    out_dir: Path | None,
    progress: Callable[[Iterator[Path]], Iterator[Path]] = iter,
    on_failure: Callable[[FileRecord], None] | None = None,
    model_sha256: str | None = None,
    collected: tuple[list[Path], list[FileRecord]] | None = None,
    batch: BatchOptions | None = None,
) -> BatchSummary:
    """Process every input; write outputs atomically to ``out_dir`` as each file finishes.

    A bad file becomes a failed ``FileRecord`` (streamed to ``on_failure``, ``failures.json``
    and ``run.json`` at once) and the rest of the batch goes on; nothing is written for it and
    its outputs from an earlier run are removed. With ``out_dir`` None the results are only
    returned. Inputs are never overwritten: a planned output on an input raises E017 first.
    ``collected`` is :func:`collect_inputs` of ``paths`` when the caller has it already.
    ``batch`` says how files run (workers, engine, resume: ``gdr_nlp.batch``); tables are built
    from the JSONs at the end, so with ``out_dir`` results are not kept in memory.

    Raises:
        InputError: E016/E017, before any file is processed or written.
    """
    started = time.time()
    batch = batch or BatchOptions()
    key = options_key(options, model_sha256)
    files, skipped = collected or collect_inputs(paths)
    summary = BatchSummary()
    plan = [(p, p.stem) for p in files]
    manifest = None
    if out_dir is not None:
        plan = planned_outputs(files, out_dir, options)
        prepare_out_dir(out_dir)
        manifest = _Manifest(out_dir, options, model_sha256)
        manifest.head["batch"] = batch.manifest()
        manifest.head["options_key"] = key
    inputs = {os.path.realpath(p) for p in files}
    stems = dict(plan)
    previous: dict[str, dict[str, Any]] = {}
    if batch.resume and out_dir is not None:  # read before this run's run.json replaces it
        previous = previous_run(out_dir / MANIFEST, key)
    if out_dir is not None:
        remove_partials(out_dir)
        clear_rows(out_dir)  # a killed run's rows need not match the JSONs this run keeps

    def finish(record: FileRecord, stem: str | None) -> None:
        """Book-keeping only: the record's outputs were written where it ran (``batch.write_record``)."""
        summary.files += 1
        summary.records.append(record)
        if record.status == "ok":
            if out_dir is None:  # kept for the caller; with an output folder tables come from the written rows
                summary.results.append(record.result or {})
            record.result = record.text = None
            summary.failed_checks += record.failed_checks
            summary.review_needed += bool(record.review.get("needed"))
        else:
            summary.failures.append(record)
            if out_dir is not None and stem is not None:
                _remove_stale(out_dir, stem, options, inputs)
        if manifest is not None and out_dir is not None:
            if record.status != "ok" and manifest.due(force=True):
                _write_failures(out_dir, summary)
            manifest.write(summary, finished=False, force=record.status != "ok")
        if record.status != "ok" and on_failure is not None:
            on_failure(record)  # after the files: the failure is on disk (unless run.json is slow to rewrite)

    for record in skipped:
        finish(record, None)
    todo = files
    if batch.resume and out_dir is not None:
        todo = []
        for path in files:
            old = resumed_record(path, out_dir, stems[path], previous.get(display_path(str(path))))
            if old is None:
                todo.append(path)
            else:  # complete outputs of this source under these options: kept as they are
                summary.files += 1
                summary.records.append(old)
                summary.failed_checks += old.failed_checks
                summary.review_needed += bool(old.review.get("needed"))
    if manifest is not None:
        manifest.head["resumed"] = len(files) - len(todo)  # outputs kept from an earlier run
        manifest.write(summary, finished=False, force=True)  # before any output: see batch.previous_run
    done: dict[Path, FileRecord] = {}
    workers_usage: list[tuple[float, float]] = []  # (CPU s, s waiting for a file) per worker
    cpu_before = time.process_time()  # this process's CPU seconds: start-up and set-up, then files, then tables

    def finished_paths() -> Iterator[Path]:  # progress() sees each path as its file finishes
        for path, record in run_files(todo, options, batch, out_dir, stems, workers_usage):
            done[path] = record
            yield path

    try:
        for path in progress(finished_paths()):
            finish(done.pop(path), stems.get(path))
    except BaseException:
        if out_dir is not None:  # interrupted (Ctrl-C): the rows are of no use to a later run
            clear_rows(out_dir)
        raise
    cpu_files = time.process_time()
    summary.seconds = time.time() - started
    order = {display_path(str(p)): i for i, p in enumerate(files)}
    for records in (summary.records, summary.failures):  # input order, whatever finished first
        records.sort(key=lambda r: order.get(r.path, -1))
    if out_dir is not None:
        ok = {r.path for r in summary.records if r.status == "ok"}
        write_tables(out_dir, [stem for p, stem in plan if display_path(str(p)) in ok], options)
        clear_rows(out_dir)
        remove_partials(out_dir)  # a worker killed over --timeout while writing
        if summary.failures:
            _write_failures(out_dir, summary)  # now in input order
        else:
            (out_dir / FAILURES).unlink(missing_ok=True)  # a stale list from an earlier run would mislead
        if manifest is not None:
            # where the CPU went (BENCHMARKS.md, "Batch CPU accounting"): before the first file and after
            # the last one this process works alone; workers: children that ended normally, each its
            # own work only (the fork server's shared imports are not in them); workers_waiting: wall
            # seconds each waited for its next file (0 when the batch process keeps up)
            now = time.process_time()
            manifest.cpu = {
                "batch_process": round(now, 2), "before_files": round(cpu_before, 2),
                "after_files": round(now - cpu_files, 2), "workers": [round(c, 2) for c, _ in workers_usage],
                "workers_waiting": [round(w, 2) for _, w in workers_usage],
            }  # fmt: skip
            manifest.write(summary, finished=True)
    return summary


def model_sha256(options: ExtractOptions) -> str | None:
    """SHA-256 of the model weights the options may use (None for ``rules``)."""
    if options.tagger == "rules":
        return None
    import hashlib

    from gdr_nlp.pipeline import default_model_dir

    weights = Path(options.model_dir or default_model_dir()) / "model.safetensors"
    if not weights.is_file():
        return None
    digest = hashlib.sha256()
    with open(weights, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
