"""Batch extraction: files in, contract JSON (and CSV/XLSX/text) out, failures recorded."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gdr_nlp.errors import Errors, GdrError
from gdr_nlp.export.json import dumps, to_contract, write_atomic
from gdr_nlp.export.metrics_csv import metrics_to_csv
from gdr_nlp.export.tables import cells_csv, to_xlsx
from gdr_nlp.ingest import SUPPORTED_SUFFIXES
from gdr_nlp.pipeline import Pipeline

logger = logging.getLogger(__name__)

FORMATS = ("json", "csv", "xlsx")


@dataclass
class Failure:
    path: str
    code: str
    reason: str

    def line(self) -> str:
        return f"[{self.code}] {self.path}: {self.reason}"


@dataclass
class BatchSummary:
    files: int = 0
    failures: list[Failure] = field(default_factory=list)
    failed_checks: int = 0
    results: list[dict[str, Any]] = field(default_factory=list)

    def line(self) -> str:
        return f"{self.files} files, {len(self.failures)} failed, {self.failed_checks} failed checks"


def expand_inputs(paths: list[Path]) -> list[Path]:
    """Files as given; a folder means every report file in it (sorted, recursive)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            out.append(path)
    return out


def output_stem(path: Path, taken: set[str]) -> str:
    """``a.pasted.txt`` → ``a.pasted``; a clash within one batch keeps the extension (``a.pdf``)."""
    stem = path.stem if path.stem not in taken else path.name
    taken.add(stem)
    return stem


def extract(
    paths: list[Path],
    *,
    pipeline: Pipeline,
    out_dir: Path | None,
    formats: tuple[str, ...] = ("json",),
    emit_text: bool = False,
    progress: Callable[[Iterator[Path]], Iterator[Path]] = iter,
) -> BatchSummary:
    """Process every input; write outputs atomically to ``out_dir`` (or keep them in the summary).

    A bad file becomes a ``Failure`` and the rest of the batch goes on; nothing is
    written for it. With ``out_dir`` None the JSON results are only returned.
    """
    summary = BatchSummary()
    taken: set[str] = set()
    files = expand_inputs(paths)
    for path in progress(iter(files)):
        summary.files += 1
        try:
            doc = pipeline.process(path)
        except GdrError as exc:
            summary.failures.append(Failure(str(path), exc.code, exc.reason))
            continue
        except Exception as exc:  # a bug must not end a batch or print a traceback; logged for the report
            logger.debug("internal error on %s", path, exc_info=True)
            summary.failures.append(Failure(str(path), "E099", Errors.E099.format(detail=f"{type(exc).__name__}: {exc}")))
            continue
        result = to_contract(doc)
        summary.failed_checks += sum(1 for c in result["checks"] if c["status"] == "fail")
        summary.results.append(result)
        if out_dir is None:
            continue
        stem = output_stem(path, taken)
        if "json" in formats:
            write_atomic(out_dir / f"{stem}.json", dumps(result) + "\n")
        if "xlsx" in formats:
            write_atomic(out_dir / f"{stem}.xlsx", to_xlsx(result))
        if emit_text:
            write_atomic(out_dir / f"{stem}.txt", doc.text)
    if out_dir is not None:
        if "csv" in formats and summary.results:
            write_atomic(out_dir / "cells.csv", cells_csv(summary.results))
            part = out_dir / ".metrics.csv.part"
            metrics_to_csv(summary.results, part)
            os.replace(part, out_dir / "metrics.csv")  # rename: never a half-written CSV
        if summary.failures and len(files) > 1:
            write_atomic(
                out_dir / "failures.json",
                dumps([{"path": f.path, "code": f.code, "reason": f.reason} for f in summary.failures]) + "\n",
            )
    return summary
