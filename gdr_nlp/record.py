"""The work on one file as one function: path + options → :class:`FileRecord` (a pool can call it).

:func:`process_file` never raises for a bad file: a ``GdrError`` becomes a failed record with
its code, any other exception an E099 record carrying its trace (logged at ``-v``). Library
log messages and warnings raised while the file is read (pdfminer's "Could not get
FontBBox…") are kept off stderr and go into the report's ``warnings`` (#11).
"""

from __future__ import annotations

import logging
import time
import traceback
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from gdr_nlp.errors import Errors, GdrError

logger = logging.getLogger(__name__)

# loggers of the libraries the backends call; their messages concern the file being read
NOISY_LOGGERS = ("pdfminer", "pdfplumber", "PIL", "docx", "charset_normalizer", "fontTools")


@dataclass(frozen=True)
class ExtractOptions:
    """What ``gdr extract`` was asked for; everything :func:`process_file` needs besides the path."""

    tagger: str = "auto"
    model_dir: str | None = None
    formats: tuple[str, ...] = ("json",)
    emit_text: bool = False
    timeout: float | None = None  # seconds per file; None runs in this process without a limit
    ocr: str = "auto"  # PDF pages read by OCR: auto | always | never (gdr_nlp.ingest.scanned)


@dataclass
class FileRecord:
    """One file's outcome: the contract dict (ok) or a coded failure, with time and peak memory."""

    path: str
    status: str = "ok"
    code: str | None = None
    reason: str | None = None
    result: dict[str, Any] | None = None
    text: str | None = None
    review: dict[str, Any] = field(default_factory=lambda: {"needed": False, "reasons": []})
    failed_checks: int = 0
    seconds: float = 0.0
    peak_rss_mb: float | None = None
    output: str | None = None  # the contract JSON's file name in the output folder
    trace: str | None = None  # internal errors only, for the log at -v
    library_messages: list[str] = field(default_factory=list)

    def fail(self, code: str, reason: str) -> None:
        self.status, self.code, self.reason, self.result, self.text = "failed", code, reason, None, None

    def line(self) -> str:
        return f"[{self.code}] {self.path}: {self.reason}"

    def failure_entry(self) -> dict[str, Any]:
        return {"path": self.path, "code": self.code, "reason": self.reason}

    def manifest_entry(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"path": self.path, "status": self.status, "seconds": round(self.seconds, 3)}
        if self.peak_rss_mb is not None:
            entry["peak_rss_mb"] = round(self.peak_rss_mb, 1)
        if self.status == "ok":
            entry["output"] = self.output
            entry["review"] = self.review
            entry["failed_checks"] = self.failed_checks
        else:
            entry.update(code=self.code, reason=self.reason)
        return entry


def reset_peak_rss() -> None:
    """Reset this process's peak RSS (Linux ``clear_refs``), so the next reading is one file's peak."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass  # not Linux: the figure is then the process's peak so far


def peak_rss_mb() -> float | None:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.name.split('.')[0]}: {record.getMessage()}"[:300])


@contextmanager
def library_messages() -> Iterator[list[str]]:
    """Collect library log messages and Python warnings (each once, with a count) instead of printing them."""
    handler = _Collect()
    saved = []
    for name in NOISY_LOGGERS:
        lib = logging.getLogger(name)
        saved.append((lib, lib.propagate, lib.level))
        lib.addHandler(handler)
        lib.propagate = False
        lib.setLevel(logging.WARNING)
    out: list[str] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield out
    finally:
        for lib, propagate, level in saved:
            lib.removeHandler(handler)
            lib.propagate, lib.level = propagate, level
        found = handler.messages + [f"{w.category.__name__}: {w.message}"[:300] for w in caught]
        out.extend(f"{msg} (×{n})" if n > 1 else msg for msg, n in Counter(found).items())


@lru_cache(maxsize=4)
def _pipeline(tagger: str, model_dir: str | None, ocr: str = "auto") -> Any:
    from gdr_nlp.pipeline import build_pipeline

    return build_pipeline(tagger=tagger, model_dir=model_dir, ocr=ocr)  # type: ignore[arg-type]


def contract_of(doc: Any) -> dict[str, Any]:
    """The contract dict of a processed document, with a JSON-safe source path."""
    from gdr_nlp.export.json import to_contract
    from gdr_nlp.inputs import display_path

    result = to_contract(doc)
    result["source"]["path"] = display_path(result["source"]["path"])  # a file name need not be UTF-8
    return result


def process_file(path: str | Path, options: ExtractOptions) -> FileRecord:
    """Read and extract one file; never raises for a bad file (see the module doc).

    The pipeline for ``options`` is built once per process and reused.
    """
    from gdr_nlp.inputs import display_path

    spath = str(path)
    record = FileRecord(path=display_path(spath))
    started = time.perf_counter()
    reset_peak_rss()
    try:
        with library_messages() as messages:
            doc = _pipeline(options.tagger, options.model_dir, options.ocr).process(spath)
    except GdrError as exc:
        record.fail(exc.code, exc.reason)
    except Exception as exc:  # a bug must not end a batch or print a traceback; the trace goes to the log (-v)
        record.fail("E099", Errors.E099.format(detail=f"{type(exc).__name__}: {str(exc)[:200]}"))
        record.trace = traceback.format_exc()
    else:
        doc.warnings.extend(messages)
        result = contract_of(doc)
        record.review = result["review"]
        record.result = result
        record.text = doc.text if options.emit_text else None
        record.failed_checks = sum(1 for c in result["checks"] if c["status"] == "fail")
    record.library_messages = messages
    record.seconds = time.perf_counter() - started
    record.peak_rss_mb = peak_rss_mb()
    return record
