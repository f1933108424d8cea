"""Per-file time limit and pool workers: :func:`gdr_nlp.batch.run_job` in a child process, killed when over time.

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
from collections import deque
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
    """Child main loop: a :class:`Job` in, a record out, until ``None`` (answered with its CPU and waiting seconds)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)  # C-level noise (a library printing on its own) must not reach the user's terminal
    warm_up(options)
    conn.send("ready")
    waited, first = 0.0, True  # seconds between sending a record and having the next job, the first job aside
    while True:
        asked = time.perf_counter()
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:  # a forked child's CPU count starts at zero: its own work only
            conn.send((time.process_time(), waited))
            return
        waited, first = waited + (0.0 if first else time.perf_counter() - asked), False
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


def _failed(job: Job, code: str, reason: str) -> FileRecord:
    from gdr_nlp.inputs import display_path

    record = FileRecord(path=display_path(job.path))
    record.fail(code, reason)
    return record


class ChildRunner:
    """Runs files one at a time in a child process with a wall-clock limit each."""

    def __init__(self, options: ExtractOptions) -> None:
        self.options = options
        self.timeout = float(options.timeout or 0)
        self._proc: Any = None
        self._conn: Connection | None = None
        self.cpu_s: float | None = None  # CPU seconds of the children that ended normally
        self.wait_s = 0.0  # seconds those children waited for their next file (BENCHMARKS.md, "Batch CPU accounting")
        self._aborted = False

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
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if proc is not None:
            proc.kill()
            proc.join()
        if conn is not None:
            conn.close()

    def abort(self) -> None:
        """From another thread (the batch was interrupted): kill the child now; ``stream`` then ends."""
        self._aborted = True
        self._kill()

    def __call__(self, job: Job) -> FileRecord:
        jobs = iter([job])
        for _, record in self.stream(lambda: next(jobs, None), depth=1):
            return record
        raise RuntimeError("no record")  # stream yields once per job taken

    def stream(self, take: Callable[[], Job | None], depth: int = 2) -> Iterator[tuple[Job, FileRecord]]:
        """``(job, record)`` for every job ``take()`` gives until None, in that order.

        Up to ``depth`` jobs wait in the child's pipe, so the child starts its next file as soon
        as it sends a result, without waiting for this process to read it and answer (on a busy
        machine this process may wait long for a core). The time limit of a file starts when
        the previous one's result arrives, which is when the child started it. After a timeout
        or a crash the jobs still queued go to a new child.
        """
        queued: deque[Job] = deque()  # sent to the current child, in order; the first one is running
        more = True
        while not self._aborted:
            if not queued and self._proc is not None and not self._proc.is_alive():
                self._kill()  # died while idle (killed from outside): the next job gets a new child
            while more and len(queued) < depth:
                job = take()
                if job is None:
                    more = False
                    break
                queued.append(job)
                if self._conn is not None:
                    try:
                        self._conn.send(job)
                    except OSError:  # the child died: _receive tells, and the job goes to the next child
                        pass
            if not queued:
                return
            if self._conn is None:  # none yet, or the last one was killed: a new child gets every queued job
                try:
                    self._start()
                    for job in queued:
                        self._conn.send(job)  # type: ignore[union-attr]
                except Exception as e:  # noqa: BLE001 - no child: the queued files fail, the batch goes on
                    self._kill()
                    while queued:
                        job = queued.popleft()
                        yield job, _failed(job, "E015", Errors.E015.format(detail=f"{type(e).__name__}: {e}"))
                    continue
            job = queued.popleft()
            yield job, self._receive(job)

    def _receive(self, job: Job) -> FileRecord:
        """The child's record for ``job`` (the first one queued), or E013/E015 with the child killed."""
        started = time.perf_counter()
        proc, conn = self._proc, self._conn
        if proc is None or conn is None:  # stream starts a child before it waits
            raise RuntimeError("worker not started")
        if conn.poll(self.timeout or None):  # no --timeout (a pool worker): wait as long as it takes
            try:
                return conn.recv()
            except (EOFError, OSError):
                pass
            proc.join(5)
            code = proc.exitcode
            why = f"signal {-code}; out of memory?" if code is not None and code < 0 else f"exit code {code}"
            record = _failed(job, "E015", Errors.E015.format(detail=why))
        else:
            record = _failed(job, "E013", Errors.E013.format(seconds=self.timeout))
        record.seconds = time.perf_counter() - started
        self._kill()
        return record

    def close(self) -> None:
        if self._proc is not None and self._proc.is_alive() and self._conn is not None:
            try:
                self._conn.send(None)
                if self._conn.poll(5):
                    cpu, wait = self._conn.recv()
                    self.cpu_s, self.wait_s = (self.cpu_s or 0.0) + float(cpu), self.wait_s + float(wait)
            except (OSError, EOFError, ValueError, TypeError):
                pass
            self._proc.join(5)
        self._kill()


@contextmanager
def runner_for(options: ExtractOptions, usage: list[tuple[float, float]] | None = None) -> Iterator[RunOne]:
    """``run_job`` bound to ``options``: in this process, or in a child when ``options.timeout`` is set.

    ``usage`` receives the child's CPU seconds and waiting seconds when it ends.
    """
    if not options.timeout:
        yield lambda job: run_job(job, options)
        return
    runner = ChildRunner(options)
    try:
        yield runner
    finally:
        runner.close()
        if usage is not None and runner.cpu_s is not None:
            usage.append((runner.cpu_s, runner.wait_s))
