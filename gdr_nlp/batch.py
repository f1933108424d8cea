"""Corpus-scale batches (#14): engines that run :func:`run_job` in parallel, resume, streamed tables.

:func:`run_files` yields ``(path, FileRecord)`` as each file finishes, whatever runs it:

* ``local``, one worker: this process (or the killable child of ``--timeout``), as before;
* ``local``, N workers: N :class:`gdr_nlp.worker.ChildRunner` children (forked from a fork
  server that did the imports once, the model built once in each), one thread per child doing
  only pipe I/O and keeping the child's next file queued. The children are the pool; each is
  killed and replaced alone when its file runs over ``--timeout``, which
  ``ProcessPoolExecutor`` cannot do (a stuck task there can only be left running);
* ``ray``: the same function as Ray tasks (extra ``[cluster]``); Ray schedules, the driver
  only keeps as many tasks in flight as the cluster has CPUs, so ``--timeout`` measures run
  time and memory stays flat.

Local workers write their own outputs (JSON, XLSX, text and the report's table rows, see
:func:`write_record`) and send back only a small :class:`FileRecord`, so the batch process does
almost no work per file: it used to encode every report's JSON under the GIL while the workers
waited for their next file (BENCHMARKS.md, "Batch CPU accounting"). With Ray only the driver writes to the output
folder, so a multi-node run needs the inputs at the same path on every node and the output folder
on the driver only (README, "Corpus-scale runs").

Resume: ``run.json`` records :func:`options_key` and lists a report only once its outputs are
written, and each run rewrites it before writing any report. ``--resume`` skips a file listed
ok in the previous ``run.json`` under the same key whose JSON reads back with the input's
current sha256 and path (no other file is added to the output folder).

Tables (``cells``/``metrics`` as CSV or Parquet) are built at the end of the run in input order,
one report in memory at a time, by joining the per-report rows the workers wrote into
``ROWS_DIR`` (CSV bytes, Arrow IPC); a report without them (kept by ``--resume``) has its rows
made from its JSON. The outputs do not depend on the number of workers or on where a run was
interrupted, a resumed run has no duplicated rows, and memory is flat in the number of reports
(appending rows as reports finish would give completion order, and a resumed run would have to
find and drop the rows of its interrupted predecessor). ``ROWS_DIR`` is emptied when a run
starts and removed when it ends.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import logging
import os
import queue
import shutil
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from gdr_nlp import __version__
from gdr_nlp.errors import Errors
from gdr_nlp.export.json import CONTRACT, dumps, write_atomic
from gdr_nlp.export.metrics_csv import METRIC_COLUMNS, iter_metric_rows
from gdr_nlp.export.tables import CELL_COLUMNS, iter_cells, to_xlsx
from gdr_nlp.record import ExtractOptions, FileRecord, process_file

logger = logging.getLogger(__name__)

ENGINES = ("local", "ray")
PARQUET_ROW_GROUP_REPORTS = 200  # reports per Parquet row group: a few MB of rows held at a time
ROWS_DIR = ".gdr-rows"  # per-report table rows written by the workers, joined into the tables at the end

__all__ = [
    "ENGINES", "ROWS_DIR", "RUN_ONLY", "BatchOptions", "Job", "clear_rows", "differences", "options_key",
    "previous_run", "resumed_record", "run_files", "run_job", "write_record", "write_tables",
]  # fmt: skip


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
    """Temp files of ``write_atomic`` left by a killed run or worker (never a finished output)."""
    for tmp in out_dir.glob(".gdr-*.part"):
        tmp.unlink(missing_ok=True)


# --- one file -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """One file for a worker: the input, and the output folder and stem its outputs take (None: returned only)."""

    path: str
    out_dir: str | None = None
    stem: str | None = None


def run_job(job: Job, options: ExtractOptions) -> FileRecord:
    """:func:`process_file`, then, with an output folder, :func:`write_record` where it ran.

    Writing in the worker means only a record of a few hundred bytes goes back to the batch
    process instead of the whole contract dict, and the JSON/XLSX/row encoding is spread over
    the workers.
    """
    record = process_file(job.path, options)
    if job.out_dir is not None and job.stem is not None:
        write_record(record, Path(job.out_dir), job.stem, options)
    return record


def write_record(record: FileRecord, out_dir: Path, stem: str, options: ExtractOptions) -> None:
    """Write an ok record's outputs and table rows atomically; the record then keeps only its summary.

    A write that fails (disk full, a name the file system refuses, an exporter bug) fails this
    file alone (E016/E099); the batch process removes what it left (``extract._remove_stale``).
    """
    if record.status != "ok":
        return
    result = record.result or {}
    record.output = f"{stem}.json"
    try:
        write_atomic(out_dir / f"{stem}.json", dumps(result) + "\n")
        if "xlsx" in options.formats:
            write_atomic(out_dir / f"{stem}.xlsx", to_xlsx(result))
        if options.emit_text and record.text is not None:
            write_atomic(out_dir / f"{stem}.txt", record.text)
        _write_rows(result, out_dir / ROWS_DIR, stem, options)
    except OSError as e:
        record.fail("E016", f"{e.strerror or e}")
        record.output = None
    except Exception as e:  # noqa: BLE001 - an exporter bug must not end the batch either
        record.fail("E099", Errors.E099.format(detail=f"writing outputs: {type(e).__name__}: {str(e)[:200]}"))
        record.trace, record.output = traceback.format_exc(), None
    record.result = record.text = None


# --- engines -------------------------------------------------------------------------------------


def _failed(path: Path, code: str, reason: str, seconds: float = 0.0) -> FileRecord:
    from gdr_nlp.inputs import display_path

    record = FileRecord(path=display_path(str(path)))
    record.fail(code, reason)
    record.seconds = seconds
    return record


def _local_pool(
    jobs: list[tuple[Path, Job]], options: ExtractOptions, workers: int, usage: list[tuple[float, float]] | None
) -> Iterator[tuple[Path, FileRecord]]:
    """N :class:`gdr_nlp.worker.ChildRunner` children, each fed by its own thread from one shared list.

    A thread only moves small jobs and records through its child's pipe
    (``ChildRunner.stream`` keeps the child's next file queued); results arrive here in
    completion order.
    """
    from gdr_nlp.worker import ChildRunner

    where = {job: path for path, job in jobs}
    todo = iter([job for _, job in jobs])
    lock = threading.Lock()
    stop = threading.Event()
    results: queue.Queue[tuple[Path, FileRecord] | BaseException | None] = queue.Queue()
    runners = [ChildRunner(options) for _ in range(workers)]

    def take() -> Job | None:
        with lock:
            return None if stop.is_set() else next(todo, None)

    def feed(runner: ChildRunner) -> None:
        try:
            for job, record in runner.stream(take):
                results.put((where[job], record))
        except BaseException as e:  # noqa: BLE001 - handed to the batch process's thread, which raises it
            results.put(e if not stop.is_set() else None)
        finally:
            results.put(None)

    threads = [threading.Thread(target=feed, args=(r,), name="gdr-worker", daemon=True) for r in runners]
    for thread in threads:
        thread.start()
    clean = False
    try:
        running = len(threads)
        while running:
            item = results.get()
            if item is None:
                running -= 1
            elif isinstance(item, BaseException):
                raise item
            else:
                yield item
        clean = True
    finally:
        stop.set()
        if not clean:  # interrupted: stop the children now rather than after their current file
            for runner in runners:
                runner.abort()
        for thread in threads:
            thread.join()
        for runner in runners:
            runner.close()
            if usage is not None and runner.cpu_s is not None:
                usage.append((runner.cpu_s, runner.wait_s))


def _ray_tasks(
    jobs: list[tuple[Path, Job]], options: ExtractOptions, workers: int
) -> Iterator[tuple[Path, FileRecord]]:
    """The same :func:`run_job` as Ray tasks (a local instance, or the cluster of ``RAY_ADDRESS``).

    The tasks only return records; the driver writes them (:func:`write_record`), so the
    output folder need not be shared with the nodes.
    """
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
    task = ray.remote(num_cpus=1, max_retries=0)(run_job)
    window = max(1, int(ray.cluster_resources().get("CPU", workers)))
    todo = iter(jobs)
    pending: dict[Any, tuple[Path, Job, float]] = {}

    def submit() -> None:
        nxt = next(todo, None)
        if nxt is not None:
            path, job = nxt
            pending[task.remote(Job(job.path), options)] = (path, job, time.monotonic())

    for _ in range(window):
        submit()
    try:
        while pending:
            ready, _ = ray.wait(list(pending), num_returns=1, timeout=1.0)
            for ref in ready:
                path, job, started = pending.pop(ref)
                try:
                    record = ray.get(ref)
                except Exception as e:  # noqa: BLE001 - the worker died (out of memory, node lost): this file fails alone
                    why = f"Ray: {type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ''}"
                    record = _failed(path, "E015", Errors.E015.format(detail=why), time.monotonic() - started)
                if job.out_dir is not None and job.stem is not None:
                    write_record(record, Path(job.out_dir), job.stem, options)
                yield path, record
                submit()
            if options.timeout:
                now = time.monotonic()
                for ref, (path, _, started) in list(pending.items()):
                    if now - started > options.timeout:
                        ray.cancel(ref, force=True)  # kills the worker process running it
                        del pending[ref]
                        yield path, _failed(path, "E013", Errors.E013.format(seconds=options.timeout), now - started)
                        submit()
    finally:
        for ref in pending:
            ray.cancel(ref, force=True)


def run_files(
    files: list[Path],
    options: ExtractOptions,
    batch: BatchOptions,
    out_dir: Path | None = None,
    stems: dict[Path, str] | None = None,
    usage: list[tuple[float, float]] | None = None,
) -> Iterator[tuple[Path, FileRecord]]:
    """``(path, record)`` for every file, in completion order, on the engine ``batch`` asks for.

    With ``out_dir`` (and each file's output stem in ``stems``) an ok record's outputs are
    written (:func:`write_record`) before it is yielded, and it carries no result. ``usage``
    receives, for each worker process that ended normally (local engine), its CPU seconds and the
    seconds it waited for its next file.
    """
    where = str(out_dir) if out_dir is not None else None
    jobs = [(p, Job(str(p), where, (stems or {}).get(p) if where else None)) for p in files]
    if batch.engine == "ray":
        yield from _ray_tasks(jobs, options, max(1, batch.workers))
        return
    if batch.workers > 1 and len(files) > 1:
        yield from _local_pool(jobs, options, min(batch.workers, len(files)), usage)
        return
    from gdr_nlp.worker import runner_for

    with runner_for(options, usage) as run_one:
        for path, job in jobs:
            yield path, run_one(job)


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


def _result(out_dir: Path, stem: str) -> dict[str, Any]:
    return json.loads((out_dir / f"{stem}.json").read_text(encoding="utf-8"))


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:  # not written in this run (a report kept by --resume): rows come from its JSON
        return None


def _csv_bytes(columns: tuple[str, ...], rows: Iterable[dict[str, Any]], header: bool = False) -> bytes:
    """CSV text as every gdr CSV has it: UTF-8 (BOM with the header), CRLF, undecodable names escaped."""
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\r\n")
    if header:
        buf.write("\ufeff")  # Excel reads the Chinese only with it (export/tables.py)
        writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8", errors="backslashreplace")


def _arrow_table(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> Any:
    import pyarrow as pa

    return pa.Table.from_pylist(rows, schema=parquet_schema(columns))


def _arrow_bytes(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> bytes:
    import pyarrow as pa

    table = _arrow_table(columns, rows)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


def _write_rows(result: dict[str, Any], rows_dir: Path, stem: str, options: ExtractOptions) -> None:
    """One report's table rows, for :func:`write_tables` to join in input order."""
    if "csv" not in options.formats and "parquet" not in options.formats:
        return
    for name, columns, rows_of in _TABLES:
        rows = list(rows_of(result))
        if "csv" in options.formats:
            write_atomic(rows_dir / f"{stem}.{name}.csv", _csv_bytes(columns, rows))
        if "parquet" in options.formats:
            write_atomic(rows_dir / f"{stem}.{name}.arrow", _arrow_bytes(columns, rows))


def write_tables(out_dir: Path, stems: list[str], options: ExtractOptions) -> None:
    """``cells``/``metrics`` CSV and/or Parquet of the reports ``stems``, in that order, one report read at a time.

    Each report's rows are the ones its worker wrote into ``ROWS_DIR``, else made from its JSON
    here: both give the same bytes.
    """
    if not stems:
        return
    rows_dir = out_dir / ROWS_DIR
    for name, columns, rows_of in _TABLES:
        if "csv" in options.formats:
            with _atomic_file(out_dir / f"{name}.csv", "wb") as fh:
                fh.write(_csv_bytes(columns, (), header=True))
                for stem in stems:
                    part = _read(rows_dir / f"{stem}.{name}.csv")
                    fh.write(part if part is not None else _csv_bytes(columns, rows_of(_result(out_dir, stem))))
        if "parquet" in options.formats:
            _write_parquet(out_dir / f"{name}.parquet", columns, _report_tables(out_dir, stems, name, columns, rows_of))


def _report_tables(
    out_dir: Path,
    stems: list[str],
    name: str,
    columns: tuple[str, ...],
    rows_of: Callable[..., Iterable[dict[str, Any]]],
) -> Iterator[Any]:
    import pyarrow as pa

    for stem in stems:
        part = _read(out_dir / ROWS_DIR / f"{stem}.{name}.arrow")
        if part is not None:
            yield pa.ipc.open_file(pa.py_buffer(part)).read_all()
        else:
            yield _arrow_table(columns, list(rows_of(_result(out_dir, stem))))


def clear_rows(out_dir: Path) -> None:
    """Remove ``ROWS_DIR``: at the start of a run (rows of a killed run may not match the JSONs now) and at its end."""
    shutil.rmtree(out_dir / ROWS_DIR, ignore_errors=True)


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


def _write_parquet(path: Path, columns: tuple[str, ...], reports: Iterator[Any]) -> None:
    """One row group per ``PARQUET_ROW_GROUP_REPORTS`` reports (an empty table still gets its schema)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema(columns)
    with _atomic_file(path, "wb") as fh, pq.ParquetWriter(fh, schema) as writer:
        group: list[Any] = []
        n = 0
        for table in reports:
            group.append(table)
            n += 1
            if n % PARQUET_ROW_GROUP_REPORTS == 0:
                if sum(t.num_rows for t in group):
                    writer.write_table(pa.concat_tables(group).combine_chunks())
                group = []
        if sum(t.num_rows for t in group) or n < PARQUET_ROW_GROUP_REPORTS:
            writer.write_table(pa.concat_tables(group).combine_chunks() if group else _arrow_table(columns, []))


# --- comparing runs -------------------------------------------------------------------------------

RUN_ONLY = {"started", "seconds", "batch", "resumed", "cpu_s"}  # run.json keys about the run, not its outputs


def differences(a: Path, b: Path) -> list[str]:
    """What differs between two output folders: every file byte for byte, ``run.json`` without timings.

    How a batch ran (workers, engine, an interruption and ``--resume``) must not change its
    outputs; the tests and ``benchmarks/bench_batch.py --engine ray`` check it with this.
    """

    def files(out: Path) -> set[str]:
        return {p.name for p in out.iterdir() if p.is_file() and p.name != "run.json"}

    def manifest(out: Path) -> dict[str, Any]:
        data = json.loads((out / "run.json").read_text(encoding="utf-8"))
        data = {k: v for k, v in data.items() if k not in RUN_ONLY}
        for entry in data.get("reports") or []:
            entry.pop("seconds", None)
            entry.pop("peak_rss_mb", None)
        return data

    left, right = files(a), files(b)
    found = [f"only in {a}: {n}" for n in sorted(left - right)]
    found += [f"only in {b}: {n}" for n in sorted(right - left)]
    found += [f"differs: {n}" for n in sorted(left & right) if (a / n).read_bytes() != (b / n).read_bytes()]
    if manifest(a) != manifest(b):
        found.append("differs: run.json (timings aside)")
    return found
