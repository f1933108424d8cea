"""Per-file time limit and pool workers: :func:`gdr_nlp.batch.run_job` in a child process that is killed when it runs over.

One child serves the whole batch and is replaced only after a timeout or a crash, so the cost
is one start-up per batch plus a pipe round trip per file (BENCHMARKS.md, "Per-file timeout").
A parser stuck in C code or a file that makes the child die (out of memory) fails alone with
E013/E015. Children are forked from a ``forkserver`` that has done the heavy imports once
(spaCy, which brings thinc and torch: about 2.5 s of CPU), so N workers do not pay them N
times; the server is a fresh interpreter that only imported (no model run, so no forked
torch/OpenMP state). Where there is no ``forkserver`` (not POSIX), children are spawned.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any

from gdr_nlp.batch import Job, run_job
from gdr_nlp.errors import Errors
from gdr_nlp.record import ExtractOptions, FileRecord

logger = logging.getLogger(__name__)

RunOne = Callable[[Job], FileRecord]

# imported once in the fork server (an ImportError there is ignored: the child imports on use)
PRELOAD = ["gdr_nlp.record", "gdr_nlp.pipeline", "gdr_nlp.batch", "spacy"]


def _context() -> Any:
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)  # read when the server starts (first child of this process)
        return ctx
    return mp.get_context("spawn")


def _serve(conn: Connection, options: ExtractOptions) -> None:
    """Child main loop: a :class:`Job` in, a record out, until ``None`` (answered with this child's CPU seconds)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)  # C-level noise (a library printing on its own) must not reach the user's terminal
    warm_up(options)
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            conn.send(time.process_time())  # a forked child's count starts at zero: its own work only
            return
        conn.send(run_job(job, options))


def warm_up(options: ExtractOptions) -> None:
    """Build the pipeline and run it once on a tiny text, so no file's time limit pays for the imports."""
    from gdr_nlp.document import ReportDocument
    from gdr_nlp.record import _pipeline

    pipeline = _pipeline(options.tagger, options.model_dir, options.ocr)
    try:
        pipeline(ReportDocument.from_text("政府信息公开工作年度报告\n一、总体情况\n本年共收到申请12件。"))
    except Exception:  # warming only; a real file reports its own errors
        logger.debug("warm-up failed", exc_info=True)


START_LIMIT_S = 600.0  # the child's imports and model load, under a loaded machine


class ChildRunner:
    """Runs files one at a time in a child process with a wall-clock limit each."""

    def __init__(self, options: ExtractOptions) -> None:
        self.options = options
        self.timeout = float(options.timeout or 0)
        self._proc: Any = None
        self._conn: Connection | None = None
        self.cpu_s: float | None = None  # CPU seconds of the children that ended normally

    def _start(self) -> None:
        ctx = _context()
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(child, self.options), daemon=True)
        try:
            proc.start()
        finally:
            child.close()
        self._proc = proc  # only once started: _kill cannot kill a process that never started
        self._conn = parent
        if not parent.poll(START_LIMIT_S):
            self._kill()
            raise RuntimeError("the worker process did not start")
        parent.recv()

    def _kill(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.join()
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = None

    def __call__(self, job: Job) -> FileRecord:
        from gdr_nlp.inputs import display_path

        path = job.path
        if self._proc is None or not self._proc.is_alive():
            self._kill()
            self._start()
        started = time.perf_counter()
        conn = self._conn
        if conn is None:  # _start always sets it
            raise RuntimeError("worker not started")
        conn.send(job)
        if conn.poll(self.timeout or None):  # no --timeout (a pool worker): wait as long as it takes
            try:
                return conn.recv()
            except (EOFError, OSError):
                pass
            self._proc.join(5)
            record = FileRecord(path=display_path(str(path)))
            code = self._proc.exitcode
            why = f"signal {-code}; out of memory?" if code is not None and code < 0 else f"exit code {code}"
            record.fail("E015", Errors.E015.format(detail=why))
        else:
            record = FileRecord(path=display_path(str(path)))
            record.fail("E013", Errors.E013.format(seconds=self.timeout))
        record.seconds = time.perf_counter() - started
        self._kill()
        return record

    def close(self) -> None:
        if self._proc is not None and self._proc.is_alive() and self._conn is not None:
            try:
                self._conn.send(None)
                if self._conn.poll(5):
                    self.cpu_s = (self.cpu_s or 0.0) + float(self._conn.recv())
            except (OSError, EOFError, ValueError, TypeError):
                pass
            self._proc.join(5)
        self._kill()


@contextmanager
def runner_for(options: ExtractOptions, cpu: list[float] | None = None) -> Iterator[RunOne]:
    """``run_job`` bound to ``options``: in this process, or in a child when ``options.timeout`` is set.

    ``cpu`` receives the child's CPU seconds when it ends.
    """
    if not options.timeout:
        yield lambda job: run_job(job, options)
        return
    runner = ChildRunner(options)
    try:
        yield runner
    finally:
        runner.close()
        if cpu is not None and runner.cpu_s is not None:
            cpu.append(runner.cpu_s)
