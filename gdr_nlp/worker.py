"""Per-file time limit: :func:`process_file` in a child process that is killed when it runs over.

One child (``spawn``: a fresh interpreter, so no forked torch/OpenMP state) serves the whole
batch and is replaced only after a timeout or a crash, so the cost is one start-up per batch
plus a pipe round trip per file (BENCHMARKS.md, "Per-file timeout"). A parser stuck in C code
or a file that makes the child die (out of memory) fails alone with E013/E015.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from gdr_nlp.errors import Errors
from gdr_nlp.record import ExtractOptions, FileRecord, process_file

logger = logging.getLogger(__name__)

RunOne = Callable[[Path], FileRecord]


def _serve(conn: Connection, options: ExtractOptions) -> None:
    """Child main loop: a path in, a record out, until ``None``."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)  # C-level noise (a library printing on its own) must not reach the user's terminal
    warm_up(options)
    conn.send("ready")
    while True:
        try:
            path = conn.recv()
        except EOFError:
            return
        if path is None:
            return
        conn.send(process_file(path, options))


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

    def _start(self) -> None:
        ctx = mp.get_context("spawn")
        parent, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child, self.options), daemon=True)
        self._proc.start()
        child.close()
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

    def __call__(self, path: Path) -> FileRecord:
        from gdr_nlp.inputs import display_path

        if self._proc is None or not self._proc.is_alive():
            self._kill()
            self._start()
        started = time.perf_counter()
        conn = self._conn
        if conn is None:  # _start always sets it
            raise RuntimeError("worker not started")
        conn.send(str(path))
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
            except OSError:
                pass
            self._proc.join(5)
        self._kill()


@contextmanager
def runner_for(options: ExtractOptions) -> Iterator[RunOne]:
    """``process_file`` bound to ``options``: in this process, or in a child when ``options.timeout`` is set."""
    if not options.timeout:
        yield lambda path: process_file(path, options)
        return
    runner = ChildRunner(options)
    try:
        yield runner
    finally:
        runner.close()
