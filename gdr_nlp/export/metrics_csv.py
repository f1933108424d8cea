"""Long-format CSV of narrative metrics across many reports (one row per metric)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from gdr_nlp.document import ReportDocument
from gdr_nlp.export.json import write_atomic

METRIC_COLUMNS = ("file", "agency", "year", "type", "value", "unit", "qualifier", "subject", "section", "start", "end")


def iter_metric_rows(results: Iterable[dict[str, Any] | ReportDocument]) -> Iterable[dict[str, Any]]:
    """One row per metric; ``results`` are contract JSON dicts or processed ReportDocuments."""
    for result in results:
        if isinstance(result, ReportDocument):
            path, report, metrics = result.source.path, result.report, result.metrics
        else:
            path, report, metrics = (
                result.get("source", {}).get("path"),
                result.get("report", {}),
                result.get("metrics", []),
            )
        for m in metrics:
            span = m.get("span") or [None, None]
            yield {
                "file": path,
                "agency": report.get("agency"),
                "year": report.get("year"),
                "type": m.get("type"),
                "value": m.get("value"),
                "unit": m.get("unit"),
                "qualifier": m.get("qualifier"),
                "subject": m.get("subject"),
                "section": m.get("section"),
                # offsets as two columns, the same span style as cells.csv
                "start": span[0],
                "end": span[1],
            }


def metrics_csv(results: Iterable[dict[str, Any] | ReportDocument]) -> str:
    """The metrics CSV as text (UTF-8 with BOM for Excel, as every CSV gdr writes)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(METRIC_COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(iter_metric_rows(results))
    return "\ufeff" + buf.getvalue()


def metrics_to_csv(results: Iterable[dict[str, Any] | ReportDocument], path: str | Path) -> int:
    """Write the metrics of ``results`` to ``path`` (UTF-8 with BOM so Excel reads the Chinese).

    Args:
        results: contract JSON dicts (``gdr extract`` output) or processed documents.
        path: the CSV file to write.

    Returns:
        Number of metric rows written.
    """
    results = list(results)
    write_atomic(Path(path), metrics_csv(results))
    return sum(1 for _ in iter_metric_rows(results))
