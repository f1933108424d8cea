"""Corpus-scale batches (#14): engines that run :func:`process_file` in parallel, resume, streamed tables.

:func:`run_files` yields ``(path, FileRecord)`` as each file finishes, whatever runs it:

* ``local``, one worker: this process (or the killable child of ``--timeout``), as before;
* ``local``, N workers: N :class:`gdr_nlp.worker.ChildRunner` children (spawned, the model built
  once in each), one thread per child doing only pipe I/O. The children are the pool; each is
  killed and replaced alone when its file runs over ``--timeout``, which
  ``ProcessPoolExecutor`` cannot do (a stuck task there can only be left running);
* ``ray``: the same function as Ray tasks (extra ``[cluster]``); Ray schedules, the driver
  only keeps as many tasks in flight as the cluster has CPUs, so ``--timeout`` measures run
  time and memory stays flat.

Only the driver writes to the output folder, so a multi-node run needs the inputs at the same
path on every node and the output folder on the driver only (README, "Corpus-scale runs").

Resume: ``run.json`` records :func:`options_key` and lists a report only once its outputs are
written, and each run rewrites it before writing any report. ``--resume`` skips a file listed
ok in the previous ``run.json`` under the same key whose JSON reads back with the input's
current sha256 and path (no other file is added to the output folder).

Tables (``cells``/``metrics`` as CSV or Parquet) are built at the end of the run from the JSONs
in input order, one report in memory at a time: the outputs do not depend on the number of
workers or on where a run was interrupted, a resumed run has no duplicated rows, and memory is
flat in the number of reports (appending rows as reports finish would give completion order,
and a resumed run would have to find and drop the rows of its interrupted predecessor).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from gdr_nlp import __version__
from gdr_nlp.errors import Errors
from gdr_nlp.export.json import CONTRACT
from gdr_nlp.export.metrics_csv import METRIC_COLUMNS, iter_metric_rows
from gdr_nlp.export.tables import CELL_COLUMNS, iter_cells
from gdr_nlp.record import ExtractOptions, FileRecord, process_file

logger = logging.getLogger(__name__)

ENGINES = ("local", "ray")
PARQUET_ROW_GROUP_REPORTS = 200  # reports per Parquet row group: a few MB of rows held at a time

__all__ = ["ENGINES", "BatchOptions", "options_key", "previous_run", "resumed_record", "run_files", "write_tables"]


@dataclass(frozen=True)
class BatchOptions:
    """How a batch runs (not what it produces): none of these change an output."""

    workers: int = 1
    engine: str = "local"
    resume: bool = False

    def manifest(self) -> dict[str, Any]:
        return {"workers": self.workers, "engine": self.engine, "resume": self.resume}


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def options_key(options: ExtractOptions, model_sha256: str | None) -> str:
    """What makes two runs' outputs of one source equal: tool and contract version, model, options.

    Every :class:`ExtractOptions` field counts (an option added later, such as OCR, too) except
    the time limit, which decides only whether a file finishes, not what it gives.
    """
    what = {k: v for k, v in asdict(options).items() if k != "timeout"}
    what.update(version=__version__, contract=CONTRACT, model_sha256=model_sha256, formats=sorted(options.formats))
    return hashlib.sha256(json.dumps(what, sort_keys=True, default=str).encode()).hexdigest()[:16]


def source_sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


# --- resume ------------------------------------------------------------------------------------


def previous_run(manifest: Path, key: str) -> dict[str, dict[str, Any]]:
    """The ok entries (by path) of an earlier ``run.json`` written under the same :func:`options_key`.

    A report is listed in ``run.json`` only after its outputs are complete, and every run
    rewrites ``run.json`` before it writes any report, so a listed report's outputs are the
    ones that run wrote under that key.
    """
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("options_key") != key:
        return {}
    entries = data.get("reports") or []
    return {
        e["path"]: e
        for e in entries
        if isinstance(e, dict) and e.get("status") == "ok" and isinstance(e.get("path"), str)
    }


def resumed_record(path: Path, out_dir: Path, stem: str, entry: dict[str, Any] | None) -> FileRecord | None:
    """The record of a file whose complete outputs for this source exist (``entry`` from :func:`previous_run`), else None."""
    from gdr_nlp.inputs import display_path

    if entry is None or entry.get("output") != f"{stem}.json":  # names shift when inputs are added
        return None
    try:
        result = json.loads((out_dir / f"{stem}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    source = (result.get("source") or {}) if isinstance(result, dict) else {}
    if source.get("path") != display_path(str(path)) or not source.get("sha256"):
        return None
    if source_sha256(path) != source["sha256"]:  # the input changed since
        return None
    record = FileRecord(path=display_path(str(path)))
    review = result.get("review") or {"needed": False, "reasons": []}
    record.review = {"needed": bool(review.get("needed")), "reasons": list(review.get("reasons") or [])}
    record.failed_checks = sum(1 for c in result.get("checks") or [] if c.get("status") == "fail")
    record.seconds = float(entry.get("seconds") or 0.0)
    record.peak_rss_mb = entry.get("peak_rss_mb")
    record.output = f"{stem}.json"
    return record


def remove_partials(out_dir: Path) -> None:
    """Temp files of ``write_atomic`` left by a killed run (never a finished output)."""
    for tmp in out_dir.glob(".gdr-*.part"):
        tmp.unlink(missing_ok=True)


# --- engines -------------------------------------------------------------------------------------


def _failed(path: Path, code: str, reason: str, seconds: float = 0.0) -> FileRecord:
    from gdr_nlp.inputs import display_path

    record = FileRecord(path=display_path(str(path)))
    record.fail(code, reason)
    record.seconds = seconds
    return record


def _windowed(
    files: Iterable[Path], window: int, submit: Callable[[Path], Future[FileRecord]]
) -> Iterator[tuple[Path, FileRecord]]:
    """At most ``window`` files in flight; results in completion order, each dropped once yielded."""
    todo = iter(files)
    pending: dict[Future[FileRecord], Path] = {}
    for path in todo:
        pending[submit(path)] = path
        if len(pending) >= window:
            break
    while pending:
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            path = pending.pop(future)
            try:
                record = future.result()
            except Exception as e:  # noqa: BLE001 - the child could not start: this file fails, the batch goes on
                record = _failed(path, "E015", Errors.E015.format(detail=f"{type(e).__name__}: {e}"))
            yield path, record
            nxt = next(todo, None)
            if nxt is not None:
                pending[submit(nxt)] = nxt


def _local_pool(files: list[Path], options: ExtractOptions, workers: int) -> Iterator[tuple[Path, FileRecord]]:
    from gdr_nlp.worker import ChildRunner

    local = threading.local()
    runners: list[ChildRunner] = []
    lock = threading.Lock()

    def run(path: Path) -> FileRecord:
        runner = getattr(local, "runner", None)
        if runner is None:  # one child per thread, started on its first file
            runner = local.runner = ChildRunner(options)
            with lock:
                runners.append(runner)
        return runner(path)

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="gdr-worker")
    clean = False
    try:
        yield from _windowed(files, 2 * workers, lambda p: pool.submit(run, p))
        clean = True
    finally:
        if not clean:  # interrupted: stop the children now rather than after their current file
            for runner in runners[:]:  # a copy: a thread may still be adding its runner
                runner._kill()
        pool.shutdown(wait=True, cancel_futures=True)
        for runner in runners:
            runner.close()


def _ray_tasks(files: list[Path], options: ExtractOptions, workers: int) -> Iterator[tuple[Path, FileRecord]]:
    """The same :func:`process_file` as Ray tasks (a local instance, or the cluster of ``RAY_ADDRESS``)."""
    try:
        import ray
    except ImportError as e:
        raise RuntimeError("--engine ray needs Ray: pip install 'gdr-nlp[cluster]'") from e

    if not ray.is_initialized():
        address = os.environ.get("RAY_ADDRESS") or None
        ray.init(
            address=address, num_cpus=None if address else workers, include_dashboard=False,
            log_to_driver=False, configure_logging=False,
        )  # fmt: skip
    task = ray.remote(num_cpus=1, max_retries=0)(process_file)
    window = max(1, int(ray.cluster_resources().get("CPU", workers)))
    todo = iter(files)
    pending: dict[Any, tuple[Path, float]] = {}

    def submit() -> None:
        path = next(todo, None)
        if path is not None:
            pending[task.remote(str(path), options)] = (path, time.monotonic())

    for _ in range(window):
        submit()
    try:
        while pending:
            ready, _ = ray.wait(list(pending), num_returns=1, timeout=1.0)
            for ref in ready:
                path, started = pending.pop(ref)
                try:
                    record = ray.get(ref)
                except Exception as e:  # noqa: BLE001 - the worker died (out of memory, node lost): this file fails alone
                    why = f"Ray: {type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ''}"
                    record = _failed(path, "E015", Errors.E015.format(detail=why), time.monotonic() - started)
                yield path, record
                submit()
            if options.timeout:
                now = time.monotonic()
                for ref, (path, started) in list(pending.items()):
                    if now - started > options.timeout:
                        ray.cancel(ref, force=True)  # kills the worker process running it
                        del pending[ref]
                        yield path, _failed(path, "E013", Errors.E013.format(seconds=options.timeout), now - started)
                        submit()
    finally:
        for ref in pending:
            ray.cancel(ref, force=True)


def run_files(files: list[Path], options: ExtractOptions, batch: BatchOptions) -> Iterator[tuple[Path, FileRecord]]:
    """``(path, record)`` for every file, in completion order, on the engine ``batch`` asks for."""
    if batch.engine == "ray":
        yield from _ray_tasks(files, options, max(1, batch.workers))
        return
    if batch.workers > 1 and len(files) > 1:
        yield from _local_pool(files, options, min(batch.workers, len(files)))
        return
    from gdr_nlp.worker import runner_for

    with runner_for(options) as run_one:
        for path in files:
            yield path, run_one(path)


# --- tables ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def _atomic_file(path: Path, mode: str) -> Iterator[IO[Any]]:
    """Like ``write_atomic`` for a file written in pieces: the name appears only when complete."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gdr-", suffix=".part")
    os.close(fd)
    try:
        with open(
            tmp, mode, **({"encoding": "utf-8", "newline": "", "errors": "backslashreplace"} if "b" not in mode else {})
        ) as fh:
            yield fh
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _results(out_dir: Path, stems: Iterable[str]) -> Iterator[dict[str, Any]]:
    for stem in stems:
        yield json.loads((out_dir / f"{stem}.json").read_text(encoding="utf-8"))


def write_tables(out_dir: Path, stems: list[str], options: ExtractOptions) -> None:
    """``cells``/``metrics`` CSV and/or Parquet of the reports ``stems``, in that order, one report read at a time."""
    if not stems:
        return
    if "csv" in options.formats:
        for name, columns, rows_of in _TABLES:
            with _atomic_file(out_dir / f"{name}.csv", "w") as fh:
                fh.write("\ufeff")  # Excel reads the Chinese only with it (export/tables.py)
                writer = csv.DictWriter(fh, fieldnames=list(columns), lineterminator="\r\n")
                writer.writeheader()
                for result in _results(out_dir, stems):
                    writer.writerows(rows_of(result))
    if "parquet" in options.formats:
        for name, columns, rows_of in _TABLES:
            _write_parquet(out_dir / f"{name}.parquet", columns, (list(rows_of(r)) for r in _results(out_dir, stems)))


def _cell_rows(result: dict[str, Any]) -> Iterable[dict[str, Any]]:
    return iter_cells(result)


def _metric_rows(result: dict[str, Any]) -> Iterable[dict[str, Any]]:
    return iter_metric_rows([result])


_TABLES = (("cells", CELL_COLUMNS, _cell_rows), ("metrics", METRIC_COLUMNS, _metric_rows))

# Parquet column types; every other column is a string. ``value`` is float64 because metric values
# may be fractional (226.2万次 resolved, rates); integers below 2**53 stay exact.
_PARQUET_TYPES = {"year": "int64", "page": "int64", "start": "int64", "end": "int64", "value": "float64"}


def parquet_schema(columns: Iterable[str]) -> Any:
    import pyarrow as pa

    return pa.schema([(c, getattr(pa, _PARQUET_TYPES.get(c, "string"))()) for c in columns])


def _write_parquet(path: Path, columns: tuple[str, ...], reports: Iterator[list[dict[str, Any]]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema(columns)
    with _atomic_file(path, "wb") as fh, pq.ParquetWriter(fh, schema) as writer:
        rows: list[dict[str, Any]] = []
        n = 0
        for report_rows in reports:
            rows.extend(report_rows)
            n += 1
            if n % PARQUET_ROW_GROUP_REPORTS == 0 and rows:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows = []
        if rows or n < PARQUET_ROW_GROUP_REPORTS:  # an empty table still gets its schema
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
